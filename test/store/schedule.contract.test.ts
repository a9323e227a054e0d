/**
 * The schedule's contract on both backends, with two handles on one store standing for two
 * instances: each due text is handed to one of them only, a claim whose process is gone is taken
 * over, only a waiting text can be cancelled (by its organizer), ended texts are purged.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { BlobSchedule } from '../../src/store/blob/blobSchedule';
import type { Schedule } from '../../src/store/schedule';
import { heldText as item } from '../support/storeWork';
import type { SendOwner } from '../../src/store/sendLedger';
import { openSqlite } from '../../src/store/sqlite/openSqlite';
import { SqliteSchedule } from '../../src/store/sqlite/sqliteSchedule';
import { startAzurite, type Azurite } from '../../dev/storage/azurite';

interface Backend {
  name: string;
  open(): Promise<[Schedule, Schedule]>;
  stop(): Promise<void>;
}

const sqlite = (): Backend => ({
  name: 'SQLite',
  open: async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'schedule-')), 'app.db');
    return [new SqliteSchedule(openSqlite(path)), new SqliteSchedule(openSqlite(path))];
  },
  stop: async () => {},
});

const blob = (): Backend => {
  let azurite: Azurite | undefined;
  return {
    name: 'Azure Blob (Azurite)',
    open: async () => {
      azurite ??= await startAzurite();
      const container = `schedule-${randomUUID().slice(0, 8)}`;
      await BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(container).create();
      return [new BlobSchedule(azurite.connectionString, container), new BlobSchedule(azurite.connectionString, container)];
    },
    stop: async () => azurite?.stop(),
  };
};

const owner = (name: string): SendOwner => ({ host: 'test-host', pid: 1, instance: name });
const NOW = new Date('2026-11-25T15:00:00Z');
const never = () => false;
/** One poll of `schedule` by `name`'s instance. */
const claimAs = (
  schedule: Schedule,
  name: string,
  now = NOW,
  abandoned: (claimedBy: SendOwner) => boolean = never,
  pausedTenants?: Set<string>,
) => schedule.claimDue({ now, owner: owner(name), leaseMs: 60_000, limit: 20, abandoned, ...(pausedTenants ? { pausedTenants } : {}) });

