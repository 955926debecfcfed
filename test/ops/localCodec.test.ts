import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { devEncryption } from '../../scripts/start/devSecrets';
import { localCodecPlan, uiOriginsFor } from '../../scripts/start/localCodec';

const KEYS = 'dev1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
const TOKEN = 'operator-token-0123456789abcdef0123456789';
const encrypted = { AFTERGLOW_PAYLOAD_KEYS: KEYS, AFTERGLOW_ADMIN_TOKEN: TOKEN };
const base = { uiPort: 18233, apiUrl: 'http://127.0.0.1:3100', apiOnLoopback: true };

describe('the Web UI npm start runs, and the codec endpoint', () => {
  it('trusts exactly the UI it starts, under both names of loopback, on the port it uses', () => {
    expect(localCodecPlan({ ...base, env: encrypted })).toEqual({
      env: {
        AFTERGLOW_CODEC_UI_ORIGINS: 'http://localhost:18233,http://127.0.0.1:18233',
        AFTERGLOW_CODEC_TRUST_UI: 'true',
      },
      uiCodecEndpoint: 'http://127.0.0.1:3100/codec',
      warnings: [],
    });
    expect(uiOriginsFor(8233)).toEqual(['http://localhost:8233', 'http://127.0.0.1:8233']);
  });

  it("keeps the operator's origins and trust setting, and says when the UI then cannot decode", () => {
    const elsewhere = localCodecPlan({
      ...base,
      env: { ...encrypted, AFTERGLOW_CODEC_UI_ORIGINS: 'http://localhost:8233' },
    });
    expect(elsewhere.env).toEqual({ AFTERGLOW_CODEC_TRUST_UI: 'true' });
    expect(elsewhere.warnings).toEqual([
      'AFTERGLOW_CODEC_UI_ORIGINS=http://localhost:8233 leaves out http://localhost:18233 and http://127.0.0.1:18233: the Web UI opened there cannot decode payloads',
    ]);
    const oneName = localCodecPlan({
      ...base,
      env: { ...encrypted, AFTERGLOW_CODEC_UI_ORIGINS: 'http://localhost:18233, https://ui.example.com' },
    });
    expect(oneName.warnings).toEqual([
      expect.stringContaining('leaves out http://127.0.0.1:18233: the Web UI opened there cannot decode payloads'),
    ]);
    const matching = localCodecPlan({
      ...base,
      env: { ...encrypted, AFTERGLOW_CODEC_UI_ORIGINS: uiOriginsFor(18233).join(',') },
    });
    expect(matching).toMatchObject({ env: { AFTERGLOW_CODEC_TRUST_UI: 'true' }, warnings: [] });

    const untrusted = localCodecPlan({ ...base, env: { ...encrypted, AFTERGLOW_CODEC_TRUST_UI: 'false' } });
    expect(untrusted.env).toEqual({ AFTERGLOW_CODEC_UI_ORIGINS: 'http://localhost:18233,http://127.0.0.1:18233' });
    expect(untrusted.warnings).toEqual([
      expect.stringMatching(
        /^AFTERGLOW_CODEC_TRUST_UI=false: the Web UI at http:\/\/localhost:18233 cannot send the admin token/,
      ),
    ]);
  });

  it('trusts no origin for an API off loopback, and says so', () => {
    const plan = localCodecPlan({ ...base, apiOnLoopback: false, env: encrypted });
    expect(plan.env.AFTERGLOW_CODEC_TRUST_UI).toBeUndefined();
    expect(plan.warnings).toEqual([
      expect.stringMatching(/^the API is not on loopback \(API_HOST\), so the codec endpoint trusts no origin/),
    ]);
  });

  it('needs no codec without encryption, and says why the UI cannot decode without a token or a UI of its own', () => {
    expect(localCodecPlan({ ...base, env: { AFTERGLOW_ADMIN_TOKEN: TOKEN } })).toEqual({
      env: {},
      uiCodecEndpoint: undefined,
      warnings: [],
    });
    const noToken = localCodecPlan({ ...base, env: { AFTERGLOW_PAYLOAD_KEYS: KEYS } });
    expect(noToken).toMatchObject({ env: {}, uiCodecEndpoint: undefined });
    expect(noToken.warnings).toEqual([
      expect.stringMatching(/^AFTERGLOW_ADMIN_TOKEN is not set, so the API serves no codec endpoint/),
    ]);
    const notOurs = localCodecPlan({ ...base, uiPort: undefined, env: encrypted });
    expect(notOurs).toMatchObject({ env: {}, uiCodecEndpoint: undefined });
    expect(notOurs.warnings).toEqual([expect.stringContaining('--ui-codec-endpoint http://127.0.0.1:3100/codec')]);
  });
});

describe('the secrets npm start makes', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-secrets-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("makes only what is missing: an operator's token or key is never replaced", () => {
    const keyOnly = devEncryption(dir, { AFTERGLOW_ADMIN_TOKEN: TOKEN });
    expect(keyOnly).toEqual({ AFTERGLOW_PAYLOAD_KEYS: expect.stringMatching(/^dev1:[A-Za-z0-9+/]{43}=$/) });
    expect(fs.existsSync(path.join(dir, 'admin-token'))).toBe(false);
    const tokenOnly = devEncryption(dir, { AFTERGLOW_PAYLOAD_KEYS: KEYS });
    expect(tokenOnly).toEqual({ AFTERGLOW_ADMIN_TOKEN: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(devEncryption(dir, encrypted)).toEqual({});
  });

  it('keeps what it made in the data folder, readable only by the owner, the same on every start', () => {
    const first = devEncryption(dir, {});
    expect(devEncryption(dir, {})).toEqual(first);
    expect(fs.readFileSync(path.join(dir, 'admin-token'), 'utf8')).toBe(first.AFTERGLOW_ADMIN_TOKEN);
    for (const file of ['admin-token', 'payload-keys'])
      expect(fs.statSync(path.join(dir, file)).mode & 0o777).toBe(0o600);
  });
});
