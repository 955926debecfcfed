import type { Content } from '../definitions/content';
import { createPlanOrder } from './planOrder';
import { createSendMessage, type SendDeps } from './sendMessage';
import type { JourneyActivities } from './types';

/** The worker's activities, built from injected parts so tests and benchmarks can swap the SMTP server or content. */
export function createActivities(deps: SendDeps & { content: () => Content }): JourneyActivities {
  return { planOrder: createPlanOrder(deps.content, deps.optOuts), sendMessage: createSendMessage(deps) };
}
