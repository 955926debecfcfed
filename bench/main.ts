import { ingest } from './ingest';
import { startDevServer } from './journeyLoad';
import { morningWave } from './morningWave';
import { renderThroughput } from './renderThroughput';
import { benchReport, runBench } from './report';
import { reportScale } from './reportScale';
import { temporalCost } from './temporalCost';
import { workerMemory } from './workerMemory';
import { workerStartup } from './workerStartup';

/** npm run bench: every figure next to a baseline measured in the same run. Bounded: under 8 minutes on 2 cores. */
runBench(async () => {
  const report = benchReport();
  await report.section('render throughput', async () => ({
    rows: await renderThroughput(Number(process.env.BENCH_RENDER_SECONDS ?? 3)),
  }));
  await report.section('temporal cost', () => temporalCost(Number(process.env.BENCH_CUSTOMERS ?? 5)));
  await report.section('ingest', () =>
    ingest(Number(process.env.BENCH_ORDERS ?? 500), Number(process.env.BENCH_CONCURRENCY ?? 20)),
  );
  await report.section('report scale', () =>
    reportScale(
      Number(process.env.BENCH_REPORT_MESSAGES ?? 1_000_000),
      Number(process.env.BENCH_REPORT_ORDERS ?? 200_000),
    ),
  );
  // One dev server for the worker sections, each on a task queue of its own.
  const env = await startDevServer();
  try {
    await report.section('worker start', () => workerStartup(env));
    await report.section('morning wave', () => morningWave(env, Number(process.env.BENCH_WAVE_CUSTOMERS ?? 1000)));
    await report.section('worker memory', () =>
      workerMemory(env, Number(process.env.BENCH_OPEN_JOURNEYS ?? 2500), Number(process.env.BENCH_MEMORY_WAVE ?? 500)),
    );
  } finally {
    await env.teardown();
  }
  report.print('Afterglow benchmarks');
});
