import type { JourneyGateway } from '../../client/journeyGateway';
import type { ImportItem } from '../../cli/import/importFile';
import { runImport } from '../../cli/import/runImport';
import type { JourneyEvent } from '../../domain/events';
import type { Order } from '../../domain/order';
import { orderImportStore } from '../../storage/orderImports';
import { order } from '../helpers/fixtures';
import { storageFor } from '../storage/backends';

const storage = storageFor('sqlite');

/** A gateway that records what reaches it, and when (the real one is exercised in test/e2e/importOrders.test.ts). */
function recordingFake() {
  const calls: { kind: 'order' | 'event'; id: string; at: number; order?: Order; event?: JourneyEvent }[] = [];
  const gateway: JourneyGateway = {
    placeOrder: async (o) => (
      calls.push({ kind: 'order', id: o.orderId, at: performance.now(), order: o }),
      { workflowId: 'w' }
    ),
    reportEvent: async (e) => (
      calls.push({ kind: 'event', id: `${e.orderId} ${e.type}`, at: performance.now(), event: e }),
      { workflowId: 'w' }
    ),
  };
  return { gateway, calls };
}
const item = (orderId: string, placedAt: string, events: ImportItem['events'] = []): ImportItem => ({
  order: order({ orderId, placedAt }),
  events,
  where: `f:${orderId}`,
});
const progress = () => ({
  ticks: [] as string[],
  tick(kind: string) {
    this.ticks.push(kind);
  },
  stop() {},
});

describe('runImport', () => {
  it('sends oldest first, marked imported, each event right after its order, and remembers what it sent', async () => {
    const { db } = await storage.open();
    const { gateway, calls } = recordingFake();
    const items = [
      item('B', '2025-05-01T00:00:00Z'),
      item('A', '2025-01-01T00:00:00Z', [{ type: 'order.refunded', occurredAt: '2025-01-09T00:00:00Z' }]),
      item('C', '2025-03-01T00:00:00Z'),
    ];
    const counts = await runImport(items, {
      storeId: 'default',
      gateway,
      imports: orderImportStore(db),
      rate: 1_000,
      progress: progress(),
    });
    expect(counts).toEqual({ imported: 3, already: 0, remaining: 0 });
    expect(calls.map((c) => c.id)).toEqual(['A', 'A order.refunded', 'C', 'B']);
    expect(calls.filter((c) => c.order).map((c) => c.order!.imported)).toEqual([true, true, true]);
    expect(calls[1].event).toMatchObject({
      storeId: 'default',
      customerId: 'c-42',
      orderId: 'A',
      occurredAt: '2025-01-09T00:00:00Z',
    });

    // A second run: nothing reaches the journeys again; a repeated id in the file counts as already there.
    const again = recordingFake();
    const second = await runImport([...items, item('A', '2025-01-01T00:00:00Z')], {
      storeId: 'default',
      gateway: again.gateway,
      imports: orderImportStore(db),
      rate: 1_000,
      progress: progress(),
    });
    expect(second).toEqual({ imported: 0, already: 4, remaining: 0 });
    expect(again.calls).toEqual([]);
  });

  it('keeps to the rate: 6 orders at 20 per second take at least a quarter of a second', async () => {
    const { db } = await storage.open();
    const { gateway, calls } = recordingFake();
    const items = Array.from({ length: 6 }, (_, i) => item(`O${i}`, `2025-01-0${i + 1}T00:00:00Z`));
    await runImport(items, {
      storeId: 'default',
      gateway,
      imports: orderImportStore(db),
      rate: 20,
      progress: progress(),
    });
    // The first goes at once, each next one 50 ms after the one before (timers may fire a millisecond early).
    expect(calls.at(-1)!.at - calls[0].at).toBeGreaterThanOrEqual(245);
  });

  it('stops between orders when asked, leaving the rest for the next run', async () => {
    const { db } = await storage.open();
    const { gateway, calls } = recordingFake();
    const items = Array.from({ length: 5 }, (_, i) => item(`O${i}`, `2025-01-0${i + 1}T00:00:00Z`));
    const counts = await runImport(items, {
      storeId: 'default',
      gateway,
      imports: orderImportStore(db),
      rate: 1_000,
      progress: progress(),
      stopped: () => calls.length >= 2,
    });
    expect(counts).toEqual({ imported: 2, already: 0, remaining: 3 });
    const rest = recordingFake();
    expect(
      await runImport(items, {
        storeId: 'default',
        gateway: rest.gateway,
        imports: orderImportStore(db),
        rate: 1_000,
        progress: progress(),
      }),
    ).toEqual({ imported: 3, already: 2, remaining: 0 });
    expect(rest.calls.map((c) => c.id)).toEqual(['O2', 'O3', 'O4']);
  });

  it('a journey that cannot be reached stops the import; what went before is kept', async () => {
    const { db } = await storage.open();
    const { gateway, calls } = recordingFake();
    const failing: JourneyGateway = {
      ...gateway,
      placeOrder: async (o) => {
        if (calls.length === 2) throw new Error('Temporal did not answer within 3 s');
        return gateway.placeOrder(o);
      },
    };
    const items = Array.from({ length: 4 }, (_, i) => item(`O${i}`, `2025-01-0${i + 1}T00:00:00Z`));
    await expect(
      runImport(items, {
        storeId: 'default',
        gateway: failing,
        imports: orderImportStore(db),
        rate: 1_000,
        progress: progress(),
      }),
    ).rejects.toThrow('Temporal did not answer within 3 s');
    expect([...(await orderImportStore(db).importedAmong('default', ['O0', 'O1', 'O2', 'O3']))]).toEqual(['O0', 'O1']);
  });
});
