import type Database from 'better-sqlite3';
import { statementOf } from './openSqlite';
import { groupCommitOf } from './groupCommit';
import type { SendSummary } from '../../domain/usage';
import { holdsKey, summaryOf, type Between, type Claim, type HistoryPage, type SendLedger, type SendRecord } from '../sendLedger';

/** Rows read at a time for a tenant's sends: memory stays flat over any period. */
const TENANT_PAGE = 500;

interface Row {
  doc: string;
}

/** The embedded default: one SQLite file (WAL), safe for several processes on one machine. */
export class SqliteSendLedger implements SendLedger {
  constructor(private readonly db: Database.Database) {}

  /** Inside one IMMEDIATE transaction (GroupCommit's), so two processes cannot both see the key free. */
  claim(record: SendRecord, supersedeBefore?: Date): Promise<Claim> {
    return groupCommitOf(this.db).run((): Claim => {
      const holder = statementOf(this.db, 'SELECT s.doc FROM send_claims c JOIN sends s ON s.id = c.send_id WHERE c.key = ?').get(
        record.key,
      ) as Row | undefined;
      if (holder) {
        const existing = JSON.parse(holder.doc) as SendRecord;
        if (holdsKey(existing, supersedeBefore)) return { claimed: false, existing };
      }
      this.insert(record);
      statementOf(
        this.db,
        'INSERT INTO send_claims (key, send_id) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET send_id = excluded.send_id',
      ).run(record.key, record.id);
      return { claimed: true };
    });
  }

  finish(record: SendRecord): Promise<void> {
    return groupCommitOf(this.db).run(() => {
      statementOf(this.db, 'UPDATE sends SET state = ?, updated_at = ?, doc = ? WHERE id = ?').run(
        record.state,
        record.updatedAt,
        JSON.stringify(record),
        record.id,
      );
    });
  }

  async settle(record: SendRecord): Promise<boolean> {
    const update = statementOf(this.db, "UPDATE sends SET state = ?, updated_at = ?, doc = ? WHERE id = ? AND state = 'pending'");
    return update.run(record.state, record.updatedAt, JSON.stringify(record), record.id).changes === 1;
  }

  async get(_meetingId: string, id: string): Promise<SendRecord | undefined> {
    const row = statementOf(this.db, 'SELECT doc FROM sends WHERE id = ?').get(id) as Row | undefined;
    return row ? (JSON.parse(row.doc) as SendRecord) : undefined;
  }

  async history(meetingId: string, page: { limit: number; cursor?: string }): Promise<HistoryPage> {
    const [createdAt, id] = page.cursor ? (JSON.parse(Buffer.from(page.cursor, 'base64url').toString()) as [string, string]) : ['9999', ''];
    const rows = statementOf(
      this.db,
      `SELECT doc FROM sends WHERE meeting_id = ? AND (created_at < ? OR (created_at = ? AND id < ?))
         ORDER BY created_at DESC, id DESC LIMIT ?`,
    ).all(meetingId, createdAt, createdAt, id, page.limit + 1) as Row[];
    const records = rows.slice(0, page.limit).map((row) => JSON.parse(row.doc) as SendRecord);
    const last = records.at(-1);
    const nextCursor =
      rows.length > page.limit && last ? Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url') : undefined;
    return { records, nextCursor };
  }

  async *tenantSends(tenantId: string, between: Between): AsyncIterable<SendRecord> {
    let after: [string, string] = [between.start.toISOString(), ''];
    for (;;) {
      const rows = statementOf(
        this.db,
        `SELECT doc FROM sends WHERE tenant_id = ? AND (created_at > ? OR (created_at = ? AND id > ?)) AND created_at < ? AND state != 'pending'
           ORDER BY created_at, id LIMIT ${TENANT_PAGE}`,
      ).all(tenantId, after[0], after[0], after[1], between.end.toISOString()) as Row[];
      const records = rows.map((row) => JSON.parse(row.doc) as SendRecord);
      yield* records;
      const last = records.at(-1);
      if (!last || records.length < TENANT_PAGE) return;
      after = [last.createdAt, last.id];
    }
  }

  async *tenantSummaries(tenantId: string, between: Between): AsyncIterable<SendSummary> {
    for await (const record of this.tenantSends(tenantId, between)) {
      const summary = summaryOf(record);
      if (summary) yield summary;
    }
  }

  async pending(): Promise<SendRecord[]> {
    const rows = statementOf(this.db, "SELECT doc FROM sends WHERE state = 'pending'").all() as Row[];
    return rows.map((row) => JSON.parse(row.doc) as SendRecord);
  }

  async purgeBefore(before: Date, limit: number): Promise<number> {
    const purge = this.db.transaction(() => {
      const ids = JSON.stringify(
        (
          statementOf(this.db, "SELECT id FROM sends WHERE created_at < ? AND state != 'pending' ORDER BY created_at LIMIT ?").all(
            before.toISOString(),
            limit,
          ) as Array<{ id: string }>
        ).map((row) => row.id),
      );
      statementOf(this.db, 'DELETE FROM send_claims WHERE send_id IN (SELECT value FROM json_each(?))').run(ids);
      return statementOf(this.db, 'DELETE FROM sends WHERE id IN (SELECT value FROM json_each(?))').run(ids).changes;
    });
    return purge.immediate();
  }

  async ready(): Promise<boolean> {
    return statementOf(this.db, 'SELECT 1 AS ok').get() !== undefined;
  }

  async close(): Promise<void> {}

  private insert(record: SendRecord): void {
    statementOf(
      this.db,
      'INSERT INTO sends (id, key, meeting_id, organizer_id, tenant_id, state, created_at, updated_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      record.id,
      record.key,
      record.meetingId,
      record.organizerId,
      record.tenantId ?? '',
      record.state,
      record.createdAt,
      record.updatedAt,
      JSON.stringify(record),
    );
  }
}
