import os from 'node:os';
import { ingest } from './ingest';
import { startDevServer } from './journeyLoad';
import { morningWave } from './morningWave';
import { renderThroughput } from './renderThroughput';
import { reportScale } from './reportScale';
import { type BenchRow, fmt } from './shared';
import { temporalCost } from './temporalCost';
import { workerMemory } from './workerMemory';
import { workerStartup } from './workerStartup';

/** npm run bench: every figure next to a baseline measured in the same run. Bounded: under 8 minutes on 2 cores. */
async function main(): Promise<void> {
  const started = performance.now();
  const rows: BenchRow[] = [];
  const details: string[] = [];
  const section = async (name: string, run: () => Promise<{ rows: BenchRow[]; detail?: string }>) => {
    const t = performance.now();
    process.stderr.write(`bench: ${name} …\n`);
    const r = await run();
    rows.push(...r.rows);
    if (r.detail) details.push(`${name}: ${r.detail}`);
    process.stderr.write(`bench: ${name} done in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  };
  await section('render throughput', async () => ({
    rows: await renderThroughput(Number(process.env.BENCH_RENDER_SECONDS ?? 3)),
  }));
  await section('temporal cost', () => temporalCost(Number(process.env.BENCH_CUSTOMERS ?? 5)));
  await section('ingest', () =>
    ingest(Number(process.env.BENCH_ORDERS ?? 500), Number(process.env.BENCH_CONCURRENCY ?? 20)),
  );
  await section('report scale', () =>
    reportScale(
      Number(process.env.BENCH_REPORT_MESSAGES ?? 1_000_000),
      Number(process.env.BENCH_REPORT_ORDERS ?? 200_000),
    ),
  );
  // One dev server for the worker sections, each on a task queue of its own.
  const env = await startDevServer();
  try {
    await section('worker start', () => workerStartup(env));
    await section('morning wave', () => morningWave(env, Number(process.env.BENCH_WAVE_CUSTOMERS ?? 1000)));
    await section('worker memory', () =>
      workerMemory(env, Number(process.env.BENCH_OPEN_JOURNEYS ?? 2500), Number(process.env.BENCH_MEMORY_WAVE ?? 500)),
    );
  } finally {
    await env.teardown();
  }

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
  console.log(
    `\nAfterglow benchmarks: node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'})\n`,
  );
  console.log(table.map((r) => `| ${r.join(' | ')} |`).join('\n'));
  console.log('\nNotes:');
  for (const r of rows) if (r.note) console.log(`- ${r.name}: ${r.note}`);
  for (const d of details) console.log(`- ${d}`);
  console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
