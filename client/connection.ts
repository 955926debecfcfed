import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { toClientOptions } from '@temporalio/envconfig';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../temporal.config';

/** The part of the configuration that says how to reach Temporal. */
export type TemporalConnectionConfig = Pick<Config, 'temporal'>;

/** Options valid for both the client's Connection and the worker's NativeConnection (whose apiKey is a string only). */
export type TemporalConnectionOptions = Pick<ConnectionOptions, 'address' | 'tls' | 'metadata'> & { apiKey?: string };

/**
 * Local dev server (plaintext), mutual TLS (cert + key, optional private CA and server name) or Temporal Cloud
 * (API key, TLS implied unless TLS is explicitly off), as @temporalio/envconfig maps a profile. The SDK adds the
 * `temporal-namespace` header Cloud routes on by itself since 1.11.
 */
export function connectionOptions({ temporal }: TemporalConnectionConfig): TemporalConnectionOptions {
  try {
    return toClientOptions(temporal).connectionOptions;
  } catch (err) {
    throw new Error(`cannot read a TLS file of the Temporal connection: ${(err as Error).message}`, { cause: err });
  }
}

/** A client for starting and signalling journeys; close `connection` when done. */
export async function connectClient(
  config: TemporalConnectionConfig,
  dataConverter?: DataConverter,
): Promise<{ client: Client; connection: Connection }> {
  const connection = await withReachabilityHint(config.temporal.address, () =>
    Connection.connect(connectionOptions(config)),
  );
  return { client: new Client({ connection, namespace: config.temporal.namespace, dataConverter }), connection };
}

/**
 * A client that connects on its first call: a server (the API) starts and answers, 503 on Temporal calls, while
 * Temporal is still down, and its calls work once it is up.
 */
export function lazyClient(
  config: TemporalConnectionConfig,
  dataConverter?: DataConverter,
): { client: Client; connection: Connection } {
  const connection = Connection.lazy(connectionOptions(config));
  return { client: new Client({ connection, namespace: config.temporal.namespace, dataConverter }), connection };
}

/** The native (Rust core) connection a worker polls through; close it when the worker is done. */
export function connectWorker(config: TemporalConnectionConfig): Promise<NativeConnection> {
  return withReachabilityHint(config.temporal.address, () => NativeConnection.connect(connectionOptions(config)));
}

/** Host and port of a `host:port` / `[ipv6]:port` address; the port defaults to Temporal's 7233 like the SDK's. */
export function splitAddress(address: string): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(address);
  if (bracketed) return { host: bracketed[1], port: Number(bracketed[2] ?? 7233) };
  const hostPort = /^([^:]+)(?::(\d+))?$/.exec(address);
  if (hostPort) return { host: hostPort[1], port: Number(hostPort[2] ?? 7233) };
  return { host: address, port: 7233 }; // bare IPv6 address
}

/** True for addresses of this machine, where `npm start` runs the dev server. */
export function isLocalAddress(address: string): boolean {
  const { host } = splitAddress(address);
  return ['localhost', '127.0.0.1', '::1', '0.0.0.0', '::'].includes(host) || host.endsWith('.localhost');
}

/** Turns the SDKs' "tcp connect error" / "Failed to connect before the deadline" into an actionable message. */
async function withReachabilityHint<T>(address: string, connect: () => Promise<T>): Promise<T> {
  try {
    return await connect();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const unreachable =
      /Failed to connect before the deadline/.test(message) || // @grpc/grpc-js (client)
      (err instanceof Error && err.name === 'TransportError' && /ConnectError/.test(message)); // Rust core (worker)
    if (!unreachable) throw err;
    const hint = isLocalAddress(address) ? 'is `npm start` running?' : 'check TEMPORAL_ADDRESS and the network';
    throw new Error(`cannot reach Temporal at ${address}: ${hint} (${message})`, { cause: err });
  }
}
