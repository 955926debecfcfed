import path from 'node:path';
import { journeyDiagram } from '../../authoring/diagram';
import { loadJourneys } from '../../definitions/loadJourneys';
import { journey } from '../support/fixtures';

const REPO_ROOT = path.resolve(__dirname, '../..');

describe('the shipped post-purchase journey as a Mermaid flowchart', () => {
  const lines = journeyDiagram(loadJourneys(REPO_ROOT)[0].definition).split('\n');

  it('starts at the trigger and ends when the last step is done', () => {
    expect(lines[0]).toBe('flowchart TD');
    expect(lines).toContain('  trigger(["<b>Post-purchase</b><br/>order.placed"])');
    expect(lines).toContain('  trigger --> s_reassurance_when');
    expect(lines).toContain('  s_win_back --> done');
  });

  it('shows each message step with its category, forEach, timing and recommendations', () => {
    expect(lines).toContain('  s_reassurance["<b>reassurance</b><br/>service<br/>due at order + 0"]');
    expect(lines).toContain('  s_how_to["<b>how-to</b><br/>service · for each product<br/>due at delivery + 2h"]');
    expect(lines).toContain('  s_milestone["<b>milestone</b><br/>service · for each milestone<br/>due at delivery + milestone week"]');
    expect(lines).toContain('  s_cross_sell["<b>cross-sell</b><br/>marketing<br/>due at delivery + 10d<br/>recommends cross-sell"]');
    expect(lines).toContain('  s_refill["<b>refill</b><br/>marketing · for each product<br/>due at delivery + days of supply − 5d"]');
  });

  it('shows the delivery wait with both ways on', () => {
    expect(lines).toContain('  s_await_delivery{{"<b>await-delivery</b><br/>wait for order.delivered<br/>up to 10d"}}');
    expect(lines).toContain('  s_await_delivery -->|"order.delivered"| s_how_to_when');
    expect(lines).toContain('  s_await_delivery -.->|"no order.delivered in 10d: go on"| s_how_to_when');
  });

  it('turns conditions into yes/no branches, no skipping to the next step', () => {
    expect(lines).toContain('  s_delivery_check_when{"delivered is false and firstOrder is true?"}');
    expect(lines).toContain('  s_how_to --> s_delivery_check_when');
    expect(lines).toContain('  s_delivery_check_when -->|"yes"| s_delivery_check');
    expect(lines).toContain('  s_delivery_check_when -->|"no"| s_milestone_when');
    expect(lines).toContain('  s_delivery_check --> s_milestone_when');
    expect(lines).toContain('  s_how_to_when{"not (daysSinceBought < 365)?"}');
  });

  it('draws the exits of the journey and of single steps', () => {
    expect(lines).toContain('  trigger -.->|"order.refunded / order.cancelled: at any step"| exit');
    expect(lines).toContain('  s_upsell -.->|"order.reordered: this step ends"| exit');
    expect(lines.filter((l) => l.endsWith('| exit'))).toHaveLength(4);
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
      '  s_await_review -.->|"no review.submitted in 2w"| exit',
      '  s_await_review -->|"review.submitted"| s_thanks',
      '  s_thanks["<b>thanks</b><br/>template thank-you<br/>service<br/>due at previous step + 1h"]',
    ]),
  );
  expect(diagram).not.toContain('trigger -.->');
});

it('leaves the exit out of a journey that never exits early', () => {
  const diagram = journeyDiagram(
    journey({ id: 'j', name: 'J', exitOn: [], trigger: { event: 'order.placed' }, steps: [{ id: 'thanks', template: 'thanks', category: 'service' }] }),
  );
  expect(diagram).toBe(
    [
      'flowchart TD',
      '  trigger(["<b>J</b><br/>order.placed"])',
      '  trigger --> s_thanks',
      '  s_thanks["<b>thanks</b><br/>service<br/>due at order + 0"]',
      '  done(["journey complete"])',
      '  s_thanks --> done',
      '',
    ].join('\n'),
  );
});
