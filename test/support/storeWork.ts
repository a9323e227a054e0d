import { randomUUID } from 'node:crypto';
import { eachAtMost } from '../../src/app/eachAtMost';
import { THIS_PROCESS } from '../../src/app/sendOwners';
import type { Schedule, ScheduledSend } from '../../src/store/schedule';
import { newestFirstId, type SendLedger, type SendRecord } from '../../src/store/sendLedger';

/** The organizer whose own listing is measured: one waiting text among everyone else's. */
export const PROBE_ORGANIZER = 'organizer-probe';
const DAY_MS = 24 * 3600 * 1000;

interface Stores {
  schedule: Schedule;
  ledger: SendLedger;
}

/** Text `index` of a filled store: nine in ten ended (due yesterday), one in ten waiting (due tomorrow), 400 organizers. */
export function storedText(index: number, organizerId = `organizer-${index % 400}`): ScheduledSend {
  const ended = index % 10 !== 0;
  const at = new Date().toISOString();
  return {
    id: randomUUID(),
    tenantId: `tenant-${index % 3}`,
    organizerId,
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

function storedSend(index: number): SendRecord {
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

/**
 * Grows the store from `from` to `to` texts, through the ports as the app writes: a text added, and
 * (while `sendsUpTo` allows) a send claimed then finished.
 */
export async function fillStore(stores: Stores, from: number, to: number, sendsUpTo = to): Promise<void> {
  const indexes = Array.from({ length: Math.max(0, to - from) }, (_, offset) => from + offset);
  await eachAtMost(24, indexes, async (index) => {
    await stores.schedule.add(storedText(index));
    if (index >= sendsUpTo) return;
    const record = storedSend(index);
    await stores.ledger.claim(record);
    await stores.ledger.finish({ ...record, state: 'done', updatedAt: new Date().toISOString() });
  });
}

/**
 * The work each instance does without a request, and an organizer opening their scheduled texts;
 * each says how many items it found (an idle store finds 0, 0, 1 and 0).
 */
export function routineWork(stores: Stores): Record<string, () => Promise<number>> {
  return {
    'an idle poll for due texts': async () => {
      const now = new Date();
      const pausedTenants = new Set((await stores.schedule.pauses(now)).keys());
      const claimed = await stores.schedule.claimDue({
        now,
        owner: THIS_PROCESS,
        leaseMs: 60_000,
        limit: 20,
        abandoned: () => false,
        pausedTenants,
      });
      return claimed.length;
    },
    'the sweep for cut-off sends': async () => (await stores.ledger.pending()).length,
    "one organizer's listing": async () => (await stores.schedule.list(PROBE_ORGANIZER)).length,
    'a retention purge step with nothing to purge': async () => {
      const before = new Date(Date.now() - 180 * DAY_MS);
      return (await stores.ledger.purgeBefore(before, 500)) + (await stores.schedule.purgeBefore(before, 500));
    },
  };
}

/** What `routineWork` finds in a store filled by `fillStore` (with the probe organizer's one text). */
export const IDLE_FINDINGS = [0, 0, 1, 0];

/** One held text of Dana's (tenant `tenant`, meeting `meeting`), waiting unless `changes` say otherwise. */
export function heldText(id: string, dueAt: string, changes: Partial<ScheduledSend> = {}): ScheduledSend {
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
