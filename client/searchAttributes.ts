import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// No value import of @temporalio/client or @temporalio/proto here: workflow code imports these keys, and the workflow
// bundle must not pull in the gRPC client or the protobuf descriptors (5 MB of bundle, megabytes per cached journey).
// Registering them on a server: client/registerSearchAttributes.ts.

/** Search attributes every customer workflow carries, so the Web UI and `temporal workflow list` can find journeys. */
export const CustomerId = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
export const StoreId = defineSearchAttributeKey('StoreId', SearchAttributeType.KEYWORD);
export const OrderIds = defineSearchAttributeKey('OrderIds', SearchAttributeType.KEYWORD_LIST);
export const JourneyStage = defineSearchAttributeKey('JourneyStage', SearchAttributeType.KEYWORD);
export const NextMessageAt = defineSearchAttributeKey('NextMessageAt', SearchAttributeType.DATETIME);
export const LastOrderAt = defineSearchAttributeKey('LastOrderAt', SearchAttributeType.DATETIME);
export const MarketingStatus = defineSearchAttributeKey('MarketingStatus', SearchAttributeType.KEYWORD);
/** `journeyId@version` of each running journey run: who a journey change will and will not reach. */
export const JourneyVersions = defineSearchAttributeKey('JourneyVersions', SearchAttributeType.KEYWORD_LIST);

/** Keyed hash of the customer's address (credentials/emailSearchHash.ts): found by address, the address never stored. */
export const EmailHash = defineSearchAttributeKey('EmailHash', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [
  CustomerId,
  StoreId,
  OrderIds,
  JourneyStage,
  NextMessageAt,
  LastOrderAt,
  MarketingStatus,
  JourneyVersions,
  EmailHash,
] as const;

/** How the Temporal CLI spells each type in `--search-attribute Name=Type`. */
export const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** `--search-attribute Name=Type` pairs for `temporal server start-dev`. */
export function devServerSearchAttributeFlags(): string[] {
  return SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${CLI_TYPE_NAMES[key.type]}`]);
}
