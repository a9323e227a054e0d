import { messagesFor, wordsOf, type Messages } from '../domain/messages';
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { organizerRefusal, type Organizer, type UnsignedOrganizer } from '../domain/organizer';
import { maskPhoneNumber, type NumberCheck, type UsPhoneNumber } from '../domain/phoneNumbers';
import {
  failureOf,
  receiptNumbers,
  sendFailureOf,
  toStoredReceipt,
  type SendFailure,
  type SendReceipt,
  type SendStatus,
} from '../domain/sendReceipt';
import { ok, refused, type Result } from '../domain/result';
import type { PolicyOverride } from '../domain/tenantPolicy';
import {
  checkSendRequest,
  refuseDoNotText,
  zoneMissing,
  type CheckedSendRequest,
  type SavedZones,
  type SendPlan,
  type SendRequestInput,
} from '../domain/sendPolicy';
import type { GraphSmsClient } from '../graph/graphSmsClient';
import { newestFirstId, type SendLedger, type SendRecord } from '../store/sendLedger';
import { recordSend } from '../telemetry/signals';
import type { AttendeeBook } from './attendeeBook';
import type { DoNotTextList } from './doNotTextList';
import type { OrganizerZones } from './organizerZones';
import type { PolicyGate } from './policyGate';
import type { ScheduledSends } from './scheduledSends';
import { ownerIsGone, THIS_PROCESS } from './sendOwners';

/** A send checked and ready to confirm (`plan`), or the receipt saying why it cannot go. */
export type SendReview = Result<ReviewedSend, SendReceipt>;

/** What a review needs: before sign-in (a card's Review) there is no Graph token yet. */
export interface ReviewCommand {
  onlineMeetingId: string;
  request: SendRequestInput;
  organizer: UnsignedOrganizer;
  /** A scheduled text going at its time: its attendees carry the zones they were asked with. */
  scheduled?: boolean;
}

export interface SendCommand {
  onlineMeetingId: string;
  request: SendRequestInput;
  organizer: Organizer;
  /**
   * What makes a submit unique: the card instance, or a REST client's Idempotency-Key. Without
   * one, an identical request within the repeat window is taken as the same submit.
   */
  instance?: string;
  /** The organizer's stated reason to send outside the sending hours or over a cap. */
  override?: PolicyOverride;
  /** A held or scheduled text at its time: the sending hours were settled when it was scheduled. */
  scheduled?: boolean;
}

export interface NotificationSenderOptions {
  graph: GraphSmsClient;
  ledger: SendLedger;
  doNotText: DoNotTextList;
  /** The zones saved with the appointment's numbers. */
  book: AttendeeBook;
  /** The organizer's own zone, for attendees nobody gave one. */
  zones: OrganizerZones;
  /** The tenant's send policy: caps and sending hours. */
  gate: PolicyGate;
  /** Where texts held for the sending hours wait, to go by themselves (ScheduledSends). */
  holds: Pick<ScheduledSends, 'hold'>;
  /** Keyed hash of a number, so the audit can find an attendee's texts without storing the number. */
  hashNumber: (number: UsPhoneNumber) => string;
  now?: () => Date;
  repeatWindowMs?: number;
  /** How long a repeated submit waits for the first one's outcome. */
  waitForOutcomeMs?: number;
  /** Storage failed to record an attempt (logged for the admin; the organizer still gets the outcome). */
  onRecordFailure?: (error: unknown) => void;
}

/** The words of a send's answers, in its organizer's language. */
const wordsFor = (command: { organizer: { locale?: string } }): Messages => messagesFor(command.organizer.locale);
/** The longest a Graph token may take; a send whose token came later is not sent (see the deadline). */
const TOKEN_BUDGET_MS = 20_000;
const MARGIN_MS = 5_000;
/** How often a repeated submit looks for the first one's outcome. */
const OUTCOME_POLL_MS = 50;

/**
 * Sends one kind of text to an appointment's attendees, at most once per submit: checks
 * everything first, claims the send in the ledger, makes one Graph call, records the outcome.
 */
export class NotificationSender {
  private readonly now: () => Date;
  /**
   * From claim to deadline: the token's budget, then Graph's longest call. The owner never calls
   * Graph after the token budget, so past the deadline nobody is still sending.
   */
  private readonly sendBudgetMs: number;

  constructor(private readonly options: NotificationSenderOptions) {
    this.now = options.now ?? (() => new Date());
    this.sendBudgetMs = TOKEN_BUDGET_MS + options.graph.longestCallMs + MARGIN_MS;
  }

