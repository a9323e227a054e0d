import { messagesFor, wordsOf, type Messages } from '../domain/messages';
import { randomUUID } from 'node:crypto';
import type { GraphToken, Organizer, UnsignedOrganizer } from '../domain/organizer';
import { maskPhoneNumber } from '../domain/phoneNumbers';
import { ok, refused, type Result } from '../domain/result';
import { failureOf, sendFailureOf, type SendFailure } from '../domain/sendReceipt';
import type { RequestRefusal, SendPlan } from '../domain/sendPolicy';
import { heldNote, timingOf, type TenantPolicy } from '../domain/tenantPolicy';
import { momentInZone, toIanaTimeZone } from '../domain/timeZones';
import type { GraphSmsClient } from '../graph/graphSmsClient';
import { backToWaiting, withoutNumbers, type Schedule, type ScheduledSend } from '../store/schedule';
import type { AttendeeBook } from './attendeeBook';
import type { NotificationSender } from './notificationSender';
import type { OrganizerZones } from './organizerZones';
import { eachAtMost } from './eachAtMost';
import { GraphPace } from './graphPace';
import type { MeetingNudges } from './meetingNudges';
import { REMIND_BEFORE_MS, type StandingReminders } from './standingReminders';
import { ownerIsGone, THIS_PROCESS } from './sendOwners';
import type { TenantPolicies } from './tenantPolicies';

/** A claim on a due text lapses after this; the sender's own deadline is shorter, so a lapsed one is not still sending. */
const LEASE_MS = 2 * 60_000;
/** Due this long ago, a text came due while no instance was running: the tenant's policy says whether it still goes. */
const LATE_AFTER_MS = 5 * 60_000;
const BATCH = 20;
/** Texts of one batch in flight at once: enough to keep Graph's rate busy from a few instances. */
const CONCURRENCY = 8;
/** A scheduled text that could not go for a passing reason is tried again after these waits, then fails for good. */
const RETRY_DELAYS_MS = [30_000, 2 * 60_000, 8 * 60_000, 30 * 60_000];
const PASSING_FAILURES = new Set<SendFailure['reason']>(['unavailable', 'identityUnavailable', 'storageUnavailable']);
/** When Graph throttles without saying for how long. */
const DEFAULT_RETRY_AFTER_SECONDS = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What an organizer sees of a scheduled text: masked numbers only. */
export type ScheduledSendView = Omit<ScheduledSend, 'attendees' | 'claimedBy' | 'claimUntil'>;

function viewOf(item: ScheduledSend): ScheduledSendView {
  const { attendees: _attendees, claimedBy: _claimedBy, claimUntil: _claimUntil, ...view } = item;
  return view;
}

/** A text the sender holds for the sending hours: what it would have sent, and until when and why it waits. */
export interface TextToHold {
  organizer: UnsignedOrganizer;
  meetingId: string;
  plan: SendPlan;
  until: Date;
  why: string;
}

/** The automatic reminder turned on (or the one already on: `existing`), or why not. */
export type ReminderResult = Result<{ reminder: ScheduledSendView; existing: boolean }, RequestRefusal>;

/**
 * Texts that go later, without the organizer at the keyboard: held for the sending hours, and
 * automatic reminders 15 minutes before an appointment. Every instance runs what is due; the
 * schedule hands each text to one instance at a time, and the sender (instance `scheduled:{id}`)
 * texts it at most once even if an instance dies mid-send and another picks it up.
 */
export class ScheduledSends {
  /** Tenant → until when Graph asked this instance to wait (ms). */
  private readonly graphPauses = new Map<string, number>();
  private readonly pace = new GraphPace();

