import type { JourneyDefinition, MessageStep } from '../definitions/journeySchema';
import { describeCondition } from '../rules/conditions';

/** Where the flow goes on from: edges still to be drawn to whatever comes next. */
interface Outlet {
  from: string;
  label?: string;
  dotted?: boolean;
}

/**
 * A Mermaid flowchart of a journey, steps in the order of the file: the trigger, waits (event, timeout and what the
 * timeout does), message steps (category, forEach, when they fall due, recommendations), `when` conditions as yes/no
 * branches, and dotted edges to the exit for the journey's exitOn, each step's own exitOn and waits that exit.
 * Timing is written as the journey counts it (each step from its own anchor), not as distances along the arrows.
 */
export function journeyDiagram(journey: JourneyDefinition): string {
  const lines = ['flowchart TD', `  trigger(["${label([`<b>${journey.name}</b>`, triggerText(journey)])}"])`];
  let outlets: Outlet[] = [{ from: 'trigger' }];
  const exits: string[] = [];
  const connect = (to: string) => outlets.forEach((o) => lines.push(edge(o.from, to, o.label, o.dotted)));

  for (const step of journey.steps) {
    const id = nodeId(step.id);
    // Steps only an answer sends hang off the answers (below), not off the chain.
    if ('template' in step && step.at.from === 'answer') continue;
    if ('waitFor' in step) {
      const { event, timeout, onTimeout } = step.waitFor;
      lines.push(`  ${id}{{"${label([`<b>${step.id}</b>`, `wait for ${event}`, `up to ${timeout}`])}"}}`);
      connect(id);
      outlets = [{ from: id, label: event }];
      if (onTimeout === 'continue') outlets.push({ from: id, label: `no ${event} in ${timeout}: go on`, dotted: true });
      else exits.push(edge(id, 'exit', `no ${event} in ${timeout}`, true));
      continue;
    }
    outlets = conditionGate(step, id, lines, connect);
    lines.push(`  ${id}["${label(messageText(step))}"]`);
    outlets.push({ from: id });
    if (step.exitOn.length) exits.push(edge(id, 'exit', `${step.exitOn.join(' / ')}: this step ends`, true));
  }
  lines.push('  done(["journey complete"])');
  connect('done');
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
  const lines = ['  answer[/"the customer answers"/]', ...asking.map((s) => edge(nodeId(s.id), 'answer', `asks: ${s.asks}`, true))];
  journey.onAnswer.forEach((reaction, i) => {
    const effects = [
      reaction.stopMarketing && (reaction.stopMarketing === 'order' ? 'no more marketing for the order' : `no marketing for the product for ${reaction.stopMarketing.product}`),
      reaction.postpone && `${reaction.postpone.steps.join(', ')} ${reaction.postpone.by} later`,
      reaction.alert && 'alert support',
    ].filter((e): e is string => !!e);
    const node = `r${i}`;
    lines.push(`  ${node}["${label([`<b>${describeCondition(reaction.when)}</b>`, ...effects])}"]`, edge('answer', node));
    for (const stepId of reaction.send) {
      const step = journey.steps.find((s) => s.id === stepId) as MessageStep;
      lines.push(`  ${nodeId(stepId)}["${label(messageText(step))}"]`, edge(node, nodeId(stepId), 'send'));
    }
  });
  return lines;
}

/** A `when` becomes a decision before the step: "no" skips to the next step. Returns what flows on besides the step. */
function conditionGate(step: MessageStep, id: string, lines: string[], connect: (to: string) => void): Outlet[] {
  if (!step.when) {
    connect(id);
    return [];
  }
  const gate = `${id}_when`;
  lines.push(`  ${gate}{"${label([`${describeCondition(step.when)}?`])}"}`);
  connect(gate);
  lines.push(edge(gate, id, 'yes'));
  return [{ from: gate, label: 'no' }];
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
    `due at ${timing(step)}`,
    ...(step.recommend === 'none' ? [] : [`recommends ${step.recommend === 'crossSell' ? 'cross-sell' : 'upsell'}`]),
  ];
}

/** "delivery + 2h", "delivery + milestone week", "delivery + days of supply − 5d", "previous step + 1d". */
function timing({ at, forEach }: MessageStep): string {
  const anchor = { order: 'order', delivery: 'delivery', previous: 'previous step', answer: 'answer' }[at.from];
  const offset = at.plusItemOffset ? (forEach === 'milestone' ? ' + milestone week' : ' + days of supply') : '';
  const after = at.after === '0' ? (offset ? '' : ' + 0') : at.after.startsWith('-') ? ` − ${at.after.slice(1)}` : ` + ${at.after}`;
  return `${anchor}${offset}${after}`;
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
