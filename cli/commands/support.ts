import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  runSupportAction,
  SUPPORT_ACTIONS,
  type SupportActionInput,
  type SupportActionName,
  type SupportGateway,
  supportGateway,
} from '../../client/supportGateway';
import { StoreId } from '../../domain/ids';
import { localEmailHashSecret, localVaultKeys } from '../localSecrets';
import { personalDataVault } from '../../privacy/vault';
import { openStores } from '../../storage';
import { withTemporalClient } from '../temporalClient';

/**
 * Runs `use` with a support gateway on a client that connects like the API, and closes when done. With the vault's
 * keys (AFTERGLOW_VAULT_KEYS or the data folder's), it opens the customer's sealed address and names and seals the
 * addresses support gives, over the API's database.
 */
export function withSupportGateway<T>(use: (gateway: SupportGateway) => Promise<T>): Promise<T> {
  return withTemporalClient(async (client, config) => {
    const vaultKeys = localVaultKeys(config);
    const stores = vaultKeys && (await openStores({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir }));
    try {
      const vault = stores && vaultKeys ? personalDataVault(stores.db, vaultKeys.keys) : undefined;
      return await use(supportGateway(client, { emailHashSecret: localEmailHashSecret(config)?.secret, vault }));
    } finally {
      await stores?.close();
    }
  });
}

export function storeId(value: string): string {
  const parsed = StoreId.default('default').safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues[0].message);
  return parsed.data;
}

/** --store, on every command about one customer: their workflow is per store. */
export function addStoreOption(command: Command): Command {
  return command.option('--store <storeId>', 'the store the customer bought in', storeId, 'default');
}

/** One input field of an action: a positional argument (`<email>`) or an option (`--to <address>`). */
interface Field {
  key: string;
  usage: string;
  description: string;
  required?: boolean;
}

const ACCOUNTABLE: Field[] = [
  { key: 'by', usage: '--by <name>', description: 'who is acting (recorded in the journey)', required: true },
  {
    key: 'reason',
    usage: '--reason <text>',
    description: 'why, in a few words (recorded in the journey)',
    required: true,
  },
];

const COMMANDS: { action: SupportActionName; description: string; fields: Field[] }[] = [
  {
    action: 'pause',
    description:
      'hold every message to the customer until resumed, or until a time (--until) or for a while (--for 30d), then resume by itself',
    fields: [
      {
        key: 'until',
        usage: '--until <instant>',
        description: 'resume by itself then (ISO 8601 with a zone, e.g. 2027-01-15T09:00:00Z)',
      },
      { key: 'for', usage: '--for <length>', description: 'resume by itself after this long: 12h, 30d, 6w' },
    ],
  },
  {
    action: 'resume',
    description: 'let the journeys go on; what fell due meanwhile goes out (in the send window) unless expired',
    fields: [],
  },
  { action: 'skipNext', description: 'skip the next message the customer would get', fields: [] },
  {
    action: 'resend',
    description: 'send a sent message again (its key is in `afterglow status`)',
    fields: [
      {
        key: 'messageKey',
        usage: '<messageKey>',
        description: 'the message, e.g. 1001/post-purchase/how-to/VC-SERUM-30',
      },
      { key: 'to', usage: '--to <address>', description: "a corrected address (default: the customer's current one)" },
    ],
  },
  {
    action: 'changeEmail',
    description: "send the customer's later messages to a new address",
    fields: [{ key: 'email', usage: '<email>', description: 'the new address' }],
  },
  {
    action: 'end',
    description: "end the customer's journeys: their remaining messages are cancelled",
    fields: [{ key: 'orderId', usage: '--order <orderId>', description: "only this order's journeys (default: all)" }],
  },
];

const isOption = (field: Field) => field.usage.startsWith('-');

function registerAction(program: Command, { action, description, fields }: (typeof COMMANDS)[number]): void {
  const { slug, schema } = SUPPORT_ACTIONS[action];
  const all = [...fields, ...ACCOUNTABLE];
  const positional = all.filter((f) => !isOption(f));
  const options = all.filter(isOption).map((field) => ({
    field,
    option: new Option(field.usage, field.description).makeOptionMandatory(!!field.required),
  }));
  const command = program.command(slug).description(description).argument('<customerId>', "the store's customer id");
  for (const field of positional) command.argument(field.usage, field.description);
  for (const { option } of options) command.addOption(option);
  addStoreOption(command).action(async () => {
    const [customerId, ...values] = command.processedArgs as string[];
    const flags = command.opts<Record<string, string | undefined>>();
    const raw: Record<string, string | undefined> = {};
    positional.forEach((field, i) => (raw[field.key] = values[i]));
    for (const { field, option } of options) raw[field.key] = flags[option.attributeName()];
    const input = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
    // The workflow's validator would reject these too; caught here they are command-line mistakes (exit 2).
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const usage = (key: PropertyKey | undefined) => all.find((f) => f.key === key)?.usage ?? String(key);
      command.error(parsed.error.issues.map((i) => `error: ${usage(i.path[0])}: ${i.message}`).join('\n'), {
        exitCode: 2,
        code: 'afterglow.invalidInput',
      });
    }
    const valid = parsed.data as SupportActionInput<typeof action>;
    const { done } = await withSupportGateway((gateway) =>
      runSupportAction(gateway, action, flags.store!, customerId, valid),
    );
    console.log(`${slug} ${customerId}: ${done}`);
  });
}

/** `afterglow pause|resume|skip-next|resend|change-email|end <customerId> … --by NAME --reason TEXT [--store s]`. */
export function registerSupportActions(program: Command): void {
  for (const spec of COMMANDS) registerAction(program, spec);
}
