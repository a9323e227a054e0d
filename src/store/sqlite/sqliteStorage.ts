import type Database from 'better-sqlite3';
import { statementOf } from './openSqlite';
import { groupCommitOf } from './groupCommit';
import type { StoreItems } from 'botbuilder';
import type { StateStorage } from '../stateStorage';

interface Row {
  key: string;
  etag: number;
  doc: string;
}

/**
 * botbuilder's Storage on SQLite, with its eTag rules: a write with a stale eTag fails, `*` or
 * no eTag overwrites. Bot state, SSO token-exchange de-duplication and the attendee book use it.
 */
export class SqliteStorage implements StateStorage {
  constructor(private readonly db: Database.Database) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const rows = statementOf(this.db, `SELECT key, etag, doc FROM state_items WHERE key IN (${keys.map(() => '?').join(',')})`).all(
      ...keys,
    ) as Row[];
    return Object.fromEntries(rows.map((row) => [row.key, { ...(JSON.parse(row.doc) as object), eTag: String(row.etag) }]));
  }

  /** All of `changes` or none (a stale eTag fails the whole write), committed with the turn's other writes. */
  write(changes: StoreItems): Promise<void> {
    return groupCommitOf(this.db).run(() => {
      for (const [key, item] of Object.entries(changes) as Array<[string, { eTag?: string }]>) {
        const { eTag, ...doc } = item;
        const current = statementOf(this.db, 'SELECT etag FROM state_items WHERE key = ?').get(key) as { etag: number } | undefined;
        if (current && eTag && eTag !== '*' && eTag !== String(current.etag)) {
          throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
        }
        statementOf(
          this.db,
          'INSERT INTO state_items (key, etag, doc) VALUES (?, 1, ?) ON CONFLICT(key) DO UPDATE SET etag = etag + 1, doc = excluded.doc',
        ).run(key, JSON.stringify(doc));
      }
    });
  }

  async createIfAbsent(key: string, item: object): Promise<boolean> {
    const { eTag: _ignored, ...doc } = item as { eTag?: string };
    return (
      statementOf(this.db, 'INSERT INTO state_items (key, etag, doc) VALUES (?, 1, ?) ON CONFLICT(key) DO NOTHING').run(
        key,
        JSON.stringify(doc),
      ).changes === 1
    );
  }

  async delete(keys: string[]): Promise<void> {
    const remove = statementOf(this.db, 'DELETE FROM state_items WHERE key = ?');
    for (const key of keys) remove.run(key);
  }
}
