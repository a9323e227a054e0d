import { BlobServiceClient, type ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import {
  blobDigest as digest,
  deleteBlobIfPresent,
  entriesBefore,
  isConflict,
  isStale,
  listInNameOrder,
  utcDaysOf,
  readJsonBlob,
  type ListedBlob,
} from './blobJson';
import { INDEXED_MARKERS, SENDS_INDEXED, TENANTS_INDEXED } from './indexMarkers';
import type { NotificationKind } from '../../domain/notificationKinds';
import type { SendSummary } from '../../domain/usage';
import { holdsKey, summaryOf, type Between, type Claim, type HistoryPage, type SendLedger, type SendRecord } from '../sendLedger';

/**
 * Azure Blob Storage, for several instances behind a load balancer. A key is claimed by creating
 * `claims/{key}` only if absent (If-None-Match: *), which Blob Storage makes atomic; records live
 * under `sends/{meeting}/{newest-first time}-{id}` so listing a meeting reads newest first.
 * Two index blobs, named so that a listing reads only what it needs: `pending/{meeting}/{id}` while
 * a send is in flight (removed when it ends), and `retention/{created}/{meeting}/{id}`, oldest first,
 * for the purge (which removes the record, its claim and the entries). A finished send is also
 * `tenants/{tenant}/{created}/{meeting}/{id}`, its summary in the blob's metadata: a tenant's usage
 * over a period is one listing per day, no record read.
 */
export class BlobSendLedger implements SendLedger {
  private readonly container: ContainerClient;

  constructor(connectionString: string, containerName: string, pipeline?: StoragePipelineOptions) {
    this.container = BlobServiceClient.fromConnectionString(connectionString, pipeline).getContainerClient(containerName);
  }

  /** A new container has nothing written before the indexes: the one-time indexing is marked done. */
  async initialize(): Promise<void> {
    const { succeeded } = await this.container.createIfNotExists();
    if (succeeded) await Promise.all(INDEXED_MARKERS.map((name) => this.container.getBlockBlobClient(name).upload('', 0)));
  }

  async claim(record: SendRecord, supersedeBefore?: Date): Promise<Claim> {
    // The pending entry goes first: a process stopped anywhere after it leaves a record that
    // the sweep for abandoned sends finds, never one that says "pending" for ever.
    await Promise.all([this.mark(pendingPath(record), {}), this.mark(retentionPath(record), { key: digest(record.key) })]);
    await this.put(recordPath(record), record);
    const claimBlob = this.container.getBlockBlobClient(`claims/${digest(record.key)}.json`);
    const pointer = JSON.stringify({ meetingId: record.meetingId, id: record.id });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        await claimBlob.upload(pointer, Buffer.byteLength(pointer), { conditions: { ifNoneMatch: '*' } });
        return { claimed: true };
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
      const holder = await this.readPointer(claimBlob.name);
      if (!holder) continue;
      const existing = await this.get(holder.value.meetingId, holder.value.id);
      if (existing && holdsKey(existing, supersedeBefore)) {
        await this.container.deleteBlob(recordPath(record), { deleteSnapshots: 'include' });
        await Promise.all([pendingPath(record), retentionPath(record)].map((name) => deleteBlobIfPresent(this.container, name)));
        return { claimed: false, existing };
      }
      try {
        await claimBlob.upload(pointer, Buffer.byteLength(pointer), { conditions: { ifMatch: holder.etag } });
        return { claimed: true };
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    }
    throw new Error(`Could not claim send key after repeated conflicts`);
  }

  async finish(record: SendRecord): Promise<void> {
    await Promise.all([this.put(recordPath(record), record), this.markTenant(record)]);
    await this.dropPending(record);
  }

  /** The finished send in its tenant's index, with what usage counts of it. */
  private async markTenant(record: SendRecord): Promise<void> {
    const summary = summaryOf(record);
    if (!record.tenantId || !summary) return;
    const texts = Object.entries(summary.texts).map(([outcome, count]) => `${outcome}:${count}`);
    await this.mark(tenantPath({ ...record, tenantId: record.tenantId }), {
      status: summary.status,
      ...(summary.kind ? { kind: summary.kind } : {}),
      ...(summary.reason ? { reason: summary.reason } : {}),
      texts: texts.join(','),
    });
  }

  private async dropPending(record: SendRecord): Promise<void> {
    await deleteBlobIfPresent(this.container, pendingPath(record));
  }

  async settle(record: SendRecord): Promise<boolean> {
    const stored = await this.readRecord(recordPath(record));
    if (stored?.value.state !== 'pending') return false;
    try {
      await this.put(recordPath(record), record, stored.etag);
    } catch (error) {
      // Changed since read: its owner finished it, which is the truer record.
      if (isConflict(error)) return false;
      throw error;
    }
    await Promise.all([this.dropPending(record), this.markTenant(record)]);
    return true;
  }

  async get(meetingId: string, id: string): Promise<SendRecord | undefined> {
    return (await this.readRecord(recordPath({ meetingId, id })))?.value;
  }

  async history(meetingId: string, page: { limit: number; cursor?: string }): Promise<HistoryPage> {
    const pages = this.container
      .listBlobsFlat({ prefix: `sends/${digest(meetingId)}/` })
      .byPage({ maxPageSize: page.limit, continuationToken: page.cursor });
    const { value } = (await pages.next()) as { value?: { segment: { blobItems: Array<{ name: string }> }; continuationToken?: string } };
    if (!value) return { records: [] };
    const records = await Promise.all(value.segment.blobItems.map(async (item) => (await this.readRecord(item.name))?.value));
    return {
      records: records.filter((record): record is SendRecord => record !== undefined),
      nextCursor: value.continuationToken || undefined,
    };
  }

  /** The sends in flight: one listing of their entries; an entry whose send ended (a stop between two writes) is removed. */
  async pending(): Promise<SendRecord[]> {
    const found: SendRecord[] = [];
    for await (const entry of listInNameOrder(this.container, 'pending/')) {
      // An entry of the earlier layout (`pending/{id}.json`) waits for the one-time indexing to move it.
      if (entry.name.split('/').length !== 3) continue;
      const [, meeting, id] = entry.name.split('/');
      const record = (await this.readRecord(`sends/${meeting}/${id}`))?.value;
      if (record?.state === 'pending') found.push(record);
      else if (record || isStale(entry)) await deleteBlobIfPresent(this.container, entry.name);
    }
    return found;
  }

  /** Up to `limit` sends created before `before`, oldest first, each with its claim; pending ones stay. */
  async *tenantSends(tenantId: string, between: Between): AsyncIterable<SendRecord> {
    for await (const entries of this.tenantEntries(tenantId, between)) {
      const records = await Promise.all(
        entries.map(async ([meeting, id]) => (await this.readRecord(`sends/${meeting}/${id}.json`))?.value),
      );
      yield* records.filter((record): record is SendRecord => record !== undefined);
    }
  }

  async *tenantSummaries(tenantId: string, between: Between): AsyncIterable<SendSummary> {
    for await (const entries of this.tenantEntries(tenantId, between)) for (const [, , entry] of entries) yield summaryFrom(entry);
  }

  /**
   * The tenant's index entries in the period, a batch at a time: one listing per UTC day it touches
   * (names sort by creation within a day), entries outside the period's instants skipped.
   */
  private async *tenantEntries(tenantId: string, between: Between): AsyncIterable<Array<[meeting: string, id: string, entry: ListedBlob]>> {
    for (const day of utcDaysOf(between)) {
      const batch: Array<[string, string, ListedBlob]> = [];
      for await (const entry of listInNameOrder(this.container, `tenants/${digest(tenantId)}/${day}`)) {
        const [, , created = '', meeting = '', id = ''] = entry.name.split('/');
        const at = Date.parse(created);
        if (at >= between.start.getTime() && at < between.end.getTime()) batch.push([meeting, id, entry]);
        if (batch.length === TENANT_BATCH) yield batch.splice(0);
      }
      if (batch.length > 0) yield batch;
    }
  }

  async purgeBefore(before: Date, limit: number): Promise<number> {
    const batch = await entriesBefore(this.container, 'retention/', before, limit);
    const purged = await Promise.all(batch.map((entry) => this.purgeOne(entry)));
    return purged.reduce<number>((sum, one) => sum + one, 0);
  }

  private async purgeOne(entry: ListedBlob): Promise<number> {
    const [, , meeting, id] = entry.name.split('/');
    const path = `sends/${meeting}/${id}`;
    const record = (await this.readRecord(path))?.value;
    if (record?.state === 'pending') return 0;
    const claim = `claims/${entry.metadata.key}.json`;
    const holder = await this.readPointer(claim);
    // A later send with the same key holds the claim now: it stays.
    if (holder && holder.value.id === record?.id)
      await this.container.deleteBlob(claim, { conditions: { ifMatch: holder.etag } }).catch(ignoreConflict);
    const tenantEntry = record?.tenantId ? [tenantPath({ ...record, tenantId: record.tenantId })] : [];
    await Promise.all([path, entry.name, ...tenantEntry].map((name) => deleteBlobIfPresent(this.container, name)));
    return record ? 1 : 0;
  }

  /**
   * Sends recorded before the retention index existed are indexed once, in the background; a marker
   * blob says it was done, so later starts list nothing.
   */
  async indexEarlierSends(): Promise<number> {
    const marker = this.container.getBlockBlobClient(SENDS_INDEXED);
    if (await marker.exists()) return 0;
    let indexed = 0;
    for await (const entry of listInNameOrder(this.container, 'sends/')) {
      const record = (await this.readRecord(entry.name))?.value;
      if (!record) continue;
      await this.mark(retentionPath(record), { key: digest(record.key) });
      indexed += 1;
    }
    for await (const entry of listInNameOrder(this.container, 'pending/')) {
      if (entry.name.split('/').length !== 2) continue;
      const pointer = await this.readPointer(entry.name);
      if (pointer) await this.mark(pendingPath(pointer.value), {});
      await deleteBlobIfPresent(this.container, entry.name);
    }
    await marker.upload('', 0);
    return indexed;
  }

  /** Finished sends recorded before the tenants' index existed are indexed once, in the background. */
  async indexTenants(): Promise<number> {
    const marker = this.container.getBlockBlobClient(TENANTS_INDEXED);
    if (await marker.exists()) return 0;
    let indexed = 0;
    for await (const entry of listInNameOrder(this.container, 'sends/')) {
      const record = (await this.readRecord(entry.name))?.value;
      if (!record?.tenantId || record.state === 'pending') continue;
      await this.markTenant(record);
      indexed += 1;
    }
    await marker.upload('', 0);
    return indexed;
  }

  async ready(): Promise<boolean> {
    return this.container.exists();
  }

  async close(): Promise<void> {}

  private async put(path: string, value: object, ifMatch?: string): Promise<void> {
    const text = JSON.stringify(value);
    await this.container.getBlockBlobClient(path).upload(text, Buffer.byteLength(text), {
      blobHTTPHeaders: { blobContentType: 'application/json' },
      ...(ifMatch ? { conditions: { ifMatch } } : {}),
    });
  }

  private async mark(name: string, metadata: Record<string, string>): Promise<void> {
    await this.container.getBlockBlobClient(name).upload('', 0, { metadata });
  }

  private async readRecord(path: string): Promise<{ value: SendRecord; etag: string } | undefined> {
    const blob = await readJsonBlob(this.container, path);
    return blob && { value: blob.value as SendRecord, etag: blob.etag };
  }

  private async readPointer(path: string): Promise<{ value: Pointer; etag: string } | undefined> {
    const blob = await readJsonBlob(this.container, path);
    return blob && { value: blob.value as Pointer, etag: blob.etag };
  }
}

/** A claim or index blob: which record it stands for. */
interface Pointer {
  meetingId: string;
  id: string;
}

function recordPath(record: Pick<SendRecord, 'meetingId' | 'id'>): string {
  return `sends/${digest(record.meetingId)}/${record.id}.json`;
}

const pendingPath = (record: Pick<SendRecord, 'meetingId' | 'id'>) => `pending/${digest(record.meetingId)}/${record.id}.json`;

const tenantPath = (record: Pick<SendRecord, 'meetingId' | 'id' | 'createdAt'> & { tenantId: string }) =>
  `tenants/${digest(record.tenantId)}/${new Date(record.createdAt).toISOString()}/${digest(record.meetingId)}/${record.id}`;

/** Records read at once when exporting a tenant's sends. */
const TENANT_BATCH = 32;

/** A tenant index entry's metadata as usage reads it. */
function summaryFrom(entry: ListedBlob): SendSummary {
  const [, , created = ''] = entry.name.split('/');
  const { status, kind, reason, texts = '' } = entry.metadata;
  const counts = texts
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split(':'));
  return {
    at: created,
    status: status as SendSummary['status'],
    ...(kind ? { kind: kind as NotificationKind } : {}),
    ...(reason ? { reason } : {}),
    texts: Object.fromEntries(counts.map(([outcome = '', count = '0']) => [outcome, Number(count)])),
  };
}

const retentionPath = (record: Pick<SendRecord, 'meetingId' | 'id' | 'createdAt'>) =>
  `retention/${new Date(record.createdAt).toISOString()}/${digest(record.meetingId)}/${record.id}.json`;

function ignoreConflict(error: unknown): void {
  if (!isConflict(error)) throw error;
}
