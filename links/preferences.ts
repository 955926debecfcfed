/** The lists a customer can leave or pause; service emails about their orders are not a list and always go out. */
export type MarketingList = 'marketing';

/** How long "pause" lasts on the preference page. */
export const MARKETING_PAUSE_DAYS = 30;

/** What the unsubscribe routes ask of the rest of the system (implemented outside the API). */
export interface PreferenceService {
  /** Durably records the suppression first, then tells the customer's workflow. */
  unsubscribe(input: {
    storeId: string;
    customerId: string;
    list: MarketingList;
    source: 'one-click' | 'preference-page';
  }): Promise<void>;
  pause(input: {
    storeId: string;
    customerId: string;
    list: MarketingList;
    days: number;
    source: 'preference-page';
  }): Promise<void>;
}
