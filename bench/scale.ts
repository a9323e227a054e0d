import { CountingStorageProxy, type StorageCount } from '../dev/storage/countingProxy';
import { startAzurite } from '../dev/storage/azurite';
import { BlobSchedule } from '../src/store/blob/blobSchedule';
import { BlobSendLedger } from '../src/store/blob/blobSendLedger';
import { startAppProcess } from '../test/support/appProcess';
import { eightOClockBurst, type BurstShape } from '../test/support/eightOClock';
import { startStandIns } from '../test/support/processStack';
import { fillStore, PROBE_ORGANIZER, routineWork, storedText } from '../test/support/storeWork';

/** Storage work at one store size (Azure Blob on Azurite, counted by a proxy). */
export interface StorageFigures {
  storedTexts: number;
  storedSends: number;
  work: Record<string, StorageCount>;
  /** From starting the process to its "listening" line. */
  listeningAfterStartMs: number;
}

/**
 * The work every instance does on its own, at growing store sizes: the store is filled through its
 * ports (texts; sends up to `sendsUpTo`: Azurite slows as it fills, and sends cost twice the writes).
 */
export async function storageScenario(sizes: number[], sendsUpTo: number, log: (line: string) => void): Promise<StorageFigures[]> {
  const azurite = await startAzurite();
  const proxy = new CountingStorageProxy(new URL(/BlobEndpoint=([^;]+)/.exec(azurite.connectionString)?.[1] ?? ''));
  await proxy.start();
  const standIns = await startStandIns();
  const container = 'appointment-sms';
  try {
    const direct = {
      schedule: new BlobSchedule(azurite.connectionString, container),
      ledger: new BlobSendLedger(azurite.connectionString, container),
    };
    await direct.ledger.initialize();
    await direct.schedule.add(storedText(1, PROBE_ORGANIZER));
    const counted = {
      schedule: new BlobSchedule(proxy.through(azurite.connectionString), container),
      ledger: new BlobSendLedger(proxy.through(azurite.connectionString), container),
    };
    const figures: StorageFigures[] = [];
    let filled = 0;
    for (const size of sizes) {
      const started = Date.now();
      await fillStore(direct, filled, size, sendsUpTo);
      filled = size;
      log(`storage: filled to ${size} texts in ${Math.round((Date.now() - started) / 1000)} s`);
      const work: Record<string, StorageCount> = {};
      for (const [name, run] of Object.entries(routineWork(counted))) work[name] = await proxy.measure(run);
      const startedAt = Date.now();
      let listeningAfterStartMs = 0;
      work['a start of the app, until it listens'] = await proxy.measure(async () => {
        const app = await startAppProcess({
          ...standIns.env,
          STORAGE: 'blob',
          AZURE_STORAGE_CONNECTION_STRING: proxy.through(azurite.connectionString),
          AZURE_STORAGE_CONTAINER: container,
        });
        listeningAfterStartMs = Date.now() - startedAt;
        await app.stop();
      });
      figures.push({ storedTexts: size, storedSends: Math.min(size, sendsUpTo), work, listeningAfterStartMs });
    }
    return figures;
  } finally {
    await standIns.stop();
    await proxy.stop();
    await azurite.stop();
  }
}

export interface BurstFigures extends BurstShape {
  drainSeconds: number;
  bestSeconds: number;
  /** Of Graph's rate, the share the drain used. */
  rateUsed: number;
  graphCallsPerText: number;
  throttled: number;
  storageRequestsPerText: number;
  appCpuMsPerText: number;
  sent: number;
  unknown: number;
  textedTwice: number;
  /** Every text's end (state/outcome), counted. */
  ends: Record<string, number>;
  settledByInstance: number[];
}

/** The 8 o'clock burst at the bench's size: three instances, one killed half-way. */
export async function burstScenario(shape: BurstShape, log: (line: string) => void): Promise<BurstFigures> {
  const outcome = await eightOClockBurst(shape, (line) => log(`burst: ${line}`));
  const states = [...outcome.endStates.values()];
  return {
    ...shape,
    drainSeconds: +(outcome.drainMs / 1000).toFixed(1),
    bestSeconds: +(outcome.bestMs / 1000).toFixed(1),
    rateUsed: +(outcome.bestMs / Math.max(outcome.drainMs, 1)).toFixed(2),
    graphCallsPerText: +(outcome.graphCalls / shape.texts).toFixed(3),
    throttled: outcome.throttled,
    storageRequestsPerText: outcome.storageRequestsPerText,
    appCpuMsPerText: outcome.appCpuMsPerText,
    sent: states.filter((end) => end.status === 'sent').length,
    unknown: states.filter((end) => end.status === 'uncertain').length,
    textedTwice: [...outcome.acceptedPerText.values()].filter((times) => times > 1).length,
    ends: states.reduce<Record<string, number>>((counted, end) => {
      const key = `${end.state}/${end.status ?? '-'}`;
      return { ...counted, [key]: (counted[key] ?? 0) + 1 };
    }, {}),
    settledByInstance: outcome.settledByInstance,
  };
}

export function printScale(storage: StorageFigures[], burst: BurstFigures | undefined): void {
  for (const size of storage) {
    console.log(
      `\nstorage at ${size.storedTexts} texts and ${size.storedSends} sends stored (Azure Blob on Azurite): listening ${size.listeningAfterStartMs} ms after a start`,
    );
    for (const [work, count] of Object.entries(size.work))
      console.log(`  ${work.padEnd(46)} ${String(count.requests).padStart(5)} requests ${String(count.listed).padStart(6)} listed entries`);
  }
  if (!burst) return;
  console.log(
    `\n8 o'clock burst: ${burst.texts} texts of ${burst.organizers} organizers, ${burst.instances} instances (one killed half-way: ${burst.killOneHalfway}), Graph at ${burst.graphPerSecond}/s`,
  );
  console.log(
    `  drained in ${burst.drainSeconds} s; the rate allows ${burst.bestSeconds} s: ${Math.round(burst.rateUsed * 100)} % of Graph's rate used (goal 90 %)`,
  );
  console.log(
    `  Graph calls per text ${burst.graphCallsPerText} (429s: ${burst.throttled}); storage requests per text ${burst.storageRequestsPerText}; app CPU per text ${burst.appCpuMsPerText} ms; sent ${burst.sent}, unknown ${burst.unknown}, texted twice ${burst.textedTwice}; ends ${JSON.stringify(burst.ends)}; per instance ${burst.settledByInstance.join(', ')}`,
  );
}
