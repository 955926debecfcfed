import { protoMs } from '../client/protoTime';
import { temporal } from '@temporalio/proto';

const { EventType, WorkflowTaskFailedCause } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** What the time-skipping guards need to know about one run of a workflow, read from its history. */
export interface RunReading {
  /** The workflow task scheduled and not yet completed, failed or timed out. */
  openTask?: { scheduledEventId: number; at: number };
  openActivities: number;
  /** When each timer that has neither fired nor been cancelled falls due (server time, ms). */
  timerDues: number[];
  /** Workflow tasks that failed or timed out: something is wrong with the workflow or the worker. */
  taskProblems: { at: number; what: string }[];
  /** Set when the run ended in a way a journey never should. */
  brokeWith?: { at: number; what: string };
}

const at = (e: HistoryEvent) => protoMs(e.eventTime) ?? 0;
const id = (n: unknown) => Number(n);

export function readRun(events: HistoryEvent[]): RunReading {
  let openTask: RunReading['openTask'];
  const activities = new Set<number>();
  const timers = new Map<number, number>();
  const taskProblems: RunReading['taskProblems'] = [];
  let brokeWith: RunReading['brokeWith'];
  for (const e of events) {
    switch (e.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
        openTask = { scheduledEventId: id(e.eventId), at: at(e) };
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        openTask = undefined;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED: {
        openTask = undefined;
        const a = e.workflowTaskFailedEventAttributes;
        // The server's own "new events arrived, try again" answer, not a fault.
        if (a?.cause === WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND) break;
        const cause = WorkflowTaskFailedCause[a?.cause ?? 0]?.replace('WORKFLOW_TASK_FAILED_CAUSE_', '').toLowerCase();
        taskProblems.push({
          at: at(e),
          what: `workflow task failed (${cause}): ${a?.failure?.message ?? 'no message'}`,
        });
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
        openTask = undefined;
        taskProblems.push({ at: at(e), what: 'workflow task timed out: the worker did not complete it in time' });
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        activities.add(id(e.eventId));
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
      case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED:
      case EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT:
      case EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED: {
        const a =
          e.activityTaskCompletedEventAttributes ??
          e.activityTaskFailedEventAttributes ??
          e.activityTaskTimedOutEventAttributes ??
          e.activityTaskCanceledEventAttributes;
        activities.delete(id(a?.scheduledEventId));
        break;
      }
      case EventType.EVENT_TYPE_TIMER_STARTED:
        timers.set(id(e.eventId), at(e) + (protoMs(e.timerStartedEventAttributes?.startToFireTimeout) ?? 0));
        break;
      case EventType.EVENT_TYPE_TIMER_FIRED:
        timers.delete(id(e.timerFiredEventAttributes?.startedEventId));
        break;
      case EventType.EVENT_TYPE_TIMER_CANCELED:
        timers.delete(id(e.timerCanceledEventAttributes?.startedEventId));
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
        brokeWith = {
          at: at(e),
          what: `the workflow failed: ${e.workflowExecutionFailedEventAttributes?.failure?.message ?? 'no message'}`,
        };
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
        brokeWith = { at: at(e), what: 'the workflow timed out' };
        break;
    }
  }
  return { openTask, openActivities: activities.size, timerDues: [...timers.values()], taskProblems, brokeWith };
}
