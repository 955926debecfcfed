import { defineUpdate } from '@temporalio/workflow';
import type {
  ChangeEmail,
  EndJourney,
  MigrateJourney,
  PauseJourney,
  ResendMessage,
  ResumeJourney,
  SkipNextMessage,
  SupportActionResult,
} from '../domain/supportActions';

/** Support's actions on a customer's journeys; each validator rejects what makes no sense with a clear message. */
export const pauseJourney = defineUpdate<SupportActionResult, [PauseJourney]>('pauseJourney');
export const resumeJourney = defineUpdate<SupportActionResult, [ResumeJourney]>('resumeJourney');
export const skipNextMessage = defineUpdate<SupportActionResult, [SkipNextMessage]>('skipNextMessage');
export const resendMessage = defineUpdate<SupportActionResult, [ResendMessage]>('resendMessage');
export const changeEmail = defineUpdate<SupportActionResult, [ChangeEmail]>('changeEmail');
export const endJourney = defineUpdate<SupportActionResult, [EndJourney]>('endJourney');
/** Moves the customer's runs of a journey from an old version to the current one, between two messages. */
export const migrateJourney = defineUpdate<SupportActionResult, [MigrateJourney]>('migrateJourney');
