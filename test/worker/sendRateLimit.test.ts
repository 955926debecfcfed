import { temporalJourneyGateway } from '../../client/journeyGateway';
import { Order } from '../../domain/order';
import { loadConfig } from '../../temporal.config';
import { workerTuning } from '../../worker/tuning';
import { type DevHarness, startDevHarness } from '../helpers/devServerHarness';

const N = 16;
const RATE = 4;
const TASK_QUEUE = 'send-rate-limit';

describe('the global send-rate limit (AFTERGLOW_SEND_RATE_LIMIT)', () => {
  it('maps the configuration to the worker options; unset, only the workflow threads differ from the SDK (two on two cores)', () => {
    const env = {
      AFTERGLOW_SEND_RATE_LIMIT: '4',
      AFTERGLOW_WORKER_CONCURRENT_SENDS: '20',
      AFTERGLOW_WORKER_WORKFLOW_THREADS: '2',
      AFTERGLOW_WORKER_CACHED_JOURNEYS: '1000',
    };
    expect(workerTuning(loadConfig(env))).toEqual({
      maxTaskQueueActivitiesPerSecond: 4,
      maxConcurrentActivityTaskExecutions: 20,
      workflowThreadPoolSize: 2,
      maxCachedWorkflows: 1000,
    });
    expect(workerTuning(loadConfig({}), 1)).toEqual({});
    expect(workerTuning(loadConfig({}), 4)).toEqual({ workflowThreadPoolSize: 2 });
    expect(() => loadConfig({ AFTERGLOW_SEND_RATE_LIMIT: '0' })).toThrow(/AFTERGLOW_SEND_RATE_LIMIT/);
  });

  describe('on the dev server', () => {
    let h: DevHarness;
    beforeAll(async () => {
      h = await startDevHarness(TASK_QUEUE, {
        tuning: workerTuning(loadConfig({ AFTERGLOW_SEND_RATE_LIMIT: String(RATE) })),
      });
    }, 60_000);
    afterAll(() => h?.close());

    it(`holds: ${N} emails due at once at ${RATE}/s take at least ${N / RATE} s, and every one arrives once`, async () => {
      const gateway = temporalJourneyGateway(h.env.client, TASK_QUEUE);
      const started = Date.now();
      // Each order's reassurance is due at once (it ignores the send window): N sends wanting to go out together.
      await Promise.all(
        Array.from({ length: N }, (_, i) =>
          gateway.placeOrder(
            Order.parse({
              orderId: `rate-${i}`,
              placedAt: new Date().toISOString(),
              currency: 'USD',
              total: '58.00',
              customer: { id: `rate-${i}`, email: `rate-${i}@example.com`, acceptsMarketing: false },
              lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '58.00' }],
            }),
          ),
        ),
      );
      const mails = await h.sink.waitFor(N, { timeoutMs: 60_000 });
      const elapsed = (Date.now() - started) / 1000;
      expect(elapsed).toBeGreaterThanOrEqual(N / RATE);
      // The bound above counts from before the orders, so a slow start alone could meet it. The spacing of the
      // arrivals cannot: unlimited, all N go out within a fraction of a second; at RATE/s, even granting a first burst
      // of RATE, the rest take (N - RATE) / RATE seconds.
      const arrivals = mails.map((m) => m.receivedAt).sort((a, b) => a - b);
      expect((arrivals[N - 1] - arrivals[0]) / 1000).toBeGreaterThanOrEqual((N - RATE) / RATE);
      expect(new Set(mails.flatMap((m) => m.envelopeTo)).size).toBe(N);
      expect(mails).toHaveLength(N);
    }, 90_000);
  });
});
