import { DateTime } from 'luxon';
import { textTable } from '../cli/textTable';
import { describeAnswer } from '../rules/answers';
import { itemLabel } from '../rules/messageItems';
import type { SimulationResult } from './runSimulation';

export interface TimelineRow {
  /** On the order's own calendar. */
  at: number | undefined;
  orderId: string;
  stepId: string;
  item: string;
  status: string;
  note: string;
  subject?: string;
}

/** Every planned message of the simulated customer, and every answer, in time order, with what happened and why. */
export function timelineRows({ state, mails, offsetMs }: SimulationResult): TimelineRow[] {
  const subjects = new Map(mails.map((m) => [m.messageId, m.subject]));
  const rows = state.runs.flatMap((run) =>
    run.messages.map((m): TimelineRow => {
      const instant = m.resolvedAt ?? m.deferredUntil ?? m.dueAt;
      const deferredThenSent = m.status === 'sent' && m.reason;
      return {
        at: instant ? Date.parse(instant) + offsetMs : undefined,
        orderId: run.orderId,
        stepId: m.stepId,
        item: itemLabel(run, m.item),
        status: m.status === 'pending' && m.deferredUntil ? 'deferred' : m.status,
        note: deferredThenSent ? `after waiting: ${m.reason}` : (m.reason ?? ''),
        subject: m.messageId ? subjects.get(m.messageId) : undefined,
      };
    }),
  );
  // The customer's answers, with what each changed, among the messages.
  for (const answer of state.answers ?? [])
    rows.push({
      at: Date.parse(answer.at) + offsetMs,
      orderId: answer.orderId,
      stepId: 'answer',
      item: '',
      status: 'answered',
      note: `${describeAnswer(answer)}${answer.changes.length ? `: ${answer.changes.join('; ')}` : ''}`,
    });
  // Ties (two messages in the same minute) in a fixed order, so a timeline prints the same every time.
  const minute = (at: number | undefined) => (at === undefined ? Infinity : Math.floor(at / 60_000));
  return rows.sort(
    (a, b) =>
      minute(a.at) - minute(b.at) ||
      a.orderId.localeCompare(b.orderId) ||
      a.stepId.localeCompare(b.stepId) ||
      a.item.localeCompare(b.item),
  );
}

/** An instant as the timeline shows it: to the minute, in `zone`. */
export const formatInstant = (ms: number, zone: string) =>
  DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm');

/** A plain-text table: local time in the customer's zone, UTC, and what happened. */
export function formatTimeline(rows: TimelineRow[], zone: string): string {
  const fmt = (ms: number | undefined, z: string) => (ms === undefined ? 'not scheduled' : formatInstant(ms, z));
  const table = rows.map((r) => [
    fmt(r.at, zone),
    fmt(r.at, 'UTC'),
    r.orderId,
    `${r.stepId}${r.item ? ` (${r.item})` : ''}`,
    r.status,
    r.subject ?? r.note,
  ]);
  const header = [`local (${zone})`, 'UTC', 'order', 'step', 'status', 'subject / reason'];
  return textTable(header, table);
}
