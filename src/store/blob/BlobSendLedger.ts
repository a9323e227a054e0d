import { createHash } from 'node:crypto';
import { BlobServiceClient, RestError, type ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { isConflict, readJsonBlob } from './blobJson';
import { holdsKey, NEWEST, type Claim, type HistoryPage, type SendLedger, type SendRecord } from '../sendLedger';

/**
 * Azure Blob Storage, for several instances behind a load balancer. A key is claimed by creating
 * `claims/{key}` only if absent (If-None-Match: *), which Blob Storage makes atomic; records live
 * under `sends/{meeting}/{newest-first time}-{id}` so listing a meeting reads newest first.
 */
export class BlobSendLedger implements SendLedger {
  private readonly container: ContainerClient;

  constructor(connectionString: string, containerName: string, pipeline?: StoragePipelineOptions) {
    this.container = BlobServiceClient.fromConnectionString(connectionString, pipeline).getContainerClient(containerName);
  }

  async initialize(): Promise<void> {
    await this.container.createIfNotExists();
  }

  async claim(record: SendRecord, supersedeBefore?: Date): Promise<Claim> {
    // The pending entry goes first: a process stopped anywhere after it leaves a record that
    // the sweep for abandoned sends finds, never one that says "pending" for ever.
    await this.put(`pending/${record.id}.json`, { meetingId: record.meetingId, id: record.id });
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
        await this.container.deleteBlob(`pending/${record.id}.json`);
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
    await this.put(recordPath(record), record);
    await this.dropPending(record);
  }

  private async dropPending(record: SendRecord): Promise<void> {
    await this.container.deleteBlob(`pending/${record.id}.json`).catch((error: unknown) => {
      if (!(error instanceof RestError && error.statusCode === 404)) throw error;
    });
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
    await this.dropPending(record);
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

  async pending(): Promise<SendRecord[]> {
    const found: SendRecord[] = [];
    for await (const item of this.container.listBlobsFlat({ prefix: 'pending/' })) {
      const pointer = await this.readPointer(item.name);
      const record = pointer ? await this.get(pointer.value.meetingId, pointer.value.id) : undefined;
      if (record?.state === 'pending') found.push(record);
    }
    return found;
  }

  async purgeBefore(before: Date): Promise<number> {
    let purged = 0;
    for await (const item of this.container.listBlobsFlat({ prefix: 'sends/' })) {
      const createdMs = NEWEST - Number(item.name.split('/')[2]?.split('-')[0]);
      if (!(createdMs < before.getTime())) continue;
      const record = (await this.readRecord(item.name))?.value;
      if (record?.state === 'pending') continue;
      await this.container.deleteBlob(item.name);
      purged += 1;
    }
    return purged;
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

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 40);
}
