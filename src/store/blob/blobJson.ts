import { createHash } from 'node:crypto';
import { RestError, type ContainerClient } from '@azure/storage-blob';

/** A JSON blob's content, its metadata and the etag it had: one download, so a later If-Match means "unchanged since read". */
export async function readJsonBlob(
  container: ContainerClient,
  path: string,
): Promise<{ value: unknown; etag: string; metadata: Partial<Record<string, string>> } | undefined> {
  try {
    const response = await container.getBlockBlobClient(path).download();
    const chunks: Buffer[] = [];
    for await (const chunk of response.readableStreamBody ?? []) chunks.push(Buffer.from(chunk as Buffer));
    return {
      value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
      etag: response.etag ?? '',
      metadata: response.metadata ?? {},
    };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** A conditional write or a lease lost to another writer (409 Conflict, 412 Precondition Failed). */
export function isConflict(error: unknown): boolean {
  return error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412);
}

function isNotFound(error: unknown): boolean {
  return error instanceof RestError && error.statusCode === 404;
}

/** Deleting what another instance (or an earlier step) already deleted is not a failure. */
export async function deleteBlobIfPresent(container: ContainerClient, name: string): Promise<void> {
  await container.deleteBlob(name).catch((error: unknown) => {
    if (!isNotFound(error)) throw error;
  });
}

/** How a look for what is due (or old enough to purge) lists: one entry first, then pages. */
export function pagesFor(wanted: number): { firstPage: number; pageSize: number } {
  return { firstPage: 1, pageSize: Math.min(wanted, 1000) };
}

/** One entry of a listing: what an index blob says without reading it. */
export interface ListedBlob {
  name: string;
  /** What a writer put there; an entry written by another version may lack any of it. */
  metadata: Partial<Record<string, string>>;
  lastModified: Date;
}

/**
 * The blobs under `prefix` in name order, a page at a time: a caller that stops early (`break`)
 * asks for no further page. The first page is `firstPage` long, so a look that usually ends at the
 * first entry (is anything due?) lists one entry, and a backlog is read in pages of `pageSize`.
 */
export async function* listInNameOrder(
  container: ContainerClient,
  prefix: string,
  pages: { firstPage?: number; pageSize?: number } = {},
): AsyncGenerator<ListedBlob> {
  const pageSize = pages.pageSize ?? 1000;
  let continuationToken: string | undefined;
  let maxPageSize = pages.firstPage ?? pageSize;
  do {
    const listing = container.listBlobsFlat({ prefix, includeMetadata: true }).byPage({ maxPageSize, continuationToken });
    const page = (await listing.next()).value as
      | {
          segment: { blobItems: Array<{ name: string; metadata?: Record<string, string>; properties: { lastModified: Date } }> };
          continuationToken?: string;
        }
      | undefined;
    for (const blob of page?.segment.blobItems ?? []) {
      yield { name: blob.name, metadata: blob.metadata ?? {}, lastModified: blob.properties.lastModified };
    }
    continuationToken = page?.continuationToken || undefined;
    maxPageSize = pageSize;
  } while (continuationToken);
}

/**
 * Up to `limit` entries under `prefix` whose name's time (the part after the prefix) is before `end`,
 * oldest first: what a purge step forgets. Lists as far as the first one not before it.
 */
export async function entriesBefore(container: ContainerClient, prefix: string, end: Date, limit: number): Promise<ListedBlob[]> {
  const before = end.toISOString();
  const batch: ListedBlob[] = [];
  for await (const entry of listInNameOrder(container, prefix, pagesFor(limit))) {
    if ((entry.name.split('/')[1] ?? '') >= before || batch.length >= limit) break;
    batch.push(entry);
  }
  return batch;
}

/** A fixed-length name part for any value (ids, keys): safe in a blob name, and the same on every instance. */
export function blobDigest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 40);
}

/**
 * An index blob is written before what it points to: one younger than a minute may belong to a write
 * still under way; older and pointing at nothing current, a stop left it and it can go. By the clock,
 * not a poll's `now` (which tests set).
 */
export function isStale(entry: ListedBlob): boolean {
  return Date.now() - entry.lastModified.getTime() > 60_000;
}

/** The UTC dates (`2026-12-01`) the period touches, each once, in order. */
export function utcDaysOf(between: { start: Date; end: Date }): string[] {
  const days: string[] = [];
  for (let day = Date.parse(between.start.toISOString().slice(0, 10)); day < between.end.getTime(); day += 86_400_000)
    days.push(new Date(day).toISOString().slice(0, 10));
  return days;
}
