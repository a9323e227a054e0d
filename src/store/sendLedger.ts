import type { Language } from '../domain/messages';
import type { NotificationKind } from '../domain/notificationKinds';
import type { OrganizerId } from '../domain/organizer';
import { reasonCode, type SendReceipt } from '../domain/sendReceipt';
import type { SendSummary } from '../domain/usage';

/**
 * pending: claimed, Graph not yet answered. done: the outcome is known (sent, refused or failed).
 * unknown: the process stopped while Graph was being called; the texts may or may not have gone.
 */
type SendState = 'pending' | 'done' | 'unknown';

/** A receipt as stored: numbers masked, never as typed (see `toStoredReceipt`). */
type StoredReceipt = SendReceipt;

/** The process that claimed a send (see `ownerIsGone`). */
export interface SendOwner {
  host: string;
  pid: number;
  instance: string;
}

/** One send attempt and what became of it: the idempotency record and the audit entry in one. */
export interface SendRecord {
  id: string;
  /** Identical submits share it: meeting + kind + numbers + instance (card or Idempotency-Key). */
  key: string;
  meetingId: string;
  organizerId: string;
  /** The organizer's tenant (records written before tenants were kept have none). */
  tenantId?: string;
  /** The organizer's language: words written into the record later (a cut-off send's) are in it too. */
  language?: Language;
  /** Absent when the request was refused before its kind was understood. */
  kind?: NotificationKind;
  maskedNumbers: string[];
  /** Keyed hashes of the E.164 numbers, to find an attendee's texts without storing the number. */
  numberHashes: string[];
  state: SendState;
  /** Who is sending it while it is pending. */
  owner?: SendOwner;
  /** While pending: by then its owner has finished or given up, so a pending record past it was cut off. */
  deadline?: string;
  receipt?: StoredReceipt;
  createdAt: string;
  updatedAt: string;
}

/** Whether a record is the viewer's own: theirs, in their tenant (nobody reads another tenant's audit). */
export function isOwnRecord(record: SendRecord, viewer: OrganizerId): boolean {
  return record.organizerId === viewer.oid && (record.tenantId ?? viewer.tenantId) === viewer.tenantId;
}

export type Claim = { claimed: true } | { claimed: false; existing: SendRecord };

/**
 * Whether an earlier attempt with the same key stops a new one. An attempt that certainly sent
 * nothing (refused, or failed before Graph accepted) never does: after fixing consent or waiting
 * out a throttle, the organizer must be able to try again.
 */
export function holdsKey(existing: SendRecord, supersedeBefore?: Date): boolean {
  if (existing.state === 'done' && (existing.receipt?.status === 'failed' || existing.receipt?.status === 'refused')) return false;
  return supersedeBefore === undefined || new Date(existing.createdAt) >= supersedeBefore;
}

export interface HistoryPage {
  records: SendRecord[];
  /** Pass back as `cursor` for the next (older) page. */
  nextCursor?: string;
}

/**
 * Where sends are claimed before Graph is called and recorded after. Both backends make
 * `claim` atomic across processes and instances, which is what makes a send happen once.
 */
export interface SendLedger {
  /**
   * Records `record` as the holder of its key, unless another record holds it. A holder created
   * before `supersedeBefore` gives way (a repeat long after is a new send, not a double click).
   */
  claim(record: SendRecord, supersedeBefore?: Date): Promise<Claim>;
  finish(record: SendRecord): Promise<void>;
  /** Records `record`'s outcome only if its stored state is still pending; false when it was not. */
  settle(record: SendRecord): Promise<boolean>;
  get(meetingId: string, id: string): Promise<SendRecord | undefined>;
  /** Newest first. */
  history(meetingId: string, page: { limit: number; cursor?: string }): Promise<HistoryPage>;
  /** A tenant's finished sends created in [start, end), oldest first, each whole: the admin's audit export. */
  tenantSends(tenantId: string, between: Between): AsyncIterable<SendRecord>;
  /** The same sends as usage counts them (pending ones left out), read as cheaply as the backend can. */
  tenantSummaries(tenantId: string, between: Between): AsyncIterable<SendSummary>;
  /** Every claim still pending, on any instance. */
  pending(): Promise<SendRecord[]>;
  /** Forgets up to `limit` finished sends created before `before`, oldest first (with their claims); how many. */
  purgeBefore(before: Date, limit: number): Promise<number>;
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/** From `start` up to, not including, `end`. */
export interface Between {
  start: Date;
  end: Date;
}

/** A finished send as usage counts it; undefined while it is pending. A send cut off by a stop counts as uncertain. */
export function summaryOf(record: SendRecord): SendSummary | undefined {
  if (record.state === 'pending') return undefined;
  const texts: SendSummary['texts'] = {};
  for (const line of record.receipt?.numbers ?? []) texts[line.outcome] = (texts[line.outcome] ?? 0) + 1;
  const cutOff = record.state === 'unknown' || !record.receipt;
  // A send refused before it was understood keeps its kind in the receipt only, when it had one.
  const kind = record.kind ?? record.receipt?.kind;
  return {
    at: record.createdAt,
    ...(kind ? { kind } : {}),
    status: cutOff ? 'uncertain' : (record.receipt?.status ?? 'uncertain'),
    ...reasonOf(record, cutOff),
    texts,
  };
}

function reasonOf(record: SendRecord, cutOff: boolean): { reason?: string } {
  const reason = cutOff ? 'interrupted' : record.receipt && reasonCode(record.receipt);
  return reason ? { reason } : {};
}

const NEWEST = 9_999_999_999_999;

/** Record ids sort newest first: the inverted creation time, then a random part. */
export function newestFirstId(createdAt: Date, random: string): string {
  return `${String(NEWEST - createdAt.getTime()).padStart(13, '0')}-${random}`;
}
