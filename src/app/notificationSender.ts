import { createHash, randomUUID } from 'node:crypto';
import { organizerRefusal } from '../domain/organizer';
import { maskPhoneNumber, type NumberCheck, type UsPhoneNumber } from '../domain/phoneNumbers';
import {
  INTERRUPTED_SEND,
  receiptNumbers,
  sendFailureOf,
  toStoredReceipt,
  type SendFailure,
  type SendReceipt,
  type SendStatus,
} from '../domain/sendReceipt';
import { heldNote, type PolicyOverride } from '../domain/tenantPolicy';
import { toIanaTimeZone } from '../domain/timeZones';
import {
  checkSendRequest,
  refuseDoNotText,
  ZONE_MISSING,
  type CheckedSendRequest,
  type SavedZones,
  type SendPlan,
  type SendRequestInput,
} from '../domain/sendPolicy';
import type { GraphTokenResult } from '../auth/onBehalfOfExchanger';
import type { GraphSmsClient } from '../graph/graphSmsClient';
import type { Schedule, ScheduledSend } from '../store/schedule';
import { newestFirstId, type SendLedger, type SendRecord } from '../store/sendLedger';
import type { AttendeeBook } from './attendeeBook';
import type { DoNotTextList } from './doNotTextList';
import type { OrganizerZones } from './organizerZones';
import type { PolicyGate } from './policyGate';
import { ownerIsGone, THIS_PROCESS } from './sendOwners';

/** The organizer asking to send, and how to get a Graph token for them once input is valid. */
interface Sender {
  oid: string;
  tenantId: string;
  locale?: string;
  /** The organizer's own zone as the surface saw it (Teams' `localTimezone`, the browser's); else Outlook's is asked. */
  timeZone?: string;
  graphToken: () => Promise<GraphTokenResult>;
  /** The token is the app's own (a scheduled text): Graph is called on `/users/{oid}/…`. */
  appOnly?: boolean;
}

/** A send checked and ready to confirm (`plan`), or the receipt saying why it cannot go. */
export type SendReview = { ok: true; plan: SendPlan; numbers: NumberCheck[]; saved: SavedZones } | { ok: false; receipt: SendReceipt };

/** What a review needs: before sign-in (a card's Review) there is no Graph token yet. */
export interface ReviewCommand {
  onlineMeetingId: string;
  request: SendRequestInput;
  sender: Omit<Sender, 'graphToken'> & { graphToken?: Sender['graphToken'] };
  /** A scheduled text going at its time: its attendees carry the zones they were asked with. */
  scheduled?: boolean;
}

export interface SendCommand {
  onlineMeetingId: string;
  request: SendRequestInput;
  sender: Sender;
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
  /** The app's own Graph token in a tenant: a text is held only if it can go later without the organizer. */
  appGraphToken: (tenantId: string) => Promise<GraphTokenResult>;
  /** The tenant's send policy: caps and sending hours. */
  gate: PolicyGate;
  /** Where texts held for the sending hours wait. */
  schedule: Schedule;
  /** Keyed hash of a number, so the audit can find an attendee's texts without storing the number. */
  hashNumber: (number: UsPhoneNumber) => string;
  now?: () => Date;
  repeatWindowMs?: number;
  /** How long a repeated submit waits for the first one's outcome. */
  waitForOutcomeMs?: number;
  /** Storage failed to record an attempt (logged for the admin; the organizer still gets the outcome). */
  onRecordFailure?: (error: unknown) => void;
}

