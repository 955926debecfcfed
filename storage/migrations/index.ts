import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001_initial';

/**
 * Every migration, by name; the Migrator applies them in name order. Listed in code rather than found on disk,
 * so they work the same from ts sources, a bundle or a compiled build. Add new ones at the end; never edit one.
 */
const migrations: Record<string, Migration> = {
  '0001_initial': initial,
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => migrations };
