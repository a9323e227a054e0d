import type { Messages } from './messages';
import type { NotificationKind } from './notificationKinds';
import { maskPhoneNumber, type NumberCheck } from './phoneNumbers';
import type { FieldProblem } from './sendPolicy';
import type { WindowsTimeZone } from './timeZones';

/**
 * sent: Graph accepted the texts (202: accepted, not yet delivered).
 * refused: our checks found a problem; nothing was sent.
 * failed: Graph refused or could not be reached; nothing was sent.
 * uncertain: the connection was lost after the request left; the texts may have been sent.
 * held: asked outside the sending hours; it goes by itself when they start (see `policy`).
 */
export type SendStatus = 'sent' | 'refused' | 'failed' | 'uncertain' | 'held';

/** What the tenant's send policy did with a send: why it went when it did, or until when it waits. */
export interface ReceiptPolicy {
  note?: string;
  /** The organizer's stated reason to send outside the hours or over a cap (the audit keeps it). */
  override?: { reason: string; rules: Array<'sendingHours' | 'caps'> };
  /** Held for the sending hours: when it goes, and its entry in the schedule (to list or cancel it). */
  heldUntil?: string;
  scheduleId?: string;
  /** Refused because a number reached the tenant's cap (each such number says which cap). */
  capReached?: boolean;
}

export type NumberOutcome = 'accepted' | 'duplicate' | 'refused' | 'notSent' | 'unknown' | 'held';

export interface ReceiptNumber {
  /** As typed; only in the answer to the person who typed it, never stored. */
  input?: string;
  /**
   * A refused entry as typed, kept in the audit for the organizer's own views of it (what they
   * mistyped is what they need to see); cards the whole chat sees show `masked`.
   */
  typed?: string;
  /** `+1312•••4122`, safe for logs, cards others see, and the audit record. */
  masked: string;
  outcome: NumberOutcome;
  reason?: string;
}

/** Why Entra ID gave no Graph token. */
export type IdentityFailureReason = 'consentRequired' | 'interactionRequired' | 'signInAgain' | 'identityUnavailable';

/** Why Microsoft Graph did not accept a request; `uncertain`: the connection was lost after the request left. */
export type GraphFailureReason =
  'unauthorized' | 'forbidden' | 'meetingNotFound' | 'badRequest' | 'throttled' | 'unavailable' | 'uncertain';

/**
 * Every reason a send can end without Graph's 202, in one closed union: each surface maps all of
 * them (the HTTP table is a Record over this union), so a new reason does not compile unanswered.
 * The app's own: not the organizer, storage down, an identical submit still being sent by a live
 * process (`inProgress`), or cut off by a stop mid-send (`interrupted`: the texts may have gone).
 */
export type SendFailureReason =
  'notOrganizer' | 'storageUnavailable' | 'inProgress' | 'interrupted' | IdentityFailureReason | GraphFailureReason;

export interface SendFailure {
  reason: SendFailureReason;
  message: string;
  code?: string;
  requestId?: string;
  retryAfterSeconds?: number;
  /** Claims challenge to pass back to Teams SSO when sign-in needs more (MFA). */
  claims?: string;
}

/** A failure the app itself names (no adapter behind it), in the reader's language. */
export function failureOf(
  reason: 'storageUnavailable' | 'interrupted' | 'inProgress' | 'notOrganizer',
  say: Pick<Messages, 'failures'>,
): SendFailure {
  return { reason, message: say.failures[reason] };
}

/** A failure as the identity and Graph adapters report it (their `kind` is already one of our reasons). */
interface AdapterFailure {
  kind: IdentityFailureReason | GraphFailureReason;
  /** The tenant an app-only token was asked for (to name it when it never consented). */
  tenantId?: string;
  /** Graph could not be reached at all: what the connection said. */
  transportError?: string;
  code?: string;
  requestId?: string;
  retryAfterSeconds?: number;
  claims?: string;
}

/**
 * The one translation from an adapter's failure to a send's, keeping everything the caller can act
 * on; the words are the catalog's, in the reader's language (an adapter's own are for its log).
 */
