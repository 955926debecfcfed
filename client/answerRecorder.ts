import type { Kysely } from 'kysely';
import type { Answer, AnswerSignal } from '../domain/answers';
import { answerStore } from '../storage/answers';
import { outboxStore } from '../storage/outbox';
import type { Database } from '../storage/schema';
import { answerReceived, customerWorkflowId } from '../workflows/signals';

/**
 * A customer's answer: stored with its signal to the journey in one transaction (storage/outbox.ts), then the signal
 * is tried at once; the drainer sends what could not go. An answer from a test email is stored and steers nothing.
 * The journey hears ids and the choice, never the comment (it is read from the database where needed).
 */
export function answerRecorder(db: Kysely<Database>, drain: (ids: number[]) => Promise<unknown>) {
  return async function recordAnswer(answer: Answer): Promise<{ answerId: number }> {
    const { answerId, outboxId } = await db.transaction().execute(async (trx) => {
      const answerId = await answerStore(trx).record(answer);
      if (answer.test) return { answerId };
      const signal: AnswerSignal = {
        answerId,
        orderId: answer.orderId,
        messageKey: answer.messageKey,
        question: answer.question,
        ...(answer.sku && { sku: answer.sku }),
        choice: answer.choice,
        hasComment: !!answer.comment?.trim(),
        answeredAt: answer.answeredAt,
      };
      const outboxId = await outboxStore(trx).enqueue({
        workflowId: customerWorkflowId(answer.storeId, answer.customerId),
        signal: answerReceived.name,
        args: [signal],
      });
      return { answerId, outboxId };
    });
    if (outboxId !== undefined) await drain([outboxId]).catch(() => undefined);
    return { answerId };
  };
}
export type RecordAnswer = ReturnType<typeof answerRecorder>;
