import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { emailSearchHash } from '../credentials/emailSearchHash';
import { OrderId } from '../domain/ids';
import type { CustomerState } from '../rules/journeyState';
import { itemLabel } from '../rules/messageItems';
import { journeyState } from '../workflows/signals';
import { CustomerId, JourneyStage, OrderIds, StoreId } from './searchAttributes';
import { withTemporalDeadline } from './temporalUnavailable';

/** What a ticket carries: the customer's address, a Message-ID from the email's headers, or an order number. */
export const FindQuery = z.union([
  z.object({ email: z.email() }).strict(),
  z
    .object({
      messageId: z
        .string()
        .trim()
        .regex(/^<?[^<>\s@]+@[^<>\s@]+>?$/, 'must look like <id@domain>'),
    })
    .strict()
    .transform(({ messageId }) => ({ messageId: `<${messageId.replace(/^<|>$/g, '')}>` })),
  z.object({ orderId: OrderId }).strict(),
]);
export type FindQuery = z.output<typeof FindQuery>;

/** How support's free text is meant: a Message-ID (`<…@…>` or 32 hex digits @ domain), an address, else an order number. */
export function findQueryOf(text: string): FindQuery {
  const t = text.trim();
  if (/^<.+>$/.test(t) || /^[0-9a-f]{32}@/.test(t)) return FindQuery.parse({ messageId: t });
  if (t.includes('@')) return FindQuery.parse({ email: t });
  return FindQuery.parse({ orderId: t });
}

/** The message a Message-ID belongs to, as the customer's journey knows it. */
export interface FoundMessage {
  messageId: string;
  messageKey: string;
  orderId: string;
  journeyId: string;
  version: string;
  stepId: string;
  /** The product(s) it was about, e.g. "VC-SERUM-30" or "week 2 VC-SERUM-30"; empty for whole-order messages. */
  item: string;
  status: string;
}

export interface FoundCustomer {
  storeId: string;
  customerId: string;
  workflowId: string;
  running: boolean;
  orderIds: string[];
  stage?: string;
  message?: FoundMessage;
}

/** The lookup cannot be made here (no secret, no database): says which, never the address asked for. */
export class FindUnavailableError extends Error {}

export interface FinderOptions {
  /** AFTERGLOW_EMAIL_HASH_SECRET, the one the worker hashes with: without it no search by address. */
  emailHashSecret?: string;
  /** The send ledger's `workflowId:messageKey` for a Message-ID (storage/sendLedger.ts): without it no search by Message-ID. */
  keyOfMessageId?: (messageId: string) => Promise<string | undefined>;
}

/** A value inside a visibility query, quoted and escaped. */
export const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Customers whose journeys match, newest run first; each customer once (continue-as-new leaves closed runs listed). */
async function listCustomers(client: Client, condition: string): Promise<FoundCustomer[]> {
  const found = new Map<string, FoundCustomer>();
  const query = `WorkflowType = "customerJourney" AND ${condition}`;
  await withTemporalDeadline(
    client,
    async () => {
      for await (const execution of client.workflow.list({ query })) {
        const running = execution.status.name === 'RUNNING';
        const known = found.get(execution.workflowId);
        if (known) {
          known.running ||= running;
          continue;
        }
        const attributes = execution.typedSearchAttributes;
        found.set(execution.workflowId, {
          storeId: attributes.get(StoreId) ?? '',
          customerId: attributes.get(CustomerId) ?? '',
          workflowId: execution.workflowId,
          running,
          orderIds: attributes.get(OrderIds) ?? [],
          stage: attributes.get(JourneyStage),
        });
      }
    },
    10_000,
  );
  return [...found.values()];
}

/** The message with `messageKey` (a resend's key ends in `#resend-N`) in the customer's journey state. */
function messageIn(state: CustomerState, messageId: string, messageKey: string): FoundMessage | undefined {
  const planned = messageKey.replace(/#resend-\d+$/, '');
  for (const run of state.runs) {
    const message = run.messages.find((m) => m.key === planned);
    if (message)
      return {
        messageId,
        messageKey,
        orderId: run.orderId,
        journeyId: run.journeyId,
        version: run.version,
        stepId: message.stepId,
        item: itemLabel(run, message.item),
        status: message.status,
      };
  }
  return undefined;
}

async function byMessageId(
  client: Client,
  messageId: string,
  keyOfMessageId: NonNullable<FinderOptions['keyOfMessageId']>,
): Promise<FoundCustomer[]> {
  const key = await keyOfMessageId(messageId);
  if (!key) return [];
  // `customer/{store}/{customer}:{messageKey}`; a customer id may itself hold ':', so each split is tried.
  for (let at = key.indexOf(':'); at !== -1; at = key.indexOf(':', at + 1)) {
    const workflowId = key.slice(0, at);
    const match = /^customer\/([^/]+)\/(.+)$/.exec(workflowId);
    if (!match) continue;
    let state: CustomerState;
    try {
      state = await withTemporalDeadline(client, () => client.workflow.getHandle(workflowId).query(journeyState));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) continue;
      throw err;
    }
    const message = messageIn(state, messageId, key.slice(at + 1));
    if (!message) continue;
    const [customer] = await listCustomers(client, `WorkflowId = ${quoted(workflowId)}`);
    return [
      {
        storeId: match[1],
        customerId: match[2],
        workflowId,
        running: customer?.running ?? true,
        orderIds: state.orders.map((o) => o.orderId),
        stage: customer?.stage,
        message,
      },
    ];
  }
  return [];
}

/** Support's search: every customer journey the ticket's address, Message-ID or order number points to. */
export async function findCustomers(
  client: Client,
  query: FindQuery,
  options: FinderOptions,
): Promise<FoundCustomer[]> {
  if ('email' in query) {
    if (!options.emailHashSecret)
      throw new FindUnavailableError(
        "no AFTERGLOW_EMAIL_HASH_SECRET (nor the data folder's email-hash-secret): cannot search by address",
      );
    return listCustomers(client, `EmailHash = ${quoted(emailSearchHash(options.emailHashSecret, query.email))}`);
  }
  if ('orderId' in query) return listCustomers(client, `OrderIds = ${quoted(query.orderId)}`);
  if (!options.keyOfMessageId) throw new FindUnavailableError('no database to look Message-IDs up in');
  return byMessageId(client, query.messageId, options.keyOfMessageId);
}