  constructor(
    private readonly deps: {
      schedule: Schedule;
      sender: NotificationSender;
      book: AttendeeBook;
      policies: TenantPolicies;
      graph: GraphSmsClient;
      zones: OrganizerZones;
      /** The app's own Graph token in the organizer's tenant: nobody is signed in when a scheduled text goes. */
      appGraphToken: (tenantId: string) => Promise<GraphToken>;
      /** Follows an organizer's calendar when their standing reminders' turn comes. */
      standing: StandingReminders;
      /** Asks the organizer when nobody joined their started appointment. */
      nudges: MeetingNudges;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /**
   * Sends what is due (and what a stopped instance left half-done), several at once; says whether a
   * full batch was claimed (more may be waiting). Tenants Graph asked to wait are left waiting.
   */
  async runDue(): Promise<{ settled: number; moreWaiting: boolean; runAgainAt?: number }> {
    const now = this.now();
    for (const [tenantId, until] of await this.deps.schedule.pauses(now)) this.pauseHere(tenantId, until.getTime());
    const pausedTenants = new Set(this.pausesAt(now).keys());
    const due = await this.deps.schedule.claimDue({
      now,
      owner: THIS_PROCESS,
      leaseMs: LEASE_MS,
      limit: BATCH,
      abandoned: (owner) => ownerIsGone(owner, THIS_PROCESS),
      pausedTenants,
    });
    await eachAtMost(CONCURRENCY, due, async (item) => {
      await this.deps.schedule.finish(await this.settle(item));
    });
    // A pause ending before the next poll: look again the moment it ends, Graph's rate is not to be wasted.
    const pauseEnds = [...this.pausesAt(this.now()).values()];
    return {
      settled: due.length,
      moreWaiting: due.length === BATCH,
      ...(pauseEnds.length > 0 ? { runAgainAt: Math.min(...pauseEnds) } : {}),
    };
  }

  private pauseHere(tenantId: string, until: number): void {
    this.graphPauses.set(tenantId, Math.max(until, this.graphPauses.get(tenantId) ?? 0));
  }

  /** Tenants this instance was told to wait for, still waiting at `now`, and until when (ms). */
  private pausesAt(now: Date): Map<string, number> {
    return new Map([...this.graphPauses].filter(([, until]) => until > now.getTime()));
  }

  /**
   * Graph answered 429: the tenant's texts wait until its Retry-After, on every instance (the pause
   * is stored; this one also stops at once), and this text waits with them, not sent and not lost.
   */
  private async waitForGraph(item: ScheduledSend, retryAfterSeconds: number | undefined, at: Date): Promise<ScheduledSend> {
    const until = new Date(at.getTime() + (retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS) * 1000);
    this.pauseHere(item.tenantId, until.getTime());
    await this.deps.schedule.pause(item.tenantId, until);
    return this.waitUntil(item, until, at);
  }

  private waitUntil(item: ScheduledSend, until: Date, at: Date, why = wordsOf(item).schedule.slowDown): ScheduledSend {
    const say = wordsOf(item);
    const reason = say.schedule.waitsUntil(why, momentInZone(until, item.organizerZone ?? 'UTC', say));
    return backToWaiting(item, until, reason, at);
  }

  /**
   * It certainly did not go, for a reason that passes (Graph, Entra or storage unavailable): it waits
   * and is tried again, later each time, and fails for good only after the last try.
   */
  private retryLater(item: ScheduledSend, failure: SendFailure, at: Date): ScheduledSend | undefined {
    const retries = item.retries ?? 0;
    if (!PASSING_FAILURES.has(failure.reason) || retries >= RETRY_DELAYS_MS.length) return undefined;
    const until = new Date(at.getTime() + (RETRY_DELAYS_MS[retries] ?? 0));
    return { ...this.waitUntil(item, until, at, wordsOf(item).schedule.couldNotGoYet(failure.message)), retries: retries + 1 };
  }

  private async settle(item: ScheduledSend): Promise<ScheduledSend> {
    if (item.why === 'calendar') return this.deps.standing.follow(item);
    if (item.why === 'nudge') return this.deps.nudges.due(item);
    const at = this.now();
    // Once it ended, the full numbers are not kept: the audit has the masked ones.
    const done = (state: ScheduledSend['state'], outcome: NonNullable<ScheduledSend['outcome']>): ScheduledSend => ({
      ...withoutNumbers(item),
      state,
      outcome,
      updatedAt: at.toISOString(),
    });
    // First claimed long after its time: no instance was running then. (A second claim is a send
    // an instance began before it stopped: the sender reports what became of it.)
    const late = at.getTime() - Date.parse(item.dueAt) > LATE_AFTER_MS && (item.attempts ?? 1) === 1;
    const { policy } = await this.deps.policies.get(item.tenantId);
    // A held text is judged by the policy in force when it comes due: hours narrowed since, it waits on.
    const stillOutside = item.why === 'held' && (item.attempts ?? 1) === 1 ? stillHeld(item, policy, at) : undefined;
    if (stillOutside) return backToWaiting(item, stillOutside.until, stillOutside.reason, at);
    if (late && policy.whenLate === 'miss') {
      const say = wordsOf(item);
      return done('missed', {
        status: 'failed',
        message: say.schedule.missedLate(momentInZone(item.dueAt, item.organizerZone ?? 'UTC', say)),
      });
    }
    // A reminder texts the numbers saved then, each in the zone saved with it (else the one it was turned on with).
    const attendees = item.attendees ?? (await this.deps.book.list(item.meetingId)).map(({ phoneNumber }) => ({ phoneNumber }));
    if (attendees.length === 0)
      return done('done', {
        status: 'refused',
        message: wordsOf(item).schedule.noNumbersWhenDue,
      });
    await this.pace.turn(item.tenantId);
    const pausedUntil = this.graphPauses.get(item.tenantId) ?? 0;
    if (pausedUntil > this.now().getTime()) return this.waitUntil(item, new Date(pausedUntil), at);
    const receipt = await this.deps.sender.send({
      onlineMeetingId: item.meetingId,
      instance: `scheduled:${item.id}`,
      request: { attendees, kind: item.kind, ...(item.timeZone ? { timeZone: item.timeZone } : {}) },
      organizer: {
        oid: item.organizerId,
        tenantId: item.tenantId,
        ...(item.organizerZone ? { timeZone: item.organizerZone } : {}),
        graphToken: () => this.deps.appGraphToken(item.tenantId),
        appOnly: true,
      },
      scheduled: true,
    });
    if (receipt.status === 'sent') this.pace.accepted(item.tenantId);
    if (receipt.status === 'failed' && receipt.failure?.reason === 'throttled') {
      this.pace.throttled(item.tenantId);
      return this.waitForGraph(item, receipt.failure.retryAfterSeconds, this.now());
    }
    const later = receipt.status === 'failed' && receipt.failure ? this.retryLater(item, receipt.failure, this.now()) : undefined;
    if (later) return later;
    return done('done', {
      status: receipt.status,
      ...(receipt.sendId ? { sendId: receipt.sendId } : {}),
      ...(receipt.failure ? { message: receipt.failure.message } : {}),
    });
  }

  /**
   * A tenant's policy changed: every text it holds for the sending hours is judged again, both ways
   * (hours opened: it goes at once; narrowed: it waits longer), and its listing shows the new time.
   */
  async rejudge(tenantId: string): Promise<number> {
    const { policy } = await this.deps.policies.get(tenantId);
    const now = this.now();
    let moved = 0;
    for (const item of await this.deps.schedule.waiting(tenantId)) {
      if (item.why !== 'held') continue;
      const later = stillHeld(item, policy, now);
      const dueAt = (later?.until ?? now).toISOString();
      if (dueAt === item.dueAt) continue;
      const reason = later?.reason ?? wordsOf(item).schedule.hoursAllowNow;
      if (await this.deps.schedule.reschedule(item.id, dueAt, reason, now)) moved += 1;
    }
    return moved;
  }

  /**
   * Holds a text for the sending hours: it waits in the schedule and goes by itself at `until`,
   * to the same attendees in the same zones. Nobody is signed in then, so only a tenant that lets
   * the app send on its own can hold it; the note says why it waits, in the organizer's zone.
   */
  async hold(text: TextToHold): Promise<Result<ScheduledSend, SendFailure>> {
    const { organizer, plan, until } = text;
    const say = messagesFor(organizer.locale);
    const cannot = await this.cannotGoLater(organizer.tenantId, say);
    if (cannot)
      return refused({
        ...cannot,
        message: say.schedule.cannotHold(cannot.message),
      });
    const zone = await this.deps.zones.readingZone(organizer);
    const at = this.now().toISOString();
    const item: ScheduledSend = {
      id: randomUUID(),
      tenantId: organizer.tenantId,
      organizerId: organizer.oid,
      meetingId: text.meetingId,
      kind: plan.kind,
      why: 'held',
      attendees: plan.attendees.map((attendee) => ({ phoneNumber: attendee.phoneNumber, timeZone: attendee.timeZone })),
      maskedNumbers: plan.attendees.map((attendee) => maskPhoneNumber(attendee.phoneNumber)),
      dueAt: until.toISOString(),
      reason: heldNote(text.why, until, zone, say),
      language: say.language,
      organizerZone: zone,
      state: 'scheduled',
      createdAt: at,
      updatedAt: at,
    };
    const added = await this.deps.schedule.add(item).then(
      () => true,
      () => false,
    );
    return added ? ok(item) : refused(failureOf('storageUnavailable', say));
  }

  /** Why the app cannot send on its own in the organizer's tenant (asked now, not when the text is due); undefined when it can. */
  private async cannotGoLater(tenantId: string, say: Messages): Promise<SendFailure | undefined> {
    const appToken = await this.deps.appGraphToken(tenantId);
    return appToken.ok ? undefined : sendFailureOf(appToken.error, say);
  }

  /**
   * Turns on the automatic reminder for an appointment: due 15 minutes before its start (from
   * Graph, as the organizer), to the numbers saved for it then, each in its saved zone; `timeZone`
   * (else the organizer's own) for numbers saved without one. Turning it on twice keeps one.
   */
  async remindBefore(organizer: Organizer, meetingId: string, timeZone: string | undefined): Promise<ReminderResult> {
    const chosen = await this.deps.zones.forNumbersWithout(organizer, timeZone);
    if (!chosen.ok) return refused(chosen.error);
    const zone = chosen.value;
    const waiting = (await this.deps.schedule.list(organizer.oid, meetingId)).find(
      (item) => item.why === 'reminder' && item.state === 'scheduled',
    );
    if (waiting) return ok({ reminder: viewOf(waiting), existing: true });
    const say = messagesFor(organizer.locale);
    // It goes with the app's own permission in the organizer's tenant: refuse now, not when it is due.
    const cannot = await this.cannotGoLater(organizer.tenantId, say);
    if (cannot) return refused({ failure: cannot });
    const token = await organizer.graphToken();
    if (!token.ok) return refused({ failure: sendFailureOf(token.error, say) });
    const times = await this.deps.graph.meetingTimes(meetingId, { accessToken: token.value });
    if (!times.ok) return refused({ failure: sendFailureOf(times.error, say) });
    const start = new Date(times.value.start);
    if (times.value.joinUrl && (await this.deps.standing.bookedWithOwnTexts(organizer.tenantId, times.value.joinUrl, start)))
      return refused({ problems: [{ field: 'onlineMeetingId', message: say.schedule.bookingsTextsItself }] });
    const due = new Date(start.getTime() - REMIND_BEFORE_MS);
    const now = this.now();
    const iana = toIanaTimeZone(zone) ?? zone;
    if (due <= now)
      return refused({
        problems: [
          {
            field: 'onlineMeetingId',
            message: say.schedule.startsTooSoon(momentInZone(start, iana, say)),
          },
        ],
      });
    const saved = await this.deps.book.list(meetingId);
    const item: ScheduledSend = {
      id: randomUUID(),
      tenantId: organizer.tenantId,
      organizerId: organizer.oid,
      meetingId,
      kind: 'reminder',
      why: 'reminder',
      maskedNumbers: saved.map((attendee) => attendee.masked),
      timeZone: zone,
      organizerZone: iana,
      dueAt: due.toISOString(),
      appointmentStart: start.toISOString(),
      reason: say.schedule.remindsAt(momentInZone(due, iana, say)),
      language: say.language,
      state: 'scheduled',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    await this.deps.schedule.add(item);
    return ok({ reminder: viewOf(item), existing: false });
  }

  async list(organizerId: string, meetingId?: string): Promise<ScheduledSendView[]> {
    return (await this.deps.schedule.list(organizerId, meetingId)).map(viewOf);
  }

  async cancel(organizerId: string, id: string): Promise<ScheduledSendView | undefined> {
    // Ids are UUIDs: anything else names nothing, and never reaches storage.
    if (!UUID.test(id)) return undefined;
    const cancelled = await this.deps.schedule.cancel(organizerId, id, this.now());
    return cancelled ? viewOf(cancelled) : undefined;
  }
}

/** When a held text goes, if the policy in force still keeps it outside the sending hours, and what the organizer is told. */
function stillHeld(item: ScheduledSend, policy: TenantPolicy, now: Date): { until: Date; reason: string } | undefined {
  const attendeeZones = (item.attendees ?? []).map((attendee) => toIanaTimeZone(attendee.timeZone) ?? attendee.timeZone);
  const say = wordsOf(item);
  const timing = timingOf({ kind: item.kind, attendeeZones, now, policy, say });
  if (timing.go === 'now') return undefined;
  return { until: timing.until, reason: heldNote(timing.why, timing.until, item.organizerZone ?? 'UTC', say) };
}
