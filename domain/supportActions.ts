import { z } from 'zod';
import { cleanText, OrderId } from './ids';
import { isSealed } from '../privacy/sealedFormat';

/** Who did it and why: every support action is recorded in the journey state with these. */
const Accountable = {
  by: cleanText(100).trim().min(1, 'say who is acting (a name or id)'),
  reason: cleanText(500).trim().min(3, 'give a reason of a few words'),
};

/** How long a pause lasts: "30d", "2w", "12h" (days and weeks are calendar days in UTC). */
export const PauseLength = z.string().regex(/^[1-9]\d{0,3}[hdw]$/, 'must be a length such as "12h", "30d" or "6w"');

export const PauseJourney = z
  .object({
    ...Accountable,
    /** Resumes by itself at this instant (ISO 8601 with a zone, e.g. 2027-01-15T09:00:00Z). */
    until: z.iso.datetime({ offset: true }).optional(),
    /** Resumes by itself this long after the pause: "30d". */
    for: PauseLength.optional(),
  })
  .strict()
  .refine((p) => !(p.until && p.for), { message: 'give until or for, not both', path: ['for'] });
export const ResumeJourney = z.object({ ...Accountable }).strict();
export const SkipNextMessage = z.object({ ...Accountable }).strict();
export const ResendMessage = z
  .object({
    ...Accountable,
    messageKey: z.string().min(1),
    /** A corrected address; default: the customer's current one. */
    to: z.email().optional(),
  })
  .strict();
export const ChangeEmail = z
  .object({
    ...Accountable,
    email: z.email(),
    /** The new address's EmailHash, added by the support gateway (it holds the secret) so search finds the new address. */
    emailHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .strict();
export const EndJourney = z
  .object({
    ...Accountable,
    /** End only this order's journeys; default: all of the customer's. */
    orderId: OrderId.optional(),
  })
  .strict();

/**
 * The address fields as the journey's validators take them: the support gateway checks the address, then seals it
 * under the customer's key (privacy/), so inside the workflow it may be a sealed value.
 */
const AddressInJourney = z.email().or(z.string().refine(isSealed, 'must be an email address'));
export const ResendMessageInJourney = ResendMessage.extend({ to: AddressInJourney.optional() });
export const ChangeEmailInJourney = ChangeEmail.extend({ email: AddressInJourney });

/** Move the customer's running runs of a journey from an old version to the current one. */
export const MigrateJourney = z
  .object({
    ...Accountable,
    journeyId: z.string().min(1),
    fromVersion: z.string().min(1),
  })
  .strict();

export type PauseJourney = z.infer<typeof PauseJourney>;
export type ResumeJourney = z.infer<typeof ResumeJourney>;
export type SkipNextMessage = z.infer<typeof SkipNextMessage>;
export type ResendMessage = z.infer<typeof ResendMessage>;
export type ChangeEmail = z.infer<typeof ChangeEmail>;
export type EndJourney = z.infer<typeof EndJourney>;
export type MigrateJourney = z.infer<typeof MigrateJourney>;

/** What every support update answers: what it did, in words support can paste into a ticket. */
export interface SupportActionResult {
  done: string;
}
