import type { Command } from 'commander';
import { type FindQuery, findCustomers, findQueryOf, type FoundCustomer } from '../../client/customerFinder';
import { emailSearchHash } from '../../credentials/emailSearchHash';
import { openStores } from '../../storage';
import { localEmailHashSecret } from '../localSecrets';
import { withTemporalClient } from '../temporalClient';
import { textTable } from '../textTable';

/** The same search to paste into the Web UI's raw query (the address only as its hash). */
function uiQuery(wanted: FindQuery, found: FoundCustomer[], emailHashSecret: string | undefined): string | undefined {
  if ('email' in wanted) return emailHashSecret && `EmailHash="${emailSearchHash(emailHashSecret, wanted.email)}"`;
  if ('orderId' in wanted) return `OrderIds="${wanted.orderId}"`;
  return found[0] && `WorkflowId="${found[0].workflowId}"`;
}

function lines(found: FoundCustomer[], query: string | undefined): string {
  const search = query ? [`Web UI search: ${query}`] : [];
  if (found.length === 0) return [...search, 'No customer found.'].join('\n') + '\n';
  const table = textTable(
    ['store', 'customer', 'orders', 'stage', 'workflow'],
    found.map((c) => [
      c.storeId,
      c.customerId,
      c.orderIds.join(', '),
      c.running ? (c.stage ?? '') : 'not running',
      c.workflowId,
    ]),
  );
  const messages = found.flatMap(({ message: m }) =>
    m
      ? [
          `${m.messageId}: order ${m.orderId}, journey ${m.journeyId} version ${m.version}, step ${m.stepId}${m.item ? ` ${m.item}` : ''} (${m.status}), key ${m.messageKey}`,
        ]
      : [],
  );
  const next = found.map(
    (c) => `  afterglow status ${c.customerId}${c.storeId === 'default' ? '' : ` --store ${c.storeId}`}`,
  );
  return [table, ...messages, ...search, '', 'Next:', ...next].join('\n') + '\n';
}

/** `afterglow find <email | Message-ID | order number>`: the customer a ticket is about, and how to look further. */
export function registerFind(program: Command): void {
  const command = program
    .command('find')
    .description(
      'find the customer a ticket is about by their email address, a Message-ID from the email or an order number',
    )
    .argument('<text>', 'an email address, a Message-ID such as <0a1b…@shop.example> or an order number');
  command.action(async (text: string) => {
    let wanted: FindQuery;
    try {
      wanted = findQueryOf(text);
    } catch {
      // Not echoed (commander's own argument errors would): the text may be an address.
      return command.error('error: <text>: not an email address, a Message-ID (<…@…>) or an order number', {
        exitCode: 2,
        code: 'afterglow.invalidInput',
      });
    }
    const output = await withTemporalClient(async (client, config) => {
      const emailHashSecret = localEmailHashSecret(config)?.secret;
      const stores =
        'messageId' in wanted
          ? await openStores({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir })
          : undefined;
      try {
        const found = await findCustomers(client, wanted, {
          emailHashSecret,
          keyOfMessageId: stores?.ledger.keyOfMessageId,
        });
        return lines(found, uiQuery(wanted, found, emailHashSecret));
      } finally {
        await stores?.close();
      }
    });
    process.stdout.write(output);
  });
}
