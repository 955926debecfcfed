import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  connectionOptions,
  connectWorker,
  isLocalAddress,
  splitAddress,
  type TemporalConnectionConfig,
} from '../../client/connection';

const base: TemporalConnectionConfig = { TEMPORAL_ADDRESS: 'localhost:7233', TEMPORAL_NAMESPACE: 'default' };

describe('connectionOptions', () => {
  let dir: string;
  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-tls-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('connects in plaintext to the local dev server by default', () => {
    expect(connectionOptions(base)).toEqual({ address: 'localhost:7233' });
  });

  it('turns TLS on with the system CAs when TEMPORAL_TLS=true', () => {
    expect(connectionOptions({ ...base, TEMPORAL_TLS: 'true' })).toEqual({ address: 'localhost:7233', tls: {} });
  });

  it('reads the client certificate, key and private CA for mutual TLS', () => {
    const options = connectionOptions({
      ...base,
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_TLS_CERT_PATH: file('client.pem', 'CERT'),
      TEMPORAL_TLS_KEY_PATH: file('client.key', 'KEY'),
      TEMPORAL_TLS_CA_PATH: file('ca.pem', 'CA'),
      TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal.internal',
    });
    expect(options.address).toBe('temporal.internal:7233');
    expect(options.apiKey).toBeUndefined();
    expect(options.tls).toEqual({
      serverNameOverride: 'frontend.temporal.internal',
      serverRootCACertificate: Buffer.from('CA'),
      clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') },
    });
  });

  it('uses a private CA alone for server-authenticated TLS', () => {
    expect(connectionOptions({ ...base, TEMPORAL_TLS_CA_PATH: file('ca.pem', 'CA') }).tls).toEqual({
      serverRootCACertificate: Buffer.from('CA'),
    });
  });

  it('maps a Temporal Cloud API key to apiKey with TLS on', () => {
    const options = connectionOptions({
      ...base,
      TEMPORAL_ADDRESS: 'shop.a1b2c.tmprl.cloud:7233',
      TEMPORAL_API_KEY: 'secret',
    });
    expect(options).toEqual({ address: 'shop.a1b2c.tmprl.cloud:7233', tls: {}, apiKey: 'secret' });
  });

  it('keeps an API key over plaintext when TLS is explicitly off', () => {
    expect(connectionOptions({ ...base, TEMPORAL_API_KEY: 'secret', TEMPORAL_TLS: 'false' })).toEqual({
      address: 'localhost:7233',
      apiKey: 'secret',
    });
  });

  it('refuses certificate files with TLS explicitly off', () => {
    const cert = { TEMPORAL_TLS_CERT_PATH: file('c.pem', 'C'), TEMPORAL_TLS_KEY_PATH: file('c.key', 'K') };
    expect(() => connectionOptions({ ...base, ...cert, TEMPORAL_TLS: 'false' })).toThrow(
      /TEMPORAL_TLS=false contradicts/,
    );
  });

  it('names the variable whose file cannot be read', () => {
    const missing = path.join(dir, 'missing.pem');
    expect(() =>
      connectionOptions({ ...base, TEMPORAL_TLS_CERT_PATH: missing, TEMPORAL_TLS_KEY_PATH: missing }),
    ).toThrow(`cannot read TEMPORAL_TLS_CERT_PATH (${missing})`);
  });
});

describe('addresses', () => {
  it.each([
    ['localhost:7233', 'localhost', 7233],
    ['temporal.internal', 'temporal.internal', 7233],
    ['[::1]:7000', '::1', 7000],
    ['::1', '::1', 7233],
  ])('splits %s', (address, host, port) => expect(splitAddress(address)).toEqual({ host, port }));

  it('tells this machine from a remote cluster', () => {
    expect(['localhost:7233', '127.0.0.1:7233', '[::1]:7233', 'temporal.localhost:7233'].map(isLocalAddress)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['shop.a1b2c.tmprl.cloud:7233', '10.0.0.5:7233'].map(isLocalAddress)).toEqual([false, false]);
  });
});

describe('connectWorker', () => {
  it('says what to do when nothing listens at the address', async () => {
    const port = await freePort();
    await expect(connectWorker({ ...base, TEMPORAL_ADDRESS: `127.0.0.1:${port}` })).rejects.toThrow(
      `cannot reach Temporal at 127.0.0.1:${port}: is \`npm start\` running?`,
    );
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
