import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { JourneyActivities } from '../activities/types';
import { log, recordConsent, recordEvent, recordOrder, startRuns } from '../rules/applySignals';
import { preferenceOf } from '../rules/consent';
import { decide } from '../rules/decide';
import { loyaltyTotals } from '../rules/conditions';
import { type CustomerState, type JourneyRun, messageStepOf, type PlannedMessage } from '../rules/journeyState';
import { pruneState } from '../rules/pruneState';
import { journeyDetailsMarkdown, nextWakeSummary } from '../rules/journeyDetails';
import { dueMessages, nextWakeAt, refreshRun } from '../rules/schedule';
import { closeMessage, deferMessage, markSent, skipMessage } from '../rules/transitions';
import {
  answerReceived,
  consentChanged,
  type CustomerJourneyInput,
  type InboxItem,
  journeyEvent,
  journeyState,
  messageDelivery,
  orderPlaced,
} from './signals';
import { sendPlannedMessage } from './sendMessageStep';
import { alertSupportTeam } from './supportAlerts';
import { recordAnswer } from '../rules/answers';
import { recordDelivery } from '../rules/mailEvents';
import { recordAsked } from '../rules/customerHistory';
import { itemSkus } from '../rules/messageItems';
import { orderSkus } from '../rules/planRun';
import { searchAttributeUpserter } from './searchAttributeUpserts';
import { resumeIfPauseEnded } from '../rules/supportActions';
import { settleImportedOrders } from '../rules/importedOrders';
import { installMigrationHandler } from './journeyMigration';
import { installSupportHandlers } from './supportHandlers';
import { reportOutcome } from './messageOutcomes';
import { iso } from '../rules/iso';

const { planOrder } = proxyActivities<JourneyActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** rules/consent.ts `supersedes`: a customer's own "no" outlasts what a store reports. */
const CUSTOMER_CONSENT_WINS = 'consent-customer-wins';
/**
 * rules/refunds.ts: a refund that names its products ends only theirs. Asked only for such a refund, so journeys
 * that never get one record no marker; one that got it from a worker without this code replays it as it ran.
 */
const PARTIAL_REFUNDS = 'partial-refunds';

/** rules/importedOrders.ts: an imported order plans only what is still ahead. */
const IMPORTED_ORDERS = 'imported-orders';

/** Continue-as-new well before the history grows large (the server also suggests it at its own limit). */
const DEFAULT_MAX_HISTORY_EVENTS = 4_000;

/**
 * One customer's post-purchase journeys: every order they place starts the journeys it matches, each message goes
 * out when it falls due, and store events (delivery, refund, cancellation, review) steer what comes next.
 */
export async function customerJourney(input: CustomerJourneyInput): Promise<void> {
  const state: CustomerState = input.state ?? {
    v: 1,
    storeId: input.storeId,
    customerId: input.customerId,
    contact: { id: input.customerId, email: '', acceptsMarketing: false },
    orders: [],
    runs: [],
    log: [],
  };
  const inbox: InboxItem[] = [...(input.inbox ?? [])];
  setHandler(orderPlaced, (order) => void inbox.push({ kind: 'order', order }));
  setHandler(journeyEvent, (event) => void inbox.push({ kind: 'event', event }));
  setHandler(consentChanged, (change) => void inbox.push({ kind: 'consent', change }));
  setHandler(answerReceived, (answer) => void inbox.push({ kind: 'answer', answer }));
  // New in a later version; histories recorded before it hold no such signal, so they replay unchanged.
  setHandler(messageDelivery, (delivery) => void inbox.push({ kind: 'delivery', delivery }));
  setHandler(journeyState, () => state);
  // Support actions change the state directly; the loop below re-plans after each one.
  let supportChanges = 0;
  installSupportHandlers(state, () => supportChanges++);
  const migrations = installMigrationHandler(state, planOrder);
  let seenChanges = 0;
  const woken = () => inbox.length > 0 || supportChanges !== seenChanges || migrations.pending();
  const upsertSearch = searchAttributeUpserter(input.searchAttributes === 'lean' ? 'lean' : 'full');

  for (;;) {
    seenChanges = supportChanges;
    while (inbox.length > 0) await handle(state, inbox.shift()!);
    if (migrations.pending()) await migrations.run();
    const now = Date.now();
    // A pause with an end lifts itself (only pauses made with --until/--for have one: older histories replay as before).
    resumeIfPauseEnded(state, now);
    for (const run of state.runs) refreshRun(run, now);

    const [due] = state.paused ? [] : dueMessages(state, now);
    if (due) {
      await deliver(state, due.run, due.message);
      continue;
    }
    if (
      workflowInfo().continueAsNewSuggested ||
      workflowInfo().historyLength > (input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS)
    ) {
      await condition(allHandlersFinished);
      pruneState(state);
      return continueAsNew<typeof customerJourney>({ ...input, state, inbox });
    }
    // What support sees in the Web UI: the journey at a glance, what the timer below waits for, what to search by.
    setCurrentDetails(journeyDetailsMarkdown(state, Date.now()));
    if (input.searchAttributes) upsertSearch(state);
    const wake = state.paused ? pausedUntil(state) : nextWakeAt(state);
    if (wake === undefined) await condition(woken);
    else
      await condition(woken, Math.max(wake - Date.now(), 1), {
        summary: state.paused ? `paused by support until ${iso(wake)}, then resumes by itself` : nextWakeSummary(state),
      });
  }
}

