import type { DataConverter } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import fs from 'node:fs';
import path from 'node:path';
import { quietRuntime } from '../../worker/quietRuntime';
import { prebuiltWorkflowBundle } from '../../worker/workflowBundle';
import { historyDataConverter } from '../histories/payloadKeys';

/**
 * Journeys already running replay their history on every worker start and cache miss: these are saved histories
 * of the production entry points (npm run record-histories), replayed with the bundle and data converter the
 * worker runs with payload encryption on (unencrypted histories pass through the codec unchanged).
 */
const dir = path.join(__dirname, '../histories');
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const histories = files.map((file) => ({
  workflowId: file,
  history: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')),
}));
const dataConverter = historyDataConverter();
let replayErrors: Map<string, Error | undefined>;

async function replay(converter: DataConverter, which: typeof histories): Promise<Map<string, Error | undefined>> {
  const { codePath } = await prebuiltWorkflowBundle({ failureConverterPath: converter.failureConverterPath });
  const errors = new Map<string, Error | undefined>();
  for await (const { workflowId, error } of Worker.runReplayHistories(
    { workflowBundle: { codePath }, dataConverter: converter },
    which,
  ))
    errors.set(workflowId, error);
  return errors;
}

/**
 * Production's failure converter encrypts an exception's message (codec/failureConverter.ts), so a workflow that
 * throws while replaying says only "Encoded failure": replay that file again with the SDK's default one to read it.
 */
async function readableError(file: string, error: Error): Promise<string> {
  if (!/Encoded failure/.test(error.message)) return error.message;
  const plain = await replay(
    { payloadCodecs: dataConverter.payloadCodecs },
    histories.filter((h) => h.workflowId === file),
  );
  return plain.get(file)?.message ?? error.message;
}

beforeAll(async () => {
  quietRuntime();
  replayErrors = await replay(dataConverter, histories);
});

it.each(files)('%s replays on the current workflow code', async (file) => {
  expect(replayErrors.has(file)).toBe(true);
  const error = replayErrors.get(file);
  if (error)
    throw new Error(
      `test/histories/${file} no longer replays: ${await readableError(file, error)}\n` +
        'The workflow code now does something else than journeys already running recorded (different commands, or ' +
        'it throws). Keep the old behaviour for them behind patched() (README "Replay histories"), never by editing ' +
        'or deleting the history.',
    );
});

it('the saved histories cover every update and signal, a support alert, a continue-as-new carrying signals and the patched() marker', () => {
  type Event = Record<string, { [key: string]: unknown } | undefined>;
  const events = histories.flatMap(({ history }) => history.events as Event[]);
  const updates = new Set(
    events.map(
      (e) =>
        (e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest as { input?: { name?: string } })?.input
          ?.name,
    ),
  );
  for (const name of [
    'pauseJourney',
    'resumeJourney',
    'skipNextMessage',
    'resendMessage',
    'changeEmail',
    'endJourney',
    'migrateJourney',
  ])
    expect([name, updates.has(name)]).toEqual([name, true]);
  const continued = histories.filter(
    ({ history }) => (history.events as Event[]).at(-1)?.workflowExecutionContinuedAsNewEventAttributes,
  );
  expect(
    continued.some(({ history }) =>
      (history.events as Event[]).some((e) => e.workflowExecutionSignaledEventAttributes),
    ),
  ).toBe(true);
  // Every signal a journey takes, and the support alert an answer raises.
  const signals = new Set(events.map((e) => e.workflowExecutionSignaledEventAttributes?.signalName));
  for (const name of ['orderPlaced', 'journeyEvent', 'consentChanged', 'answerReceived', 'messageDelivery'])
    expect([name, signals.has(name)]).toEqual([name, true]);
  const activities = new Set(
    events.map((e) => (e.activityTaskScheduledEventAttributes?.activityType as { name?: string })?.name),
  );
  expect(activities).toContain('alertSupport');
  const markers = events.map((e) => e.markerRecordedEventAttributes?.markerName);
  expect(markers).toContain('core_patch');
});
