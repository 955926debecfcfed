import { authenticate, type DKIMResult } from 'mailauth';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { storeSettings } from '../../definitions/loadStores';
import { openJourneyDependencies } from '../../worker/journeyDependencies';
import { order } from '../helpers/fixtures';
import { startSmtpSink } from '../../devtools/smtpSink';
import { TEST_LINK_SECRET } from '../helpers/testDependencies';
import { fixtureContent } from '../helpers/fixtureContent';

/** mailauth reports which headers a signature covers, but its typings leave that out. */
type SignedResult = DKIMResult & { signingHeaders: { keys: string } };

it('DKIM-signs marketing mail, List-Unsubscribe and List-Unsubscribe-Post included, verifiably', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const sink = await startSmtpSink();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-dkim-'));
  const content = fixtureContent();
  const deps = await openJourneyDependencies({
    content: () => content,
    smtpUrl: sink.url,
    dataDir,
    mailFrom: 'Shop <hello@shop.example.com>',
    publicUrl: 'https://afterglow.example.com',
    linkSecrets: [TEST_LINK_SECRET],
    dkim: {
      domainName: 'shop.example.com',
      keySelector: 'ag1',
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    },
    warmTemplates: false,
  });
  try {
    const o = order({
      customer: { id: 'dkim', email: 'dkim@example.com', acceptsMarketing: true },
      lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '1' }],
    });
    await new MockActivityEnvironment().run(deps.activities.sendMessage, {
      workflowId: 'customer/default/dkim',
      messageKey: 'd/cross-sell',
      stepId: 'cross-sell',
      template: 'cross-sell',
      category: 'marketing' as const,
      to: 'dkim@example.com',
      store: storeSettings(content.stores, 'default'),
      order: o,
      products: {
        'VC-SERUM-30': content.products.get('VC-SERUM-30')!,
        'GENTLE-CLEANSER': content.products.get('GENTLE-CLEANSER')!,
      },
      item: null,
      recommendSkus: ['GENTLE-CLEANSER'],
    });
    const [mail] = await sink.waitFor(1);
    const dnsRecord = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
    const report = await authenticate(mail.raw, {
      trustReceived: false,
      disableArc: true,
      resolver: async (name: string, type: string) => {
        if (name === 'ag1._domainkey.shop.example.com' && type === 'TXT') return [[dnsRecord]];
        throw Object.assign(new Error(`no ${type} ${name}`), { code: 'ENOTFOUND' });
      },
    });
    const [result] = report.dkim.results as SignedResult[];
    expect(result.status.result).toBe('pass');
    const signed = result.signingHeaders.keys.toLowerCase().split(': ');
    expect(signed).toEqual(expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'from', 'subject']));
  } finally {
    await deps.close();
    await sink.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
