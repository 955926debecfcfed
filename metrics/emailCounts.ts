import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema';

export interface EmailCount {
  category: string;
  outcome: string;
  count: number;
}

/** How long one count of fact_messages serves scrapes: a full scan of a million rows should not run every 15 s. */
export const EMAIL_COUNTS_TTL_MS = 30_000;

/**
 * Messages by category and outcome, as the operators' gauge shows them; rows marked `demo` are made-up data for
 * the reports, not mail anyone was sent, so they are left out. Scrapes within EMAIL_COUNTS_TTL_MS of a count share
 * it (concurrent ones share the query); a failed count is not kept, so the next scrape asks the database again.
 */
export function cachedEmailCounts(db: Kysely<Database>, now: () => number = Date.now): () => Promise<EmailCount[]> {
  let cached: { at: number; counts: Promise<EmailCount[]> } | undefined;
  const count = async () => {
    const rows = await db
      .selectFrom('fact_messages')
      .select((eb) => ['category', 'outcome', eb.fn.countAll<number | string>().as('n')])
      .where('demo', '=', 0)
      .groupBy(['category', 'outcome'])
      .execute();
    return rows.map((r) => ({ category: r.category, outcome: r.outcome, count: Number(r.n) }));
  };
  return () => {
    if (cached && now() - cached.at < EMAIL_COUNTS_TTL_MS) return cached.counts;
    const entry = { at: now(), counts: count() };
    entry.counts.catch(() => {
      if (cached === entry) cached = undefined;
    });
    cached = entry;
    return entry.counts;
  };
}
