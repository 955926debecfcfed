import type { Locale } from '../definitions/localized';
import type { AnswerUrl } from '../rendering/messageLinks';
import { publicBase, publicLinkUrl } from './publicLinks';
import { signAnswerToken } from './answerToken';
import { listUnsubscribeHeaders, type ListUnsubscribeLinks } from './listUnsubscribe';
import { signToken } from './signedToken';
import { signClickToken, signOpenToken } from './clickToken';

export interface CustomerLinkSettings {
  /** PUBLIC_URL: where the API answers /u/ and /a/. */
  publicUrl: string;
  /** Link secrets, newest first (the first signs). */
  secrets: string[];
  /** The sending domain, which names the List-Id. */
  listIdDomain: string;
  unsubscribeMailto?: string;
  /** Links of a test email (`afterglow send-test`): they work, and change nothing for anyone. */
  test?: boolean;
}

type Customer = { storeId: string; customerId: string };

/** The signed links one message carries for its customer: real sends and test sends sign them the same way. */
export function customerLinks(settings: CustomerLinkSettings) {
  const { publicUrl, secrets, listIdDomain, unsubscribeMailto, test } = settings;
  return {
    /** RFC 8058 list headers and the footer's unsubscribe link (marketing messages). */
    unsubscribe({ storeId, customerId }: Customer): ListUnsubscribeLinks {
      const token = signToken({ storeId, customerId, ...(test && { test }) }, secrets);
      return listUnsubscribeHeaders({ publicUrl, token, storeId, listIdDomain, mailto: unsubscribeMailto });
    },
    /** One-click answer links of a message that asks a question. */
    answerUrl({ storeId, customerId }: Customer, orderId: string, messageKey: string, locale: Locale): AnswerUrl {
      return (question, choice, sku) =>
        publicLinkUrl(
          publicUrl,
          'a',
          signAnswerToken(
            { storeId, customerId, orderId, messageKey, question, sku, choice, locale, ...(test && { test }) },
            secrets,
          ),
        );
    },
    /**
     * What a web link of a message becomes: a signed redirect through /c/ that records the click (links/trackLinks.ts).
     * The API's own links (unsubscribe, answers) stay as they are: they are signed already and record what they do.
     */
    clickTracker(
      { storeId, customerId }: Customer,
      message: { messageKey: string; journeyId: string; stepId: string },
    ) {
      const own = publicBase(publicUrl);
      return (url: string) =>
        url.startsWith(own)
          ? undefined
          : publicLinkUrl(
              publicUrl,
              'c',
              signClickToken({ storeId, customerId, ...message, url, ...(test && { test }) }, secrets),
            );
    },
    /** The URL of a message's open pixel (only when the store turns opens on). */
    openPixelUrl(
      { storeId, customerId }: Customer,
      message: { messageKey: string; journeyId: string; stepId: string },
    ): string {
      return publicLinkUrl(
        publicUrl,
        'o',
        signOpenToken({ storeId, customerId, ...message, ...(test && { test }) }, secrets),
      );
    },
  };
}
export type CustomerLinks = ReturnType<typeof customerLinks>;
