import { consentStore, type ConsentStore } from '../../storage/consent';
import { dialects, storageFor } from './backends';

const day = (d: number) => new Date(Date.UTC(2026, 2, d, 9, 30, 15, 250));

describe.each(dialects)('consent on %s', (dialect) => {
  const stores = storageFor(dialect);
  let consent: ConsentStore;
  beforeAll(async () => {
    consent = consentStore((await stores.open()).db);
  });

  it('has no consent for a customer nobody recorded', async () => {
    expect(await consent.currentConsent('default', 'nobody')).toBeUndefined();
    expect(await consent.consentHistory('default', 'nobody')).toEqual([]);
  });

  it('keeps every change and answers the latest', async () => {
    const c = { storeId: 'default', customerId: 'c-history' };
    await consent.recordConsent({ ...c, marketing: true, source: 'order', at: day(1) });
    await consent.recordConsent({ ...c, marketing: false, source: 'unsubscribe', at: day(10) });
    await consent.recordConsent({ ...c, marketing: true, source: 'preference-page', at: day(20) });

    const current = await consent.currentConsent('default', 'c-history');
    expect(current).toEqual({ ...c, marketing: true, source: 'preference-page', at: day(20) });
    expect((await consent.consentHistory('default', 'c-history')).map((h) => [h.marketing, h.source, h.at])).toEqual([
      [true, 'order', day(1)],
      [false, 'unsubscribe', day(10)],
      [true, 'preference-page', day(20)],
    ]);
  });

  it('does not let an older change arriving late undo a newer one', async () => {
    const c = { storeId: 'default', customerId: 'c-late' };
    await consent.recordConsent({ ...c, marketing: false, source: 'unsubscribe', at: day(10) });
    await consent.recordConsent({ ...c, marketing: true, source: 'order', at: day(1) });
    expect(await consent.currentConsent('default', 'c-late')).toMatchObject({ marketing: false, source: 'unsubscribe' });
  });

  it('takes the later-recorded of two changes at the same moment', async () => {
    const c = { storeId: 'default', customerId: 'c-tie' };
    await consent.recordConsent({ ...c, marketing: true, source: 'order', at: day(5) });
    await consent.recordConsent({ ...c, marketing: false, source: 'support', at: day(5) });
    expect(await consent.currentConsent('default', 'c-tie')).toMatchObject({ marketing: false, source: 'support' });
  });

  it('records the same change once, however often it is retried', async () => {
    const change = { storeId: 'default', customerId: 'c-retry', marketing: true, source: 'order' as const, at: day(3) };
    await consent.recordConsent(change);
    await consent.recordConsent(change);
    expect(await consent.consentHistory('default', 'c-retry')).toHaveLength(1);
  });

  it('keeps stores apart', async () => {
    await consent.recordConsent({ storeId: 'store-a', customerId: 'c-1', marketing: true, source: 'order', at: day(1) });
    expect(await consent.currentConsent('store-b', 'c-1')).toBeUndefined();
  });
});
