import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Stands in for client/searchAttributes.ts inside the workflow bundle of the cost benchmark. The time-skipping test
 * server cannot register custom search attributes, but it accepts its predefined Custom* ones; mapping Afterglow's
 * keys onto them lets the real workflow code upsert exactly as it would on a cluster, so the benchmark counts real
 * upsert events instead of estimating them. Names differ, the number of upsert commands does not.
 */
export const CustomerId = defineSearchAttributeKey('CustomKeywordField', SearchAttributeType.KEYWORD);
export const StoreId = defineSearchAttributeKey('CustomKeywordField', SearchAttributeType.KEYWORD);
export const OrderIds = defineSearchAttributeKey('CustomKeywordField', SearchAttributeType.KEYWORD_LIST);
export const JourneyVersions = defineSearchAttributeKey('CustomKeywordField', SearchAttributeType.KEYWORD_LIST);
export const EmailHash = defineSearchAttributeKey('CustomStringField', SearchAttributeType.KEYWORD);
export const JourneyStage = defineSearchAttributeKey('CustomStringField', SearchAttributeType.KEYWORD);
export const MarketingStatus = defineSearchAttributeKey('CustomTextField', SearchAttributeType.KEYWORD);
export const NextMessageAt = defineSearchAttributeKey('CustomDatetimeField', SearchAttributeType.DATETIME);
export const LastOrderAt = defineSearchAttributeKey('CustomDatetimeField', SearchAttributeType.DATETIME);
