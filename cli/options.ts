import fs from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { Locale } from '../definitions/localized';
import { Order } from '../domain/order';
import { type Config, loadConfig } from '../temporal.config';
import { renderSample, type SampleLinks } from '../authoring/sampleMessage';
import { filesOfTemplate, refuseInvalidContent } from './contentGate';
import { issueLines } from '../domain/zodIssues';

/** --dir, on every command that reads content: a folder other than the one the worker would use. */
export function addDirOption(command: Command): Command {
  return command.option(
    '--dir <contentDir>',
    'folder holding journeys/, catalog/, stores/ and templates/ (default: AFTERGLOW_CONTENT_DIR, else the repo)',
  );
}

/** The folder given on the command line (relative to where the command runs), else the configured one. */
export function contentDir(dir: string | undefined, config: () => Config = loadConfig): string {
  return dir ? path.resolve(dir) : config().contentDir;
}

export interface SampleFlags {
  locale?: Locale;
  sku?: string;
  order?: string;
  dir?: string;
}

/** The options of commands that render a template with sample data (preview, send-test). */
export function addSampleOptions(command: Command): Command {
  return addDirOption(
    command
      .argument('<template>', 'message template, a folder name under templates/messages (e.g. how-to)')
      .addOption(
        new Option('--locale <locale>', "template locale (default: the order customer's)").choices(Locale.options),
      )
      .option(
        '--order <file>',
        'order JSON as POST /v1/orders takes it (default: a sample order built from the catalog)',
      )
      .option('--sku <sku>', 'the catalog product of the sample order (instead of writing an order file)'),
  );
}

/** Renders `template` with the sample data the flags ask for. */
export async function renderFromFlags(template: string, flags: SampleFlags, config: Config, links?: SampleLinks) {
  const dir = contentDir(flags.dir, () => config);
  await refuseInvalidContent(dir, filesOfTemplate(template));
  return renderSample(dir, {
    template,
    locale: flags.locale,
    order: flags.order === undefined ? undefined : readOrder(flags.order),
    sku: flags.sku,
    publicUrl: config.PUBLIC_URL,
    links,
  });
}

/** An order file, validated as the API validates orders. */
export function readOrder(file: string): Order {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the order ${file}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = Order.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = issueLines(parsed.error, '(root)').map((line) => `  ${line}`);
  throw new Error(`${file} is not a valid order:\n${issues.join('\n')}`);
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
