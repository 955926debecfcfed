import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PayloadKeyRing } from '../../codec/keyRing';
import type { Content } from '../../definitions/content';
import { openJourneyDependencies } from '../../worker/journeyDependencies';

export const REPO_ROOT = path.resolve(__dirname, '../..');
/** Test-only signing secret for unsubscribe links (never used outside tests). */
export const TEST_LINK_SECRET = 'test-link-secret-0123456789abcdef0123456789';
/** Test-only key of the EmailHash search attribute. */
export const TEST_EMAIL_HASH_SECRET = 'test-email-hash-secret-0123456789abcdef0123';
export const TEST_PUBLIC_URL = 'http://127.0.0.1:3000';
export const TEST_MAIL_FROM = 'Afterglow Demo Store <hello@shop.example.com>';

/** The real activity dependencies over a throwaway SQLite folder, sending to `smtpUrl` (opening sealed fields with `vaultKeys`). */
export async function openTestDependencies(
  content: () => Content,
  smtpUrl: string,
  dataDir?: string,
  vaultKeys?: PayloadKeyRing,
) {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-data-'));
  const deps = await openJourneyDependencies({
    content,
    smtpUrl,
    dataDir: dir,
    mailFrom: TEST_MAIL_FROM,
    publicUrl: TEST_PUBLIC_URL,
    linkSecrets: [TEST_LINK_SECRET],
    emailHashSecret: TEST_EMAIL_HASH_SECRET,
    warmTemplates: false,
    vaultKeys,
  });
  return {
    ...deps,
    async close() {
      await deps.close();
      if (!dataDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
