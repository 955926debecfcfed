import { z } from 'zod';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** What can happen to the customer during a simulation, and when, counted from the order. */
export const SimulationEventKind = z.enum(['delivered', 'reorder', 'refunded', 'cancelled', 'reviewed', 'unsubscribe']);
export type SimulationEvent = { kind: z.infer<typeof SimulationEventKind>; afterMs: number; spec: string };

/** Parses "delivered@+3d" (units m, h, d, w); throws a message that names the bad part. */
export function parseSimulationEvent(spec: string): SimulationEvent {
  const match = /^([a-z]+)@\+(\d+(?:\.\d+)?)(m|h|d|w)$/.exec(spec.trim());
  if (!match) throw new Error(`--event "${spec}": expected <event>@+<n><m|h|d|w>, e.g. delivered@+3d`);
  const kind = SimulationEventKind.safeParse(match[1]);
  if (!kind.success) throw new Error(`--event "${spec}": unknown event "${match[1]}" (one of ${SimulationEventKind.options.join(', ')})`);
  return { kind: kind.data, afterMs: Number(match[2]) * UNIT_MS[match[3] as keyof typeof UNIT_MS], spec };
}
