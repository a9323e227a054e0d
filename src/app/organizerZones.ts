import { messagesFor } from '../domain/messages';
import { LRUCache } from 'lru-cache';
import type { TokenFailure, UnsignedOrganizer } from '../domain/organizer';
import { ok, refused, type Result } from '../domain/result';
import type { RequestRefusal } from '../domain/sendPolicy';
import { toIanaTimeZone, toWindowsTimeZone, type WindowsTimeZone } from '../domain/timeZones';
import type { GraphSmsClient } from '../graph/graphSmsClient';

/** People change zones rarely; an hour keeps one Graph call per organizer per hour at most. */
const REMEMBERED_MS = 3600_000;

/**
 * The organizer's own time zone, the default for attendees nobody gave one: what a surface saw
 * (Teams' `localTimezone` on an activity, the browser's zone in the side panel), else the zone set
 * in Outlook (Graph `mailboxSettings`), remembered per tenant and user.
 */
export class OrganizerZones {
  private readonly known = new LRUCache<string, WindowsTimeZone>({ max: 10_000, ttl: REMEMBERED_MS });

  constructor(private readonly graph: GraphSmsClient) {}

  /** A zone a surface saw for the organizer; returns it as a Windows name when it is one. */
  remember(owner: UnsignedOrganizer, seen: string | undefined): WindowsTimeZone | undefined {
    const zone = seen ? toWindowsTimeZone(seen) : undefined;
    if (zone) this.known.set(keyOf(owner), zone);
    return zone;
  }

  /** The organizer's zone, or undefined when no surface said it and Outlook cannot be asked. */
  async of(owner: UnsignedOrganizer): Promise<WindowsTimeZone | undefined> {
    const found = await this.lookUp(owner);
    return found.ok ? found.value : undefined;
  }

  /**
   * The zone for saved numbers that have none of their own (a reminder's, standing reminders'): the
   * one given, else the organizer's own; refused naming `timeZone` when neither is known.
   */
  async forNumbersWithout(organizer: UnsignedOrganizer, timeZone?: string): Promise<Result<WindowsTimeZone, RequestRefusal>> {
    const zone = timeZone === undefined ? await this.of(organizer) : toWindowsTimeZone(timeZone);
    if (zone) return ok(zone);
    const say = messagesFor(organizer.locale);
    const message = timeZone === undefined ? say.policy.zoneUnknown : say.policy.notAZone(timeZone);
    return refused({ problems: [{ field: 'timeZone', message }] });
  }

  /** Where the organizer reads times (a hold's, a cap's): their own zone as an IANA id; UTC (named) when unknown. */
  async readingZone(owner: UnsignedOrganizer): Promise<string> {
    const zone = await this.of(owner).catch(() => undefined);
    return (zone && toIanaTimeZone(zone)) ?? 'UTC';
  }

  /**
   * The same, saying why not when signing in failed (consent, MFA): that is what the organizer must
   * act on. Refused with nothing when the zone is simply unknown.
   */
  async lookUp(owner: UnsignedOrganizer): Promise<Result<WindowsTimeZone, TokenFailure | undefined>> {
    const seen = this.remember(owner, owner.timeZone) ?? this.known.get(keyOf(owner));
    if (seen) return ok(seen);
    if (!owner.graphToken || owner.appOnly) return refused(undefined);
    const token = await owner.graphToken();
    if (!token.ok) return refused(token.error);
    const mailbox = await this.graph.mailboxTimeZone({ accessToken: token.value });
    const zone = mailbox.ok ? this.remember(owner, mailbox.value) : undefined;
    return zone ? ok(zone) : refused(undefined);
  }
}

const keyOf = (owner: UnsignedOrganizer) => `${owner.tenantId}/${owner.oid}`;
