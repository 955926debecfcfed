import { Order } from '../../domain/order';
import { runSimulation } from '../../simulation/runSimulation';
import { parseOrderSpec, parseSimulationEvent } from '../../simulation/simulationEvents';
import { formatTimeline, timelineRows } from '../../simulation/timeline';
import { fixtureContent } from '../helpers/fixtureContent';

const content = fixtureContent();
const order = Order.parse({
  orderId: 'S-1',
  placedAt: '2026-03-02T01:30:00Z', // 10:30 in Tokyo
  currency: 'JPY',
  total: '6800',
  customer: {
    id: 'c-sim',
    email: 'sim@example.com',
    firstName: '花子',
    locale: 'ja-JP',
    timezone: 'Asia/Tokyo',
    acceptsMarketing: true,
  },
  lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '6800' }],
});
const simulate = (events: string[], consent?: boolean) =>
  runSimulation({ order, events: events.map(parseSimulationEvent), consent, content });

describe('simulate', () => {
  it("prints the dated timeline of the real workflow: a reorder ends the first order's win-back", async () => {
    const started = Date.now();
    const result = await simulate(['delivered@+3d', 'reorder@+45d']);
    const rows = timelineRows(result);
    const table = formatTimeline(rows, result.zone);
    console.log(`simulated a year in ${((Date.now() - started) / 1000).toFixed(1)} s\n${table}`);

    const first = rows.filter((r) => r.orderId === 'S-1');
    expect(first[0]).toMatchObject({ stepId: 'reassurance', status: 'sent' });
    expect(Math.abs(first[0].at! - Date.parse(order.placedAt))).toBeLessThan(60_000); // sending takes real seconds
    expect(first.find((r) => r.stepId === 'refill')).toMatchObject({ status: 'sent' }); // due before the reorder
    expect(first.find((r) => r.stepId === 'win-back')).toMatchObject({
      status: 'cancelled',
      note: 'customer reordered (order S-1-R1)',
    });
    expect(rows.some((r) => r.orderId === 'S-1-R1' && r.stepId === 'thanks-again' && r.status === 'sent')).toBe(true);
    // Shown on the order's own calendar, in the customer's zone; the Japanese subject came from the real template.
    expect(table).toContain('2026-03-02 10:30');
    expect(first[0].subject).toMatch(/[ぁ-んァ-ン一-龯]/);
    expect(result.mails.length).toBe(rows.filter((r) => r.status === 'sent').length);
  });

  it('without consent, every marketing message shows as skipped with the reason', async () => {
    const rows = timelineRows(await simulate(['delivered@+1d'], false));
    const marketing = rows.filter((r) => ['cross-sell', 'upsell', 'refill', 'win-back'].includes(r.stepId));
    expect(marketing.length).toBeGreaterThan(0);
    for (const r of marketing) expect(r).toMatchObject({ status: 'skipped', note: 'no marketing consent' });
  });

  it('an answer is an event: a 2-star rating shows in the timeline, the apology goes out and marketing is held back', async () => {
    const rows = timelineRows(await simulate(['delivered@+2d', 'answer:feedback=2@+24d']));
    const answer = rows.find((r) => r.stepId === 'answer');
    expect(answer).toMatchObject({ status: 'answered' });
    expect(answer!.note).toContain('rated 2/5');
    expect(rows.find((r) => r.stepId === 'sorry')).toMatchObject({ status: 'sent' });
    for (const step of ['upsell', 'win-back']) {
      expect(rows.find((r) => r.stepId === step)).toMatchObject({
        status: 'skipped',
        note: expect.stringContaining('held back: the customer rated 2/5'),
      });
    }
  });

  it('reads --order specs: the first at the start, later ones at their offset', () => {
    expect(parseOrderSpec('first.json', true)).toEqual({ file: 'first.json', afterMs: 0 });
    expect(parseOrderSpec('orders/second@home.json@+40d', false)).toEqual({
      file: 'orders/second@home.json',
      afterMs: 40 * 86_400_000,
    });
    expect(() => parseOrderSpec('first.json@+3d', true)).toThrow(
      '--order "first.json@+3d": the first order is placed at the start',
    );
    expect(() => parseOrderSpec('second.json', false)).toThrow(
      '--order "second.json": a later order needs its time, <file>@+<n><m|h|d|w>',
    );
  });

  it('says what is wrong with a bad --event', () => {
    expect(() => parseSimulationEvent('delivered+3d')).toThrow(
      '--event "delivered+3d": expected <event>@+<n><m|h|d|w>, e.g. delivered@+3d',
    );
    expect(() => parseSimulationEvent('shipped@+3d')).toThrow('unknown event "shipped"');
    expect(() => parseSimulationEvent('delivered:feedback=2@+3d')).toThrow('only answer takes ":question=choice"');
    expect(() => parseSimulationEvent('answer:survey=2@+3d')).toThrow(
      'answer needs a question, answer:<feedback|win-back>=<choice>',
    );
    expect(() => parseSimulationEvent('answer:feedback=9@+3d')).toThrow(
      '"9" is not an answer to feedback (one of 1, 2, 3, 4, 5)',
    );
    expect(parseSimulationEvent('answer:win-back=still-have-some@+80d')).toMatchObject({
      kind: 'answer',
      answer: { question: 'win-back', choice: 'still-have-some' },
    });
    expect(parseSimulationEvent('reorder@+45d')).toEqual({
      kind: 'reorder',
      afterMs: 45 * 86_400_000,
      spec: 'reorder@+45d',
    });
  });
});
