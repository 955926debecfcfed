import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './encryptionCodec';
import type { PayloadKeyRing } from './keyRing';

/**
 * The data converter for every Temporal client and worker of Afterglow: `new Client({ dataConverter })`,
 * `Worker.create({ dataConverter })`, `TestWorkflowEnvironment.createLocal({ client: { dataConverter } })` (the
 * environment's client only: pass it to the Worker yourself). Without keys it is undefined, the SDK's default:
 * local development without encryption.
 *
 * Codecs run outside the workflow sandbox: keys and crypto never enter the workflow bundle. The failure converter
 * does (the worker bundles `failureConverterPath`), hence its own dependency-free file; any converter decodes the
 * failures it writes, so mixed versions during a rollout still read each other's errors. Search attributes are
 * never encoded by codecs and stay readable for visibility queries: they must hold ids, never personal data.
 */
export function dataConverterFor(keys: PayloadKeyRing | undefined): DataConverter | undefined {
  if (!keys) return undefined;
  return {
    payloadCodecs: [new EncryptionCodec(keys)],
    failureConverterPath: require.resolve('./failureConverter'),
  };
}
