import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';

/** One dependency's check: resolves with a detail when healthy, throws (with why) when not. */
export type ReadinessCheck = () => Promise<string | void>;

/** A check that never takes longer than this: a hung dependency is a down one. */
const CHECK_TIMEOUT_MS = 2_000;

async function run(check: ReadinessCheck): Promise<{ ok: boolean; detail: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
  });
  try {
    return { ok: true, detail: (await Promise.race([check(), timeout])) || 'up' };
  } catch (err) {
    return { ok: false, detail: `down: ${(err as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}

const Readiness = z.object({
  ok: z.boolean(),
  checks: z.record(z.string(), z.string()).meta({ description: 'each dependency: "up" or a detail, or "down: why"' }),
});

/**
 * GET /healthz: liveness, the process answers (restart it if not). GET /readyz: readiness, every dependency answers;
 * 503 names the ones that do not (send no traffic here until they do). Public: orchestrators probe without credentials.
 */
export const healthRoutes: FastifyPluginAsync<{ checks: Record<string, ReadinessCheck> }> = async (app, { checks }) => {
  const liveness = { summary: 'Liveness', tags: ['operations'], response: { 200: z.object({ ok: z.literal(true) }) } };
  app.get('/healthz', { schema: liveness }, async () => ({ ok: true }));
  const readiness = { summary: 'Readiness', tags: ['operations'], response: { 200: Readiness, 503: Readiness } };
  app.get('/readyz', { schema: readiness }, async (_request, reply) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => [name, await run(check)] as const),
    );
    const ok = results.every(([, r]) => r.ok);
    return reply
      .code(ok ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ ok, checks: Object.fromEntries(results.map(([name, r]) => [name, r.detail])) });
  });
};