const pausedUntil = (state: CustomerState) => (state.paused?.until ? Date.parse(state.paused.until) : undefined);

async function handle(state: CustomerState, item: InboxItem): Promise<void> {
  const now = Date.now();
  if (item.kind === 'event')
    return recordEvent(state, item.event, now, !!item.event.refund && patched(PARTIAL_REFUNDS));
  if (item.kind === 'consent')
    return recordConsent(state, preferenceOf(item.change), now, patched(CUSTOMER_CONSENT_WINS));
  if (item.kind === 'answer') return alertSupportTeam(state, recordAnswer(state, item.answer, now));
  if (item.kind === 'delivery') return recordDelivery(state, item.delivery, now);
  const firstOrder = state.orders.length === 0;
  if (!recordOrder(state, item.order, now)) return;
  const loyalty = { ...loyaltyTotals(state), wasVip: !!state.vipSince };
  const { plans, warnings, consent, becameVip, emailHash } = await planOrder({
    order: item.order,
    firstOrder,
    loyalty,
  });
  if (emailHash) state.emailHash = emailHash;
  if (consent) recordConsent(state, consent, now);
  if (becameVip) state.vipSince = iso(now);
  startRuns(state, item.order, plans);
  const orderId = item.order.orderId;
  // Only orders carrying the mark take this path; the patch keeps one handled before the rule existed replaying as it ran.
  if (item.order.imported && patched(IMPORTED_ORDERS)) settleImportedOrders(state, orderId, now);
  for (const detail of warnings) log(state, { at: iso(now), kind: 'warning', orderId, detail });
  if (plans.length === 0)
    log(state, { at: iso(now), kind: 'ignored', orderId, detail: 'no journey matches this order' });
}

async function deliver(state: CustomerState, run: JourneyRun, message: PlannedMessage): Promise<void> {
  const step = messageStepOf(run, message.stepIndex);
  const now = Date.now();
  const decision = decide(state, run, message, now);
  const base = { orderId: run.orderId, messageKey: message.key };
  if (decision.action === 'skip') {
    skipMessage(message, iso(now), decision.reason);
    log(state, { at: iso(now), kind: 'skipped', ...base, detail: `${step.id}: ${decision.reason}` });
    return reportOutcome(state, run, message, 'skipped', decision);
  }
  if (decision.action === 'defer') {
    deferMessage(message, iso(decision.until), decision.reason);
    log(state, {
      at: iso(now),
      kind: 'deferred',
      ...base,
      detail: `${step.id} until ${iso(decision.until)}: ${decision.reason}`,
    });
    return reportOutcome(state, run, message, 'deferred', { reason: decision.reason });
  }
  const sent = await sendPlannedMessage(state, run, message);
  // Workflow time, not the activity's clock: the journey's own timeline (and the time-skipping tests) use it.
  const at = iso(Date.now());
  if (sent.status === 'sent') {
    markSent(message, at, sent.messageId);
    if (step.asks) recordAsked(state, step.asks, itemSkus(message.item) ?? orderSkus(run.order).map((s) => s.sku), at);
    log(state, { at, kind: 'sent', ...base, detail: `${step.id} (${step.template}, ${sent.locale})` });
    return;
  }
  // Suppressed (unsubscribed, bounced) or refused permanently: recorded with the reason, never retried.
  const status = sent.status === 'suppressed' ? 'skipped' : 'failed';
  closeMessage(message, status, at, sent.reason);
  log(state, { at, kind: status, ...base, detail: `${step.id}: ${sent.reason}` });
  const outcome = sent.status === 'failed' && sent.bounced ? 'bounced' : status;
  await reportOutcome(state, run, message, outcome, {
    kind: sent.status === 'suppressed' ? 'suppressed' : undefined,
    reason: sent.reason,
  });
}
