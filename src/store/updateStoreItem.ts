import type { StateStorage } from './stateStorage';

/**
 * Read-modify-write of one item under optimistic concurrency: a new item is created only if still
 * absent, an existing one replaced only if unchanged (its eTag); a write that lost a race is retried
 * on fresh data, so concurrent edits from several instances are all kept.
 */
export async function updateStoreItem<T extends object>(
  storage: StateStorage,
  key: string,
  empty: () => T,
  change: (item: T) => T,
): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    const stored = (await storage.read([key]))[key] as (T & { eTag?: string }) | undefined;
    if (!stored) {
      const created = change(empty());
      if (await storage.createIfAbsent(key, created)) return created;
    } else {
      const { eTag, ...current } = stored;
      const next = change(current as T);
      try {
        await storage.write({ [key]: { ...next, eTag } });
        return next;
      } catch (error) {
        if (!(error instanceof Error && /eTag conflict|precondition|412/i.test(error.message))) throw error;
      }
    }
    if (attempt >= 19) throw new Error(`Storage: "${key}" kept changing under 20 attempts to update it.`);
  }
}
