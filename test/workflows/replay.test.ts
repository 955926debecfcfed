import { Worker } from '@temporalio/worker';
import fs from 'node:fs';
import path from 'node:path';

const dir = path.join(__dirname, '../histories');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('replay of saved journeys', () => {
  it('has saved histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('replays every saved history without nondeterminism', async () => {
    const histories = files.map((f) => ({ workflowId: f, history: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) }));
    const results = Worker.runReplayHistories({ workflowsPath: require.resolve('../../workflows') }, histories);
    for await (const result of results) expect({ file: result.workflowId, error: result.error }).toEqual({ file: result.workflowId, error: undefined });
  });
});
