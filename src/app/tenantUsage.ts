import type { Messages } from '../domain/messages';
import { refused, ok, type Result } from '../domain/result';
import type { FieldProblem } from '../domain/sendPolicy';
import { toIanaTimeZone, wallTimeAt } from '../domain/timeZones';
import { periodBounds, usageOf, type TenantUsage, type UsagePeriod } from '../domain/usage';
import type { Schedule } from '../store/schedule';
import { summaryOf, type Between, type SendLedger, type SendRecord } from '../store/sendLedger';

/** What an admin asks for: whole days in a zone; the last 30 days when no dates are given. */
export interface UsageQuery {
  from?: string;
  to?: string;
  timeZone?: string;
}

/** The period asked for, and the instants it spans. */
export interface AskedPeriod {
  period: UsagePeriod;
  between: Between;
}

const LONGEST_DAYS = 366;
const DEFAULT_DAYS = 30;
const DAY_MS = 86_400_000;

/** The audit export's columns, one row per number of each send (masked as stored, never as typed). */
export const AUDIT_COLUMNS = [
  'sent at (UTC)',
  'send id',
  'organizer id',
  'appointment id',
  'kind',
  'status',
  'reason',
  'number',
  'number outcome',
  'override reason',
  'Graph request id',
] as const;

/** A tenant's usage and audit over a period, for its admins (`/api/admin/usage`, `/api/admin/audit.csv`, the admin page). */
export class TenantUsageReports {
  constructor(private readonly deps: { ledger: SendLedger; schedule: Schedule; now: () => Date }) {}

  /** The period, or what to fix in the query, per field. */
  periodOf(query: UsageQuery, say: Messages): Result<AskedPeriod, FieldProblem[]> {
    const words = say.admin;
    const timeZone = query.timeZone ? toIanaTimeZone(query.timeZone) : undefined;
    if (!timeZone)
      return refused([
        {
          field: 'timeZone',
          message: query.timeZone ? words.zoneNotAZone(query.timeZone.slice(0, 60)) : words.zoneMissing,
        },
      ]);
    const today = wallTimeAt(this.deps.now().getTime(), timeZone).getTime();
    const to = query.to ?? dateOf(today);
    const from = query.from ?? dateOf(Date.parse(to) - (DEFAULT_DAYS - 1) * DAY_MS);
    const problems = [dateProblem('from', from, say), dateProblem('to', to, say)].filter((problem) => problem !== undefined);
    if (problems.length > 0) return refused(problems);
    const period = { from, to, timeZone };
    const between = periodBounds(period);
    if (!between) return refused([{ field: 'to', message: words.toBeforeFrom(from, to) }]);
    if (Date.parse(to) - Date.parse(from) >= LONGEST_DAYS * DAY_MS)
      return refused([{ field: 'to', message: words.tooLong(LONGEST_DAYS, from, to) }]);
    return ok({ period, between });
  }

  async usage(tenantId: string, asked: AskedPeriod, say: Messages): Promise<TenantUsage> {
    const summaries = [];
    for await (const summary of this.deps.ledger.tenantSummaries(tenantId, asked.between)) summaries.push(summary);
    return usageOf(summaries, asked.period, say, await this.deps.schedule.missedBetween(tenantId, asked.between));
  }

  /** The audit's rows, oldest first, a send at a time (the export streams: memory stays flat). */
  async *auditRows(tenantId: string, asked: AskedPeriod): AsyncIterable<string[]> {
    for await (const record of this.deps.ledger.tenantSends(tenantId, asked.between)) yield* auditRowsOf(record);
  }
}

function auditRowsOf(record: SendRecord): string[][] {
  const { receipt } = record;
  const summary = summaryOf(record);
  const send = [
    record.createdAt,
    record.id,
    record.organizerId,
    record.meetingId,
    summary?.kind ?? '',
    summary?.status ?? '',
    summary?.reason ?? '',
  ];
  const after = [receipt?.policy?.override?.reason ?? '', receipt?.graphRequestId ?? ''];
  const lines = receipt?.numbers.length ? receipt.numbers.map((line) => [line.masked, line.outcome]) : [['', '']];
  return lines.map((line) => [...send, ...line, ...after]);
}

function dateOf(wallUtc: number): string {
  return new Date(wallUtc).toISOString().slice(0, 10);
}

function dateProblem(field: 'from' | 'to', date: string, say: Messages): FieldProblem | undefined {
  const time = Date.parse(date);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(time) && dateOf(time) === date;
  return valid ? undefined : { field, message: say.admin.notADate(field, date.slice(0, 40)) };
}
