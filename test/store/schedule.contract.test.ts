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
import { BlobSchedule } from '../../src/store/blob/BlobSchedule';
import type { Schedule, ScheduledSend } from '../../src/store/schedule';
import type { SendOwner } from '../../src/store/sendLedger';
import { openSqlite } from '../../src/store/sqlite/openSqlite';
import { SqliteSchedule } from '../../src/store/sqlite/SqliteSchedule';
import { startAzurite, type Azurite } from '../support/azurite';

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

function item(id: string, dueAt: string, changes: Partial<ScheduledSend> = {}): ScheduledSend {
  return {
    id,
    tenantId: 'tenant',
    organizerId: 'dana',
    meetingId: 'meeting',
    kind: 'confirmation',
    why: 'held',
    attendees: [{ phoneNumber: '+13129224122', timeZone: 'Eastern Standard Time' }],
    maskedNumbers: ['+1312•••4122'],
    dueAt,
    reason: 'Outside the sending hours.',
    state: 'scheduled',
    createdAt: '2026-11-25T03:00:00Z',
    updatedAt: '2026-11-25T03:00:00Z',
    ...changes,
  };
}

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
    const [a, b] = await Promise.all([
      first.claimDue(NOW, owner('a'), 60_000, 20, never),
      second.claimDue(NOW, owner('b'), 60_000, 20, never),
    ]);
    const claimed = [...a, ...b].map((entry) => entry.id).sort();
    expect(claimed).toEqual(Array.from({ length: 8 }, (_, index) => `due-${index}`));
    expect([...a, ...b].every((entry) => entry.state === 'sending' && entry.attempts === 1)).toBe(true);
    // Claimed and in the lease: nobody else gets them.
    expect(await second.claimDue(NOW, owner('c'), 60_000, 20, never)).toEqual([]);
  });

  it('takes over a claim whose process is gone, or whose lease lapsed; the first claimer can no longer finish it', async () => {
    await first.add(item('taken', '2026-11-25T14:00:00Z'));
    const [claimed] = await first.claimDue(NOW, owner('a'), 60_000, 20, never);
    const [taken] = await second.claimDue(NOW, owner('b'), 60_000, 20, (claimedBy) => claimedBy.instance === 'a');
    expect(taken).toMatchObject({ id: 'taken', attempts: 2, claimedBy: owner('b') });
    expect(await first.finish({ ...claimed, state: 'done' })).toBe(false);
    expect(await second.finish({ ...taken, state: 'done', outcome: { status: 'sent' } })).toBe(true);
    const lapsed = new Date(NOW.getTime() + 61_000);
    await first.add(item('lapsed', '2026-11-25T14:00:00Z'));
    await first.claimDue(NOW, owner('a'), 60_000, 20, never);
    expect((await second.claimDue(lapsed, owner('b'), 60_000, 20, never)).map((entry) => entry.id)).toEqual(['lapsed']);
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
    expect(await first.purgeBefore(new Date('2026-06-01T00:00:00Z'))).toBe(1);
    expect((await second.list('dana')).map((entry) => entry.id).sort()).toEqual(['old-waiting', 'waiting']);
  });
});
