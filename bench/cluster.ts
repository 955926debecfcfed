import { Client, Connection } from '@temporalio/client';
import os from 'node:os';
import { ensureNamespace } from '../devtools/cluster/frontend';
import { startThrowawayCluster } from '../devtools/cluster/throwawayCluster';
import { ingest } from './ingest';
import { morningWave } from './morningWave';
import { benchReport, runBench } from './report';

/**
 * npm run bench:cluster: ingest and the morning wave on a multi-service Temporal cluster on PostgreSQL (frontend,
 * history, matching and worker as processes: devtools/cluster/), the wave with one and with two worker processes.
 * Same knobs as `npm run bench` (BENCH_ORDERS, BENCH_CONCURRENCY, BENCH_WAVE_CUSTOMERS).
 */
runBench(async () => {
  const report = benchReport();
  process.stderr.write('bench: starting a cluster (the first run builds it: minutes)\n');
  const cluster = await startThrowawayCluster('bench-ingest');
  const connection = await Connection.connect({ address: cluster.address });
  try {
    const on = (namespace: string) => ({
      address: cluster.address,
      namespace,
      client: new Client({ connection, namespace }),
    });
    await report.section('ingest', () =>
      ingest(Number(process.env.BENCH_ORDERS ?? 500), Number(process.env.BENCH_CONCURRENCY ?? 20), {
        ...on('bench-ingest'),
        label: 'cluster',
      }),
    );
    const customers = Number(process.env.BENCH_WAVE_CUSTOMERS ?? 1000);
    const waves: Record<number, number> = {};
    for (const workers of [1, 2]) {
      // A namespace per wave: its customers' journeys have the same ids in both.
      const namespace = `bench-wave-${workers}`;
      await ensureNamespace(cluster.address, namespace);
      const wave = await report.section(`morning wave, ${workers} worker${workers > 1 ? 's' : ''}`, () =>
        morningWave(on(namespace), customers, { workers, label: 'cluster' }),
      );
      waves[workers] = wave.perSec;
    }
    report.rows.push({
      name: 'morning wave on the cluster: two worker processes',
      value: waves[2],
      unit: 'emails/s',
      baselineName: 'one worker process',
      baseline: waves[1],
      ratio: waves[2] / waves[1],
      note: `on ${os.cpus().length} cores shared with the four Temporal services, PostgreSQL and the SMTP sink`,
    });
  } finally {
    await connection.close();
    await cluster.stop();
  }
  report.print('Afterglow benchmarks on a Temporal cluster');
});
