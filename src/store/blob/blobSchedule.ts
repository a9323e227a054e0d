import { randomBytes } from 'node:crypto';
import { BlobServiceClient, type ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { withoutNumbers, type DueClaim, type Schedule, type ScheduledSend, type WaitingCounts } from '../schedule';
import {
  blobDigest,
  deleteBlobIfPresent,
  entriesBefore,
  isConflict,
  isStale,
  listInNameOrder,
  utcDaysOf,
  pagesFor,
  readJsonBlob,
  type ListedBlob,
} from './blobJson';
import type { SendOwner } from '../sendLedger';
import { SCHEDULE_INDEXED } from './indexMarkers';

/** Due entries read per claim, so instances claiming at once spread over them instead of racing for the first. */
const SPREAD = 4;
const ENDED = new Set(['done', 'missed', 'cancelled']);

interface Stored {
  value: ScheduledSend;
  etag: string;
  /** This version of the document (its metadata `rev`): its index blobs carry it in their names. */
  rev: string;
}

/**
 * The schedule in Azure Blob Storage, for several instances, with work that grows with what is due,
 * not with what is stored. Each text is one document, `schedule/{id}.json`; empty index blobs
 * beside it are named so that listing in name order (Blob Storage's only order) finds what is looked for:
 *
 *   due/{dueAt}/{id}/{rev}            waiting: a poll lists until the first one not yet due
 *   sending/{id}/{rev}                claimed (metadata: until when, by whom): only those in flight
 *   ended/{dueAt}/{id}/{rev}          done, missed or cancelled: the purge reads the oldest first
 *   organizers/{who}/{meeting}/{id}   an organizer's own texts
 *   pauses/{tenant}                   Graph asked the tenant's texts to wait until (metadata)
 *
 * A change writes the index blobs of the new state first, then the document (conditionally), then
 * removes the old state's; a stop in between leaves an extra index blob, never a text nobody finds.
 * `rev` is new with each write, so an index blob is current only while its document has that rev:
 * two writers never share one, and one left over is told apart and removed by whoever meets it.
 */
export class BlobSchedule implements Schedule {
  private readonly container: ContainerClient;
  /** Texts this instance claimed and has not finished, as its claim wrote them. */
  private readonly claimedHere = new Map<string, Stored>();

  constructor(connectionString: string, containerName: string, pipeline?: StoragePipelineOptions) {
    this.container = BlobServiceClient.fromConnectionString(connectionString, pipeline).getContainerClient(containerName);
  }

  async add(item: ScheduledSend): Promise<void> {
    await this.put(organizerIndex(item), {});
    if (!(await this.change(undefined, item))) throw new Error(`A scheduled text with id ${item.id} exists already`);
  }

  async claimDue(claim: DueClaim): Promise<ScheduledSend[]> {
    const at = claim.now.toISOString();
    const claimUntil = new Date(claim.now.getTime() + claim.leaseMs).toISOString();
    const take = async (stored: Stored): Promise<ScheduledSend[]> => {
      const taken = await this.change(stored, {
        ...stored.value,
        state: 'sending',
        claimedBy: claim.owner,
        claimUntil,
        attempts: (stored.value.attempts ?? 0) + 1,
        updatedAt: at,
      });
      if (!taken) return [];
      this.claimedHere.set(taken.value.id, taken);
      return [taken.value];
    };
    const claimed: ScheduledSend[] = [];
    for (const entry of await this.lapsedClaims(claim)) {
      if (claimed.length >= claim.limit) break;
      const stored = await this.current(entry);
      if (stored?.value.state === 'sending') claimed.push(...(await take(stored)));
    }
    const wanted = (claim.limit - claimed.length) * SPREAD;
    for (const entry of wanted > 0 ? shuffled(await this.dueEntries(claim, wanted)) : []) {
      if (claimed.length >= claim.limit) break;
      const stored = await this.current(entry);
      if (stored?.value.state === 'scheduled' && stored.value.dueAt <= at) claimed.push(...(await take(stored)));
    }
    return claimed;
  }

  /** Claims whose lease lapsed or whose process is gone: the `sending/` entries are only the texts in flight. */
  private async lapsedClaims(claim: DueClaim): Promise<ListedBlob[]> {
    const at = claim.now.toISOString();
    const lapsed: ListedBlob[] = [];
    for await (const entry of listInNameOrder(this.container, 'sending/')) {
      const meta = entry.metadata;
      const owner: SendOwner = { host: meta.host ?? '', pid: Number(meta.pid), instance: meta.instance ?? '' };
      if ((meta.until ?? '') < at || claim.abandoned(owner)) lapsed.push(entry);
    }
    return lapsed;
  }

  /** Waiting entries already due, soonest first, leaving out tenants Graph asked to wait; the listing stops at the first not due. */
  private async dueEntries(claim: DueClaim, wanted: number): Promise<ListedBlob[]> {
    const at = claim.now.toISOString();
    const due: ListedBlob[] = [];
    for await (const entry of listInNameOrder(this.container, 'due/', pagesFor(wanted))) {
      if ((entry.name.split('/')[1] ?? '') > at || due.length >= wanted) break;
      if (!claim.pausedTenants?.has(entry.metadata.tenant ?? '')) due.push(entry);
    }
    return due;
  }

  async finish(item: ScheduledSend): Promise<boolean> {
    // As this instance claimed it: if anything changed it since, the write's condition fails.
    const stored = this.claimedHere.get(item.id) ?? (await this.read(item.id));
    this.claimedHere.delete(item.id);
    // Another instance claimed it after this claim lapsed: its outcome will be recorded by it.
    if (stored?.value.state !== 'sending' || stored.value.claimedBy?.instance !== item.claimedBy?.instance) return false;
    return (await this.change(stored, item)) !== undefined;
  }

  async cancel(organizerId: string, id: string, at: Date): Promise<ScheduledSend | undefined> {
    const stored = await this.read(id);
    if (stored?.value.organizerId !== organizerId || stored.value.state !== 'scheduled') return undefined;
    // Claimed in the meantime (the write's condition fails): it is going now, too late to cancel.
    return (await this.change(stored, { ...withoutNumbers(stored.value), state: 'cancelled', updatedAt: at.toISOString() }))?.value;
  }

  async list(organizerId: string, meetingId?: string): Promise<ScheduledSend[]> {
    const prefix = `organizers/${blobDigest(organizerId)}/${meetingId === undefined ? '' : `${blobDigest(meetingId)}/`}`;
    const entries: ListedBlob[] = [];
    for await (const entry of listInNameOrder(this.container, prefix)) entries.push(entry);
    const found = await Promise.all(
      entries.map(async (entry) => {
        const stored = await this.read(entry.name.split('/')[3] ?? '');
        // Written before its document: an entry without one is an add under way, or one a stop cut short.
        if (!stored && isStale(entry)) await deleteBlobIfPresent(this.container, entry.name);
        return stored?.value;
      }),
    );
    return found.filter((item): item is ScheduledSend => item !== undefined).sort((left, right) => left.dueAt.localeCompare(right.dueAt));
  }

  async waiting(tenantId: string): Promise<ScheduledSend[]> {
    const found: ScheduledSend[] = [];
    for await (const entry of listInNameOrder(this.container, 'due/')) {
      if (entry.metadata.tenant !== tenantId) continue;
      const stored = await this.current(entry);
      if (stored?.value.state === 'scheduled') found.push(stored.value);
    }
    return found;
  }

  /** One listing per UTC day of the ended markers; a marker written before they carried the tenant and state is read. */
  async missedBetween(tenantId: string, between: { start: Date; end: Date }): Promise<number> {
    let missed = 0;
    for (const day of utcDaysOf(between)) {
      for await (const entry of listInNameOrder(this.container, `ended/${day}`)) {
        const dueAt = Date.parse(entry.name.split('/')[1] ?? '');
        if (dueAt < between.start.getTime() || dueAt >= between.end.getTime()) continue;
        const item = entry.metadata.state
          ? { state: entry.metadata.state, tenantId: entry.metadata.tenant }
          : (await this.current(entry))?.value;
        if (item?.state === 'missed' && item.tenantId === tenantId) missed += 1;
      }
    }
    return missed;
  }

  /** From the due markers alone (one listing, nothing read): each item once, whatever revs a stop left behind. */
  async countWaiting(): Promise<WaitingCounts> {
    const whyOf = new Map<string, ScheduledSend['why']>();
    for await (const entry of listInNameOrder(this.container, 'due/')) {
      const id = entry.name.split('/')[2] ?? '';
      // Markers written before the reason was kept in them were all held texts or reminders.
      whyOf.set(id, (entry.metadata.why as ScheduledSend['why'] | undefined) ?? 'held');
    }
    const counts: WaitingCounts = {};
    for (const why of whyOf.values()) counts[why] = (counts[why] ?? 0) + 1;
    return counts;
  }

  async reschedule(id: string, dueAt: string, reason: string, at: Date): Promise<boolean> {
    const stored = await this.read(id);
    if (stored?.value.state !== 'scheduled') return false;
    // Claimed or cancelled in the meantime (the write's condition fails): it no longer waits.
    return (await this.change(stored, { ...stored.value, dueAt, reason, updatedAt: at.toISOString() })) !== undefined;
  }

  async purgeBefore(before: Date, limit: number): Promise<number> {
    const batch = await entriesBefore(this.container, 'ended/', before, limit);
    const purged = await Promise.all(
      batch.map(async (entry) => {
        const stored = await this.current(entry);
        if (!stored || !ENDED.has(stored.value.state)) return 0;
        await deleteBlobIfPresent(this.container, documentPath(stored.value.id));
        await Promise.all([organizerIndex(stored.value), entry.name].map((name) => deleteBlobIfPresent(this.container, name)));
        return 1;
      }),
    );
    return purged.reduce<number>((sum, one) => sum + one, 0);
  }

  async pause(tenantId: string, until: Date): Promise<void> {
    await this.put(`pauses/${blobDigest(tenantId)}`, { tenant: tenantId, until: until.toISOString() });
  }

  async pauses(now: Date): Promise<Map<string, Date>> {
    const paused = new Map<string, Date>();
    for await (const entry of listInNameOrder(this.container, 'pauses/')) {
      const until = entry.metadata.until ?? '';
      if (until > now.toISOString()) paused.set(entry.metadata.tenant ?? '', new Date(until));
    }
    return paused;
  }

  /**
   * Schedules written before the index existed (`schedule/` documents only) are indexed once, in the
   * background; a marker blob says it was done, so later starts list nothing.
   */
  async indexEarlierTexts(): Promise<number> {
    const marker = this.container.getBlockBlobClient(SCHEDULE_INDEXED);
    if (await marker.exists()) return 0;
    let indexed = 0;
    for await (const entry of listInNameOrder(this.container, 'schedule/')) {
      if (entry.metadata.rev) continue;
      const stored = await this.read(entry.name.replace(/^schedule\//, '').replace(/\.json$/, ''));
      if (!stored) continue;
      await this.put(organizerIndex(stored.value), {});
      await this.change(stored, stored.value);
      indexed += 1;
    }
    await marker.upload('', 0);
    return indexed;
  }

  /**
   * Writes `next` (on `previous`, unchanged since read, or as new) with its index: the new state's
   * entries first, the old state's removed after. `[]` when another writer changed it first.
   */
  private async change(previous: Stored | undefined, next: ScheduledSend): Promise<Stored | undefined> {
    const rev = randomBytes(9).toString('base64url');
    const added = stateIndex(next, rev);
    await Promise.all(added.map(([name, metadata]) => this.put(name, metadata)));
    let etag: string | undefined;
    try {
      const text = JSON.stringify(next);
      ({ etag } = await this.container.getBlockBlobClient(documentPath(next.id)).upload(text, Buffer.byteLength(text), {
        blobHTTPHeaders: { blobContentType: 'application/json' },
        metadata: { rev },
        conditions: previous ? { ifMatch: previous.etag } : { ifNoneMatch: '*' },
      }));
    } catch (error) {
      await Promise.all(added.map(([name]) => deleteBlobIfPresent(this.container, name)));
      if (isConflict(error)) return undefined;
      throw error;
    }
    if (previous) await Promise.all(stateIndex(previous.value, previous.rev).map(([name]) => deleteBlobIfPresent(this.container, name)));
    return { value: next, etag: etag ?? '', rev };
  }

  /** The document an index entry stands for, if the entry is current; a stale entry old enough is removed. */
  private async current(entry: ListedBlob): Promise<Stored | undefined> {
    const stored = await this.read(entry.name.split('/')[entry.name.startsWith('sending/') ? 1 : 2] ?? '');
    if (stored && entry.name.endsWith(`/${stored.rev}`)) return stored;
    if (isStale(entry)) await deleteBlobIfPresent(this.container, entry.name);
    return undefined;
  }

  private async read(id: string): Promise<Stored | undefined> {
    const blob = await readJsonBlob(this.container, documentPath(id));
    return blob && { value: blob.value as ScheduledSend, etag: blob.etag, rev: blob.metadata.rev ?? 'v1' };
  }

  private async put(name: string, metadata: Record<string, string>): Promise<void> {
    await this.container.getBlockBlobClient(name).upload('', 0, { metadata });
  }
}

/** The index entries of an item in its state, at one rev, with what a listing needs to know without reading it. */
function stateIndex(item: ScheduledSend, rev: string): Array<[string, Record<string, string>]> {
  const dueAt = new Date(item.dueAt).toISOString();
  if (item.state === 'scheduled') return [[`due/${dueAt}/${item.id}/${rev}`, { tenant: item.tenantId, why: item.why }]];
  if (item.state === 'sending') {
    const owner = item.claimedBy;
    const metadata = {
      until: item.claimUntil ?? '',
      host: owner?.host ?? '',
      pid: String(owner?.pid ?? 0),
      instance: owner?.instance ?? '',
    };
    return [[`sending/${item.id}/${rev}`, metadata]];
  }
  return [[`ended/${dueAt}/${item.id}/${rev}`, { tenant: item.tenantId, state: item.state }]];
}

function organizerIndex(item: Pick<ScheduledSend, 'organizerId' | 'meetingId' | 'id'>): string {
  return `organizers/${blobDigest(item.organizerId)}/${blobDigest(item.meetingId)}/${item.id}`;
}

/** Fisher–Yates. */
function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}

const documentPath = (id: string) => `schedule/${id}.json`;
