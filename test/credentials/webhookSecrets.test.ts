import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPerStoreWebhookSecrets, WEBHOOK_SECRETS_FILE, webhookSecretFor } from '../../credentials/webhookSecrets';

describe('webhook secrets', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-secrets-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it.each([
    ['a store with its own secret uses it, not the app-level one', 'shop-a', 'own-a'],
    ['a store without one falls back to the app-level secret', 'shop-b', 'app-level'],
  ])('%s', (_title, storeId, expected) => {
    const perStore = loadPerStoreWebhookSecrets('{"shopify":{"shop-a":"own-a"}}', dataDir);
    expect(webhookSecretFor('shopify', storeId, { perStore, appLevel: 'app-level' })).toBe(expected);
  });

  it('has no secret when neither is configured, and an empty variable is none', () => {
    const perStore = loadPerStoreWebhookSecrets('{"shopify":{"shop-a":"x"}}', dataDir);
    expect(webhookSecretFor('woocommerce', 'shop-a', { perStore })).toBeUndefined();
    expect(webhookSecretFor('woocommerce', 'shop-a', { perStore, appLevel: '' })).toBeUndefined();
  });

  it('reads the data folder file when the variable is unset, and the variable wins when set', () => {
    fs.writeFileSync(path.join(dataDir, WEBHOOK_SECRETS_FILE), JSON.stringify({ woocommerce: { 'wc-1': 'a,b=c:d' } }));
    expect(loadPerStoreWebhookSecrets(undefined, dataDir).woocommerce?.['wc-1']).toBe('a,b=c:d');
    expect(loadPerStoreWebhookSecrets('{}', dataDir).woocommerce).toBeUndefined();
  });

  it.each([
    ['{not json', /AFTERGLOW_WEBHOOK_SECRETS: not valid JSON/],
    ['{"magento":{}}', /AFTERGLOW_WEBHOOK_SECRETS: .*magento/],
    ['{"shopify":{"bad store!":"x"}}', /AFTERGLOW_WEBHOOK_SECRETS: shopify\.bad store!/],
    ['{"shopify":{"shop-a":""}}', /AFTERGLOW_WEBHOOK_SECRETS: shopify\.shop-a: /],
  ])('refuses %s, saying where and what', (text, message) => {
    expect(() => loadPerStoreWebhookSecrets(text, dataDir)).toThrow(message);
  });
});
