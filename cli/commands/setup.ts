import type { Command } from 'commander';
import { connectClient } from '../../client/connection';
import { registerSearchAttributes } from '../../client/registerSearchAttributes';
import { SEARCH_ATTRIBUTES } from '../../client/searchAttributes';
import { loadConfig } from '../../temporal.config';

/** `afterglow setup`: registers Afterglow's search attributes on a real cluster (npm start does it for the dev server). */
export function registerSetup(program: Command): void {
  program
    .command('setup')
    .description("register Afterglow's search attributes on the namespace of TEMPORAL_ADDRESS (safe to run again)")
    .action(async () => {
      const config = loadConfig();
      const { connection } = await connectClient(config);
      try {
        const added = await registerSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
        const names = SEARCH_ATTRIBUTES.map((k) => k.name);
        console.log(
          added.length
            ? `registered ${added.join(', ')} on namespace "${config.TEMPORAL_NAMESPACE}"`
            : `namespace "${config.TEMPORAL_NAMESPACE}" already has ${names.join(', ')}`,
        );
      } finally {
        await connection.close();
      }
    });
}
