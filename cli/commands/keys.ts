import type { Command } from 'commander';
import { generateStoreKey } from '../../credentials/storeKeys';
import { addKeyHash, listKeyHashes, revokeKeyHash, storeFile } from '../../credentials/storeKeyFile';
import { addDirOption, contentDir } from '../options';

interface KeyFlags {
  store: string;
  dir?: string;
}

/**
 * `afterglow keys create|list|revoke --store <id>`: the keys a store's backend sends on the store routes. Only the
 * hash is written (to stores/<id>.yaml); the key is printed once. Two keys can be valid at once, so a store rotates
 * by creating the new one, switching its backend over, then revoking the old one.
 */
export function registerKeys(program: Command): void {
  const keys = program
    .command('keys')
    .description("manage a store's API keys (hashes in stores/<id>.yaml; the key is shown once)");
  const withStore = (command: Command) =>
    addDirOption(command.requiredOption('--store <storeId>', 'the store the key opens'));

  withStore(keys.command('create').description('make a new key for the store and print it once')).action(
    (flags: KeyFlags) => {
      const file = storeFile(contentDir(flags.dir), flags.store);
      const { key, hash } = generateStoreKey();
      addKeyHash(file, hash);
      process.stdout.write(
        `${key}\n\nStore key ${hash.id} for store "${flags.store}": its hash is in ${file}; the key above is not kept anywhere.\n` +
          'Send it as "Authorization: Bearer <key>" on POST /v1/orders, /v1/events and /v1/consent. The API picks it up without a restart.\n',
      );
    },
  );

  withStore(keys.command('list').description("list the store's key ids (never the keys)")).action((flags: KeyFlags) => {
    const file = storeFile(contentDir(flags.dir), flags.store);
    const hashes = listKeyHashes(file);
    process.stdout.write(
      hashes.length
        ? `${hashes.map((h) => `${h.id}  created ${h.created ?? 'unknown'}`).join('\n')}\n`
        : `no keys in ${file}\n`,
    );
  });

  withStore(
    keys
      .command('revoke')
      .description('remove a key: it stops working at once')
      .requiredOption('--key <id>', 'the key id (from `keys list`)'),
  ).action((flags: KeyFlags & { key: string }) => {
    const file = storeFile(contentDir(flags.dir), flags.store);
    revokeKeyHash(file, flags.key);
    process.stdout.write(`revoked key ${flags.key} of store "${flags.store}" (${file})\n`);
  });
}
