import { journeyDiagram } from '../../authoring/diagram';
import { loadJourneys } from '../../definitions/loadJourneys';
import { journey } from '../helpers/fixtures';
import { FIXTURE_CONTENT_DIR } from '../helpers/fixtureContent';

describe('the post-purchase journey as a Mermaid flowchart', () => {
  const lines = journeyDiagram(loadJourneys(FIXTURE_CONTENT_DIR)[0].definition).split('\n');

  it('hangs each step off its own anchor, with its delay on the edge', () => {
    expect(lines[0]).toBe('flowchart TD');
    expect(lines).toContain('  trigger(["<b>Post-purchase</b><br/>order.placed"])');
    expect(lines).toContain('  trigger -->|"+ 0"| s_reassurance_when');
    expect(lines).toContain('  delivery -->|"+ 2h"| s_how_to_when');
    expect(lines).toContain('  delivery -->|"+ milestone week"| s_milestone_when');
    expect(lines).toContain('  delivery -->|"+ 5w"| s_upsell');
    expect(lines).toContain('  delivery -->|"+ days of supply − 5d"| s_refill_when');
    // Not a chain in file order: no step leads to the one below it.
    expect(lines).not.toContain('  s_how_to --> s_delivery_check_when');
  });

  it('shows each message step with its category, forEach and recommendations', () => {
    expect(lines).toContain('  s_reassurance["<b>reassurance</b><br/>service"]');
    expect(lines).toContain('  s_how_to["<b>how-to</b><br/>service · for each product"]');
    expect(lines).toContain('  s_milestone["<b>milestone</b><br/>service · for each milestone"]');
    expect(lines).toContain('  s_cross_sell["<b>cross-sell</b><br/>marketing<br/>recommends cross-sell"]');
  });

  it('shows the delivery wait with both ways on to the delivery', () => {
    expect(lines).toContain(
      '  s_await_delivery{{"<b>await-delivery</b><br/>wait for order.delivered<br/>up to 10d from the order"}}',
    );
    expect(lines).toContain('  s_await_delivery -->|"order.delivered"| delivery');
    expect(lines).toContain(
      '  s_await_delivery -.->|"no order.delivered in 10d: its timeout counts as the delivery"| delivery',
    );
  });

  it('turns conditions into yes/no decisions before the step, "no" meaning skipped', () => {
    expect(lines).toContain('  s_delivery_check_when{"delivered is false and firstOrder is true?"}');
    expect(lines).toContain('  delivery -->|"+ 3d"| s_delivery_check_when');
    expect(lines).toContain('  s_delivery_check_when -->|"yes"| s_delivery_check');
    expect(lines).toContain('  s_delivery_check_when -.->|"no"| skipped');
  });

  it('draws the exits of the journey and of single steps', () => {
    expect(lines).toContain('  trigger -.->|"order.refunded / order.cancelled: at any step"| exit');
    expect(lines).toContain('  s_upsell -.->|"order.reordered: this step ends"| exit');
    expect(lines.filter((l) => l.endsWith('| exit'))).toHaveLength(4);
  });

  it('sends the answer-timed steps from the reactions, with their delay', () => {
    expect(lines).toContain('  r0 -->|"send, + 0"| s_sorry');
  });
});

it('draws a wait that exits on timeout, the previous-step anchor and trigger filters', () => {
  const diagram = journeyDiagram(
    journey({
      id: 'review',
      name: 'Say "thanks"',
      exitOn: [],
      trigger: { event: 'order.placed', filters: { skus: ['A', 'B'], firstOrder: true, minTotal: 50 } },
      steps: [
        { id: 'await-review', waitFor: { event: 'review.submitted', timeout: '2w', onTimeout: 'exit' } },
        { id: 'thanks', template: 'thank-you', category: 'service', at: { from: 'previous', after: '1h' } },
      ],
    }),
  );
  expect(diagram.split('\n')).toEqual(
    expect.arrayContaining([
      '  trigger(["<b>Say #quot;thanks#quot;</b><br/>order.placed, SKU in A, B, first order, total ≥ 50"])',
      '  trigger --> s_await_review',
      '  s_await_review -.->|"no review.submitted in 2w"| exit',
      '  s_await_review -->|"+ 1h"| s_thanks',
      '  s_thanks["<b>thanks</b><br/>template thank-you<br/>service"]',
    ]),
  );
  expect(diagram).not.toContain('trigger -.->');
});

it('leaves the exit out of a journey that never exits early', () => {
  const diagram = journeyDiagram(
    journey({
      id: 'j',
      name: 'J',
      exitOn: [],
      trigger: { event: 'order.placed' },
      steps: [{ id: 'thanks', template: 'thanks', category: 'service' }],
    }),
  );
  expect(diagram).toBe(
    [
      'flowchart TD',
      '  trigger(["<b>J</b><br/>order.placed"])',
      '  s_thanks["<b>thanks</b><br/>service"]',
      '  trigger -->|"+ 0"| s_thanks',
      '',
    ].join('\n'),
  );
});
