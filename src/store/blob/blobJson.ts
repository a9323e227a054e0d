import { RestError, type ContainerClient } from '@azure/storage-blob';

/** A JSON blob's content and the etag it had: one download, so a later If-Match means "unchanged since read". */
export async function readJsonBlob(container: ContainerClient, path: string): Promise<{ value: unknown; etag: string } | undefined> {
  try {
    const response = await container.getBlockBlobClient(path).download();
    const chunks: Buffer[] = [];
    for await (const chunk of response.readableStreamBody ?? []) chunks.push(Buffer.from(chunk as Buffer));
    return { value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown, etag: response.etag ?? '' };
  } catch (error) {
    if (error instanceof RestError && error.statusCode === 404) return undefined;
    throw error;
  }
}

/** A conditional write or a lease lost to another writer (409 Conflict, 412 Precondition Failed). */
export function isConflict(error: unknown): boolean {
  return error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412);
}