  /**
   * Every check a send makes (numbers, kind, time zones, the do-not-text list), with nothing sent
   * or recorded: what the organizer confirms before sending, or the receipt saying why not.
   */
  async review(command: ReviewCommand): Promise<SendReview> {
    const at = this.now().toISOString();
    const say = wordsFor(command);
    const typed = await this.checked(command);
    if (!typed.ok) return refused({ status: 'failed', numbers: [], problems: [], at, failure: typed.error });
    const blocked = await this.blockedNumbers(command.organizer.tenantId, typed.value.checked);
    // The do-not-text list could not be read: fail closed.
    if (!blocked)
      return refused({
        status: 'failed',
        numbers: receiptNumbers(typed.value.checked.numbers, 'failed', say),
        problems: [],
        at,
        failure: failureOf('storageUnavailable', say),
      });
    const checked = refuseDoNotText(typed.value.checked, blocked, say);
    if (!checked.plan) {
      const { kind, numbers, problems } = checked;
      return refused({ status: 'refused', ...(kind ? { kind } : {}), numbers: receiptNumbers(numbers, 'refused', say), problems, at });
    }
    return ok({ plan: checked.plan, numbers: checked.numbers, saved: typed.value.saved });
  }

  /**
   * The request checked, each attendee in their own zone: given, saved with their number, or the
   * request's; the organizer's own (Outlook's) only when that is all that is missing.
   */
  private async checked(command: ReviewCommand): Promise<Result<{ checked: CheckedSendRequest; saved: SavedZones }, SendFailure>> {
    // A scheduled text carries every attendee's zone from when it was asked: the book has nothing to add.
    const zonesGiven = command.scheduled && command.request.attendees.every((attendee) => attendee.timeZone);
    const saved = zonesGiven
      ? new Map()
      : await this.options.book.savedZones(command.onlineMeetingId).catch((error: unknown) => {
          this.options.onRecordFailure?.(error);
          return undefined;
        });
    const say = wordsFor(command);
    if (!saved) return refused(failureOf('storageUnavailable', say));
    const checked = checkSendRequest(command.request, say, saved);
    // Anything else to fix comes first: the organizer's zone is looked up only for a send that could go.
    const onlyZoneMissing =
      checked.zoneMissing && checked.problems.length === 0 && checked.numbers.every((check) => check.status !== 'refused');
    if (!onlyZoneMissing) return ok({ checked, saved });
    const found = await this.options.zones.lookUp(command.organizer);
    if (found.ok) return ok({ checked: checkSendRequest({ ...command.request, timeZone: found.value }, say, saved), saved });
    if (found.error) return refused(sendFailureOf(found.error, say));
    return ok({ checked: { ...checked, problems: [zoneMissing(say)] }, saved });
  }

  /**
   * One send, step by step: check (organizer, input, do-not-text) → claim (once per submit) →
   * the tenant's policy (refused over a cap, held for the sending hours, or sent) → record.
   */
  async send(command: SendCommand): Promise<SendReceipt> {
    const receipt = await this.steps(command);
    recordSend(receipt);
    return receipt;
  }

  private async steps(command: SendCommand): Promise<SendReceipt> {
    const at = this.now();
    const checked = await this.check(command, at);
    if (!checked.ok) return checked.error;
    const { plan } = checked.value;
    const record = this.newRecord(command, askedOf(plan), this.idempotencyKey(command, plan), at);
    const attempt: SendAttempt = { ...checked.value, command, at, sendId: record.id };
    const claimed = await this.claim(record, attempt);
    if (!claimed.ok) return claimed.error;
    const receipt = await this.withinPolicy(attempt);
    return this.recorded(record, attempt, receipt);
  }

  /** The organizer first (nothing else is looked up for anyone else), then the review; a refusal is recorded for the history. */
  private async check(command: SendCommand, at: Date): Promise<Result<ReviewedSend, SendReceipt>> {
    const notOrganizer = organizerRefusal({ onlineMeetingId: command.onlineMeetingId }, command.organizer.oid, wordsFor(command));
    if (notOrganizer) return refused(await this.refuseNonOrganizer(command, notOrganizer, at));
    const reviewed = await this.review(command);
    if (reviewed.ok) return reviewed;
    // A failure to read the book or the list has nothing to record.
    return refused(reviewed.error.status === 'refused' ? await this.recordOnce(command, reviewed.error, undefined) : reviewed.error);
  }

