import { type Command, Option } from 'commander';
import { Locale } from '../../definitions/localized';
import { sampleOrder } from '../../authoring/sampleMessage';
import { loadContent } from '../../definitions/content';
import { storeSettings } from '../../definitions/loadStores';
import { describeZone } from '../../rules/planRun';
import { heldOutNote } from '../../rules/journeyDetails';
import { runSimulation } from '../../simulation/runSimulation';
import { parseOrderSpec, parseSimulationEvent } from '../../simulation/simulationEvents';
import { formatTimeline, timelineRows } from '../../simulation/timeline';
import { writeTimelineHtml } from '../../simulation/timelineHtml';
import { refuseInvalidContent } from '../contentGate';
import { addDirOption, contentDir, readOrder } from '../options';

export function registerSimulate(program: Command): void {
  addDirOption(
    program
      .command('simulate')
      .description("print a customer's dated timeline: every message the real workflow would send or skip, and why")
      .option(
        '--order <file[@+offset]>',
        'order JSON as POST /v1/orders takes it (default: a sample order built from the catalog); repeat with @+<offset> for later orders of the same customer, e.g. --order first.json --order second.json@+40d',
        (v: string, all: string[]) => [...all, v],
        [] as string[],
      )
      .option(
        '--event <event@+offset>',
        'e.g. delivered@+3d, reorder@+45d, refunded@+10d, reviewed@+20d, unsubscribe@+12d, answer:feedback=2@+24d, answer:win-back=still-have-some@+80d (repeatable)',
        (v: string, all: string[]) => [...all, v],
        [] as string[],
      )
      .option('--sku <sku>', 'without --order: the catalog product of the sample order')
      .addOption(
        new Option('--locale <locale>', "without --order: the sample customer's language").choices(Locale.options),
      )
      .option('--consent <true|false>', "override the order's acceptsMarketing")
      .option('--html <dir>', 'also write the rendered emails and an index page of the timeline')
      .option('--timeout <seconds>', 'stop with an error if the simulation has not finished after this long', '300'),
  ).action(
    async (flags: {
      order: string[];
      sku?: string;
      locale?: Locale;
      event: string[];
      consent?: string;
      html?: string;
      timeout: string;
      dir?: string;
    }) => {
      if (flags.consent !== undefined && !['true', 'false'].includes(flags.consent))
        throw new Error(`--consent must be true or false, not "${flags.consent}"`);
      const timeoutSeconds = Number(flags.timeout);
      if (!(timeoutSeconds > 0))
        throw new Error(`--timeout must be a number of seconds above 0, not "${flags.timeout}"`);
      const dir = contentDir(flags.dir);
      // A template or journey error would otherwise surface as a failed send (retried, with stack traces) in the timeline.
      await refuseInvalidContent(dir);
      const content = loadContent(dir);
      const [first, ...later] = flags.order.map((spec, i) => parseOrderSpec(spec, i === 0));
      const order = first
        ? readOrder(first.file)
        : sampleOrder(content.products, flags.locale ?? 'en', new Date(), flags.sku);
      const result = await runSimulation({
        order,
        laterOrders: later.map(({ file, afterMs }) => ({ order: readOrder(file), afterMs })),
        events: flags.event.map(parseSimulationEvent),
        consent: flags.consent === undefined ? undefined : flags.consent === 'true',
        content,
        timeLimitMs: timeoutSeconds * 1000,
      });
      const rows = timelineRows(result);
      console.log(
        `customer's time zone: ${describeZone(result.state.contact, storeSettings(content.stores, order.storeId).timezone)}`,
      );
      console.log(`holdout: ${heldOutNote(result.state.runs) ?? "treated (not in any journey's control group)"}\n`);
      console.log(formatTimeline(rows, result.zone));
      if (flags.html) console.log(`\nwrote ${writeTimelineHtml(flags.html, result, rows)}`);
      const failed = rows.filter((r) => r.status === 'failed');
      if (failed.length)
        throw new Error(
          `${failed.length} message(s) of the timeline failed to render or send: ${failed.map((r) => `${r.stepId} (${r.note})`).join('; ')}`,
        );
    },
  );
}
