import type { ChildService, Service } from './processes';

/** Delays between restarts: 1 s doubling to 30 s, back to 1 s once a run has lasted a minute. */
const RESTART_DELAYS_MS = { first: 1_000, max: 30_000, stableAfter: 60_000 };

export interface RunHooks {
  onExit: (description: string) => void;
  onSpawn: (child: ChildService) => void;
  /** False for the first run, true for every restart. */
  restarted: boolean;
}

export interface SupervisedOptions {
  name: string;
  /**
   * Starts one run and resolves once it is ready. `onExit` is called if that run exits unasked, at any time;
   * `onSpawn` as soon as its process exists, so that a stop while it gets ready still stops it.
   */
  launch(run: RunHooks): Promise<ChildService>;
  /** Called when a run exits before keepRunning(): npm start was still starting up, so it stops everything. */
  onExitDuringStartUp(description: string): void;
  /** Added to the restart message, e.g. what is kept meanwhile. */
  restartNote?: string;
  log?: Pick<Console, 'log' | 'error'>;
  delays?: typeof RESTART_DELAYS_MS;
}

/**
 * One of npm start's processes, started again when it exits once the system is up, so that a crash of one part
 * (the Temporal dev server, the worker) does not take the others down. Each restart is announced with its delay.
 */
export class Supervised implements Service {
  readonly name: string;
  private child: ChildService | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  /** Counts runs; an exit or a failed start only counts for the run it belongs to. */
  private generation = 0;
  private failures = 0;
  private startedAt = 0;
  private keepAlive = false;
  private stopped = false;
  private readonly log: Pick<Console, 'log' | 'error'>;
  private readonly delays: typeof RESTART_DELAYS_MS;

  constructor(private readonly options: SupervisedOptions) {
    this.name = options.name;
    this.log = options.log ?? console;
    this.delays = options.delays ?? RESTART_DELAYS_MS;
  }

  /** The process id of the current run, if one is up. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The first run: a failure to start is the caller's (npm start stops). */
  async start(): Promise<void> {
    await this.launch(++this.generation, false);
  }

  /** Starts a run; false when it was stopped, or exited, before it was ready. */
  private async launch(generation: number, restarted: boolean): Promise<boolean> {
    this.startedAt = 0;
    const child = await this.options.launch({
      onExit: (description) => this.exited(generation, description),
      onSpawn: (spawned) => (this.child = spawned),
      restarted,
    });
    if (this.stopped || generation !== this.generation) {
      child.killNow();
      return false;
    }
    this.child = child;
    this.startedAt = Date.now();
    return true;
  }

  /** From now on an exit means a restart instead of the end of npm start. */
  keepRunning(): void {
    this.keepAlive = true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    await this.child?.stop();
  }

  killNow(): void {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    this.child?.killNow();
  }

  private exited(generation: number, description: string): void {
    if (this.stopped || generation !== this.generation) return;
    if (!this.keepAlive) return this.options.onExitDuringStartUp(description);
    this.generation++; // whatever else this run reports (its start failing too) is already handled
    this.child = undefined;
    if (this.startedAt && Date.now() - this.startedAt >= this.delays.stableAfter) this.failures = 0;
    const delay = Math.min(this.delays.first * 2 ** this.failures, this.delays.max);
    this.failures++;
    const note = this.options.restartNote ? ` (${this.options.restartNote})` : '';
    this.log.error(`[${this.name}] ${description}: restarting in ${delay / 1000} s${note}`);
    this.restartTimer = setTimeout(() => void this.restart(), delay);
  }

  private async restart(): Promise<void> {
    if (this.stopped) return;
    const generation = ++this.generation;
    try {
      if (await this.launch(generation, true)) this.log.log(`[${this.name}] running again (pid ${this.child!.pid})`);
    } catch (err) {
      this.exited(generation, `did not start again: ${(err as Error).message}`);
    }
  }
}
