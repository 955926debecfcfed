export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The journey the synthetic customers enter, and its held-out share (post-purchase.yaml's default 10%). */
export const JOURNEY_ID = 'post-purchase';
export const JOURNEY_VERSION = 'synthetic-1';
export const HOLDOUT_SHARE = 0.1;
/** Orders are credited to a message clicked or received this long before them (the store setting's default). */
export const ATTRIBUTION_WINDOW_MS = 5 * DAY;
