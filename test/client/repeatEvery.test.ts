import { repeatEvery } from '../../client/repeatEvery';

describe('repeatEvery', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs the task at once, then intervalMs after each run ends, and reports a failed run without stopping', async () => {
    const runs: number[] = [];
    const errors: string[] = [];
    let calls = 0;
    const loop = repeatEvery(
      async () => {
        runs.push(Date.now());
        if (++calls === 2) throw new Error('drain failed');
      },
      1_000,
      (err) => errors.push(err.message),
    );
    const start = Date.now();
    loop.start();
    await jest.advanceTimersByTimeAsync(2_500);
    expect(runs.map((t) => t - start)).toEqual([0, 1_000, 2_000]);
    expect(errors).toEqual(['drain failed']);
    await loop.stop();
  });

  it('never runs again once stopped, even when stop comes while a run is under way', async () => {
    let finish: () => void = () => undefined;
    let calls = 0;
    const loop = repeatEvery(
      () => {
        calls++;
        return new Promise<void>((resolve) => (finish = resolve));
      },
      1_000,
      () => undefined,
    );
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(calls).toBe(1);
    const stopped = loop.stop();
    finish();
    await stopped;
    await jest.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(1);
  });
});
