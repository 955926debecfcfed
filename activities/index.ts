import type { Content } from '../definitions/content';
import { createPlanOrder } from './planOrder';
import { createSendMessage, type SendDeps } from './sendMessage';
import type { JourneyActivities } from './types';
import type { FactStore } from '../measurement/facts';
import { type AlertDeps, createAlertSupport } from './alertSupport';

/** The worker's activities, built from injected parts so tests and benchmarks can swap the SMTP server or content. */
export function createActivities(
  deps: SendDeps & AlertDeps & { content: () => Content; facts: FactStore; emailHashSecret?: string },
): JourneyActivities {
  return {
    planOrder: createPlanOrder(deps.content, deps.optOuts, deps.facts, deps.emailHashSecret),
    sendMessage: createSendMessage(deps),
    alertSupport: createAlertSupport(deps),
    recordOutcome: (fact) => deps.facts.recordOutcome(fact),
  };
}
