import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { BlobSendLedger } from '../../src/store/blob/blobSendLedger';
import { newestFirstId, type SendLedger, type SendRecord } from '../../src/store/sendLedger';
import { openSqlite } from '../../src/store/sqlite/openSqlite';
import { SqliteSendLedger } from '../../src/store/sqlite/sqliteSendLedger';
import { startAzurite, type Azurite } from '../../dev/storage/azurite';

/** Two handles on one store stand for two app instances behind a load balancer. */
interface Backend {
  name: string;
  open(): Promise<[SendLedger, SendLedger]>;
  stop(): Promise<void>;
}

const sqlite = (): Backend => ({
  name: 'SQLite',
  open: async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ledger-')), 'sends.db');
    return [new SqliteSendLedger(openSqlite(path)), new SqliteSendLedger(openSqlite(path))];
  },
  stop: async () => {},
});

const blob = (): Backend => {
  let azurite: Azurite;
  return {
    name: 'Azure Blob (Azurite)',
    open: async () => {
      azurite ??= await startAzurite();
      const container = `sends-${randomUUID().slice(0, 8)}`;
      const ledgers = [
        new BlobSendLedger(azurite.connectionString, container),
        new BlobSendLedger(azurite.connectionString, container),
      ] as const;
      await ledgers[0].initialize();
      return [...ledgers];
    },
    stop: async () => azurite?.stop(),
  };
};

const meetingId =
  'MSo2NzAyYWZiNi0xMDliLTRjMzItYTE0MS02ZTY1NDY5NTAyYjkqMCoqMTk6bWVldGluZ19OV00xTVRJNU56TXROamd6TXkwMFlXUTRMVGhtT1dRdFpUZzNNVEJtT1RnM1ltVXpAdGhyZWFkLnYy';

function record(key: string, createdAt = new Date(), overrides: Partial<SendRecord> = {}): SendRecord {
  return {
    id: newestFirstId(createdAt, randomUUID()),
    key,
    meetingId,
    organizerId: '6702afb6-109b-4c32-a141-6e65469502b9',
    kind: 'confirmation',
    maskedNumbers: ['+1312•••4122'],
    numberHashes: ['h'],
    state: 'pending',
    createdAt: createdAt.toISOString(),
    updatedAt: createdAt.toISOString(),
    ...overrides,
  };
}

