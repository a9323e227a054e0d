/**
 * Work without a request never piles up: a run that takes longer than the period delays the next
 * instead of overlapping it; a run that says more is waiting runs again at once; stopping waits for
 * the run under way and starts no other.
 */
import { BackgroundJobs } from '../../src/app/backgroundJobs';

/** A promise the test settles. */
function deferred() {
  let settle: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (settle = resolve));
  return { promise, settle };
}

describe('background jobs', () => {
  it('never run a job twice at once, however short its period', async () => {
    const jobs = new BackgroundJobs(() => undefined);
    let running = 0;
    let mostAtOnce = 0;
    const runs: Array<ReturnType<typeof deferred>> = [];
    const thirdStarted = deferred();
    jobs.every('slow', 1, async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      const run = deferred();
      runs.push(run);
      if (runs.length === 3) thirdStarted.settle();
      await run.promise;
      running -= 1;
      return { moreWaiting: false };
    });
    // Each run ends only when the test says so; the next starts after it.
    while (runs.length < 3) {
      await new Promise((resolve) => setImmediate(resolve));
      runs.at(-1)?.settle();
    }
    await thirdStarted.promise;
    const stopped = jobs.stop();
    runs.at(-1)?.settle();
    await stopped;
    expect(mostAtOnce).toBe(1);
  });

  it('runs again at once while more is waiting, then waits for its period', async () => {
    const jobs = new BackgroundJobs(() => undefined);
    let backlog = 5;
    const drained = deferred();
    jobs.every('backlog', 3_600_000, async () => {
      backlog -= 1;
      if (backlog === 0) drained.settle();
      return { moreWaiting: backlog > 0 };
    });
    // An hour's period: only running again at once can drain five batches.
    await drained.promise;
    await jobs.stop();
    expect(backlog).toBe(0);
  });

  it('reports a failed run and keeps the job alive', async () => {
    const failures: string[] = [];
    const jobs = new BackgroundJobs((job) => failures.push(job));
    const secondRun = deferred();
    let runs = 0;
    jobs.every('flaky', 1, async () => {
      runs += 1;
      if (runs === 1) throw new Error('storage unreachable');
      secondRun.settle();
      return { moreWaiting: false };
    });
    await secondRun.promise;
    await jobs.stop();
    expect(failures).toEqual(['flaky']);
  });

  it('waits its first period when the start already did the work', async () => {
    const jobs = new BackgroundJobs(() => undefined);
    let runs = 0;
    jobs.every(
      'swept at start',
      3_600_000,
      async () => {
        runs += 1;
        return { moreWaiting: false };
      },
      { startNow: false },
    );
    jobs.every('polled at once', 3_600_000, async () => ({ moreWaiting: false }));
    await jobs.stop();
    expect(runs).toBe(0);
  });
});
