import { z } from 'zod';
import { Question, QUESTIONS } from '../domain/answers';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** What can happen to the customer during a simulation, and when, counted from the order. */
const SimulationEventKind = z.enum([
  'delivered',
  'reorder',
  'refunded',
  'cancelled',
  'reviewed',
  'unsubscribe',
  'answer',
]);
export type SimulationEvent = {
  kind: z.infer<typeof SimulationEventKind>;
  afterMs: number;
  spec: string;
  /** For `answer:<question>=<choice>`: what the customer answers to the latest email that asked it. */
  answer?: { question: Question; choice: string };
};

/** "+3d", "+12h": an offset from the first order (units m, h, d, w), or undefined when it is not one. */
function offsetMs(text: string): number | undefined {
  const match = /^\+(\d+(?:\.\d+)?)(m|h|d|w)$/.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : undefined;
}

/** Parses `--order file.json` (the first order) or `--order second.json@+40d` (a later order of the same customer). */
export function parseOrderSpec(spec: string, first: boolean): { file: string; afterMs: number } {
  const at = spec.lastIndexOf('@');
  const afterMs = at > 0 ? offsetMs(spec.slice(at + 1)) : undefined;
  if (first) {
    if (afterMs !== undefined)
      throw new Error(`--order "${spec}": the first order is placed at the start; only later ones take @+<offset>`);
    return { file: spec, afterMs: 0 };
  }
  if (afterMs === undefined)
    throw new Error(`--order "${spec}": a later order needs its time, <file>@+<n><m|h|d|w>, e.g. second.json@+40d`);
  return { file: spec.slice(0, at), afterMs };
}

/**
 * Parses "delivered@+3d" or "answer:feedback=2@+24d" (units m, h, d, w); throws a message that names the bad part.
 */
export function parseSimulationEvent(spec: string): SimulationEvent {
  const match = /^([a-z]+)(?::([a-z-]+)=([a-z0-9-]+))?@(\+.*)$/.exec(spec.trim());
  const afterMs = match ? offsetMs(match[4]) : undefined;
  if (!match || afterMs === undefined)
    throw new Error(`--event "${spec}": expected <event>@+<n><m|h|d|w>, e.g. delivered@+3d or answer:feedback=2@+24d`);
  const [, name, question, choice] = match;
  const kind = SimulationEventKind.safeParse(name);
  if (!kind.success)
    throw new Error(`--event "${spec}": unknown event "${name}" (one of ${SimulationEventKind.options.join(', ')})`);
  if (kind.data !== 'answer') {
    if (question) throw new Error(`--event "${spec}": only answer takes ":question=choice"`);
    return { kind: kind.data, afterMs, spec };
  }
  const asked = Question.safeParse(question);
  if (!asked.success)
    throw new Error(`--event "${spec}": answer needs a question, answer:<${Question.options.join('|')}>=<choice>`);
  const allowed: readonly string[] = QUESTIONS[asked.data];
  if (!allowed.includes(choice))
    throw new Error(`--event "${spec}": "${choice}" is not an answer to ${asked.data} (one of ${allowed.join(', ')})`);
  return { kind: 'answer', afterMs, spec, answer: { question: asked.data, choice } };
}
