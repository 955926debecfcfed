import os from 'node:os';
import { type BenchRow, fmt } from './shared';

interface SectionResult {
  rows: BenchRow[];
  detail?: string;
}

/**
 * The sections of one bench run and the report they make: the table (each figure next to its same-run baseline),
 * then the notes, as `npm run bench` and `npm run bench:cluster` print them.
 */
export function benchReport() {
  const started = performance.now();
  const rows: BenchRow[] = [];
  const details: string[] = [];
  return {
    rows,
    /** Runs one section, with its progress on stderr; its rows and detail go into the report. */
    async section<T extends SectionResult>(name: string, run: () => Promise<T>): Promise<T> {
      const t = performance.now();
      process.stderr.write(`bench: ${name} …\n`);
      const result = await run();
      rows.push(...result.rows);
      if (result.detail) details.push(`${name}: ${result.detail}`);
      process.stderr.write(`bench: ${name} done in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
      return result;
    },
    print(title: string): void {
      const table = [
        ['benchmark', 'value', 'baseline (same run)', 'ratio'],
        ['---', '---:', '---', '---:'],
        ...rows.map((r) => [
          r.name,
          `${fmt(r.value)} ${r.unit}`,
          `${r.baselineName}: ${fmt(r.baseline)}`,
          `${r.ratio.toFixed(2)}×`,
        ]),
      ];
      console.log(`\n${title}: node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'})\n`);
      console.log(table.map((r) => `| ${r.join(' | ')} |`).join('\n'));
      console.log('\nNotes:');
      for (const r of rows) if (r.note) console.log(`- ${r.name}: ${r.note}`);
      for (const d of details) console.log(`- ${d}`);
      console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
    },
  };
}

/** Runs a bench's main and exits: 0, or 1 with the error. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
