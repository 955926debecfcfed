import type { JourneyEvent } from '../../domain/events';
import { Order } from '../../domain/order';
import { factStore } from '../../measurement/facts';
import { optOutStore } from '../../storage/optOuts';
import { webhookResourceVersions } from '../../storage/webhookResourceVersions';
import { databaseMigratedTo, dialects, storageFor } from './backends';

const T0 = Date.UTC(2026, 2, 1, 10);
const order = (orderId: string, total = '100.00', currency = 'USD') =>
  Order.parse({
    storeId: 's',
    orderId,
    placedAt: new Date(T0).toISOString(),
    currency,
    total,
    customer: { id: `c-${orderId}`, email: `${orderId}@example.com` },
    lineItems: [{ sku: 'A', title: 'A', quantity: 1, unitPrice: total }],
  });
const refund = (orderId: string, refund?: JourneyEvent['refund']): JourneyEvent => ({
  type: 'order.refunded',
  storeId: 's',
  customerId: `c-${orderId}`,
  orderId,
  occurredAt: new Date(T0 + 86_400_000).toISOString(),
  ...(refund && { refund }),
});

describe.each(dialects)('webhook resources, refunds and consent evidence on %s', (dialect) => {
  const stores = storageFor(dialect);

  it('migrates a 0007 database: the store events it had are kept, and a refund can now be told from the next', async () => {
    const at = await stores.location();
    const legacy = await databaseMigratedTo(at, '0008_order_imports');
    await legacy
      .insertInto('fact_events')
      .values([
        {
          store_id: 's',
          order_id: 'o-1',
          customer_id: 'c-1',
          type: 'order.delivered',
          occurred_ms: T0,
          recorded_ms: T0,
        },
        {
          store_id: 's',
          order_id: 'o-1',
          customer_id: 'c-1',
          type: 'order.refunded',
          occurred_ms: T0 + 1,
          recorded_ms: T0 + 1,
        },
      ])
      .execute();
    await legacy.destroy();

    const { db } = await stores.open(at);
    const rows = await db
      .selectFrom('fact_events')
      .select(['order_id', 'type', 'event_key', 'amount', 'currency'])
      .orderBy('type')
      .execute();
    expect(rows).toEqual([
      { order_id: 'o-1', type: 'order.delivered', event_key: '', amount: null, currency: null },
      { order_id: 'o-1', type: 'order.refunded', event_key: '', amount: null, currency: null },
    ]);
    // The old key still holds for events without one…
    await factStore(db).recordEvent(refund('o-1'));
    // …and refunds with ids are rows of their own.
    await factStore(db).recordEvent(refund('o-1', { refundId: 'r-1', amount: '5.00' }));
    expect(
      await db
        .selectFrom('fact_events')
        .where('type', '=', 'order.refunded')
        .select('event_key')
        .orderBy('event_key')
        .execute(),
    ).toEqual([{ event_key: '' }, { event_key: 'r-1' }]);
  });

  it('takes each refund off the revenue once, a second one too, never more than the total, and all of it for a whole-order refund', async () => {
    const { db } = await stores.open();
    const facts = factStore(db);
    const refunded = async (orderId: string) =>
      Number(
        (
          await db
            .selectFrom('fact_orders')
            .select('refunded')
            .where('order_id', '=', orderId)
            .executeTakeFirstOrThrow()
        ).refunded,
      );
    for (const id of ['p', 'w', 'x', 'cap'])
      await facts.recordOrder(order(id, id === 'x' ? '8000' : '100.00', id === 'x' ? 'JPY' : 'USD'), 0);

    await facts.recordEvent(refund('p', { refundId: 'r-1', amount: '12.50', items: [{ sku: 'A', quantity: 1 }] }));
    await facts.recordEvent(refund('p', { refundId: 'r-1', amount: '12.50', items: [{ sku: 'A', quantity: 1 }] }));
    expect(await refunded('p')).toBe(12.5);
    await facts.recordEvent(refund('p', { refundId: 'r-2', amount: '7.25' }));
    expect(await refunded('p')).toBe(19.75);
    await facts.recordEvent(refund('p'));
    expect(await refunded('p')).toBe(100);

    await facts.recordEvent(refund('w'));
    expect(await refunded('w')).toBe(100);

    // A refund in another currency than the order's is recorded, but cannot be taken off its revenue.
    await facts.recordEvent(refund('x', { refundId: 'r-3', amount: '40.00', currency: 'USD' }));
    await facts.recordEvent(refund('x', { refundId: 'r-4', amount: '1000', currency: 'JPY' }));
    expect(await refunded('x')).toBe(1000);

    await facts.recordEvent(refund('cap', { refundId: 'r-5', amount: '80.00' }));
    await facts.recordEvent(refund('cap', { refundId: 'r-6', amount: '80.00' }));
    expect(await refunded('cap')).toBe(100);
    expect(
      await db
        .selectFrom('fact_events')
        .select(['event_key', 'amount', 'currency'])
        .where('order_id', '=', 'x')
        .orderBy('event_key')
        .execute(),
    ).toEqual([
      { event_key: 'r-3', amount: 40, currency: 'USD' },
      { event_key: 'r-4', amount: 1000, currency: 'JPY' },
    ]);
  });

  it("finds an order's customer, and nothing for an order never received", async () => {
    const { db } = await stores.open();
    const facts = factStore(db);
    await facts.recordOrder(order('o-9'), 0);
    expect(await facts.customerOfOrder('s', 'o-9')).toBe('c-o-9');
    expect(await facts.customerOfOrder('s', 'o-10')).toBeUndefined();
    expect(await facts.customerOfOrder('other-store', 'o-9')).toBeUndefined();
  });

  it('keeps the newest time applied per resource: older is stale, equal is not, and it never moves back', async () => {
    const { db } = await stores.open();
    const versions = webhookResourceVersions(db);
    const ref = { provider: 'shopify', account: 'a.myshopify.com', resource: 'customer/1' };
    expect(await versions.isStale(ref, T0)).toBe(false);
    await versions.applied(ref, T0);
    await versions.applied(ref, T0 - 5_000);
    expect(await versions.newest(ref)).toBe(T0);
    expect(await versions.isStale(ref, T0 - 1)).toBe(true);
    expect(await versions.isStale(ref, T0)).toBe(false);
    await versions.applied(ref, T0 + 5_000);
    expect(await versions.newest(ref)).toBe(T0 + 5_000);
    // Per shop and per resource.
    expect(await versions.isStale({ ...ref, account: 'b.myshopify.com' }, T0 - 1)).toBe(false);
    expect(await versions.isStale({ ...ref, resource: 'customer/2' }, T0 - 1)).toBe(false);
  });

  it("keeps a store's opt-in level with the consent change", async () => {
    const { db } = await stores.open();
    const optOuts = optOutStore(db);
    const owner = { storeId: 's', customerId: 'c-1' };
    await optOuts.recordChoice(owner, {
      status: 'subscribed',
      at: new Date(T0).toISOString(),
      source: 'store',
      optInLevel: 'confirmed',
    });
    await optOuts.recordChoice(owner, {
      status: 'unsubscribed',
      at: new Date(T0 + 1000).toISOString(),
      source: 'one-click',
    });
    expect(await optOuts.choices(owner)).toEqual([
      { status: 'subscribed', at: new Date(T0).toISOString(), source: 'store', optInLevel: 'confirmed' },
      { status: 'unsubscribed', at: new Date(T0 + 1000).toISOString(), source: 'one-click' },
    ]);
  });
});
