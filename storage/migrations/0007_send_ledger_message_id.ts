import type { Kysely } from 'kysely';

/** Support pastes a Message-ID from an email's headers (`afterglow find`): the ledger is searched by it. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('send_ledger_message_id').on('send_ledger').column('message_id').execute();
}