  /** No claim, no send: a send the ledger cannot record could not be protected from repeating. An identical submit's outcome comes back. */
  private async claim(record: SendRecord, attempt: SendAttempt): Promise<Result<void, SendReceipt>> {
    const repeatWindowMs = this.options.repeatWindowMs ?? 10 * 60_000;
    const claim = await this.options.ledger
      .claim(record, attempt.command.instance ? undefined : new Date(attempt.at.getTime() - repeatWindowMs))
      .catch(() => undefined);
    if (!claim) return refused(receiptOf(attempt, 'failed', failureOf('storageUnavailable', wordsFor(attempt.command))));
    if (!claim.claimed) return refused(await this.outcomeOf(claim.existing, attempt));
    return ok(undefined);
  }

  /**
   * The outcome recorded, then returned: the organizer gets the true outcome even if recording it
   * fails (the record stays pending and is settled as "unknown" once its deadline passes).
   */
  private async recorded(record: SendRecord, attempt: SendAttempt, receipt: SendReceipt): Promise<SendReceipt> {
    await this.finish(record, receipt, 'done').catch((error: unknown) => this.options.onRecordFailure?.(error));
    if (receipt.status === 'sent' || receipt.status === 'held') await this.keepChosenZones(attempt);
    return { ...receipt, sendId: record.id };
  }

  /** A zone given with a saved number is kept with it: the next text to that attendee is in it too. */
  private async keepChosenZones({ command, plan, saved }: SendAttempt): Promise<void> {
    if (!command.request.attendees.some((attendee) => attendee.timeZone !== undefined)) return;
    // Compared with the book as the review read it: a send that changes no saved zone writes nothing.
    const changed = plan.attendees.filter(
      (attendee) => saved.has(attendee.phoneNumber) && saved.get(attendee.phoneNumber) !== attendee.timeZone,
    );
    if (changed.length === 0) return;
    const zones = new Map(changed.map((attendee) => [attendee.phoneNumber as string, attendee.timeZone]));
    await this.options.book.keepZones(command.onlineMeetingId, zones).catch((error: unknown) => this.options.onRecordFailure?.(error));
  }

  /** The tenant's policy: refused over a cap, held for the sending hours, or sent (and counted). */
  private async withinPolicy(attempt: SendAttempt): Promise<SendReceipt> {
    const { command, plan } = attempt;
    const decision = await this.options.gate
      .decide({
        say: wordsFor(command),
        tenantId: command.organizer.tenantId,
        sendId: attempt.sendId,
        plan,
        override: command.override,
        scheduled: command.scheduled,
        appointmentStart: () => this.appointmentStart(command),
        viewerZone: () => this.options.zones.readingZone(command.organizer),
      })
      .catch(() => undefined);
    if (!decision) return receiptOf(attempt, 'failed', failureOf('storageUnavailable', wordsFor(attempt.command)));
    if (decision.go === 'never') return overCap(attempt, decision.overCap);
    if (decision.go === 'later') return this.held(attempt, decision);
    const receipt = await this.sendNow(attempt);
    // Counted before sending; a send that certainly did not go does not count against the caps.
    if (receipt.status === 'failed')
      await this.options.gate
        .release(command.organizer.tenantId, plan, attempt.sendId)
        .catch((error: unknown) => this.options.onRecordFailure?.(error));
    return decision.policy ? { ...receipt, policy: decision.policy } : receipt;
  }

  /** Outside the sending hours: into the schedule, to go by itself when they start. */
  private async held(attempt: SendAttempt, later: { until: Date; why: string }): Promise<SendReceipt> {
    const { command, plan } = attempt;
    const held = await this.options.holds.hold({ organizer: command.organizer, meetingId: command.onlineMeetingId, plan, ...later });
    if (!held.ok) return receiptOf(attempt, 'failed', held.error);
    return { ...receiptOf(attempt, 'held'), policy: { note: held.value.reason, heldUntil: held.value.dueAt, scheduleId: held.value.id } };
  }

  /** When the appointment starts, from Graph; undefined when Graph cannot say. */
  private async appointmentStart(command: SendCommand): Promise<Date | undefined> {
    const token = await command.organizer.graphToken();
    if (!token.ok) return undefined;
    const times = await this.options.graph.meetingTimes(command.onlineMeetingId, this.callerOf(command, token.value));
    return times.ok ? new Date(times.value.start) : undefined;
  }

  private callerOf(command: SendCommand, accessToken: string) {
    return {
      accessToken,
      locale: command.organizer.locale,
      ...(command.organizer.appOnly ? { organizerId: command.organizer.oid } : {}),
      // Scheduled texts share Graph's Retry-After across instances (ScheduledSends) rather than wait here.
      ...(command.scheduled ? { waitOutThrottling: false } : {}),
    };
  }

