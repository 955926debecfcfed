import { DateTime } from 'luxon';
import { memoized } from './memoized';
import type { CustomerState, JourneyRun, MessageDeliveryRecord, PlannedMessage } from './journeyState';
import { describeAnswer } from './answers';
import { itemLabel, singleItems } from './messageItems';
import { decide } from './decide';
import { pick } from '../definitions/localized';
import { actionableAt } from './schedule';
import { customerZone, describeZone } from './planRun';

const UPCOMING = 8;
const RECENT = 5;

function describe(run: JourneyRun, message: PlannedMessage): string {
  const label = itemLabel(run, message.item);
  return `${message.stepId}${label ? ` ${label}` : ''} for order ${run.orderId}`;
}

const local = memoized(
  (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm'),
  (ms, zone) => `${ms} ${zone}`,
);
const utc = (ms: number) => DateTime.fromMillis(ms, { zone: 'UTC' }).toFormat('yyyy-MM-dd HH:mm');

/** The next thing the journey will do on its own, for the timer summary: ids and times only. */
export function nextWakeSummary(state: CustomerState): string {
  const next = state.runs
    .filter((r) => r.status === 'active')
    .flatMap((run) => run.messages.map((m) => ({ run, m, at: actionableAt(run, m) })))
    .filter((x): x is { run: JourneyRun; m: PlannedMessage; at: number } => x.at !== undefined)
    .sort((a, b) => a.at - b.at)[0];
  const wait = state.runs
    .filter((r) => r.status === 'active')
    .flatMap((run) => run.waits.filter((w) => !w.resolvedAt).map((w) => ({ run, w, at: Date.parse(w.deadline) })))
    .sort((a, b) => a.at - b.at)[0];
  if (wait && (!next || wait.at < next.at))
    return `${wait.w.stepId} for order ${wait.run.orderId} times out ${local(wait.at, customerZone(wait.run))} ${customerZone(wait.run)}`;
  if (!next) return 'waiting for the next order or event';
  const verb = next.m.deferredUntil ? 'deferred to' : 'due';
  return `${describe(next.run, next.m)}, ${verb} ${local(next.at, customerZone(next.run))} ${customerZone(next.run)}`;
}

/** The journeys whose marketing this customer does not get because they are in its control group (the report's holdout). */
export function heldOutNote(runs: JourneyRun[]): string | undefined {
  const journeys = [...new Set(runs.filter((r) => r.heldOut).map((r) => r.journeyId))];
  return journeys.length ? `held out of ${journeys.join(', ')} (control group: no marketing from it)` : undefined;
}

/** "- 2026-03-04 10:00 Asia/Tokyo (2026-03-04 01:00 UTC) · how-to (Vitamin C Serum) · order 1001 · will be skipped: …". */
export function upcomingLine(m: UpcomingMessage): string {
  const when = m.local ? `${m.local} (${m.utc})` : 'no time yet';
  const what = { send: '', held: 'held: ', skip: 'will be skipped: ', defer: 'deferred: ', waiting: '' }[m.outcome];
  return [when, named(m), `order ${m.orderId}`, m.why ? `${what}${m.why}` : ''].filter(Boolean).join(' · ');
}

export const sentLine = (m: SentMessage) =>
  `${m.utc} · ${named(m)} · order ${m.orderId}${m.delivery ? ` · ${m.delivery}` : ''} · ${m.messageId}`;

/** "hard bounce reported by ses 2026-03-05 09:59 UTC (Permanent/General)": what became of a message after it left. */
function deliveryText(delivery: MessageDeliveryRecord): string {
  return `${delivery.kind.replace('-', ' ')} reported by ${delivery.provider} ${utcText(Date.parse(delivery.at))} (${delivery.detail})`;
}

/**
 * The workflow's current details (markdown in the Web UI): the overview's sentence, the upcoming messages in time
 * order, the last messages sent with their Message-IDs, answers, and why anything was not sent. Lists, not tables:
 * the UI runs table headings together. Ids, times and product names only, never names or addresses.
 */
export function journeyDetailsMarkdown(state: CustomerState, now: number): string {
  const active = state.runs.filter((r) => r.status === 'active');
  const overview = journeyOverview(state, now);
  const notSent = state.runs
    .flatMap((run) =>
      run.messages.filter((m) => ['skipped', 'failed', 'cancelled'].includes(m.status)).map((m) => ({ run, m })),
    )
    .sort((a, b) => b.m.resolvedAt!.localeCompare(a.m.resolvedAt!))
    .slice(0, RECENT);
  const marketing = state.marketing
    ? `${state.marketing.status}${state.marketing.until ? ` until ${state.marketing.until}` : ''} (${state.marketing.source}, ${state.marketing.at})`
    : state.contact.acceptsMarketing
      ? 'opted in on the order'
      : 'no consent';
  const list = (title: string, items: string[]) =>
    items.length ? ['', `**${title}**`, '', ...items.map((i) => `- ${i}`)] : [];
  const lines = [
    `**${overview.sentence}**`,
    '',
    `Customer ${state.customerId} · store ${state.storeId} · ${state.orders.length} order(s) · marketing: ${marketing}` +
      (state.vipSince ? ` · VIP since ${state.vipSince.slice(0, 10)}` : '') +
      (heldOutNote(active) ? ` · ${heldOutNote(active)}` : '') +
      ` · time zone ${describeZone(state.contact, state.runs.at(-1)?.store?.timezone)}`,
    ...list('Upcoming, in time order', overview.upcoming.slice(0, UPCOMING).map(upcomingLine)),
    ...list(
      'Sent',
      overview.sent.slice(0, RECENT).map((m) => sentLine(m).replace(/ · ([^ ]+)$/, ' · `$1`')),
    ),
    ...list(
      'Answered',
      (state.answers ?? [])
        .slice(-RECENT)
        .reverse()
        .map(
          (a) =>
            `${utc(Date.parse(a.at))} UTC · ${describeAnswer(a)} for order ${a.orderId} · ${a.changes.join('; ') || 'changed nothing'}`,
        ),
    ),
    ...list(
      'Not sent',
      notSent.map(
        ({ run, m }) => `${utc(Date.parse(m.resolvedAt!))} UTC · ${describe(run, m)} (${m.status}) · ${m.reason}`,
      ),
    ),
  ];
  return lines.join('\n');
}

/** One upcoming message as support reads it, with what will happen to it when it falls due. */
export interface UpcomingMessage {
  orderId: string;
  journeyId: string;
  stepId: string;
  /** Product names (English), "week 2 Vitamin C Serum" for a milestone; empty for a message about the whole order. */
  products: string;
  /** Due (after deferrals and the send window), ISO; absent while it waits for the delivery or the step before. */
  at?: string;
  /** "2026-03-04 10:00 Asia/Tokyo" and "2026-03-04 01:00 UTC". */
  local?: string;
  utc?: string;
  /** `send`, `held` (paused), `skip` or `defer` as the rules would decide at its time; `waiting` without a time. */
  outcome: 'send' | 'held' | 'skip' | 'defer' | 'waiting';
  /** Why it is held, skipped, deferred or waiting; empty when it simply goes out. */
  why: string;
}

export interface SentMessage {
  orderId: string;
  stepId: string;
  products: string;
  utc: string;
  messageId: string;
  /** What the mail provider reported after it left (a bounce, a complaint), in words; absent when nothing was. */
  delivery?: string;
}

/** What support tells a customer: one sentence, then the upcoming messages in time order and what was sent. Ids, times and product names only. */
export interface JourneyOverview {
  sentence: string;
  upcoming: UpcomingMessage[];
  sent: SentMessage[];
}

function productNames(run: JourneyRun, message: PlannedMessage): string {
  return singleItems(message.item)
    .map((item) => {
      const product = run.products[item.sku];
      const name = product ? pick(product.name, 'en') : item.sku;
      if (item.kind === 'product') return name;
      return `week ${product?.milestones[item.index]?.week ?? `#${item.index + 1}`} ${name}`;
    })
    .join(', ');
}

const utcText = (ms: number) => `${utc(ms)} UTC`;
const named = (m: { stepId: string; products: string }) => (m.products ? `${m.stepId} (${m.products})` : m.stepId);

function upcomingOf(state: CustomerState, run: JourneyRun, message: PlannedMessage, now: number): UpcomingMessage {
  const zone = customerZone(run);
  const base = {
    orderId: run.orderId,
    journeyId: run.journeyId,
    stepId: message.stepId,
    products: productNames(run, message),
  };
  const at = actionableAt(run, message);
  if (at === undefined) return { ...base, outcome: 'waiting', why: 'waits for the delivery (or the step before)' };
  const when = { at: new Date(at).toISOString(), local: `${local(at, zone)} ${zone}`, utc: utcText(at) };
  // What the rules would decide when it falls due, from what is known now (consent, delivery, caps, answers): a
  // message that will be skipped anyway says so even while the journey is paused.
  const decision = decide(state, run, message, Math.max(at, now));
  if (decision.action === 'skip') return { ...base, ...when, outcome: 'skip', why: decision.reason };
  const { paused } = state;
  if (paused && (!paused.until || Date.parse(paused.until) > at))
    return {
      ...base,
      ...when,
      outcome: 'held',
      why: `paused by support${paused.until ? ` until ${utcText(Date.parse(paused.until))}` : ' until resumed'}`,
    };
  if (decision.action === 'defer') {
    const later = {
      at: new Date(decision.until).toISOString(),
      local: `${local(decision.until, zone)} ${zone}`,
      utc: utcText(decision.until),
    };
    return { ...base, ...later, outcome: 'defer', why: decision.reason };
  }
  return { ...base, ...when, outcome: 'send', why: message.deferredUntil ? `deferred: ${message.reason ?? ''}` : '' };
}

/** " of order 1001 (the journey goes on by itself … UTC if none is reported)": the earliest open delivery wait. */
function deliveryWait(state: CustomerState): string {
  const wait = state.runs
    .filter((r) => r.status === 'active')
    .flatMap((run) => run.waits.filter((w) => !w.resolvedAt).map((w) => ({ run, at: Date.parse(w.deadline) })))
    .sort((a, b) => a.at - b.at)[0];
  return wait
    ? ` of order ${wait.run.orderId} (the journey goes on by itself ${utcText(wait.at)} if none is reported)`
    : '';
}

function sentenceOf(state: CustomerState, upcoming: UpcomingMessage[], now: number): string {
  const next = upcoming.find((m) => m.outcome === 'send' || m.outcome === 'defer' || m.outcome === 'held');
  const skipped = upcoming.filter((m) => m.outcome === 'skip');
  const parts: string[] = [];
  if (state.paused)
    parts.push(
      `Paused by support since ${utcText(Date.parse(state.paused.at))}${state.paused.until ? `, resumes by itself ${utcText(Date.parse(state.paused.until))}` : ', until support resumes'}: nothing is sent meanwhile.`,
    );
  if (next?.outcome === 'held')
    parts.push(
      `The next message, ${named(next)} for order ${next.orderId}, ${Date.parse(next.at!) <= now ? 'was' : 'is'} due ${next.local} (${next.utc}) but is held: ${next.why}.`,
    );
  else if (next)
    parts.push(
      `The next message is ${named(next)} for order ${next.orderId}, ${next.local} (${next.utc})${next.why ? `, ${next.why}` : ''}.`,
    );
  else if (upcoming.some((m) => m.outcome === 'waiting'))
    parts.push(`No message has a time yet: the next ones wait for the delivery${deliveryWait(state)}.`);
  else parts.push('No message is planned.');
  for (const m of skipped.slice(0, 2)) parts.push(`${named(m)} (${m.utc}) will be skipped: ${m.why}.`);
  if (skipped.length > 2) parts.push(`${skipped.length - 2} more will be skipped.`);
  return parts.join(' ');
}

/**
 * The one answer `afterglow status`, the Web UI's current details and the admin API give: a plain sentence (the next
 * message, its local and UTC time, what holds or will skip it and why), the upcoming messages in time order and the
 * messages sent with their Message-IDs. The rules are asked what they would decide at each message's time, so a
 * delivery check after the delivery, or marketing to an unsubscribed customer, reads "will be skipped".
 */
export function journeyOverview(state: CustomerState, now: number): JourneyOverview {
  const upcoming = state.runs
    .filter((r) => r.status === 'active')
    .flatMap((run) => run.messages.filter((m) => m.status === 'pending').map((m) => upcomingOf(state, run, m, now)))
    .sort((a, b) => (a.at ? Date.parse(a.at) : Infinity) - (b.at ? Date.parse(b.at) : Infinity));
  const sent = state.runs
    .flatMap((run) => run.messages.filter((m) => m.status === 'sent').map((m) => ({ run, m })))
    .sort((a, b) => b.m.resolvedAt!.localeCompare(a.m.resolvedAt!))
    .map(({ run, m }) => ({
      orderId: run.orderId,
      stepId: m.stepId,
      products: productNames(run, m),
      utc: utcText(Date.parse(m.resolvedAt!)),
      messageId: m.messageId ?? '',
      ...(m.delivery && { delivery: deliveryText(m.delivery) }),
    }));
  return { sentence: sentenceOf(state, upcoming, now), upcoming, sent };
}
