import type { Client } from '@temporalio/client';
import { connectClient } from '../client/connection';
import { dataConverterFor } from '../codec/dataConverter';
import { loadConfig } from '../temporal.config';

/**
 * Connects like the API (with the payload keys, so encrypted journey states decode), runs `use` and closes.
 * A connection failure names the address, so the user sees which server was out of reach.
 */
export async function withTemporalClient<T>(use: (client: Client) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { client, connection } = await connectClient(config, dataConverterFor(config.AFTERGLOW_PAYLOAD_KEYS)).catch((err: Error) => {
    throw new Error(`cannot reach Temporal at ${config.TEMPORAL_ADDRESS} (${err.message})`);
  });
  try {
    return await use(client);
  } finally {
    await connection.close();
  }
}
