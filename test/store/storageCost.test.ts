/**
 * What routine storage work costs as the store grows. The store is filled through its own ports
 * (texts and sends, nine in ten of them ended, from 400 organizers) to two sizes, and at each the
 * work every instance does on its own is counted: an idle poll for due texts, the sweep for sends
 * cut off by a stop, one organizer's listing, a retention purge step with nothing yet to purge, and
 * (on Azure Blob) a start of the app. On Azure Blob, Azurite sits behind a proxy that counts
 * requests and listed entries; on SQLite, every statement that work runs is read by its query
 * plan: each growing table found through an index, never scanned. None of it may grow with the store.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { CountingStorageProxy, type StorageCount } from '../../dev/storage/countingProxy';
import { startAzurite, type Azurite } from '../../dev/storage/azurite';
import { BlobSchedule } from '../../src/store/blob/blobSchedule';
import { BlobSendLedger } from '../../src/store/blob/blobSendLedger';
import { openSqlite } from '../../src/store/sqlite/openSqlite';
import { SqliteSchedule } from '../../src/store/sqlite/sqliteSchedule';
import { SqliteSendLedger } from '../../src/store/sqlite/sqliteSendLedger';
import { startAppProcess } from '../support/appProcess';
import { startStandIns, type StandIns } from '../support/processStack';
import { fillStore, IDLE_FINDINGS, PROBE_ORGANIZER, routineWork, storedText } from '../support/storeWork';

const SIZES = [300, 1_500] as const;
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
    await direct.schedule.add(storedText(1, PROBE_ORGANIZER));
    let filled = 0;
    for (const size of SIZES) {
      await fillStore(direct, filled, size);
      filled = size;
      const findings: number[] = [];
      for (const [work, run] of Object.entries(routineWork(counted))) {
        counts.set(work, [...(counts.get(work) ?? []), await proxy.measure(async () => findings.push(await run()))]);
      }
      expect(findings).toEqual(IDLE_FINDINGS);
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
    await fillStore({ schedule: new SqliteSchedule(db), ledger: new SqliteSendLedger(db) }, 0, SIZES[0]);
    await new SqliteSchedule(db).add(storedText(1, PROBE_ORGANIZER));
    // A connection of its own, so every statement the routine runs is prepared (and seen) here.
    const watched = openSqlite(path);
    const ran = recordStatements(watched);
    const findings: number[] = [];
    for (const run of Object.values(routineWork({ schedule: new SqliteSchedule(watched), ledger: new SqliteSendLedger(watched) })))
      findings.push(await run());
    expect(findings).toEqual(IDLE_FINDINGS);
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