describe.each([sqlite(), blob()])('the send ledger on $name', (backend) => {
  let one: SendLedger;
  let other: SendLedger;
  beforeEach(async () => {
    [one, other] = await backend.open();
  });
  afterAll(() => backend.stop());

  it('lets exactly one of 50 concurrent identical claims through, across two instances', async () => {
    const claims = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? one : other).claim(record('same-key'))));
    const winners = claims.filter((claim) => claim.claimed);
    expect(winners).toHaveLength(1);
    const holders = new Set(claims.flatMap((claim) => (claim.claimed ? [] : [claim.existing.id])));
    expect(holders.size).toBe(1);
    expect((await one.history(meetingId, { limit: 100 })).records).toHaveLength(1);
  });

  it('gives the key up when the earlier attempt sent nothing, or is older than the repeat window', async () => {
    const failed = record('retry-key');
    await one.claim(failed);
    await one.finish({ ...failed, state: 'done', receipt: { status: 'failed', numbers: [], problems: [], at: failed.createdAt } });
    expect(await other.claim(record('retry-key'))).toEqual({ claimed: true });

    const old = record('window-key', new Date(Date.now() - 60_000));
    await one.claim(old);
    await one.finish({ ...old, state: 'done', receipt: { status: 'sent', numbers: [], problems: [], at: old.createdAt } });
    expect(await other.claim(record('window-key'), new Date(Date.now() - 120_000))).toMatchObject({ claimed: false });
    expect(await other.claim(record('window-key'), new Date(Date.now() - 30_000))).toEqual({ claimed: true });
  });

  it("lists a meeting's sends newest first, page by page, and finds them from another instance", async () => {
    const base = Date.now() - 10_000;
    for (let i = 0; i < 5; i += 1) await one.claim(record(`page-${i}`, new Date(base + i * 1000)));
    const first = await other.history(meetingId, { limit: 2 });
    const second = await other.history(meetingId, { limit: 2, cursor: first.nextCursor });
    const third = await other.history(meetingId, { limit: 2, cursor: second.nextCursor });
    const keys = [...first.records, ...second.records, ...third.records].map((r) => r.key);
    expect(keys).toEqual(['page-4', 'page-3', 'page-2', 'page-1', 'page-0']);
    expect(third.nextCursor).toBeUndefined();
  });

  it('finds sends still pending, and purges only finished ones past retention', async () => {
    const stale = record('stale', new Date(Date.now() - 3600_000));
    const finished = record('finished', new Date(Date.now() - 3600_000));
    await one.claim(stale);
    await one.claim(finished);
    await one.finish({ ...finished, state: 'done' });
    const pendingKeys = (await other.pending()).map((pending) => pending.key);
    expect(pendingKeys).toContain('stale');
    expect(pendingKeys).not.toContain('finished');
    expect(await other.purgeBefore(new Date(Date.now() - 60_000), 100)).toBeGreaterThanOrEqual(1);
    expect(await other.get(meetingId, finished.id)).toBeUndefined();
    expect(await other.get(meetingId, stale.id)).toMatchObject({ state: 'pending' });
  });

  it("settles a pending send only while it is still pending: an owner's own outcome is never overwritten", async () => {
    const cutOff = record('settle-cut-off');
    const finished = record('settle-finished');
    await one.claim(cutOff);
    await one.claim(finished);
    await one.finish({ ...finished, state: 'done', receipt: { status: 'sent', numbers: [], problems: [], at: finished.createdAt } });

    expect(await other.settle({ ...cutOff, state: 'unknown' })).toBe(true);
    expect(await other.settle({ ...cutOff, state: 'unknown' })).toBe(false);
    expect(await other.settle({ ...finished, state: 'unknown' })).toBe(false);
    expect(await one.get(meetingId, finished.id)).toMatchObject({ state: 'done', receipt: { status: 'sent' } });
    expect((await one.pending()).map((pending) => pending.key)).not.toContain('settle-cut-off');
  });

  it("lists a tenant's finished sends in a period, oldest first, from another instance; usage counts the finished ones; the purge takes them out", async () => {
    const tenantId = `tenant-${randomUUID()}`;
    const at = (iso: string) => new Date(iso);
    const sentAt = (iso: string, key: string, status: 'sent' | 'refused', outcome: 'accepted' | 'refused', tenant = tenantId) => {
      const sent = record(key, at(iso), { tenantId: tenant });
      const receipt = { status, numbers: [{ masked: '+1312•••4122', outcome }], problems: [], at: iso };
      return { sent, done: { ...sent, state: 'done' as const, receipt } };
    };
    const first = sentAt('2026-11-30T23:59:00.000Z', 'first', 'sent', 'accepted');
    const second = sentAt('2026-12-01T00:00:00.000Z', 'second', 'refused', 'refused');
    const elsewhere = sentAt('2026-12-01T10:00:00.000Z', 'elsewhere', 'sent', 'accepted', 'elsewhere');
    const cutOff = record('cut-off', at('2026-12-02T09:00:00.000Z'), { tenantId });
    const inFlight = record('in-flight', at('2026-12-02T10:00:00.000Z'), { tenantId });
    const after = sentAt('2026-12-03T00:00:00.000Z', 'after', 'sent', 'accepted');
    for (const { sent, done } of [second, first, after, elsewhere]) {
      await one.claim(sent);
      await one.finish(done);
    }
    await one.claim(cutOff);
    await one.settle({ ...cutOff, state: 'unknown' });
    await one.claim(inFlight);

    const period = { start: at('2026-11-30T23:00:00.000Z'), end: at('2026-12-03T00:00:00.000Z') };
    const keys: string[] = [];
    for await (const sent of other.tenantSends(tenantId, period)) keys.push(sent.key);
    // Finished sends only: one still in flight is not in the audit yet.
    expect(keys).toEqual(['first', 'second', 'cut-off']);
    const summaries = [];
    for await (const summary of other.tenantSummaries(tenantId, period)) summaries.push(summary);
    expect(summaries).toEqual([
      { at: '2026-11-30T23:59:00.000Z', kind: 'confirmation', status: 'sent', texts: { accepted: 1 } },
      { at: '2026-12-01T00:00:00.000Z', kind: 'confirmation', status: 'refused', reason: 'phoneNumber', texts: { refused: 1 } },
      { at: '2026-12-02T09:00:00.000Z', kind: 'confirmation', status: 'uncertain', reason: 'interrupted', texts: {} },
    ]);

    await other.purgeBefore(at('2026-12-01T12:00:00.000Z'), 100);
    const left = [];
    for await (const summary of one.tenantSummaries(tenantId, period)) left.push(summary.at);
    expect(left).toEqual(['2026-12-02T09:00:00.000Z']);
  });
});

describe('the send ledger on SQLite, with many sends at once', () => {
  const WAL_FRAME_BYTES = 24 + 4096;
  let path: string;
  let ledger: SendLedger;
  beforeEach(() => {
    path = join(mkdtempSync(join(tmpdir(), 'ledger-')), 'sends.db');
    ledger = new SqliteSendLedger(openSqlite(path));
  });
  const walFrames = () => Math.floor(statSync(`${path}-wal`).size / WAL_FRAME_BYTES);

  it('records the claims and outcomes of 40 sends made at once in shared commits, fewer disk pages than sends', async () => {
    const records = Array.from({ length: 40 }, (_, i) => record(`crowd-${i}`));
    const before = walFrames();
    const claims = await Promise.all(records.map((each) => ledger.claim(each)));
    await Promise.all(records.map((each) => ledger.finish({ ...each, state: 'done' })));

    expect(claims.every((claim) => claim.claimed)).toBe(true);
    expect((await ledger.history(meetingId, { limit: 100 })).records.filter((each) => each.state === 'done')).toHaveLength(40);
    // A commit of its own per claim and per outcome wrote ~9 pages per send (~360 here).
    expect(walFrames() - before).toBeLessThan(40);
  });

  it('a write that fails costs only itself: the sends committed with it are recorded', async () => {
    const unwritable = { ...record('unwritable'), receipt: { at: 0n } } as unknown as SendRecord;
    const fine = Array.from({ length: 5 }, (_, i) => record(`beside-${i}`));
    const outcomes = await Promise.allSettled([...fine.slice(0, 2), unwritable, ...fine.slice(2)].map((each) => ledger.claim(each)));

    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    const recorded = (await ledger.history(meetingId, { limit: 100 })).records.map((each) => each.key);
    expect(recorded.sort()).toEqual(fine.map((each) => each.key).sort());
  });
});
