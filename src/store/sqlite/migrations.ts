import type Database from 'better-sqlite3';

/** Forward-only; each entry runs once, in order, recorded in `user_version`. */
const MIGRATIONS: string[] = [
  `CREATE TABLE sends (
     id TEXT PRIMARY KEY,
     key TEXT NOT NULL,
     meeting_id TEXT NOT NULL,
     organizer_id TEXT NOT NULL,
     state TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     doc TEXT NOT NULL
   );
   CREATE INDEX sends_by_meeting ON sends (meeting_id, created_at DESC, id DESC);
   CREATE INDEX sends_pending ON sends (state, created_at);
   CREATE TABLE send_claims (key TEXT PRIMARY KEY, send_id TEXT NOT NULL);`,
  `CREATE TABLE state_items (key TEXT PRIMARY KEY, etag INTEGER NOT NULL, doc TEXT NOT NULL);`,
  `CREATE TABLE scheduled_sends (
     id TEXT PRIMARY KEY,
     organizer_id TEXT NOT NULL,
     meeting_id TEXT NOT NULL,
     state TEXT NOT NULL,
     due_at TEXT NOT NULL,
     claim_until TEXT,
     doc TEXT NOT NULL
   );
   CREATE INDEX scheduled_due ON scheduled_sends (state, due_at);
   CREATE INDEX scheduled_by_organizer ON scheduled_sends (organizer_id, due_at);`,
  `ALTER TABLE scheduled_sends ADD COLUMN tenant_id TEXT NOT NULL DEFAULT '';
   UPDATE scheduled_sends SET tenant_id = coalesce(json_extract(doc, '$.tenantId'), '');
   CREATE INDEX scheduled_by_tenant ON scheduled_sends (tenant_id, state, due_at);
   CREATE INDEX scheduled_ended ON scheduled_sends (due_at) WHERE state IN ('done', 'missed', 'cancelled');
   CREATE TABLE graph_pauses (tenant_id TEXT PRIMARY KEY, until TEXT NOT NULL);
   CREATE INDEX sends_by_age ON sends (created_at);
   CREATE INDEX send_claims_by_send ON send_claims (send_id);`,
  // Sends recorded before tenants were kept have none: they are in no tenant's usage.
  `ALTER TABLE sends ADD COLUMN tenant_id TEXT NOT NULL DEFAULT '';
   UPDATE sends SET tenant_id = coalesce(json_extract(doc, '$.tenantId'), '');
   CREATE INDEX sends_by_tenant ON sends (tenant_id, created_at, id);`,
];

export function migrate(db: Database.Database): void {
  const apply = db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    for (const [index, sql] of MIGRATIONS.entries()) {
      if (index < version) continue;
      db.exec(sql);
      db.pragma(`user_version = ${index + 1}`);
    }
  });
  apply.immediate();
}
