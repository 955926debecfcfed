/**
 * What a store, or its platform's privacy webhooks (Shopify's customers/data_request, customers/redact, shop/redact),
 * can ask about customers' personal data. Each request is stored before it is acknowledged and carried out even if
 * Temporal was down at the time; the returned id is how the store follows it (admin API and CLI).
 */
export interface PrivacyRequests {
  /** Prepare an export of everything held about the customer. */
  requestExport(input: { storeId: string; customerId: string; source: string }): Promise<{ requestId: string }>;
  /**
   * End the customer's journeys and remove their personal data from everywhere Afterglow keeps it. `emails`: addresses
   * the requester knows the customer by (kept only as hashes on the suppression list, so they are never mailed again).
   */
  requestErasure(input: {
    storeId: string;
    customerId: string;
    source: string;
    emails?: string[];
  }): Promise<{ requestId: string }>;
  /** Erase every customer of the store (the store left: Shopify's shop/redact). */
  requestStoreErasure(input: { storeId: string; source: string }): Promise<{ requestId: string }>;
}
