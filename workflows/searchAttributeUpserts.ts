import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { patched, upsertSearchAttributes } from '@temporalio/workflow';
import {
  EmailHash,
  JourneyStage,
  JourneyVersions,
  LastOrderAt,
  MarketingStatus,
  NextMessageAt,
  OrderIds,
} from '../client/searchAttributes';
import type { CustomerState } from '../rules/journeyState';
import {
  changedSearchValues,
  type JourneySearchValues,
  journeySearchValues,
  type SearchAttributeMode,
} from '../rules/searchAttributes';

const date = (iso: string | null | undefined) => (iso ? new Date(iso) : null);

/** Upserts the journey's search attributes, only those that changed since the last call. */
export function searchAttributeUpserter(mode: SearchAttributeMode): (state: CustomerState) => void {
  let previous: Partial<JourneySearchValues> = {};
  return (state) => {
    // Journeys started before JourneyVersions (or EmailHash) existed replay without it.
    const next = journeySearchValues(
      state,
      mode,
      patched('journey-versions-search-attribute'),
      !!state.emailHash && patched('email-hash-search-attribute'),
    );
    const changed = changedSearchValues(previous, next);
    previous = next;
    const pairs: SearchAttributeUpdatePair[] = [];
    if ('JourneyStage' in changed) pairs.push({ key: JourneyStage, value: next.JourneyStage });
    if ('NextMessageAt' in changed) pairs.push({ key: NextMessageAt, value: date(next.NextMessageAt) });
    if ('OrderIds' in changed) pairs.push({ key: OrderIds, value: next.OrderIds });
    if ('LastOrderAt' in changed) pairs.push({ key: LastOrderAt, value: date(next.LastOrderAt) });
    if ('MarketingStatus' in changed) pairs.push({ key: MarketingStatus, value: next.MarketingStatus });
    if ('JourneyVersions' in changed) pairs.push({ key: JourneyVersions, value: next.JourneyVersions! });
    if ('EmailHash' in changed) pairs.push({ key: EmailHash, value: next.EmailHash! });
    if (pairs.length) upsertSearchAttributes(pairs);
  };
}
