import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime } from '@temporalio/worker';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prebuiltWorkflowBundle } from '../worker/workflowBundle';
import { type BenchRow, fmt } from './shared';
import { startWorkerProcess, type WorkerProcessConfig } from './workerProcess';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * How long createJourneyWorker takes in a fresh worker process (as on a deploy or a restart) with the prebuilt
 * workflow bundle found in the cache, vs. webpack bundling the workflows inside Worker.create (the baseline);
 * `rounds` processes of each, alternating.
 */
export async function workerStartup(
  env: TestWorkflowEnvironment,
  rounds = 3,
): Promise<{ rows: BenchRow[]; detail: string }> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'afterglow-bench-bundle-'));
  try {
    const logger = Runtime.instance().logger;
    const coldStarted = performance.now();
    const cold = await prebuiltWorkflowBundle({ cacheDir: scratch, logger });
    const coldMs = performance.now() - coldStarted;
    const warm = await prebuiltWorkflowBundle({ logger });

    const createMs = async (workflowCode: WorkerProcessConfig['workflowCode']) => {
      const worker = await startWorkerProcess({
        address: env.address,
        namespace: env.namespace ?? 'default',
        taskQueue: 'bench-startup',
        smtpUrl: 'smtp://127.0.0.1:9',
        workflowCode,
      });
      await worker.stop();
      return worker.info.createMs;
    };
    const prebuilt: number[] = [];
    const atStart: number[] = [];
    for (let i = 0; i < rounds; i++) {
      atStart.push(await createMs('bundle-at-start'));
      prebuilt.push(await createMs('prebuilt'));
    }
    const value = median(prebuilt);
    const baseline = median(atStart);
    return {
      rows: [
        {
          name: 'worker start: createJourneyWorker with the prebuilt workflow bundle',
          value,
          unit: 'ms',
          baselineName: 'bundling at start (workflowsPath)',
          baseline,
          ratio: value / baseline,
          note:
            `fresh worker process each, median of ${rounds} (prebuilt ${prebuilt.map(fmt).join('/')} ms, at start ${atStart.map(fmt).join('/')} ms); ` +
            `lower is better; prebuilt includes hashing ${warm.sourceFiles.length} source files + package-lock.json and reading the bundle; ` +
            `building it on a cache miss took ${fmt(coldMs)} ms (${fmt(fs.statSync(cold.codePath).size / 1_048_576)} MB)`,
        },
      ],
      detail: `bundle cache ${path.relative(process.cwd(), path.dirname(warm.codePath))}, key ${warm.key.slice(0, 12)} (${warm.built ? 'built by this run' : 'reused'})`,
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
