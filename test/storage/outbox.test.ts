import { outboxStore } from '../../storage/outbox';
import { webhookDeliveryStore } from '../../storage/webhookDeliveries';
import { dialects, storageFor } from './backends';

describe.each(dialects)('the outbox on %s', (dialect) => {
  const stores = storageFor(dialect);
  let clock = Date.parse('2026-03-05T12:00:00Z');
  const now = () => new Date(clock);

  it('hands each due signal to one drainer at a time, oldest first, and forgets it once delivered', async () => {
    const outbox = outboxStore((await stores.open()).db, now);
    const first = await outbox.enqueue({
      workflowId: 'customer/default/c-1',
      signal: 'consentChanged',
      args: [{ marketing: 'unsubscribed' }],
    });
    const second = await outbox.enqueue({
      workflowId: 'customer/default/c-2',
      signal: 'consentChanged',
      args: [{ marketing: 'paused' }],
    });
    expect(await outbox.depth()).toBe(2);

    const taken = await outbox.take(10);
    expect(taken).toEqual([
      {
        id: first,
        workflowId: 'customer/default/c-1',
        signal: 'consentChanged',
        args: [{ marketing: 'unsubscribed' }],
        attempts: 0,
      },
      {
        id: second,
        workflowId: 'customer/default/c-2',
        signal: 'consentChanged',
        args: [{ marketing: 'paused' }],
        attempts: 0,
      },
    ]);
    // A second drainer finds them leased.
    expect(await outbox.take(10)).toEqual([]);

    await outbox.done(first);
    expect(await outbox.depth()).toBe(1);
    // A drainer that died mid-signal: its lease runs out and another takes the entry.
    clock += 31_000;
    expect((await outbox.take(10)).map((e) => e.id)).toEqual([second]);
  });

  it('backs off after each failed attempt, up to a minute, and keeps the last error', async () => {
    const { db } = await stores.open();
    const outbox = outboxStore(db, now);
    const id = await outbox.enqueue({ workflowId: 'w', signal: 's', args: [] });
    const waits: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const [entry] = await outbox.take(1);
      await outbox.retryLater(entry, `Temporal down (${attempt})`);
      const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const due = new Date(row.next_attempt_at).getTime();
      waits.push((due - clock) / 1000);
      expect(row.last_error).toBe(`Temporal down (${attempt})`);
      expect(await outbox.take(1)).toEqual([]);
      clock = due;
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
  });

  it('takes only the entries asked for', async () => {
    const outbox = outboxStore((await stores.open()).db, now);
    await outbox.enqueue({ workflowId: 'a', signal: 's', args: [] });
    const b = await outbox.enqueue({ workflowId: 'b', signal: 's', args: [] });
    expect((await outbox.take(10, [b])).map((e) => e.workflowId)).toEqual(['b']);
    expect(await outbox.take(10, [])).toEqual([]);
  });
});

describe.each(dialects)('webhook deliveries on %s', (dialect) => {
  const stores = storageFor(dialect);

  it('tells a first delivery, a retry from the same shop and a replay under another shop apart', async () => {
    const deliveries = webhookDeliveryStore((await stores.open()).db);
    expect(await deliveries.sighting('shopify', 'b54557e4', 'shop-a.myshopify.com')).toBe('first');
    expect(await deliveries.sighting('shopify', 'b54557e4', 'shop-a.myshopify.com')).toBe('retry');
    expect(await deliveries.sighting('shopify', 'b54557e4', 'shop-b.myshopify.com')).toBe('elsewhere');
    expect(await deliveries.sighting('woocommerce', 'b54557e4', 'shop-b')).toBe('first');
  });
});
