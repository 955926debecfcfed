import type { Step } from '../../definitions/journeySchema';
import { isMessageStep, messageStepOf } from '../../rules/journeyState';
import { journey } from '../helpers/fixtures';

const steps: Step[] = journey({
  id: 'j',
  name: 'J',
  trigger: { event: 'order.placed' },
  steps: [
    { id: 'hello', template: 'reassurance', category: 'service' },
    { id: 'await-delivery', waitFor: { event: 'order.delivered', timeout: '10d' } },
    { id: 'how-to', template: 'how-to', category: 'service', at: { from: 'delivery', after: '3d' } },
    { id: 'await-review', waitFor: { event: 'review.submitted', timeout: '30d', onTimeout: 'exit' } },
  ],
}).steps;

describe('the message step of a planned message', () => {
  it.each([
    [0, 'hello', true],
    [1, 'await-delivery', false],
    [2, 'how-to', true],
    [3, 'await-review', false],
  ])('step %i (%s) is a message step: %s', (index, id, sends) => {
    expect(steps[index].id).toBe(id);
    expect(isMessageStep(steps[index])).toBe(sends);
  });

  it.each([
    [0, 'reassurance'],
    [2, 'how-to'],
  ])('step %i is the run’s own message step, template %s', (index, template) => {
    const step = messageStepOf({ steps }, index);
    expect(step).toBe(steps[index]);
    expect(step.template).toBe(template);
  });

  it.each([
    [1, 'step 1 ("await-delivery") waits for order.delivered: it is not a message step'],
    [3, 'step 3 ("await-review") waits for review.submitted: it is not a message step'],
    [4, 'there is no step 4 (the run has 4)'],
    [-1, 'there is no step -1 (the run has 4)'],
  ])('step %i is refused, never read as a message', (index, why) => {
    expect(() => messageStepOf({ steps }, index)).toThrow(new Error(why));
  });
});
