import { BlobServiceClient, type BlobItem, type ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { withoutNumbers, type Schedule, type ScheduledSend } from '../schedule';
import { isConflict, readJsonBlob } from './blobJson';
import type { SendOwner } from '../sendLedger';

/** Long enough to read, check and rewrite one item; Azure's shortest lease. */
const CLAIM_LEASE_SECONDS = 15;

/**
 * The schedule in Azure Blob Storage, for several instances: each text is `schedule/{id}.json`,
 * its state, due time and organizer also in the blob's metadata so listing finds the due ones
 * without reading them. An instance claims one under a blob lease (Azure's own lock: while it
 * holds it, no other instance can change the blob), writes it as sending with its claim's end,
 * and lets go; finishing is conditional on the blob being unchanged since (If-Match).
 */
export class BlobSchedule implements Schedule {
  private readonly container: ContainerClient;

  constructor(connectionString: string, containerName: string, pipeline?: StoragePipelineOptions) {
    this.container = BlobServiceClient.fromConnectionString(connectionString, pipeline).getContainerClient(containerName);
  }

  async add(item: ScheduledSend): Promise<void> {
    await this.write(item, { ifNoneMatch: '*' });
  }

  async claimDue(
    now: Date,
    owner: SendOwner,
    leaseMs: number,
    limit: number,
    abandoned: (claimedBy: SendOwner) => boolean,
  ): Promise<ScheduledSend[]> {
    const at = now.toISOString();
    const claimed: ScheduledSend[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix: 'schedule/', includeMetadata: true })) {
      if (claimed.length >= limit) break;
      const state = blob.metadata?.state;
      const dueNow = state === 'scheduled' && (blob.metadata?.dueat ?? '') <= at;
      if (!dueNow && state !== 'sending') continue;
      const item = await this.claimOne(
        blob,
        (found) => {
          if (found.state === 'scheduled') return found.dueAt <= at;
          if (found.state !== 'sending') return false;
          return (found.claimUntil ?? '') < at || (found.claimedBy !== undefined && abandoned(found.claimedBy));
        },
        (found) => ({
          ...found,
          state: 'sending',
          claimedBy: owner,
          claimUntil: new Date(now.getTime() + leaseMs).toISOString(),
          attempts: (found.attempts ?? 0) + 1,
          updatedAt: at,
        }),
      );
      if (item) claimed.push(item);
    }
    return claimed;
  }

  async finish(item: ScheduledSend): Promise<boolean> {
    const stored = await this.read(item.id);
    // Another instance claimed it after this claim lapsed: its outcome will be recorded by it.
    if (stored?.value.state !== 'sending' || stored.value.claimedBy?.instance !== item.claimedBy?.instance) return false;
    try {
      await this.write(item, { ifMatch: stored.etag });
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
  }

  async cancel(organizerId: string, id: string, at: Date): Promise<ScheduledSend | undefined> {
    const stored = await this.read(id);
    if (stored?.value.organizerId !== organizerId || stored.value.state !== 'scheduled') return undefined;
    const cancelled: ScheduledSend = { ...withoutNumbers(stored.value), state: 'cancelled', updatedAt: at.toISOString() };
    try {
      await this.write(cancelled, { ifMatch: stored.etag });
      return cancelled;
    } catch (error) {
      // Claimed in the meantime: it is going now, too late to cancel.
      if (isConflict(error)) return undefined;
      throw error;
    }
  }

  async list(organizerId: string, meetingId?: string): Promise<ScheduledSend[]> {
    const found: ScheduledSend[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix: 'schedule/', includeMetadata: true })) {
      if (blob.metadata?.organizer !== organizerId) continue;
      const item = (await this.read(idOf(blob.name)))?.value;
      if (item && (meetingId === undefined || item.meetingId === meetingId)) found.push(item);
    }
    return found.sort((left, right) => left.dueAt.localeCompare(right.dueAt));
  }

  async waiting(tenantId: string): Promise<ScheduledSend[]> {
    const found: ScheduledSend[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix: 'schedule/', includeMetadata: true })) {
      if (blob.metadata?.state !== 'scheduled') continue;
      const item = (await this.read(idOf(blob.name)))?.value;
      if (item?.state === 'scheduled' && item.tenantId === tenantId) found.push(item);
    }
    return found.sort((left, right) => left.dueAt.localeCompare(right.dueAt));
  }

  async reschedule(id: string, dueAt: string, reason: string, at: Date): Promise<boolean> {
    const stored = await this.read(id);
    if (stored?.value.state !== 'scheduled') return false;
    try {
      await this.write({ ...stored.value, dueAt, reason, updatedAt: at.toISOString() }, { ifMatch: stored.etag });
      return true;
    } catch (error) {
      // Claimed or cancelled in the meantime: it no longer waits.
      if (isConflict(error)) return false;
      throw error;
    }
  }

  async purgeBefore(before: Date): Promise<number> {
    let purged = 0;
    for await (const blob of this.container.listBlobsFlat({ prefix: 'schedule/', includeMetadata: true })) {
      const ended = ['done', 'missed', 'cancelled'].includes(blob.metadata?.state ?? '');
      if (!ended || (blob.metadata?.dueat ?? '') >= before.toISOString()) continue;
      await this.container.deleteBlob(blob.name);
      purged += 1;
    }
    return purged;
  }

  /** Under a lease: read, decide, rewrite. Another instance holding the lease means it is claiming it now. */
  private async claimOne(
    blob: BlobItem,
    claimable: (item: ScheduledSend) => boolean,
    claim: (item: ScheduledSend) => ScheduledSend,
  ): Promise<ScheduledSend | undefined> {
    const lease = this.container.getBlobClient(blob.name).getBlobLeaseClient();
    try {
      await lease.acquireLease(CLAIM_LEASE_SECONDS);
    } catch (error) {
      if (isConflict(error)) return undefined;
      throw error;
    }
    try {
      const stored = await this.read(idOf(blob.name));
      if (!stored || !claimable(stored.value)) return undefined;
      const claimed = claim(stored.value);
      await this.write(claimed, { leaseId: lease.leaseId });
      return claimed;
    } finally {
      await lease.releaseLease().catch(() => undefined);
    }
  }

  private async read(id: string): Promise<{ value: ScheduledSend; etag: string } | undefined> {
    const blob = await readJsonBlob(this.container, pathOf(id));
    return blob && { value: blob.value as ScheduledSend, etag: blob.etag };
  }

  private async write(item: ScheduledSend, conditions: { ifMatch?: string; ifNoneMatch?: string; leaseId?: string }): Promise<void> {
    const text = JSON.stringify(item);
    await this.container.getBlockBlobClient(pathOf(item.id)).upload(text, Buffer.byteLength(text), {
      blobHTTPHeaders: { blobContentType: 'application/json' },
      metadata: { state: item.state, dueat: item.dueAt, organizer: item.organizerId },
      conditions: {
        ...(conditions.ifMatch ? { ifMatch: conditions.ifMatch } : {}),
        ...(conditions.ifNoneMatch ? { ifNoneMatch: conditions.ifNoneMatch } : {}),
        ...(conditions.leaseId ? { leaseId: conditions.leaseId } : {}),
      },
    });
  }
}

const pathOf = (id: string) => `schedule/${id}.json`;
const idOf = (path: string) => path.replace(/^schedule\//, '').replace(/\.json$/, '');
