import type { JourneyDefinition, MessageStep } from '../definitions/journeySchema';
import { describeCondition } from '../rules/conditions';
import { isMessageStep } from '../rules/journeyState';

/**
 * A Mermaid flowchart of a journey as it is timed: each step hangs off its own anchor (the order, the delivery, the
 * step above it, or the customer's answer) by an edge that carries its delay, so the picture shows when things happen
 * rather than the order of the file. Waits show their event and what their timeout does; `when` conditions are a
 * decision before the step ("no": skipped); dotted edges go to the exit for the journey's exitOn, each step's own
 * exitOn and waits that exit.
 */
export function journeyDiagram(journey: JourneyDefinition): string {
  const lines = ['flowchart TD', `  trigger(["${label([`<b>${journey.name}</b>`, triggerText(journey)])}"])`];
  const exits: string[] = [];
  let skipped = false;
  let previous = 'trigger';
  const delivery = journey.steps.some((s) => 'template' in s && s.at.from === 'delivery');
  if (delivery) lines.push('  delivery(["delivered"])');

  for (const step of journey.steps) {
    const id = nodeId(step.id);
    if ('waitFor' in step) {
      const { event, timeout, onTimeout } = step.waitFor;
      lines.push(
        `  ${id}{{"${label([`<b>${step.id}</b>`, `wait for ${event}`, `up to ${timeout} from the order`])}"}}`,
        edge('trigger', id),
      );
      const on = event === 'order.delivered' && delivery ? 'delivery' : undefined;
      if (on) lines.push(edge(id, on, event));
      if (onTimeout === 'continue' && on)
        lines.push(edge(id, on, `no ${event} in ${timeout}: its timeout counts as the delivery`, true));
      if (onTimeout === 'exit') exits.push(edge(id, 'exit', `no ${event} in ${timeout}`, true));
      previous = id;
      continue;
    }
    // Steps only an answer sends hang off the answers (below).
    if (step.at.from === 'answer') continue;
    const anchor = { order: 'trigger', delivery: 'delivery', previous }[step.at.from];
    lines.push(`  ${id}["${label(messageText(step))}"]`);
    if (step.when) {
      const gate = `${id}_when`;
      lines.push(
        `  ${gate}{"${label([`${describeCondition(step.when)}?`])}"}`,
        edge(anchor, gate, delay(step)),
        edge(gate, id, 'yes'),
        edge(gate, 'skipped', 'no', true),
      );
      skipped = true;
    } else lines.push(edge(anchor, id, delay(step)));
    if (step.exitOn.length) exits.push(edge(id, 'exit', `${step.exitOn.join(' / ')}: this step ends`, true));
    previous = id;
  }
  if (skipped) lines.push('  skipped(["skipped, with the reason in the journey"])');
  lines.push(...answerLines(journey));
  if (journey.exitOn.length) exits.push(edge('trigger', 'exit', `${journey.exitOn.join(' / ')}: at any step`, true));
  if (exits.length) lines.push('  exit(["exit: remaining messages of the order are cancelled"])', ...exits);
  return `${lines.join('\n')}\n`;
}

const nodeId = (stepId: string) => `s_${stepId.replace(/-/g, '_')}`;

/** The steps that ask a question lead to the customer's answer, and each onAnswer reaction to what it does. */
function answerLines(journey: JourneyDefinition): string[] {
  const asking = journey.steps.filter((s): s is MessageStep => 'asks' in s && !!s.asks);
  if (!asking.length || !journey.onAnswer.length) return [];
  const lines = [
    '  answer[/"the customer answers"/]',
    ...asking.map((s) => edge(nodeId(s.id), 'answer', `asks: ${s.asks}`, true)),
  ];
  journey.onAnswer.forEach((reaction, i) => {
    const effects = [
      reaction.stopMarketing &&
        (reaction.stopMarketing === 'order'
          ? 'no more marketing for the order'
          : `no marketing for the product for ${reaction.stopMarketing.product}`),
      reaction.postpone && `${reaction.postpone.steps.join(', ')} ${reaction.postpone.by} later`,
      reaction.alert && 'alert support',
    ].filter((e): e is string => !!e);
    const node = `r${i}`;
    lines.push(
      `  ${node}["${label([`<b>${describeCondition(reaction.when)}</b>`, ...effects])}"]`,
      edge('answer', node),
    );
    for (const stepId of reaction.send) {
      const step = journey.steps.find((s) => s.id === stepId);
      // journeySchema's checkReactions lets a reaction send only message steps of the journey.
      if (!step || !isMessageStep(step)) throw new Error(`a reaction sends "${stepId}", which is not a message step`);
      lines.push(
        `  ${nodeId(stepId)}["${label(messageText(step))}"]`,
        edge(node, nodeId(stepId), `send, ${delay(step)}`),
      );
    }
  });
  return lines;
}

function triggerText(journey: JourneyDefinition): string {
  const f = journey.trigger.filters;
  const filters = [
    f.skus && `SKU in ${f.skus.join(', ')}`,
    f.productTags && `tag in ${f.productTags.join(', ')}`,
    f.firstOrder !== undefined && (f.firstOrder ? 'first order' : 'repeat order'),
    f.minTotal !== undefined && `total ≥ ${f.minTotal}`,
    f.maxTotal !== undefined && `total ≤ ${f.maxTotal}`,
  ].filter(Boolean);
  return [journey.trigger.event, ...filters].join(', ');
}

function messageText(step: MessageStep): string[] {
  const each = step.forEach === 'order' ? '' : ` · for each ${step.forEach}`;
  return [
    `<b>${step.id}</b>`,
    ...(step.template === step.id ? [] : [`template ${step.template}`]),
    `${step.category}${each}`,
    ...(step.recommend === 'none' ? [] : [`recommends ${step.recommend === 'crossSell' ? 'cross-sell' : 'upsell'}`]),
  ];
}

/** The delay an edge from the step's anchor carries: "+ 2h", "+ milestone week", "+ days of supply − 5d". */
function delay({ at, forEach }: MessageStep): string {
  const offset = at.plusItemOffset ? (forEach === 'milestone' ? ' + milestone week' : ' + days of supply') : '';
  const after =
    at.after === '0' ? (offset ? '' : ' + 0') : at.after.startsWith('-') ? ` − ${at.after.slice(1)}` : ` + ${at.after}`;
  return `${offset}${after}`.trim();
}

function edge(from: string, to: string, text?: string, dotted = false): string {
  const arrow = dotted ? '-.->' : '-->';
  return `  ${from} ${arrow}${text ? `|"${escape(text)}"|` : ''} ${to}`;
}

/** Lines of a node label; a double quote would end Mermaid's quoted label. */
function label(lines: string[]): string {
  return lines.map(escape).join('<br/>');
}

function escape(text: string): string {
  return text.replace(/"/g, '#quot;');
}
