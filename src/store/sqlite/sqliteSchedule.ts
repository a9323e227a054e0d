import type Database from 'better-sqlite3';
import { withoutNumbers, type DueClaim, type Schedule, type ScheduledSend, type WaitingCounts } from '../schedule';
import { statementOf } from './openSqlite';

interface Row {
  doc: string;
}

/** The schedule in the embedded database: due rows are claimed in one write transaction, so two processes never share one. */
export class SqliteSchedule implements Schedule {
  constructor(private readonly db: Database.Database) {}

  async add(item: ScheduledSend): Promise<void> {
    statementOf(
      this.db,
      'INSERT INTO scheduled_sends (id, tenant_id, organizer_id, meeting_id, state, due_at, claim_until, doc) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)',
    ).run(item.id, item.tenantId, item.organizerId, item.meetingId, item.state, item.dueAt, JSON.stringify(item));
  }

  async claimDue({ now, owner, leaseMs, limit, abandoned, pausedTenants }: DueClaim): Promise<ScheduledSend[]> {
    const at = now.toISOString();
    const claimUntil = new Date(now.getTime() + leaseMs).toISOString();
    const paused = JSON.stringify([...(pausedTenants ?? [])]);
    const claim = this.db.transaction((): ScheduledSend[] => {
      const due = statementOf(
        this.db,
        `SELECT doc FROM scheduled_sends WHERE state = 'scheduled' AND due_at <= ?
           AND tenant_id NOT IN (SELECT value FROM json_each(?)) ORDER BY due_at LIMIT ?`,
      ).all(at, paused, limit) as Row[];
      const claimed = statementOf(this.db, "SELECT doc FROM scheduled_sends WHERE state = 'sending'").all() as Row[];
      const lapsed = claimed
        .map((row) => JSON.parse(row.doc) as ScheduledSend)
        .filter((item) => (item.claimUntil ?? '') < at || (item.claimedBy !== undefined && abandoned(item.claimedBy)));
      return [...lapsed, ...due.map((row) => JSON.parse(row.doc) as ScheduledSend)].slice(0, limit).map((found) => {
        const item: ScheduledSend = {
          ...found,
          state: 'sending',
          claimedBy: owner,
          claimUntil,
          attempts: (found.attempts ?? 0) + 1,
          updatedAt: at,
        };
        this.write(item);
        return item;
      });
    });
    return claim.immediate();
  }

  async finish(item: ScheduledSend): Promise<boolean> {
    const finish = this.db.transaction((): boolean => {
      const stored = this.read(item.id);
      // Another instance claimed it after this claim lapsed: its outcome will be recorded by it.
      if (stored?.state !== 'sending' || stored.claimedBy?.instance !== item.claimedBy?.instance) return false;
      this.write(item);
      return true;
    });
    return finish.immediate();
  }

  async cancel(organizerId: string, id: string, at: Date): Promise<ScheduledSend | undefined> {
    const cancel = this.db.transaction((): ScheduledSend | undefined => {
      const stored = this.read(id);
      if (stored?.organizerId !== organizerId || stored.state !== 'scheduled') return undefined;
      const cancelled: ScheduledSend = { ...withoutNumbers(stored), state: 'cancelled', updatedAt: at.toISOString() };
      this.write(cancelled);
      return cancelled;
    });
    return cancel.immediate();
  }

  async list(organizerId: string, meetingId?: string): Promise<ScheduledSend[]> {
    const rows = meetingId
      ? statementOf(this.db, 'SELECT doc FROM scheduled_sends WHERE organizer_id = ? AND meeting_id = ? ORDER BY due_at').all(
          organizerId,
          meetingId,
        )
      : statementOf(this.db, 'SELECT doc FROM scheduled_sends WHERE organizer_id = ? ORDER BY due_at').all(organizerId);
    return (rows as Row[]).map((row) => JSON.parse(row.doc) as ScheduledSend);
  }

  async waiting(tenantId: string): Promise<ScheduledSend[]> {
    const rows = statementOf(this.db, "SELECT doc FROM scheduled_sends WHERE tenant_id = ? AND state = 'scheduled' ORDER BY due_at").all(
      tenantId,
    ) as Row[];
    return rows.map((row) => JSON.parse(row.doc) as ScheduledSend);
  }

  async missedBetween(tenantId: string, between: { start: Date; end: Date }): Promise<number> {
    const row = statementOf(
      this.db,
      "SELECT count(*) AS missed FROM scheduled_sends WHERE tenant_id = ? AND state = 'missed' AND due_at >= ? AND due_at < ?",
    ).get(tenantId, between.start.toISOString(), between.end.toISOString()) as { missed: number };
    return row.missed;
  }

  async countWaiting(): Promise<WaitingCounts> {
    const rows = statementOf(
      this.db,
      "SELECT json_extract(doc, '$.why') AS why, count(*) AS waiting FROM scheduled_sends WHERE state = 'scheduled' GROUP BY why",
    ).all() as Array<{ why: ScheduledSend['why']; waiting: number }>;
    return Object.fromEntries(rows.map((row) => [row.why, row.waiting]));
  }

  async reschedule(id: string, dueAt: string, reason: string, at: Date): Promise<boolean> {
    const reschedule = this.db.transaction((): boolean => {
      const stored = this.read(id);
      if (stored?.state !== 'scheduled') return false;
      this.write({ ...stored, dueAt, reason, updatedAt: at.toISOString() });
      return true;
    });
    return reschedule.immediate();
  }

  async purgeBefore(before: Date, limit: number): Promise<number> {
    const purge = statementOf(
      this.db,
      `DELETE FROM scheduled_sends WHERE id IN (SELECT id FROM scheduled_sends
         WHERE state IN ('done', 'missed', 'cancelled') AND due_at < ? ORDER BY due_at LIMIT ?)`,
    );
    return purge.run(before.toISOString(), limit).changes;
  }

  async pause(tenantId: string, until: Date): Promise<void> {
    statementOf(
      this.db,
      'INSERT INTO graph_pauses (tenant_id, until) VALUES (?, ?) ON CONFLICT(tenant_id) DO UPDATE SET until = max(until, excluded.until)',
    ).run(tenantId, until.toISOString());
  }

  async pauses(now: Date): Promise<Map<string, Date>> {
    const rows = statementOf(this.db, 'SELECT tenant_id, until FROM graph_pauses WHERE until > ?').all(now.toISOString()) as Array<{
      tenant_id: string;
      until: string;
    }>;
    return new Map(rows.map((row) => [row.tenant_id, new Date(row.until)]));
  }

  private read(id: string): ScheduledSend | undefined {
    const row = statementOf(this.db, 'SELECT doc FROM scheduled_sends WHERE id = ?').get(id) as Row | undefined;
    return row ? (JSON.parse(row.doc) as ScheduledSend) : undefined;
  }

  private write(item: ScheduledSend): void {
    statementOf(this.db, 'UPDATE scheduled_sends SET state = ?, due_at = ?, claim_until = ?, doc = ? WHERE id = ?').run(
      item.state,
      item.dueAt,
      item.claimUntil ?? null,
      JSON.stringify(item),
      item.id,
    );
  }
}
