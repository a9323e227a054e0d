import type { Storage } from 'botbuilder';

/**
 * Read-modify-write of one item under optimistic concurrency: a write that lost a race (stale
 * eTag) is retried on fresh data, so concurrent edits from several instances are all kept.
 */
export async function updateStoreItem<T extends object>(storage: Storage, key: string, empty: () => T, change: (item: T) => T): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    const stored = (await storage.read([key]))[key] as (T & { eTag?: string }) | undefined;
    const { eTag, ...current } = stored ?? { ...empty(), eTag: undefined };
    const next = change(current as T);
    try {
      // A new item is written with no eTag; botbuilder's stores treat that as "create or overwrite".
      await storage.write({ [key]: { ...next, eTag: eTag ?? '*' } });
      return next;
    } catch (error) {
      if (attempt >= 9 || !(error instanceof Error && /eTag conflict|precondition|412/i.test(error.message))) throw error;
    }
  }
}
