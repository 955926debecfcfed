import { ActivityFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { JourneyActivities } from '../activities/types';
import type { AlertRequest } from '../rules/answers';
import { log } from '../rules/applySignals';
import type { CustomerState } from '../rules/journeyState';

// An alert is worth a few minutes of retries (the SMTP server or the webhook down), not a stalled journey.
const { alertSupport } = proxyActivities<JourneyActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes' },
});

/** Tells the store's support team about answers that need a person now; a failure is logged and the journey goes on. */
export async function alertSupportTeam(state: CustomerState, alerts: AlertRequest[]): Promise<void> {
  for (const alert of alerts) {
    const run = state.runs.find((r) => r.orderId === alert.orderId)!;
    try {
      await alertSupport({
        ...alert,
        workflowId: workflowInfo().workflowId,
        storeId: state.storeId,
        customerId: state.customerId,
        store: run.store,
        contact: state.contact,
      });
      log(state, {
        at: new Date(Date.now()).toISOString(),
        kind: 'support',
        orderId: alert.orderId,
        detail: `support alerted: ${alert.reason}`,
      });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      log(state, {
        at: new Date(Date.now()).toISOString(),
        kind: 'warning',
        orderId: alert.orderId,
        detail: `support could not be alerted (${alert.reason}): ${err.cause?.message ?? err.message}`,
      });
    }
  }
}
