import { describeZone } from '../rules/planRun';
import { DateTime } from 'luxon';
import { describeAnswer } from '../rules/answers';
import type {
  AnswerRecord,
  CustomerState,
  JourneyRun,
  LogEntry,
  PlannedMessage,
  WaitRecord,
} from '../rules/journeyState';
import { itemLabel } from '../rules/messageItems';
import { customerZone } from '../rules/planRun';
import { actionableAt } from '../rules/schedule';
import { journeySearchValues } from '../rules/searchAttributes';
import { journeyOverview, sentLine, upcomingLine } from '../rules/journeyDetails';

/** How many of the newest log entries the timeline ends with. */
const TIMELINE_LOG_ENTRIES = 10;

const STATUS_WIDTH = 10;
const LABEL_WIDTH = 30;

const utc = (iso: string | number) =>
  `${DateTime.fromMillis(toMs(iso), { zone: 'UTC' }).toFormat('yyyy-MM-dd HH:mm')} UTC`;
const toMs = (at: string | number) => (typeof at === 'number' ? at : Date.parse(at));

/** Local time in the customer's zone, then UTC: support talks to the customer in theirs and reads logs in UTC. */
function when(at: string | number, zone: string | undefined): string {
  if (!zone) return utc(at);
  return `${DateTime.fromMillis(toMs(at), { zone }).toFormat('yyyy-MM-dd HH:mm')} ${zone} · ${utc(at)}`;
}

