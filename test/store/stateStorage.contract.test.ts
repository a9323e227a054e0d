import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobStateStorage } from '../../src/store/blob/blobStateStorage';
import type { StateStorage } from '../../src/store/stateStorage';
import { openSqlite } from '../../src/store/sqlite/openSqlite';
import { SqliteStorage } from '../../src/store/sqlite/sqliteStorage';
import { updateStoreItem } from '../../src/store/updateStoreItem';
import { startAzurite, type Azurite } from '../../dev/storage/azurite';

let azurite: Azurite | undefined;
afterAll(async () => azurite?.stop());

const backends: Array<[string, () => Promise<[StateStorage, StateStorage]>]> = [
  [
    'SQLite',
    async () => {
      const path = join(mkdtempSync(join(tmpdir(), 'state-')), 'state.db');
      return [new SqliteStorage(openSqlite(path)), new SqliteStorage(openSqlite(path))];
    },
  ],
  [
    'Azure Blob (Azurite)',
    async () => {
      azurite ??= await startAzurite();
      const container = `state-${randomUUID().slice(0, 8)}`;
      const pipeline = { retryOptions: { maxTries: 3 } };
      const [one, other] = [
        new BlobStateStorage(azurite.connectionString, container, pipeline),
        new BlobStateStorage(azurite.connectionString, container, pipeline),
      ];
      await one.read(['settle-the-container']);
      return [one, other];
    },
  ],
];

describe.each(backends)('bot state storage on %s', (_name, open) => {
  it('refuses a write with a stale eTag, accepts "*" and the current one', async () => {
    const [one, other] = await open();
    await one.write({ 'conversation/1': { turns: 1 } });
    const read = (await other.read(['conversation/1']))['conversation/1'] as { turns: number; eTag: string };
    await one.write({ 'conversation/1': { turns: 2, eTag: read.eTag } });
    await expect(other.write({ 'conversation/1': { turns: 3, eTag: read.eTag } })).rejects.toThrow(/eTag conflict|precondition|412/i);
    await other.write({ 'conversation/1': { turns: 4, eTag: '*' } });
    expect(await one.read(['conversation/1', 'missing'])).toEqual({ 'conversation/1': expect.objectContaining({ turns: 4 }) });
    await one.delete(['conversation/1']);
    expect(await other.read(['conversation/1'])).toEqual({});
  });

  it('keeps every one of concurrent edits from two instances', async () => {
    const [one, other] = await open();
    await one.write({ list: { items: [] } });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        updateStoreItem<{ items: number[] }>(
          i % 2 ? one : other,
          'list',
          () => ({ items: [] }),
          (list) => ({ items: [...list.items, i] }),
        ),
      ),
    );
    const { items } = (await one.read(['list'])).list as { items: number[] };
    expect([...items].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps every one of 10 concurrent first edits of an item that does not exist yet, run after run', async () => {
    const [one, other] = await open();
    for (let run = 0; run < 5; run += 1) {
      const key = `doNotText/tenant-${run}`;
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          updateStoreItem<{ items: number[] }>(
            i % 2 ? one : other,
            key,
            () => ({ items: [] }),
            (list) => ({ items: [...list.items, i] }),
          ),
        ),
      );
      const { items } = (await other.read([key]))[key] as { items: number[] };
      expect([...items].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
  });

  it('creates an item only if it is absent, and reads it back like any other', async () => {
    const [one, other] = await open();
    expect(await one.createIfAbsent('book/1', { attendees: ['a'] })).toBe(true);
    expect(await other.createIfAbsent('book/1', { attendees: ['b'] })).toBe(false);
    expect((await other.read(['book/1']))['book/1']).toMatchObject({ attendees: ['a'], eTag: expect.any(String) });
  });
});

describe('bot state storage on SQLite, with writes made at once', () => {
  it('fails a write with a stale eTag alone and whole, and keeps every other write of the same moment', async () => {
    const storage = new SqliteStorage(openSqlite(join(mkdtempSync(join(tmpdir(), 'state-')), 'state.db')));
    await storage.write({ counted: { texts: 1 } });
    const stale = ((await storage.read(['counted'])).counted as { eTag: string }).eTag;
    await storage.write({ counted: { texts: 2, eTag: stale } });

    const outcomes = await Promise.allSettled([
      storage.write({ before: { n: 1 } }),
      storage.write({ partner: { n: 2 }, counted: { texts: 3, eTag: stale } }),
      storage.write({ after: { n: 3 } }),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const kept = await storage.read(['before', 'partner', 'counted', 'after']);
    expect(Object.keys(kept).sort()).toEqual(['after', 'before', 'counted']);
    expect(kept.counted).toMatchObject({ texts: 2 });
  });
});