describe.each([sqlite(), blob()])('the schedule on $name', (backend) => {
  let first: Schedule;
  let second: Schedule;
  beforeEach(async () => {
    [first, second] = await backend.open();
  }, 60_000);
  afterAll(() => backend.stop());

  it('hands each due text to exactly one of two instances claiming at once, and none that is not due', async () => {
    for (let index = 0; index < 8; index += 1) await first.add(item(`due-${index}`, '2026-11-25T14:00:00Z'));
    await first.add(item('later', '2026-11-25T16:00:00Z'));
    const [a, b] = await Promise.all([claimAs(first, 'a'), claimAs(second, 'b')]);
    const claimed = [...a, ...b].map((entry) => entry.id).sort();
    expect(claimed).toEqual(Array.from({ length: 8 }, (_, index) => `due-${index}`));
    expect([...a, ...b].every((entry) => entry.state === 'sending' && entry.attempts === 1)).toBe(true);
    // Claimed and in the lease: nobody else gets them.
    expect(await claimAs(second, 'c')).toEqual([]);
  });

  it('takes over a claim whose process is gone, or whose lease lapsed; the first claimer can no longer finish it', async () => {
    await first.add(item('taken', '2026-11-25T14:00:00Z'));
    const [claimed] = await claimAs(first, 'a');
    const [taken] = await claimAs(second, 'b', NOW, (claimedBy) => claimedBy.instance === 'a');
    expect(taken).toMatchObject({ id: 'taken', attempts: 2, claimedBy: owner('b') });
    expect(await first.finish({ ...claimed, state: 'done' })).toBe(false);
    expect(await second.finish({ ...taken, state: 'done', outcome: { status: 'sent' } })).toBe(true);
    const lapsed = new Date(NOW.getTime() + 61_000);
    await first.add(item('lapsed', '2026-11-25T14:00:00Z'));
    await claimAs(first, 'a');
    expect((await claimAs(second, 'b', lapsed)).map((entry) => entry.id)).toEqual(['lapsed']);
  });

  it('cancels only a waiting text, only for its organizer; purges ended texts past retention', async () => {
    await first.add(item('waiting', '2026-11-26T13:00:00Z'));
    expect(await second.cancel('sam', 'waiting', NOW)).toBeUndefined();
    const cancelled = await second.cancel('dana', 'waiting', NOW);
    expect(cancelled).toMatchObject({ state: 'cancelled' });
    // A text that will not go keeps no full number.
    expect((await first.list('dana')).find((entry) => entry.id === 'waiting')).not.toHaveProperty('attendees');
    expect(await first.cancel('dana', 'waiting', NOW)).toBeUndefined();
    await first.add(item('old', '2026-01-01T13:00:00Z', { state: 'done', outcome: { status: 'sent' } }));
    await first.add(item('old-waiting', '2026-01-01T13:00:00Z'));
    await first.add(item('old-2', '2026-01-02T13:00:00Z', { state: 'done', outcome: { status: 'sent' } }));
    // In bounded steps, oldest first.
    expect(await first.purgeBefore(new Date('2026-06-01T00:00:00Z'), 1)).toBe(1);
    expect((await second.list('dana')).map((entry) => entry.id).sort()).toEqual(['old-2', 'old-waiting', 'waiting']);
    expect(await first.purgeBefore(new Date('2026-06-01T00:00:00Z'), 1)).toBe(1);
    expect(await first.purgeBefore(new Date('2026-06-01T00:00:00Z'), 1)).toBe(0);
    expect((await second.list('dana')).map((entry) => entry.id).sort()).toEqual(['old-waiting', 'waiting']);
  });

  it("moves a waiting text to its new time, lists a tenant's waiting texts, and one organizer's per appointment", async () => {
    await first.add(item('moved', '2026-11-25T14:00:00Z'));
    await first.add(item('other-tenant', '2026-11-25T14:00:00Z', { tenantId: 'elsewhere', organizerId: 'sam', meetingId: 'm2' }));
    await first.add(item('other-meeting', '2026-11-25T16:30:00Z', { meetingId: 'm3' }));
    expect((await second.waiting('tenant')).map((entry) => entry.id).sort()).toEqual(['moved', 'other-meeting']);
    expect(await second.reschedule('moved', '2026-11-25T16:00:00Z', 'Later.', NOW)).toBe(true);
    // Not due at its old time any more; due at its new one.
    const claimed = await claimAs(first, 'a');
    expect(claimed.map((entry) => entry.id)).toEqual(['other-tenant']);
    await first.finish({ ...claimed[0], state: 'done', outcome: { status: 'sent' } });
    expect((await claimAs(first, 'a', new Date('2026-11-25T16:01:00Z'))).map((entry) => entry.id)).toEqual(['moved']);
    expect(await second.reschedule('moved', '2026-11-25T17:00:00Z', 'Later again.', NOW)).toBe(false);
    expect((await second.list('dana', 'm3')).map((entry) => entry.id)).toEqual(['other-meeting']);
    expect((await second.list('sam')).map((entry) => entry.id)).toEqual(['other-tenant']);
  });

  it("leaves a tenant's due texts waiting while Graph asked it to wait, on every instance", async () => {
    await first.add(item('paused', '2026-11-25T14:00:00Z', { tenantId: 'busy' }));
    await first.add(item('free', '2026-11-25T14:00:00Z'));
    await first.pause('busy', new Date('2026-11-25T15:00:30Z'));
    const paused = await second.pauses(NOW);
    expect([...paused]).toEqual([['busy', new Date('2026-11-25T15:00:30Z')]]);
    expect((await claimAs(second, 'b', NOW, never, new Set(paused.keys()))).map((entry) => entry.id)).toEqual(['free']);
    const later = new Date('2026-11-25T15:00:31Z');
    expect([...(await second.pauses(later))]).toEqual([]);
    expect((await claimAs(second, 'b', later, never, new Set())).map((entry) => entry.id)).toEqual(['paused']);
  });

  it('counts what waits, by why, each item once: not what was claimed, cancelled or moved', async () => {
    await first.add(item('held', '2026-11-25T14:00:00Z'));
    await first.add(item('moved', '2026-11-26T14:00:00Z'));
    await first.add(item('cancelled', '2026-11-26T14:00:00Z'));
    await first.add(item('reminder', '2026-11-26T13:45:00Z', { why: 'reminder' }));
    await first.add(item('calendar', '2026-11-26T13:45:00Z', { why: 'calendar' }));
    await claimAs(first, 'a');
    await second.cancel('dana', 'cancelled', NOW);
    await second.reschedule('moved', '2026-11-27T14:00:00Z', 'Later.', NOW);
    expect(await second.countWaiting()).toEqual({ held: 1, reminder: 1, calendar: 1 });
  });

  it("counts a tenant's texts missed in a period, by when they were due", async () => {
    await first.add(item('missed', '2026-11-25T14:00:00Z', { state: 'missed' }));
    await first.add(item('missed-elsewhere', '2026-11-25T14:00:00Z', { state: 'missed', tenantId: 'elsewhere' }));
    await first.add(item('missed-before', '2026-11-24T23:59:00Z', { state: 'missed' }));
    await first.add(item('sent', '2026-11-25T15:00:00Z', { state: 'done', outcome: { status: 'sent' } }));
    const [claimed] = await claimAs(first, 'a', new Date('2026-11-25T16:00:00Z'));
    expect(claimed).toBeUndefined();
    await first.add(item('missed-now', '2026-11-25T18:00:00Z'));
    const [due] = await claimAs(first, 'a', new Date('2026-11-25T18:00:01Z'));
    await first.finish({ ...due, state: 'missed' });
    const day = { start: new Date('2026-11-25T00:00:00Z'), end: new Date('2026-11-26T00:00:00Z') };
    expect(await second.missedBetween('tenant', day)).toBe(2);
  });
});
