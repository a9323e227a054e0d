/**
 * What a job run says: whether more work is already waiting (then it runs again at once), or when
 * work it knows of can go (then it runs again then, if that is sooner than its period).
 */
export type JobRun = () => Promise<{ moreWaiting: boolean; runAgainAt?: number }>;

/**
 * The app's work without a request: each job runs every `everyMs`, never while its previous run is
 * still going (a slow poll delays the next instead of overlapping it), and again at once while it
 * says more is waiting, so a backlog drains at the speed of the work, not of the timer.
 */
export class BackgroundJobs {
  private readonly running = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly onError: (job: string, error: unknown) => void) {}

  /**
   * Starts `run` now (in the background; after its first period with `startNow: false`, for work
   * the start already did), then every `everyMs` after each run ends.
   */
  every(job: string, everyMs: number, run: JobRun, { startNow = true } = {}): void {
    const loop = async () => {
      let outcome: Awaited<ReturnType<JobRun>> = { moreWaiting: true };
      while (outcome.moreWaiting && !this.stopped) {
        outcome = await run().catch((error: unknown) => {
          this.onError(job, error);
          return { moreWaiting: false };
        });
      }
      if (this.stopped) return;
      const wait = outcome.runAgainAt === undefined ? everyMs : Math.max(0, Math.min(everyMs, outcome.runAgainAt - Date.now()));
      this.later(loop, wait);
    };
    if (startNow) this.track(loop());
    else this.later(loop, everyMs);
  }

  /** Runs `run` once, in the background. */
  once(job: string, run: () => Promise<void>): void {
    this.track(run().catch((error: unknown) => this.onError(job, error)));
  }

  /** No run starts after this; resolves once the runs under way have ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.all(this.running);
  }

  /** `loop` in `ms`, unless stopped first; the timer never keeps the process alive. */
  private later(loop: () => Promise<void>, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.track(loop());
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private track(run: Promise<void>): void {
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }
}
