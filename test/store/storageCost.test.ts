/**
 * What routine storage work costs as the store grows. The store is filled through its own ports
 * (texts and sends, nine in ten of them ended, from 400 organizers) to two sizes, and at each the
 * work every instance does on its own is counted: an idle poll for due texts, the sweep for sends
 * cut off by a stop, one organizer's listing, a retention purge step with nothing yet to purge, and
 * (on Azure Blob) a start of the app. On Azure Blob, Azurite sits behind a proxy that counts
 * requests and listed entries; on SQLite, every statement that work runs is read by its query
 * plan: each growing table found through an index, never scanned. None of it may grow with the store.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { CountingStorageProxy, type StorageCount } from '../../dev/storage/countingProxy';
import { startAzurite, type Azurite } from '../../dev/storage/azurite';
import { THIS_PROCESS } from '../../src/app/sendOwners';
import { BlobSchedule } from '../../src/store/blob/BlobSchedule';
import { BlobSendLedger } from '../../src/store/blob/BlobSendLedger';
import type { Schedule, ScheduledSend } from '../../src/store/schedule';
import { newestFirstId, type SendLedger, type SendRecord } from '../../src/store/sendLedger';
import { openSqlite } from '../../src/store/sqlite/openSqlite';
import { SqliteSchedule } from '../../src/store/sqlite/SqliteSchedule';
import { SqliteSendLedger } from '../../src/store/sqlite/SqliteSendLedger';
import { startAppProcess } from '../support/appProcess';
import { startStandIns, type StandIns } from '../support/processStack';

const SIZES = [300, 1_500] as const;
const PROBE = 'organizer-probe';
const DAY_MS = 24 * 3600 * 1000;

/** Item `index` of the filled store: nine in ten ended (due yesterday), one in ten waiting (due tomorrow). */
function textAt(index: number): ScheduledSend {
  const ended = index % 10 !== 0;
  const at = new Date().toISOString();
  return {
    id: randomUUID(),
    tenantId: `tenant-${index % 3}`,
    organizerId: `organizer-${index % 400}`,
    meetingId: `meeting-${index}`,
    kind: 'confirmation',
    why: 'held',
    maskedNumbers: ['+1312•••4122'],
    dueAt: new Date(Date.now() + (ended ? -DAY_MS : DAY_MS) + index).toISOString(),
    reason: 'Outside the sending hours.',
    state: ended ? 'done' : 'scheduled',
    ...(ended ? { outcome: { status: 'sent' as const } } : {}),
    createdAt: at,
    updatedAt: at,
  };
}

function sendAt(index: number): SendRecord {
  const createdAt = new Date();
  return {
    id: newestFirstId(createdAt, randomUUID()),
    key: `key-${index}-${randomUUID()}`,
    meetingId: `meeting-${index}`,
    organizerId: `organizer-${index % 400}`,
    tenantId: `tenant-${index % 3}`,
    kind: 'confirmation',
    maskedNumbers: ['+1312•••4122'],
    numberHashes: [],
    state: 'pending',
    owner: THIS_PROCESS,
    createdAt: createdAt.toISOString(),
    updatedAt: createdAt.toISOString(),
  };
}

/** Through the ports, as the app writes them: a send claimed then finished, a text added. */
async function fill(stores: { schedule: Schedule; ledger: SendLedger }, from: number, to: number): Promise<void> {
  let next = from;
  const writer = async () => {
    while (next < to) {
      const index = next;
      next += 1;
      await stores.schedule.add(textAt(index));
      const record = sendAt(index);
      await stores.ledger.claim(record);
      await stores.ledger.finish({ ...record, state: 'done', updatedAt: new Date().toISOString() });
    }
  };
  await Promise.all(Array.from({ length: 24 }, writer));
}

/** The work each instance does without a request, and an organizer opening their scheduled texts. */
const routine = (stores: { schedule: Schedule; ledger: SendLedger }) => ({
  'an idle poll for due texts': async () => {
    const now = new Date();
    const pausedTenants = await stores.schedule.pausedTenants(now);
    const claimed = await stores.schedule.claimDue({
      now,
      owner: THIS_PROCESS,
      leaseMs: 60_000,
      limit: 20,
      abandoned: () => false,
      pausedTenants,
    });
    expect(claimed).toEqual([]);
  },
  'the sweep for cut-off sends': async () => expect(await stores.ledger.pending()).toEqual([]),
  "one organizer's listing": async () => expect(await stores.schedule.list(PROBE)).toHaveLength(1),
  'a retention purge step with nothing to purge': async () => {
    const before = new Date(Date.now() - 180 * DAY_MS);
    expect((await stores.ledger.purgeBefore(before, 500)) + (await stores.schedule.purgeBefore(before, 500))).toBe(0);
  },
});