const STORAGE_DOWN: SendFailure = {
  reason: 'storageUnavailable',
  message: 'The app could not record this send, so it did not send it. Nothing was sent; try again in a minute.',
};
const STILL_SENDING: SendFailure = {
  reason: 'inProgress',
  message: 'An identical send is still in progress. Check the history in a minute before sending again.',
};
const TOKEN_TOO_LATE: SendFailure = {
  reason: 'identityUnavailable',
  message: 'Microsoft Entra ID took too long to sign you in. Nothing was sent; try again.',
};
/** The longest a Graph token may take; a send whose token came later is not sent (see the deadline). */
const TOKEN_BUDGET_MS = 20_000;
const MARGIN_MS = 5_000;

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
    const typed = await this.checked(command);
    if ('failure' in typed) return { ok: false, receipt: { status: 'failed', numbers: [], problems: [], at, failure: typed.failure } };
    const blocked = await this.blockedNumbers(command.sender.tenantId, typed.checked);
    // The do-not-text list could not be read: fail closed.
    if (!blocked)
      return {
        ok: false,
        receipt: { status: 'failed', numbers: receiptNumbers(typed.checked.numbers, 'failed'), problems: [], at, failure: STORAGE_DOWN },
      };
    const checked = refuseDoNotText(typed.checked, blocked);
    if (!checked.plan) {
      const { kind, numbers, problems } = checked;
      return {
        ok: false,
        receipt: { status: 'refused', ...(kind ? { kind } : {}), numbers: receiptNumbers(numbers, 'refused'), problems, at },
      };
    }
    return { ok: true, plan: checked.plan, numbers: checked.numbers, saved: typed.saved };
  }

  /**
   * The request checked, each attendee in their own zone: given, saved with their number, or the
   * request's; the organizer's own (Outlook's) only when that is all that is missing.
   */
  private async checked(command: ReviewCommand): Promise<{ checked: CheckedSendRequest; saved: SavedZones } | { failure: SendFailure }> {
    // A scheduled text carries every attendee's zone from when it was asked: the book has nothing to add.
    const zonesGiven = command.scheduled && command.request.attendees.every((attendee) => attendee.timeZone);
    const saved = zonesGiven
      ? new Map()
      : await this.options.book.savedZones(command.onlineMeetingId).catch((error: unknown) => {
          this.options.onRecordFailure?.(error);
          return undefined;
        });
    if (!saved) return { failure: STORAGE_DOWN };
    const checked = checkSendRequest(command.request, saved);
    // Anything else to fix comes first: the organizer's zone is looked up only for a send that could go.
    const onlyZoneMissing =
      checked.zoneMissing && checked.problems.length === 0 && checked.numbers.every((check) => check.status !== 'refused');
    if (!onlyZoneMissing) return { checked, saved };
    const found = await this.options.zones.lookUp(command.sender);
    if (found.zone) return { checked: checkSendRequest({ ...command.request, timeZone: found.zone }, saved), saved };
    if ('failure' in found && found.failure) return { failure: sendFailureOf(found.failure) };
    return { checked: { ...checked, problems: [ZONE_MISSING] }, saved };
  }

  /** Where the organizer reads times (the hold's, a cap's): their own zone, named; UTC when it is unknown. */
  private async viewerZone(sender: ReviewCommand['sender']): Promise<string> {
    const zone = await this.options.zones.of(sender).catch(() => undefined);
    return (zone && toIanaTimeZone(zone)) ?? 'UTC';
  }

  async send(command: SendCommand): Promise<SendReceipt> {
    const at = this.now();
    // Not the organizer: nothing else is looked up (not even their zone), and nothing is sent.
    const notOrganizer = organizerRefusal({ onlineMeetingId: command.onlineMeetingId }, command.sender.oid);
    if (notOrganizer) return this.refuseNonOrganizer(command, notOrganizer, at);
    const reviewed = await this.review(command);
    // A refusal is recorded (the history shows it); a failure to read the list has nothing to record.
    if (!reviewed.ok)
      return reviewed.receipt.status === 'refused' ? this.recordOnce(command, reviewed.receipt, undefined) : reviewed.receipt;
    const { plan, numbers, saved } = reviewed;
    const draft = (status: SendStatus, failure?: SendFailure): SendReceipt => ({
      status,
      kind: plan.kind,
      timeZone: plan.attendees[0]?.timeZone,
      timeZones: [...new Set(plan.attendees.map((attendee) => attendee.timeZone))],
      numbers: receiptNumbers(numbers, status),
      problems: [],
      at: at.toISOString(),
      ...(failure ? { failure } : {}),
    });

    const record = this.newRecord(command, askedOf(plan), this.idempotencyKey(command, plan), at);
    const repeatWindowMs = this.options.repeatWindowMs ?? 10 * 60_000;
    // No claim, no send: a send the ledger cannot record could not be protected from repeating.
    const claim = await this.options.ledger
      .claim(record, command.instance ? undefined : new Date(at.getTime() - repeatWindowMs))
      .catch(() => undefined);
    if (!claim) return draft('failed', STORAGE_DOWN);
    if (!claim.claimed) return this.outcomeOf(claim.existing, draft);

    const receipt = await this.sendWithinPolicy(command, plan, numbers, draft, { at, sendId: record.id });
    // The organizer gets the true outcome even if recording it fails; the record stays pending
    // and is settled as "unknown" once its deadline passes (settleAbandoned).
    await this.finish(record, receipt, 'done').catch((error: unknown) => this.options.onRecordFailure?.(error));
    if (receipt.status === 'sent' || receipt.status === 'held') await this.keepChosenZones(command, plan, saved);
    return { ...receipt, sendId: record.id };
  }

  /** A zone given with a saved number is kept with it: the next text to that attendee is in it too. */
  private async keepChosenZones(command: SendCommand, plan: SendPlan, saved: SavedZones): Promise<void> {
    if (!command.request.attendees.some((attendee) => attendee.timeZone !== undefined)) return;
    // Compared with the book as the review read it: a send that changes no saved zone writes nothing.
    const changed = plan.attendees.filter(
      (attendee) => saved.has(attendee.phoneNumber) && saved.get(attendee.phoneNumber) !== attendee.timeZone,
    );
    if (changed.length === 0) return;
    const zones = new Map(changed.map((attendee) => [attendee.phoneNumber as string, attendee.timeZone]));
    await this.options.book.keepZones(command.onlineMeetingId, zones).catch((error: unknown) => this.options.onRecordFailure?.(error));
  }

  /** The tenant's policy first: refused over a cap, held for the sending hours, or sent (and counted). */
  private async sendWithinPolicy(
    command: SendCommand,
    plan: SendPlan,
    numbers: NumberCheck[],
    draft: (status: SendStatus, failure?: SendFailure) => SendReceipt,
    claimed: { at: Date; sendId: string },
  ): Promise<SendReceipt> {
    const decision = await this.options.gate
      .decide({
        tenantId: command.sender.tenantId,
        sendId: claimed.sendId,
        plan,
        override: command.override,
        scheduled: command.scheduled,
        appointmentStart: () => this.appointmentStart(command),
        viewerZone: () => this.viewerZone(command.sender),
      })
      .catch(() => undefined);
    if (!decision) return draft('failed', STORAGE_DOWN);
    if (decision.go === 'never') {
      const refused = draft('refused');
      const overCap = new Map(decision.overCap.map((entry) => [entry.index, entry.reason]));
      // The plan's attendees are the valid, distinct numbers, in the order entered.
      const validIndexes = numbers.flatMap((check, index) => (check.status === 'valid' ? [index] : []));
      const lines = refused.numbers.map((line, index) => {
        const reason = overCap.get(validIndexes.indexOf(index));
        return reason ? { ...line, outcome: 'refused' as const, reason } : line;
      });
      return { ...refused, numbers: lines };
    }
    if (decision.go === 'later') return this.hold(command, plan, draft, decision);
    const receipt = await this.sendClaimed(command, plan, draft, claimed.at);
    // Counted before sending; a send that certainly did not go does not count against the caps.
    if (receipt.status === 'failed')
      await this.options.gate
        .release(command.sender.tenantId, plan, claimed.sendId)
        .catch((error: unknown) => this.options.onRecordFailure?.(error));
    return decision.policy ? { ...receipt, policy: decision.policy } : receipt;
  }

  /** Outside the sending hours: into the schedule, to go by itself when they start. */
  private async hold(
    command: SendCommand,
    plan: SendPlan,
    draft: (status: SendStatus, failure?: SendFailure) => SendReceipt,
    later: { until: Date; why: string },
  ): Promise<SendReceipt> {
    const at = this.now().toISOString();
    // Nobody is signed in when it goes: only a tenant that lets the app send on its own can hold it.
    const appToken = await this.options.appGraphToken(command.sender.tenantId);
    if (!appToken.ok)
      return draft('failed', {
        ...sendFailureOf(appToken.failure),
        message: `It is outside the sending hours, and it cannot be held for them: ${appToken.failure.message} Nothing was sent.`,
      });
    const zone = await this.viewerZone(command.sender);
    const note = heldNote(later.why, later.until, zone);
    const item: ScheduledSend = {
      id: randomUUID(),
      tenantId: command.sender.tenantId,
      organizerId: command.sender.oid,
      meetingId: command.onlineMeetingId,
      kind: plan.kind,
      why: 'held',
      attendees: plan.attendees.map((attendee) => ({ phoneNumber: attendee.phoneNumber, timeZone: attendee.timeZone })),
      maskedNumbers: plan.attendees.map((attendee) => maskPhoneNumber(attendee.phoneNumber)),
      dueAt: later.until.toISOString(),
      reason: note,
      organizerZone: zone,
      state: 'scheduled',
      createdAt: at,
      updatedAt: at,
    };
    const added = await this.options.schedule.add(item).then(
      () => true,
      () => false,
    );
    if (!added) return draft('failed', STORAGE_DOWN);
    return { ...draft('held'), policy: { note, heldUntil: item.dueAt, scheduleId: item.id } };
  }

  /** When the appointment starts, from Graph; undefined when Graph cannot say. */
  private async appointmentStart(command: SendCommand): Promise<Date | undefined> {
    const token = await command.sender.graphToken();
    if (!token.ok) return undefined;
    const times = await this.options.graph.meetingTimes(command.onlineMeetingId, this.callerOf(command, token.accessToken));
    return times.ok ? new Date(times.value.start) : undefined;
  }

  private callerOf(command: SendCommand, accessToken: string) {
    return {
      accessToken,
      locale: command.sender.locale,
      ...(command.sender.appOnly ? { organizerId: command.sender.oid } : {}),
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
    const receipt: SendReceipt = {
      status: 'uncertain',
      kind: record.kind,
      numbers: record.maskedNumbers.map((masked) => ({ masked, outcome: 'unknown' })),
      problems: [],
      at: record.createdAt,
      failure: INTERRUPTED_SEND,
    };
    return this.options.ledger.settle({ ...record, state: 'unknown', receipt, updatedAt: this.now().toISOString() });
  }

  private async sendClaimed(
    command: SendCommand,
    plan: SendPlan,
    draft: (status: SendStatus, failure?: SendFailure) => SendReceipt,
    claimedAt: Date,
  ): Promise<SendReceipt> {
    const token = await command.sender.graphToken();
    if (!token.ok) {
      return draft('failed', sendFailureOf(token.failure));
    }
    // Calling Graph this late could outlast the deadline others rely on: better not sent than sent twice.
    if (this.now().getTime() - claimedAt.getTime() > TOKEN_BUDGET_MS) return draft('failed', TOKEN_TOO_LATE);
    const caller = this.callerOf(command, token.accessToken);
    const result = await this.options.graph.send(
      { onlineMeetingId: command.onlineMeetingId, kind: plan.kind, attendees: plan.attendees },
      caller,
    );
    if (result.ok) return { ...draft('sent'), graphRequestId: result.value.requestId };
    return draft(result.failure.kind === 'uncertain' ? 'uncertain' : 'failed', sendFailureOf(result.failure));
  }

  /** The earlier identical submit's outcome, waiting while it is still being sent. */
  private async outcomeOf(existing: SendRecord, draft: (status: SendStatus, failure?: SendFailure) => SendReceipt): Promise<SendReceipt> {
    const deadline = Date.now() + (this.options.waitForOutcomeMs ?? 30_000);
    let record: SendRecord | undefined = existing;
    while (record?.state === 'pending' && Date.now() < deadline) {
      // Its owner stopped: say so now rather than wait for an outcome that will never come.
      if (this.isAbandoned(record)) await this.settleInterrupted(record);
      else await new Promise((resolve) => setTimeout(resolve, 50));
      record = await this.options.ledger.get(existing.meetingId, existing.id);
    }
    if (!record?.receipt) return { ...toStoredReceipt(draft('uncertain', STILL_SENDING)), sendId: existing.id, repeat: true };
    return { ...record.receipt, sendId: record.id, repeat: true };
  }

  private refuseNonOrganizer(command: SendCommand, refusal: SendFailure, at: Date): Promise<SendReceipt> {
    const typed = checkSendRequest(command.request);
    const numbers = typed.numbers.flatMap((check) => (check.status === 'valid' ? [check.number] : []));
    const receipt: SendReceipt = {
      status: 'failed',
      ...(typed.kind ? { kind: typed.kind } : {}),
      numbers: receiptNumbers(typed.numbers, 'failed'),
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
      organizerId: command.sender.oid,
      tenantId: command.sender.tenantId,
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

/** What a record keeps of what was asked: the kind and the valid numbers. */
interface AskedOf {
  kind: SendPlan['kind'];
  numbers: UsPhoneNumber[];
}

function askedOf(plan: SendPlan): AskedOf {
  return { kind: plan.kind, numbers: plan.attendees.map((attendee) => attendee.phoneNumber) };
}
