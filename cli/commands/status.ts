import type { Command } from 'commander';
import { formatTimeline } from '../../support/formatTimeline';
import { liveContentStatus } from '../liveContentStatus';
import { contentDir } from '../options';
import { addStoreOption, withSupportGateway } from './support';

/** `afterglow status <customerId> [--store s]`: the customer's journeys as a readable timeline. */
export function registerStatus(program: Command): void {
  addStoreOption(
    program
      .command('status')
      .description(
        "print a customer's journeys: every message with its status, local and UTC time and why, then the latest log",
      )
      .argument('<customerId>', "the store's customer id"),
  ).action(async (customerId: string, flags: { store: string }) => {
    const state = await withSupportGateway((gateway) => gateway.status(flags.store, customerId));
    process.stdout.write(formatTimeline(state, Date.now()));
    // Only a refusal is worth a line here: the customer's pending messages render from the set their run pinned.
    const live = liveContentStatus(contentDir(undefined));
    if (live?.status.refused) process.stdout.write(`\n${live.line}\n`);
  });
}
