import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connectionOptions, connectWorker, isLocalAddress, splitAddress } from '../../client/connection';
import { temporalProfile } from '../../client/temporalProfile';
import { loadConfig } from '../../temporal.config';

let dir: string;
const file = (name: string, content: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-tls-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The environment with a config file of its own (no default profile), so no profile of the machine's user leaks in. */
const isolated = (env: NodeJS.ProcessEnv) => ({ TEMPORAL_CONFIG_FILE: file('none.toml', '[profile.other]\n'), ...env });
const optionsFor = (env: NodeJS.ProcessEnv) => connectionOptions({ temporal: temporalProfile(isolated(env)) });

describe('connectionOptions', () => {
  it('connects in plaintext to the local dev server by default', () => {
    expect(optionsFor({})).toEqual({ address: 'localhost:7233' });
  });

  it('turns TLS on with the system CAs when TEMPORAL_TLS=true', () => {
    expect(optionsFor({ TEMPORAL_TLS: 'true' })).toEqual({ address: 'localhost:7233', tls: {} });
  });

  it('reads the client certificate, key and private CA for mutual TLS', () => {
    const options = optionsFor({
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
    expect(optionsFor({ TEMPORAL_TLS_CA_PATH: file('ca.pem', 'CA') }).tls).toEqual({
      serverRootCACertificate: Buffer.from('CA'),
    });
  });

  it('maps a Temporal Cloud API key to apiKey with TLS on', () => {
    expect(optionsFor({ TEMPORAL_ADDRESS: 'shop.a1b2c.tmprl.cloud:7233', TEMPORAL_API_KEY: 'secret' })).toEqual({
      address: 'shop.a1b2c.tmprl.cloud:7233',
      tls: true,
      apiKey: 'secret',
    });
  });

  it('keeps an API key over plaintext when TLS is explicitly off', () => {
    expect(optionsFor({ TEMPORAL_API_KEY: 'secret', TEMPORAL_TLS: 'false' })).toEqual({
      address: 'localhost:7233',
      apiKey: 'secret',
      tls: false,
    });
  });

  it('refuses certificate files with TLS explicitly off', () => {
    const cert = { TEMPORAL_TLS_CERT_PATH: file('c.pem', 'C'), TEMPORAL_TLS_KEY_PATH: file('c.key', 'K') };
    expect(() => optionsFor({ ...cert, TEMPORAL_TLS: 'false' })).toThrow(
      'TEMPORAL_TLS=false (or tls.disabled in the profile) contradicts the TLS certificate files: unset one',
    );
  });

  it('names the file that cannot be read', () => {
    const missing = path.join(dir, 'missing.pem');
    expect(() => optionsFor({ TEMPORAL_TLS_CERT_PATH: missing, TEMPORAL_TLS_KEY_PATH: missing })).toThrow(
      `cannot read a TLS file of the Temporal connection: ENOENT: no such file or directory, open '${missing}'`,
    );
  });
});

describe('temporalProfile: where each setting comes from', () => {
  const toml = (text: string) => file('temporal.toml', text);
  const PROFILES = `
[profile.default]
address = "toml.internal:7233"
namespace = "toml-ns"

[profile.default.tls]
client_cert_path = "/toml/client.pem"
client_key_path = "/toml/client.key"

[profile.cloud]
address = "shop.a1b2c.tmprl.cloud:7233"
namespace = "shop.a1b2c"
api_key = "cloud-key"
`;

  it.each<[string, () => NodeJS.ProcessEnv, object]>([
    ['nothing set: the local dev server', () => isolated({}), { address: 'localhost:7233', namespace: 'default' }],
    [
      'the standard variables',
      () => isolated({ TEMPORAL_ADDRESS: 'std.internal:7233', TEMPORAL_NAMESPACE: 'std', TEMPORAL_API_KEY: 'k' }),
      { address: 'std.internal:7233', namespace: 'std', apiKey: 'k' },
    ],
    [
      'the standard certificate variables',
      () => isolated({ TEMPORAL_TLS_CLIENT_CERT_PATH: '/std/c.pem', TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/std/ca.pem' }),
      { tls: { clientCert: { path: '/std/c.pem' }, serverCACert: { path: '/std/ca.pem' } } },
    ],
    [
      "Afterglow's earlier names for them",
      () => isolated({ TEMPORAL_TLS_CERT_PATH: '/alias/c.pem', TEMPORAL_TLS_KEY_PATH: '/alias/c.key' }),
      { tls: { clientCert: { path: '/alias/c.pem' }, clientKey: { path: '/alias/c.key' } } },
    ],
    [
      'both names set: the standard one wins',
      () => isolated({ TEMPORAL_TLS_CLIENT_CERT_PATH: '/std/c.pem', TEMPORAL_TLS_CERT_PATH: '/alias/c.pem' }),
      { tls: { clientCert: { path: '/std/c.pem' } } },
    ],
    [
      'the TOML profile file: its default profile, no default of ours over it',
      () => ({ TEMPORAL_CONFIG_FILE: toml(PROFILES) }),
      {
        address: 'toml.internal:7233',
        namespace: 'toml-ns',
        tls: { clientCert: { path: '/toml/client.pem' }, clientKey: { path: '/toml/client.key' } },
      },
    ],
    [
      'the TOML profile TEMPORAL_PROFILE names',
      () => ({ TEMPORAL_CONFIG_FILE: toml(PROFILES), TEMPORAL_PROFILE: 'cloud' }),
      { address: 'shop.a1b2c.tmprl.cloud:7233', namespace: 'shop.a1b2c', apiKey: 'cloud-key' },
    ],
    [
      'a variable and the TOML profile: the variable wins, an earlier name too',
      () => ({
        TEMPORAL_CONFIG_FILE: toml(PROFILES),
        TEMPORAL_ADDRESS: 'env.internal:7233',
        TEMPORAL_TLS_CERT_PATH: '/alias/c.pem',
      }),
      {
        address: 'env.internal:7233',
        namespace: 'toml-ns',
        tls: { clientCert: { path: '/alias/c.pem' }, clientKey: { path: '/toml/client.key' } },
      },
    ],
  ])('%s', (_, env, expected) => {
    expect(temporalProfile(env())).toMatchObject(expected);
  });

  it('gives the configuration the address and namespace it resolved', () => {
    const config = loadConfig({ TEMPORAL_CONFIG_FILE: toml(PROFILES) });
    expect([config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE]).toEqual(['toml.internal:7233', 'toml-ns']);
    expect(config.temporal.address).toBe('toml.internal:7233');
  });

  it('refuses a TEMPORAL_CONFIG_FILE that does not exist instead of passing over it', () => {
    const missing = path.join(dir, 'missing.toml');
    expect(() => loadConfig({ TEMPORAL_CONFIG_FILE: missing })).toThrow(
      `Invalid Temporal connection settings: TEMPORAL_CONFIG_FILE: no such file: ${missing}`,
    );
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
    await expect(connectWorker({ temporal: { address: `127.0.0.1:${port}`, namespace: 'default' } })).rejects.toThrow(
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