function marketing(state: CustomerState): string {
  const status = journeySearchValues(state).MarketingStatus;
  const choice = state.marketing;
  if (choice)
    return `${status}${choice.until ? ` until ${utc(choice.until)}` : ''} (${choice.source}, ${utc(choice.at)})`;
  return state.contact.acceptsMarketing ? `${status} (opted in on the order)` : status;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

function customerLines(state: CustomerState): string[] {
  const { contact } = state;
  const about = [contact.email, contact.locale, `time zone ${describeZone(contact, state.runs.at(-1)?.store.timezone)}`]
    .filter(Boolean)
    .join(' · ');
  const lines = [
    `Customer ${state.customerId} · store ${state.storeId} · ${about}`,
    `${plural(state.orders.length, 'order')} · marketing: ${marketing(state)}`,
  ];
  if (state.paused)
    lines.push(
      `PAUSED by ${state.paused.by} since ${utc(state.paused.at)}${state.paused.until ? `, resumes by itself ${utc(state.paused.until)}` : ''}: ${state.paused.reason}`,
    );
  if (state.vipSince) lines.push(`VIP since ${utc(state.vipSince)}`);
  return lines;
}

/** Step id and item, as support would say it: "how-to VC-SERUM-30", "milestone week 2 VC-SERUM-30". */
function messageLabel(run: JourneyRun, message: PlannedMessage): string {
  const label = itemLabel(run, message.item);
  return label ? `${message.stepId} ${label}` : message.stepId;
}

const row = (status: string, label: string, rest: string[]) =>
  `    ${status.padEnd(STATUS_WIDTH)} ${label.padEnd(LABEL_WIDTH)} ${rest.filter(Boolean).join(' · ')}`.trimEnd();

function messageLine(run: JourneyRun, message: PlannedMessage, zone: string): string {
  const label = messageLabel(run, message);
  if (message.status === 'pending') {
    const at = actionableAt(run, message);
    if (at === undefined)
      return row('pending', label, ['not scheduled yet (waits for the delivery or the step before)']);
    return row('pending', label, [when(at, zone), message.deferredUntil ? `deferred: ${message.reason ?? ''}` : '']);
  }
  const at = message.resolvedAt ? when(message.resolvedAt, zone) : '';
  // The key is what `afterglow resend` takes, so it is shown for sent messages.
  if (message.status === 'sent') return row('sent', label, [at, message.messageId ?? '', `key ${message.key}`]);
  return row(message.status, label, [at, message.reason ?? '']);
}

function waitLine(run: JourneyRun, wait: WaitRecord, zone: string): string {
  if (wait.resolvedAt)
    return row(wait.outcome === 'timeout' ? 'timed out' : 'received', wait.stepId, [
      when(wait.resolvedAt, zone),
      wait.event,
    ]);
  if (run.status !== 'active') return row('ended', wait.stepId, [wait.event]);
  return row('waiting', wait.stepId, [`for ${wait.event} until ${when(wait.deadline, zone)}`]);
}

function runLines(run: JourneyRun): string[] {
  const zone = customerZone(run);
  const status = run.status === 'exited' ? `exited: ${run.exitReason ?? 'no reason recorded'}` : run.status;
  // Messages and waits in journey order, as the journey file reads.
  const steps = [
    ...run.waits.map((wait) => ({ stepIndex: wait.stepIndex, line: () => waitLine(run, wait, zone) })),
    ...run.messages.map((message) => ({ stepIndex: message.stepIndex, line: () => messageLine(run, message, zone) })),
  ].sort((a, b) => a.stepIndex - b.stepIndex);
  return [
    `  Journey ${run.journeyId} (version ${run.version}) · ${status} · times in ${zone} and UTC`,
    ...steps.map((s) => s.line()),
  ];
}

function orderLines(state: CustomerState, orderId: string, runs: JourneyRun[]): string[] {
  const record = state.orders.find((o) => o.orderId === orderId);
  const zone = runs[0] ? customerZone(runs[0]) : state.contact.timezone;
  const placedAt = record?.placedAt ?? runs[0]?.order.placedAt;
  const facts = [
    placedAt ? `placed ${when(placedAt, zone)}` : '',
    record ? `${record.total} ${record.currency}` : '',
    ...(['delivered', 'refunded', 'cancelled', 'reviewed'] as const).map((what) => {
      const at = record?.[`${what}At`];
      return at ? `${what} ${utc(at)}` : '';
    }),
  ];
  const header = [`Order ${orderId}`, ...facts].filter(Boolean).join(' · ');
  const answers = (state.answers ?? []).filter((a) => a.orderId === orderId).map(answerLine);
  return [header, ...answers, ...(runs.length ? runs.flatMap(runLines) : ['  no journey started for this order'])];
}

/** "  answered  rated 2/5 (VC-SERUM-30) · 2026-03-05 12:00 UTC · with a comment · sorry planned; support alerted". */
function answerLine(answer: AnswerRecord): string {
  const changes = answer.changes.length ? answer.changes.join('; ') : 'changed nothing';
  return `  answered  ${describeAnswer(answer)} · ${utc(answer.at)}${answer.hasComment ? ' · with a comment' : ''} · ${changes}`;
}

function logLine(entry: LogEntry): string {
  return `  ${utc(entry.at)}  ${entry.kind.padEnd(8)} ${entry.orderId ? `order ${entry.orderId}: ` : ''}${entry.detail}`;
}

/**
 * The customer's journeys as support reads them (`afterglow status`): the overview's sentence, the upcoming messages
 * in time order and the ones sent (rules/journeyDetails.ts, as the Web UI and the admin API show them), who the
 * customer is, then per order and journey every message with its status, time and why, and the newest log entries.
 * It shows the customer's email address: it is for support's terminal, never for logs.
 */
export function formatTimeline(state: CustomerState, now: number): string {
  const overview = journeyOverview(state, now);
  // Orders as received, then any order only a run still knows (its record pruned).
  const orderIds = [...new Set([...state.orders.map((o) => o.orderId), ...state.runs.map((r) => r.orderId)])];
  const sections = orderIds.map((orderId) =>
    orderLines(
      state,
      orderId,
      state.runs.filter((r) => r.orderId === orderId),
    ),
  );
  const recent = state.log.slice(-TIMELINE_LOG_ENTRIES);
  const logHeader = `Log (newest ${recent.length} of ${state.log.length}):`;
  return (
    [
      overview.sentence,
      [
        'Upcoming, in time order:',
        ...(overview.upcoming.length ? overview.upcoming.map((m) => `  ${upcomingLine(m)}`) : ['  nothing']),
      ].join('\n'),
      ...(overview.sent.length
        ? [['Sent, newest first:', ...overview.sent.map((m) => `  ${sentLine(m)}`)].join('\n')]
        : []),
      customerLines(state).join('\n'),
      ...(sections.length ? sections.map((s) => s.join('\n')) : ['No orders yet.']),
      [logHeader, ...recent.map(logLine)].join('\n'),
    ].join('\n\n') + '\n'
  );
}