  /** The entered numbers on the tenant's do-not-text list; undefined when the list cannot be read. */
  private async blockedNumbers(tenantId: string, typed: CheckedSendRequest): Promise<Set<UsPhoneNumber> | undefined> {
    const candidates = typed.numbers.flatMap((check) => (check.status === 'refused' ? [] : [check.number]));
    return this.options.doNotText.blockedAmong(tenantId, candidates).catch((error: unknown) => {
      this.options.onRecordFailure?.(error);
      return undefined;
    });
  }

  /**
   * Settles every pending send whose owner is certainly not sending it any more (past its
   * deadline, or its process gone) as "unknown: check before resending". Returns how many.
   */
  async settleAbandoned(): Promise<number> {
    let settled = 0;
    for (const record of await this.options.ledger.pending()) {
      if (this.isAbandoned(record) && (await this.settleInterrupted(record))) settled += 1;
    }
    return settled;
  }

  private isAbandoned(record: SendRecord): boolean {
    const deadline = record.deadline ? Date.parse(record.deadline) : Date.parse(record.createdAt) + this.sendBudgetMs;
    return this.now().getTime() > deadline || ownerIsGone(record.owner, THIS_PROCESS);
  }

  /** Only a record still pending is changed: an owner that finished in the meantime knows better. */
  private async settleInterrupted(record: SendRecord): Promise<boolean> {
    // Whoever finds it cut off, the words are its organizer's.
    const say = wordsOf(record);
    const receipt: SendReceipt = {
      status: 'uncertain',
      kind: record.kind,
      numbers: record.maskedNumbers.map((masked) => ({ masked, outcome: 'unknown' })),
      problems: [],
      at: record.createdAt,
      failure: failureOf('interrupted', say),
    };
    return this.options.ledger.settle({ ...record, state: 'unknown', receipt, updatedAt: this.now().toISOString() });
  }

  /** One Graph call, as the organizer (or the app for them); not made once the token came too late for the deadline. */
  private async sendNow(attempt: SendAttempt): Promise<SendReceipt> {
    const { command, plan } = attempt;
    const say = wordsFor(command);
    const token = await command.organizer.graphToken();
    if (!token.ok) return receiptOf(attempt, 'failed', sendFailureOf(token.error, say));
    // Calling Graph this late could outlast the deadline others rely on: better not sent than sent twice.
    if (this.now().getTime() - attempt.at.getTime() > TOKEN_BUDGET_MS) {
      return receiptOf(attempt, 'failed', { reason: 'identityUnavailable', message: say.failures.tokenTooLate });
    }
    const result = await this.options.graph.send(
      { onlineMeetingId: command.onlineMeetingId, kind: plan.kind, attendees: plan.attendees },
      this.callerOf(command, token.value),
    );
    if (result.ok) return { ...receiptOf(attempt, 'sent'), graphRequestId: result.value.requestId };
    return receiptOf(attempt, result.error.kind === 'uncertain' ? 'uncertain' : 'failed', sendFailureOf(result.error, say));
  }

  /** The earlier identical submit's outcome, waiting while it is still being sent. */
  private async outcomeOf(existing: SendRecord, attempt: SendAttempt): Promise<SendReceipt> {
    const deadline = this.now().getTime() + (this.options.waitForOutcomeMs ?? 30_000);
    let record: SendRecord | undefined = existing;
    while (record?.state === 'pending' && this.now().getTime() < deadline) {
      // Its owner stopped: say so now rather than wait for an outcome that will never come.
      if (this.isAbandoned(record)) await this.settleInterrupted(record);
      else await sleep(OUTCOME_POLL_MS);
      record = await this.options.ledger.get(existing.meetingId, existing.id);
    }
    if (!record?.receipt) {
      const stillSending = receiptOf(attempt, 'uncertain', failureOf('inProgress', wordsFor(attempt.command)));
      return { ...toStoredReceipt(stillSending), sendId: existing.id, repeat: true };
    }
    return { ...record.receipt, sendId: record.id, repeat: true };
  }

  private refuseNonOrganizer(command: SendCommand, refusal: SendFailure, at: Date): Promise<SendReceipt> {
    const say = wordsFor(command);
    const typed = checkSendRequest(command.request, say);
    const numbers = typed.numbers.flatMap((check) => (check.status === 'valid' ? [check.number] : []));
    const receipt: SendReceipt = {
      status: 'failed',
      ...(typed.kind ? { kind: typed.kind } : {}),
      numbers: receiptNumbers(typed.numbers, 'failed', say),
      problems: [],
      at: at.toISOString(),
      failure: refusal,
    };
    return this.recordOnce(command, receipt, typed.kind ? { kind: typed.kind, numbers } : undefined);
  }

