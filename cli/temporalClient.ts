import type { Client } from '@temporalio/client';
import { connectClient } from '../client/connection';
import { dataConverterFor } from '../codec/dataConverter';
import { type Config, loadConfig } from '../temporal.config';
import { localPayloadKeys } from './localSecrets';

/**
 * Connects like the API (with the payload keys, so encrypted journey states decode: AFTERGLOW_PAYLOAD_KEYS, else the
 * data folder's as `npm start` keeps them, which it names on stderr), runs `use` and closes. A server out of
 * reach is named by its address (connectClient says so, and what to do).
 */
export async function withTemporalClient<T>(use: (client: Client, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const keys = localPayloadKeys(config);
  if (keys && keys.from !== 'AFTERGLOW_PAYLOAD_KEYS')
    process.stderr.write(`afterglow: payload keys from ${keys.from}\n`);
  const { client, connection } = await connectClient(config, dataConverterFor(keys?.keys));
  try {
    return await use(client, config);
  } finally {
    await connection.close();
  }
}
