import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { emailSearchHash } from '../credentials/emailSearchHash';
import {
  ChangeEmail,
  EndJourney,
  PauseJourney,
  ResendMessage,
  ResumeJourney,
  SkipNextMessage,
  type SupportActionResult,
} from '../domain/supportActions';
import type { CustomerState } from '../rules/journeyState';
import { SupportActionRejected } from '../rules/supportActions';
import { customerWorkflowId, journeyState } from '../workflows/signals';
import { withTemporalDeadline } from './temporalUnavailable';
import { openJourneyState } from '../privacy/personalFields';
import type { PersonalDataVault } from '../privacy/vault';
import {
  changeEmail,
  endJourney,
  pauseJourney,
  resendMessage,
  resumeJourney,
  skipNextMessage,
} from '../workflows/supportUpdates';

// One class for "this action makes no sense for this journey" on both sides of the wire: the workflow's rules throw
// it in the validator, the gateway rethrows the validator's rejection as it, so `instanceof` never misses one.
export { SupportActionRejected };

/** The customer has no journey in that store (no order was ever received for them). */
export class CustomerNotFoundError extends Error {}

/** The workflow accepted the action but could not carry it out (a resend the SMTP server refused). */
export class SupportActionFailed extends Error {}

/**
 * Support's actions, one table for the gateway, the admin API and the CLI: the URL segment and command name, the
 * input schema (the same one the workflow's validator applies) and the update that carries it out.
 */
export const SUPPORT_ACTIONS = {
  pause: { slug: 'pause', schema: PauseJourney, update: pauseJourney },
  resume: { slug: 'resume', schema: ResumeJourney, update: resumeJourney },
  skipNext: { slug: 'skip-next', schema: SkipNextMessage, update: skipNextMessage },
  resend: { slug: 'resend', schema: ResendMessage, update: resendMessage },
  changeEmail: { slug: 'change-email', schema: ChangeEmail, update: changeEmail },
  end: { slug: 'end', schema: EndJourney, update: endJourney },
} as const;

export type SupportActionName = keyof typeof SUPPORT_ACTIONS;
export type SupportActionInput<K extends SupportActionName> = z.output<(typeof SUPPORT_ACTIONS)[K]['schema']>;
export type SupportAction<K extends SupportActionName> = (
  storeId: string,
  customerId: string,
  input: SupportActionInput<K>,
) => Promise<SupportActionResult>;
export const SUPPORT_ACTION_NAMES = Object.keys(SUPPORT_ACTIONS) as SupportActionName[];

/** What support tools (admin API, CLI) do with a customer's journey; a seam so each can be tested on its own. */
export type SupportGateway = {
  /** The journey state; throws CustomerNotFoundError when the customer has none. */
  status(storeId: string, customerId: string): Promise<CustomerState>;
} & {
  /** Throws SupportActionRejected (validator's message), SupportActionFailed or CustomerNotFoundError. */
  [K in SupportActionName]: SupportAction<K>;
};

/** Calls action `name` with an input its schema accepted (TypeScript cannot tie a table entry's schema to its method). */
export function runSupportAction<K extends SupportActionName>(
  gateway: SupportGateway,
  name: K,
  storeId: string,
  customerId: string,
  input: SupportActionInput<K>,
) {
  return (gateway[name] as SupportAction<K>)(storeId, customerId, input);
}

/** A resend waits for SMTP (the send activity's own timeout is a minute). */
const UPDATE_DEADLINE_MS = 90_000;

const notFound = (storeId: string, customerId: string) =>
  new CustomerNotFoundError(`no journey for customer "${customerId}" in store "${storeId}"`);

/** Failure types a handler throws after the update was accepted (it ran and failed); any other is the validator's rejection. */
const HANDLER_FAILURES = new Set(['ResendFailed']);

export interface SupportGatewayOptions {
  /** AFTERGLOW_EMAIL_HASH_SECRET: a changed address gets its EmailHash, so search finds the customer by it. */
  emailHashSecret?: string;
  /** Seals the addresses support gives (change-email, a resend's corrected one) and opens the state it reads. */
  vault?: PersonalDataVault;
}

export function supportGateway(client: Client, { emailHashSecret, vault }: SupportGatewayOptions = {}): SupportGateway {
  const handle = (storeId: string, customerId: string) =>
    client.workflow.getHandle(customerWorkflowId(storeId, customerId));

  /** The action's input as the journey gets it: a new address hashed for search while still plain, then sealed. */
  async function journeyInput(
    name: SupportActionName,
    storeId: string,
    customerId: string,
    given: object,
  ): Promise<object> {
    const customer = { storeId, customerId };
    if (name === 'changeEmail') {
      const { email } = given as ChangeEmail;
      return {
        ...given,
        ...(emailHashSecret && { emailHash: emailSearchHash(emailHashSecret, email) }),
        ...(vault ? await vault.seal(customer, { email }) : {}),
      };
    }
    const { to } = given as ResendMessage;
    if (name === 'resend' && to && vault) return { ...given, ...(await vault.seal(customer, { to })) };
    return given;
  }

  function act<K extends SupportActionName>(name: K): SupportAction<K> {
    const update = SUPPORT_ACTIONS[name].update as UpdateDefinition<SupportActionResult, [SupportActionInput<K>]>;
    return async (storeId, customerId, given) => {
      try {
        // A quick look first, so an unreachable Temporal answers in seconds; the update itself may take as long as a send.
        // Also before sealing: a customer without a journey gets no key.
        await withTemporalDeadline(client, () => handle(storeId, customerId).describe());
        const input = (await journeyInput(name, storeId, customerId, given)) as SupportActionInput<K>;
        return await withTemporalDeadline(
          client,
          () => handle(storeId, customerId).executeUpdate(update, { args: [input] }),
          UPDATE_DEADLINE_MS,
        );
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw notFound(storeId, customerId);
        if (err instanceof WorkflowUpdateFailedError) {
          // The cause carries the validator's (or handler's) message; the outer error only says "Workflow Update failed".
          const cause = err.cause;
          const message = cause instanceof Error ? cause.message : err.message;
          if (cause instanceof ApplicationFailure && cause.type && HANDLER_FAILURES.has(cause.type))
            throw new SupportActionFailed(message, { cause: err });
          throw new SupportActionRejected(message, { cause: err });
        }
        throw err;
      }
    };
  }

  return {
    async status(storeId, customerId) {
      try {
        const state = await withTemporalDeadline(client, () => handle(storeId, customerId).query(journeyState));
        return vault ? await openJourneyState(vault, state) : state;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw notFound(storeId, customerId);
        throw err;
      }
    },
    pause: act('pause'),
    resume: act('resume'),
    skipNext: act('skipNext'),
    resend: act('resend'),
    changeEmail: act('changeEmail'),
    end: act('end'),
  };
}
