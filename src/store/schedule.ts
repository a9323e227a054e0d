import type { Language } from '../domain/messages';
import { createHash } from 'node:crypto';
import type { NotificationKind } from '../domain/notificationKinds';
import type { SendStatus } from '../domain/sendReceipt';
import type { SendOwner } from './sendLedger';

/**
 * scheduled: waiting for its time. sending: claimed by an instance (until `claimUntil`).
 * done: it went through the sender (see `outcome`). missed: it came due while the app was stopped
 * and the tenant's policy says not to send late. cancelled: by its organizer before it went.
 */
type ScheduledState = 'scheduled' | 'sending' | 'done' | 'missed' | 'cancelled';

/** A text to send later: held for the sending hours, or an automatic reminder before the appointment. */
export interface ScheduledSend {
  id: string;
  tenantId: string;
  organizerId: string;
  meetingId: string;
  kind: NotificationKind;
  /**
   * `held`: asked outside the sending hours; `reminder`: before the appointment; `calendar`: the
   * organizer's standing reminders, following their calendar; `nudge`: the organizer is asked, if
   * nobody has joined the started appointment by then, whether to text the attendees.
   */
  why: 'held' | 'reminder' | 'calendar' | 'nudge';
  /** Held texts keep the numbers asked; a reminder texts the appointment's saved numbers when it goes. */
  attendees?: Array<{ phoneNumber: string; timeZone: string }>;
  maskedNumbers: string[];
  /** For a reminder, the zone of saved numbers that have none of their own: the organizer's when it was turned on. */
  timeZone?: string;
  /** The zone the organizer reads this item's times in (IANA), to say them again when it is moved. */
  organizerZone?: string;
  dueAt: string;
  /** What the organizer is told: why it waits, and until when. */
  reason: string;
  /** The organizer's language: what is said of it later (moved, missed, retried) is in it too. */
  language?: Language;
  appointmentStart?: string;
  /** A reminder the standing reminders made from the calendar (they move and drop it with the appointment). */
  standing?: boolean;
  /** For `calendar`: where the calendar was last read (Graph's deltaLink) and the end of the days it covers. */
  calendar?: { deltaLink: string; windowEnd: string };
  /** For `nudge`: the appointment's chat, and the organizer there (the only one who sees the question). */
  chat?: { id: string; organizerUserId: string; title: string };
  state: ScheduledState;
  claimedBy?: SendOwner;
  claimUntil?: string;
  /** How many times an instance claimed it: more than one means an earlier one stopped mid-way. */
  attempts?: number;
  /** How many times it was put back to wait after a passing failure (Graph, Entra or storage unavailable). */
  retries?: number;
  outcome?: { status: SendStatus; sendId?: string; message?: string };
  createdAt: string;
  updatedAt: string;
}

export type WaitingCounts = Partial<Record<ScheduledSend['why'], number>>;

/** What one poll asks of the schedule. */
export interface DueClaim {
  now: Date;
  owner: SendOwner;
  /** Claimed texts are this instance's until `now + leaseMs`. */
  leaseMs: number;
  limit: number;
  /** Whether a claim's process is certainly gone (stopped: provable on the same host). */
  abandoned: (claimedBy: SendOwner) => boolean;
  /** Tenants Graph asked to wait (429 with Retry-After): their texts stay waiting. */
  pausedTenants?: ReadonlySet<string>;
}

/**
 * Held and scheduled texts, for every instance: `claimDue` hands each due text to exactly one
 * instance at a time (a claim lapses after `leaseMs`, so a text whose instance died is claimed again;
 * the sender's ledger then makes sure it is texted at most once). Every call costs what it reads or
 * changes, never what the schedule holds: a poll with nothing due is a request or two on any backend.
 */
export interface Schedule {
  add(item: ScheduledSend): Promise<void>;
  /** Due texts, now claimed by the poll's owner; with them the ones whose claim lapsed or whose process is gone. */
  claimDue(claim: DueClaim): Promise<ScheduledSend[]>;
  /** Records the outcome of a claimed text (done or missed); false when the claim was lost. */
  finish(item: ScheduledSend): Promise<boolean>;
  /** Cancels a text still waiting; undefined when the organizer has no such text waiting. */
  cancel(organizerId: string, id: string, at: Date): Promise<ScheduledSend | undefined>;
  /** The organizer's texts, soonest first; only those for one appointment when given. */
  list(organizerId: string, meetingId?: string): Promise<ScheduledSend[]>;
  /** A tenant's texts still waiting (state `scheduled`), for when its policy changes. */
  waiting(tenantId: string): Promise<ScheduledSend[]>;
  /** How many of a tenant's held texts and reminders came due in [start, end) while no instance ran, and were missed (policy `miss`). */
  missedBetween(tenantId: string, between: { start: Date; end: Date }): Promise<number>;
  /** How many items wait (state `scheduled`), by why they wait: what an operator watches pile up. */
  countWaiting(): Promise<WaitingCounts>;
  /** Moves a text still waiting to a new time (with what the organizer is told); false when it no longer waits. */
  reschedule(id: string, dueAt: string, reason: string, at: Date): Promise<boolean>;
  /** Forgets up to `limit` texts that ended (done, missed, cancelled) and were due before `before`, oldest first; how many. */
  purgeBefore(before: Date, limit: number): Promise<number>;
  /** Graph asked the tenant's texts to wait until `until`: every instance sees it at its next poll. */
  pause(tenantId: string, until: Date): Promise<void>;
  /** The tenants still asked to wait at `now`, and until when. */
  pauses(now: Date): Promise<Map<string, Date>>;
}

/** A text that will not go (any more) keeps no full number: the audit has the masked ones. */
export function withoutNumbers(item: ScheduledSend): ScheduledSend {
  const { attendees: _attendees, ...rest } = item;
  return rest;
}

/** Back to waiting until `until`, saying why: claimed afresh (a first attempt again) when it comes due. */
export function backToWaiting(item: ScheduledSend, until: Date, reason: string, at: Date): ScheduledSend {
  return {
    ...item,
    state: 'scheduled',
    dueAt: until.toISOString(),
    reason,
    claimUntil: undefined,
    attempts: 0,
    updatedAt: at.toISOString(),
  };
}

/** An id made from what names one item (the same material, the same id: made once however many instances make it), a UUID as every schedule id is. */
export function scheduleIdFrom(material: string): string {
  const hex = createHash('sha256').update(material).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
