import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';
import { JourneyStage, LastOrderAt, MarketingStatus, NextMessageAt, OrderIds } from '../client/searchAttributes';
import type { CustomerState } from '../rules/journeyState';
import { changedSearchValues, type JourneySearchValues, journeySearchValues } from '../rules/searchAttributes';

/** Upserts the journey's search attributes, only those that changed since the last call. */
export function searchAttributeUpserter(): (state: CustomerState) => void {
  let previous: Partial<JourneySearchValues> = {};
  return (state) => {
    const next = journeySearchValues(state);
    const changed = changedSearchValues(previous, next);
    previous = next;
    const pairs: SearchAttributeUpdatePair[] = [];
    if ('JourneyStage' in changed) pairs.push({ key: JourneyStage, value: next.JourneyStage });
    if ('NextMessageAt' in changed) pairs.push({ key: NextMessageAt, value: next.NextMessageAt ? new Date(next.NextMessageAt) : null });
    if ('OrderIds' in changed) pairs.push({ key: OrderIds, value: next.OrderIds });
    if ('LastOrderAt' in changed) pairs.push({ key: LastOrderAt, value: next.LastOrderAt ? new Date(next.LastOrderAt) : null });
    if ('MarketingStatus' in changed) pairs.push({ key: MarketingStatus, value: next.MarketingStatus });
    if (pairs.length) upsertSearchAttributes(pairs);
  };
}