export function sendFailureOf(failure: AdapterFailure, say: Pick<Messages, 'failures'>): SendFailure {
  const { kind, code, requestId, retryAfterSeconds, claims } = failure;
  return { reason: kind, message: failureWords(failure, say), code, requestId, retryAfterSeconds, claims };
}

function failureWords(failure: AdapterFailure, say: Pick<Messages, 'failures'>): string {
  // Entra's "application not found in the directory": the app-only token's tenant never consented.
  if (failure.code === 'AADSTS700016' && failure.tenantId) return say.failures.appNotConsented(failure.tenantId);
  if (failure.transportError) return say.failures.unreachable(failure.transportError);
  return say.failures[failure.kind];
}

export interface SendReceipt {
  /** The send record this receipt belongs to (see `history`). */
  sendId?: string;
  /** True when this is the outcome of an earlier identical submit: nothing was sent again. */
  repeat?: boolean;
  status: SendStatus;
  kind?: NotificationKind;
  /** The first attendee's zone (older records have only this). */
  timeZone?: WindowsTimeZone;
  /** Every zone the send's texts were written in, each once, in the order entered. */
  timeZones?: WindowsTimeZone[];
  numbers: ReceiptNumber[];
  problems: FieldProblem[];
  failure?: SendFailure;
  graphRequestId?: string;
  policy?: ReceiptPolicy;
  at: string;
}

const OUTCOME_WHEN_SENT: Record<NumberCheck['status'], NumberOutcome> = { valid: 'accepted', duplicate: 'duplicate', refused: 'refused' };

/** Per-number lines of a receipt: what each entry became, given how the send ended. */
export function receiptNumbers(checks: readonly NumberCheck[], status: SendStatus, say: Pick<Messages, 'numbers'>): ReceiptNumber[] {
  return checks.map((check) => {
    const masked = check.status === 'refused' ? maskPhoneNumber(check.input) : maskPhoneNumber(check.number);
    const line: ReceiptNumber = { input: check.input, masked, outcome: outcomeFor(check, status) };
    if (check.status === 'refused') line.reason = check.message;
    if (check.status === 'duplicate') line.reason = say.numbers.duplicate;
    return line;
  });
}

function outcomeFor(check: NumberCheck, status: SendStatus): NumberOutcome {
  if (check.status === 'refused') return 'refused';
  if (status === 'sent') return OUTCOME_WHEN_SENT[check.status];
  if (status === 'held') return 'held';
  return status === 'uncertain' ? 'unknown' : 'notSent';
}

/**
 * The receipt as it may be stored or shown to others: no number as typed inside a reason; a refused
 * entry keeps what was typed apart (`typed`), for its organizer's eyes only.
 */
export function toStoredReceipt(receipt: SendReceipt): SendReceipt {
  return {
    ...receipt,
    numbers: receipt.numbers.map(({ input, ...line }) => ({
      ...line,
      ...(line.reason && input ? { reason: line.reason.split(input).join(line.masked) } : {}),
      ...(line.outcome === 'refused' && input ? { typed: input } : {}),
    })),
  };
}

/** A stored receipt's line as its organizer reads it: a refused entry as they typed it, in the reason too. */
export function asTypedLine<T extends { masked: string; reason?: string; typed?: string }>(line: T): T {
  if (line.typed === undefined) return line;
  return { ...line, masked: line.typed, ...(line.reason ? { reason: line.reason.split(line.masked).join(line.typed) } : {}) };
}

/**
 * Why a send did not go, as a code and never as free text (telemetry and the admin's usage count by
 * it): the failure's reason, `capReached`, the field refused (indices dropped), or `phoneNumber`.
 */
export function reasonCode(receipt: SendReceipt): string | undefined {
  if (receipt.failure) return receipt.failure.reason;
  if (receipt.policy?.capReached) return 'capReached';
  const field = receipt.problems[0]?.field.replace(/\[\d+\]/g, '');
  if (field) return field;
  return receipt.numbers.some((line) => line.outcome === 'refused') ? 'phoneNumber' : undefined;
}

/** What the organizer must fix before a refused send can go: each field problem and each refused number. */
export function problemsToFix(receipt: SendReceipt): Array<{ message: string }> {
  return [...receipt.problems, ...receipt.numbers.flatMap((line) => (line.outcome === 'refused' ? [{ message: line.reason ?? '' }] : []))];
}