describe('storage work on Azure Blob (Azurite, counted by a proxy) as the store grows', () => {
  let azurite: Azurite;
  let proxy: CountingStorageProxy;
  let standIns: StandIns;
  const container = 'appointment-sms';
  const counts = new Map<string, StorageCount[]>();

  beforeAll(async () => {
    azurite = await startAzurite();
    proxy = new CountingStorageProxy(new URL(/BlobEndpoint=([^;]+)/.exec(azurite.connectionString)?.[1] ?? ''));
    await proxy.start();
    standIns = await startStandIns();
  }, 60_000);
  afterAll(async () => {
    await standIns.stop();
    await proxy.stop();
    await azurite.stop();
  });

  it('costs the same few requests and listed entries at 300 and at 1,500 stored texts and sends (Azurite slows as it fills: the bench goes further)', async () => {
    const direct = {
      schedule: new BlobSchedule(azurite.connectionString, container),
      ledger: new BlobSendLedger(azurite.connectionString, container),
    };
    const counted = {
      schedule: new BlobSchedule(proxy.through(azurite.connectionString), container),
      ledger: new BlobSendLedger(proxy.through(azurite.connectionString), container),
    };
    // Created as the app creates it: a new container has nothing to index from an earlier version.
    await direct.ledger.initialize();
    await direct.schedule.add({ ...textAt(1), organizerId: PROBE });
    let filled = 0;
    for (const size of SIZES) {
      await fill(direct, filled, size);
      filled = size;
      for (const [work, run] of Object.entries(routine(counted))) counts.set(work, [...(counts.get(work) ?? []), await proxy.measure(run)]);
      const start = await proxy.measure(async () => {
        const app = await startAppProcess({
          ...standIns.env,
          STORAGE: 'blob',
          AZURE_STORAGE_CONNECTION_STRING: proxy.through(azurite.connectionString),
          AZURE_STORAGE_CONTAINER: container,
          SCHEDULE_POLL_SECONDS: '300',
        });
        await app.stop();
      });
      counts.set('a start of the app, until it listens', [...(counts.get('a start of the app, until it listens') ?? []), start]);
    }
    const table = [...counts].map(([work, [small, large]]) => `${work}: ${JSON.stringify(small)} → ${JSON.stringify(large)}`);
    console.log(`storage work at ${SIZES.join(' → ')} stored:\n  ${table.join('\n  ')}`);
    // A start's count includes whatever first background step raced its "listening" line: a small, fixed allowance.
    const grew = [...counts].filter(([work, [small, large]]) => {
      const slack = work.startsWith('a start') ? 12 : 0;
      return !small || !large || large.requests > small.requests + slack || large.listed > small.listed + slack;
    });
    expect(grew.map(([work]) => work)).toEqual([]);
  }, 600_000);
});

describe('storage work on SQLite as the store grows', () => {
  it('reads every growing table through an index: no statement of the routine work scans one', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'storage-cost-')), 'app.db');
    const db = openSqlite(path);
    await fill({ schedule: new SqliteSchedule(db), ledger: new SqliteSendLedger(db) }, 0, SIZES[0]);
    await new SqliteSchedule(db).add({ ...textAt(1), organizerId: PROBE });
    // A connection of its own, so every statement the routine runs is prepared (and seen) here.
    const watched = openSqlite(path);
    const ran = recordStatements(watched);
    for (const run of Object.values(routine({ schedule: new SqliteSchedule(watched), ledger: new SqliteSendLedger(watched) }))) await run();
    const scans = [...ran].flatMap((sql) =>
      (watched.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array<null>(sql.split('?').length - 1).fill(null)) as Array<{ detail: string }>)
        .filter((step) => /^SCAN (sends|scheduled_sends|send_claims)\b/.test(step.detail))
        .map((step) => `${step.detail} in: ${sql.replace(/\s+/g, ' ')}`),
    );
    expect(ran.size).toBeGreaterThan(4);
    expect(scans).toEqual([]);
  });
});

/** The SQL of every statement prepared on `db` from now on. */
function recordStatements(db: Database.Database): Set<string> {
  const seen = new Set<string>();
  const prepare = db.prepare.bind(db);
  db.prepare = (sql: string) => {
    seen.add(sql);
    return prepare(sql);
  };
  return seen;
}
