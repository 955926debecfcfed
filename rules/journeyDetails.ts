import { DateTime } from 'luxon';
import { memoized } from './memoized';
import type { CustomerState, JourneyRun, PlannedMessage } from './journeyState';
import { describeAnswer } from './answers';
import { itemLabel } from './messageItems';
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
export function heldOutNote(runs: JourneyRun[]): string {
  const journeys = [...new Set(runs.filter((r) => r.heldOut).map((r) => r.journeyId))];
  return journeys.length ? ` · held out of ${journeys.join(', ')} (control group: no marketing from it)` : '';
}

/**
 * The workflow's current details (markdown in the Web UI): upcoming messages with local and UTC times, the last
 * messages sent with their Message-IDs, consent, and why anything was deferred or skipped. Ids only, never names
 * or addresses.
 */
export function journeyDetailsMarkdown(state: CustomerState): string {
  const active = state.runs.filter((r) => r.status === 'active');
  const upcoming = active
    .flatMap((run) => run.messages.map((m) => ({ run, m, at: actionableAt(run, m) })))
    .filter((x) => x.m.status === 'pending')
    .sort((a, b) => (a.at ?? Infinity) - (b.at ?? Infinity))
    .slice(0, UPCOMING);
  const sent = state.runs
    .flatMap((run) => run.messages.filter((m) => m.status === 'sent').map((m) => ({ run, m })))
    .sort((a, b) => b.m.resolvedAt!.localeCompare(a.m.resolvedAt!))
    .slice(0, RECENT);
  const notSent = state.runs
    .flatMap((run) => run.messages.filter((m) => ['skipped', 'failed', 'cancelled'].includes(m.status)).map((m) => ({ run, m })))
    .sort((a, b) => b.m.resolvedAt!.localeCompare(a.m.resolvedAt!))
    .slice(0, RECENT);
  const marketing = state.marketing
    ? `${state.marketing.status}${state.marketing.until ? ` until ${state.marketing.until}` : ''} (${state.marketing.source}, ${state.marketing.at})`
    : state.contact.acceptsMarketing ? 'opted in on the order' : 'no consent';
  const lines = [
    `**Customer ${state.customerId}** · store ${state.storeId} · ${state.orders.length} order(s) · marketing: ${marketing}` +
      (state.paused ? ` · **paused** by support since ${state.paused.at}` : '') +
      (state.vipSince ? ` · VIP since ${state.vipSince.slice(0, 10)}` : '') +
      heldOutNote(active) +
      ` · time zone ${describeZone(state.contact, state.runs.at(-1)?.store?.timezone)}`,
    '',
    '| next | local | UTC | note |',
    '|---|---|---|---|',
    ...upcoming.map(({ run, m, at }) => {
      const zone = customerZone(run);
      const when = at === undefined ? ['waiting for delivery', ''] : [`${local(at, zone)} ${zone}`, utc(at)];
      return `| ${describe(run, m)} | ${when[0]} | ${when[1]} | ${m.deferredUntil ? `deferred: ${m.reason}` : ''} |`;
    }),
    ...(upcoming.length ? [] : ['| nothing planned | | | |']),
  ];
  if (sent.length)
    lines.push('', '| sent | UTC | Message-ID |', '|---|---|---|', ...sent.map(({ run, m }) => `| ${describe(run, m)} | ${utc(Date.parse(m.resolvedAt!))} | \`${m.messageId}\` |`));
  const answers = (state.answers ?? []).slice(-RECENT).reverse();
  if (answers.length)
    lines.push('', '| answered | UTC | what it changed |', '|---|---|---|', ...answers.map((a) => `| ${describeAnswer(a)} for order ${a.orderId} | ${utc(Date.parse(a.at))} | ${a.changes.join('; ') || 'nothing'} |`));
  if (notSent.length)
    lines.push('', '| not sent | UTC | why |', '|---|---|---|', ...notSent.map(({ run, m }) => `| ${describe(run, m)} (${m.status}) | ${utc(Date.parse(m.resolvedAt!))} | ${m.reason} |`));
  return lines.join('\n');
}
