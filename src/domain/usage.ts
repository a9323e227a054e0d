import type { Messages } from './messages';
import type { NotificationKind } from './notificationKinds';
import type { NumberOutcome, SendFailureReason, SendStatus } from './sendReceipt';
import { dayInZone, wallTimeAt } from './timeZones';

/** One send as the admin's usage counts it: when, what, how it ended, and what became of each number. */
export interface SendSummary {
  at: string;
  kind?: NotificationKind;
  /** `uncertain` too for a send cut off by a stop. */
  status: SendStatus;
  /** A code, never free text (see `reasonCode`). */
  reason?: string;
  texts: Partial<Record<NumberOutcome, number>>;
}

/** The days a usage covers, whole days in the admin's zone, `from` and `to` included. */
export interface UsagePeriod {
  from: string;
  to: string;
  timeZone: string;
}

interface UsageDay {
  date: string;
  /** Texts (one per number) by kind, then by what became of them. */
  texts: Partial<Record<NotificationKind, Partial<Record<NumberOutcome, number>>>>;
}

export interface TenantUsage extends UsagePeriod {
  days: UsageDay[];
  /** Send attempts by how they ended. */
  sends: Record<SendStatus, number>;
  /** Texts by what became of them, over the period. */
  texts: Partial<Record<NumberOutcome, number>>;
  /** Refused sends by reason (`capReached`, `phoneNumber`, `attendees.timeZone`…), most first. */
  refusals: Array<{ reason: string; sends: number }>;
  capsReached: number;
  /** Held texts and reminders that came due while the app was stopped and were missed (the tenant's policy: `miss`). */
  missed: number;
  /** Sends that failed on Graph's or Entra's side, by reason, each said in words for the admin. */
  failures: Array<{ reason: string; sends: number; meaning: string }>;
}

const STATUSES: readonly SendStatus[] = ['sent', 'held', 'refused', 'failed', 'uncertain'];

/** The period's first instant and the instant after its last day; undefined when a date is not one or `to` is before `from`. */
export function periodBounds(period: UsagePeriod): { start: Date; end: Date } | undefined {
  const first = dayInZone(period.from, period.timeZone);
  const last = dayInZone(period.to, period.timeZone);
  if (!first || !last || last.end <= first.start) return undefined;
  return { start: first.start, end: last.end };
}

/** The tenant's usage over the period, from its sends (in any order) and how many texts waiting were missed. */
export function usageOf(summaries: Iterable<SendSummary>, period: UsagePeriod, say: Pick<Messages, 'usage'>, missed = 0): TenantUsage {
  const days = new Map<string, UsageDay>();
  const usage: TenantUsage = {
    ...period,
    days: [],
    sends: Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<SendStatus, number>,
    texts: {},
    refusals: [],
    capsReached: 0,
    missed,
    failures: [],
  };
  const refusals = new Map<string, number>();
  const failures = new Map<string, number>();
  for (const summary of summaries) {
    usage.sends[summary.status] += 1;
    if (summary.status === 'refused' && summary.reason) increment(refusals, summary.reason);
    if ((summary.status === 'failed' || summary.status === 'uncertain') && summary.reason) increment(failures, summary.reason);
    if (summary.reason === 'capReached') usage.capsReached += 1;
    const date = wallTimeAt(Date.parse(summary.at), period.timeZone).toISOString().slice(0, 10);
    const day = days.get(date) ?? { date, texts: {} };
    days.set(date, day);
    const kind = summary.kind;
    for (const [outcome, count] of Object.entries(summary.texts) as Array<[NumberOutcome, number]>) {
      usage.texts[outcome] = (usage.texts[outcome] ?? 0) + count;
      if (!kind) continue;
      const texts = (day.texts[kind] ??= {});
      texts[outcome] = (texts[outcome] ?? 0) + count;
    }
  }
  usage.days = [...days.values()].sort((left, right) => left.date.localeCompare(right.date));
  usage.refusals = mostFirst(refusals).map(([reason, sends]) => ({ reason, sends }));
  usage.failures = mostFirst(failures).map(([reason, sends]) => ({
    reason,
    sends,
    meaning: meaningOf(reason, say),
  }));
  return usage;
}

/** A reason read back from storage may be one an earlier or later version wrote: then it is said as is. */
function meaningOf(reason: string, say: Pick<Messages, 'usage'>): string {
  const meanings: Record<SendFailureReason, string> = say.usage.meanings;
  return Object.hasOwn(meanings, reason) ? meanings[reason as SendFailureReason] : reason;
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function mostFirst(counts: Map<string, number>): Array<[string, number]> {
  return [...counts].sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]));
}
