import type { Kysely, Selectable } from 'kysely';
import { type Answer, ratingOf } from '../domain/answers';
import { toDate, toIso } from './columns';
import type { AnswersTable, Database } from './schema';

export interface StoredAnswer extends Omit<Answer, 'answeredAt'> {
  id: number;
  rating?: number;
  firstAnsweredAt: Date;
  answeredAt: Date;
}

const toAnswer = (row: Selectable<AnswersTable>): StoredAnswer => ({
  id: row.id,
  storeId: row.store_id,
  customerId: row.customer_id,
  orderId: row.order_id,
  messageKey: row.message_key,
  question: row.question,
  ...(row.sku && { sku: row.sku }),
  choice: row.choice,
  ...(row.rating !== null && { rating: row.rating }),
  ...(row.comment !== null && { comment: row.comment }),
  test: row.test === 1,
  firstAnsweredAt: toDate(row.first_answered_at),
  answeredAt: toDate(row.answered_at),
});

/** The columns of an answers export (CSV), in the order a spreadsheet shows them. */
export const ANSWER_COLUMNS: (keyof StoredAnswer)[] = [
  'answeredAt',
  'storeId',
  'customerId',
  'orderId',
  'question',
  'sku',
  'choice',
  'rating',
  'comment',
  'test',
  'messageKey',
  'id',
];

export interface AnswerQuery {
  storeId: string;
  since?: Date;
  /** Only ratings below this (1-5). */
  ratingBelow?: number;
  /** Answers from test emails too (default: left out). */
  includeTests?: boolean;
}

/** Customers' answers (domain/answers.ts): one per message, question and product, a later answer replacing it. */
export function answerStore(db: Kysely<Database>) {
  return {
    /** Stores the answer (replacing an earlier one to the same question); returns its id. */
    async record(answer: Answer): Promise<number> {
      const at = toIso(new Date(answer.answeredAt));
      const row = await db
        .insertInto('answers')
        .values({
          store_id: answer.storeId,
          customer_id: answer.customerId,
          order_id: answer.orderId,
          message_key: answer.messageKey,
          question: answer.question,
          sku: answer.sku ?? '',
          choice: answer.choice,
          rating: ratingOf(answer) ?? null,
          comment: answer.comment?.trim() || null,
          test: answer.test ? 1 : 0,
          first_answered_at: at,
          answered_at: at,
        })
        .onConflict((oc) =>
          oc.columns(['store_id', 'customer_id', 'message_key', 'question', 'sku']).doUpdateSet((eb) => ({
            choice: eb.ref('excluded.choice'),
            rating: eb.ref('excluded.rating'),
            comment: eb.ref('excluded.comment'),
            answered_at: eb.ref('excluded.answered_at'),
          })),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async get(id: number): Promise<StoredAnswer | undefined> {
      const row = await db.selectFrom('answers').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toAnswer(row);
    },

    /** A store's answers, newest first. */
    async list(query: AnswerQuery): Promise<StoredAnswer[]> {
      let select = db.selectFrom('answers').selectAll().where('store_id', '=', query.storeId);
      if (query.since) select = select.where('answered_at', '>=', toIso(query.since));
      if (query.ratingBelow !== undefined) select = select.where('rating', '<', query.ratingBelow);
      if (!query.includeTests) select = select.where('test', '=', 0);
      return (await select.orderBy('answered_at', 'desc').orderBy('id', 'desc').execute()).map(toAnswer);
    },
  };
}
export type AnswerStore = ReturnType<typeof answerStore>;