  /** Attempts that cannot repeat a text (refused, not the organizer) are recorded under a key of their own. */
  private async recordOnce(command: SendCommand, receipt: SendReceipt, asked: AskedOf | undefined): Promise<SendReceipt> {
    const record = this.newRecord(command, asked, `once:${randomUUID()}`, new Date(receipt.at));
    try {
      await this.options.ledger.claim(record);
      await this.finish(record, receipt, 'done');
    } catch (error) {
      // Nothing was sent either way; the refusal still reaches the organizer.
      this.options.onRecordFailure?.(error);
      return receipt;
    }
    return { ...receipt, sendId: record.id };
  }

  private async finish(record: SendRecord, receipt: SendReceipt, state: SendRecord['state']): Promise<void> {
    await this.options.ledger.finish({ ...record, state, receipt: toStoredReceipt(receipt), updatedAt: this.now().toISOString() });
  }

  private newRecord(command: SendCommand, asked: AskedOf | undefined, key: string, at: Date): SendRecord {
    const numbers = asked?.numbers ?? [];
    return {
      id: newestFirstId(at, randomUUID()),
      key,
      meetingId: command.onlineMeetingId,
      organizerId: command.organizer.oid,
      tenantId: command.organizer.tenantId,
      language: wordsFor(command).language,
      kind: asked?.kind,
      maskedNumbers: numbers.map(maskPhoneNumber),
      numberHashes: numbers.map((number) => this.options.hashNumber(number)),
      state: 'pending',
      owner: THIS_PROCESS,
      deadline: new Date(at.getTime() + this.sendBudgetMs).toISOString(),
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
    };
  }

  private idempotencyKey(command: SendCommand, plan: SendPlan): string {
    const attendees = plan.attendees.map((attendee) => `${attendee.phoneNumber}|${attendee.timeZone}`).sort();
    const material = JSON.stringify([command.onlineMeetingId, plan.kind, attendees, command.instance ?? '(repeat window)']);
    return createHash('sha256').update(material).digest('hex');
  }
}

/** A send checked and ready to confirm: its plan, each number's check, and the zones saved with the numbers. */
export interface ReviewedSend {
  plan: SendPlan;
  numbers: NumberCheck[];
  saved: SavedZones;
}

/** One send on its way: what was reviewed, when it was asked, and its record; every receipt of it is made from this. */
interface SendAttempt extends ReviewedSend {
  command: SendCommand;
  at: Date;
  sendId: string;
}

/** The attempt's receipt with this outcome: every number's line, the zones used. */
function receiptOf(attempt: SendAttempt, status: SendStatus, failure?: SendFailure): SendReceipt {
  const { plan, numbers, at } = attempt;
  return {
    status,
    kind: plan.kind,
    timeZone: plan.attendees[0]?.timeZone,
    timeZones: [...new Set(plan.attendees.map((attendee) => attendee.timeZone))],
    numbers: receiptNumbers(numbers, status, wordsFor(attempt.command)),
    problems: [],
    at: at.toISOString(),
    ...(failure ? { failure } : {}),
  };
}

/** Refused over a cap: each number the cap stopped says so; the plan's attendees are the valid, distinct numbers, in the order entered. */
function overCap(attempt: SendAttempt, over: Array<{ index: number; reason: string }>): SendReceipt {
  const refusedReceipt = receiptOf(attempt, 'refused');
  const reasons = new Map(over.map((entry) => [entry.index, entry.reason]));
  const validIndexes = attempt.numbers.flatMap((check, index) => (check.status === 'valid' ? [index] : []));
  const lines = refusedReceipt.numbers.map((line, index) => {
    const reason = reasons.get(validIndexes.indexOf(index));
    return reason ? { ...line, outcome: 'refused' as const, reason } : line;
  });
  return { ...refusedReceipt, numbers: lines, policy: { capReached: true } };
}

/** What a record keeps of what was asked: the kind and the valid numbers. */
interface AskedOf {
  kind: SendPlan['kind'];
  numbers: UsPhoneNumber[];
}

function askedOf(plan: SendPlan): AskedOf {
  return { kind: plan.kind, numbers: plan.attendees.map((attendee) => attendee.phoneNumber) };
}
