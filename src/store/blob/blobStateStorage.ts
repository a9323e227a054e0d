import { ContainerClient, RestError, type StoragePipelineOptions } from '@azure/storage-blob';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { sanitizeBlobKey } from 'botbuilder-azure-blobs/lib/sanitizeBlobKey';
import type { StateStorage } from '../stateStorage';

/** botbuilder's BlobsStorage, with create-if-absent on the very blob BlobsStorage reads (If-None-Match: *). */
export class BlobStateStorage extends BlobsStorage implements StateStorage {
  private readonly blobs: ContainerClient;

  constructor(connectionString: string, containerName: string, pipeline: StoragePipelineOptions) {
    super(connectionString, containerName, { storagePipelineOptions: pipeline });
    this.blobs = new ContainerClient(connectionString, containerName, pipeline);
  }

  async createIfAbsent(key: string, item: object): Promise<boolean> {
    const { eTag: _ignored, ...document } = item as { eTag?: string };
    const text = JSON.stringify(document);
    try {
      await this.blobs.getBlockBlobClient(sanitizeBlobKey(key)).upload(text, Buffer.byteLength(text), {
        conditions: { ifNoneMatch: '*' },
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
      return true;
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412)) return false;
      throw error;
    }
  }
}
