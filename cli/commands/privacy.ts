import fs from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { lazyClient } from '../../client/connection';
import { dataConverterFor } from '../../codec/dataConverter';
import { privacySetup } from '../../privacy/privacySetup';
import { personalDataVault } from '../../privacy/vault';
import { openStores } from '../../storage';
import { loadConfig } from '../../temporal.config';
import { localPayloadKeys, localVaultKeys } from '../localSecrets';
import { addStoreOption } from './support';

type Privacy = ReturnType<typeof privacySetup>;

/**
 * Runs `use` with the privacy requests over the database the API uses and a Temporal client that connects on first
 * use: a request is stored even while Temporal is down (the API's processor carries it out once it is back).
 */
async function withPrivacy<T>(use: (privacy: Privacy) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const stores = await openStores({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  const vaultKeys = localVaultKeys(config);
  const { client, connection } = lazyClient(config, dataConverterFor(localPayloadKeys(config)?.keys));
  try {
    return await use(
      privacySetup({
        db: stores.db,
        optOuts: stores.optOuts,
        client,
        vault: vaultKeys && personalDataVault(stores.db, vaultKeys.keys),
        processOnRequest: false,
      }),
    );
  } finally {
    await connection.close();
    await stores.close();
  }
}

/** Carries the request out here and now; says where it stands if it could not be done yet. */
async function carryOutNow(privacy: Privacy, requestId: string) {
  await privacy.processor.process([requestId]);
  const view = (await privacy.service.status(requestId))!;
  if (view.status !== 'done')
    process.stderr.write(
      `afterglow: ${requestId} is stored but not done yet (${view.detail}); the API carries it out once Temporal answers: afterglow privacy-request ${requestId}\n`,
    );
  return view;
}

/**
 * `afterglow erase <customerId> --store s [--email a]…`, `afterglow export <customerId> --store s [--out file]` and
 * `afterglow privacy-request <id>`: the admin API's privacy requests from a terminal (docs/privacy.md).
 */
export function registerPrivacy(program: Command): void {
  addStoreOption(
    program
      .command('erase')
      .description(
        'erase a customer: end their journeys and remove their personal data everywhere (their addresses stay suppressed, as hashes)',
      )
      .argument('<customerId>', "the store's customer id")
      .option('--email <address...>', 'addresses the store knows the customer by (suppressed too, kept only as hashes)')
      .option('--source <who>', 'who asked (recorded with the erasure)', 'cli'),
  ).action(async (customerId: string, flags: { store: string; email?: string[]; source: string }) => {
    const bad = (flags.email ?? []).find((email) => !z.email().safeParse(email).success);
    if (bad !== undefined) throw new Error(`--email "${bad}": not an email address`);
    const view = await withPrivacy(async (privacy) => {
      const { requestId } = await privacy.service.requestErasure({
        storeId: flags.store,
        customerId,
        source: flags.source,
        emails: flags.email,
      });
      return carryOutNow(privacy, requestId);
    });
    process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
    if (view.status !== 'done') process.exitCode = 1;
  });

  addStoreOption(
    program
      .command('export')
      .description('export everything held about a customer, as JSON (their journey, orders, answers, consent, sends)')
      .argument('<customerId>', "the store's customer id")
      .option('--out <file>', 'write the export here (owner-only) instead of to stdout'),
  ).action(async (customerId: string, flags: { store: string; out?: string }) => {
    const view = await withPrivacy(async (privacy) => {
      const { requestId } = await privacy.service.requestExport({ storeId: flags.store, customerId, source: 'cli' });
      return carryOutNow(privacy, requestId);
    });
    if (view.status !== 'done') {
      process.exitCode = 1;
      return;
    }
    const text = `${JSON.stringify(view.export, null, 2)}\n`;
    if (flags.out) fs.writeFileSync(flags.out, text, { mode: 0o600 });
    else process.stdout.write(text);
  });

  program
    .command('privacy-request')
    .description('where a privacy request stands; an export once it is ready')
    .argument('<requestId>', 'the id an erase or export answered (pr_…)')
    .action(async (requestId: string) => {
      const view = await withPrivacy((privacy) => privacy.service.status(requestId));
      if (!view) throw new Error(`no privacy request ${requestId}`);
      process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
    });
}
