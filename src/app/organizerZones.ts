import { LRUCache } from 'lru-cache';
import type { GraphTokenResult } from '../auth/onBehalfOfExchanger';
import { toWindowsTimeZone, type WindowsTimeZone } from '../domain/timeZones';
import type { GraphSmsClient } from '../graph/graphSmsClient';

type TokenFailure = Extract<GraphTokenResult, { ok: false }>['failure'];

/** Whose zone, and (when signed in) how to ask Graph for it. */
export interface ZoneOwner {
  tenantId: string;
  oid: string;
  /** The zone the surface saw for them (Teams' `localTimezone`, the browser's), when it did: it wins and is remembered. */
  timeZone?: string;
  graphToken?: () => Promise<GraphTokenResult>;
  /** The app's own token: Outlook's settings are not read for it (that needs an application permission we do not ask). */
  appOnly?: boolean;
}

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
  remember(owner: ZoneOwner, seen: string | undefined): WindowsTimeZone | undefined {
    const zone = seen ? toWindowsTimeZone(seen) : undefined;
    if (zone) this.known.set(keyOf(owner), zone);
    return zone;
  }

  /** The organizer's zone, or undefined when no surface said it and Outlook cannot be asked. */
  async of(owner: ZoneOwner): Promise<WindowsTimeZone | undefined> {
    const found = await this.lookUp(owner);
    return 'zone' in found ? found.zone : undefined;
  }

  /** The same, saying why not when signing in failed (consent, MFA): that is what the organizer must act on. */
  async lookUp(owner: ZoneOwner): Promise<{ zone: WindowsTimeZone } | { zone?: undefined; failure?: TokenFailure }> {
    const seen = this.remember(owner, owner.timeZone);
    if (seen) return { zone: seen };
    const known = this.known.get(keyOf(owner));
    if (known) return { zone: known };
    if (!owner.graphToken || owner.appOnly) return {};
    const token = await owner.graphToken();
    if (!token.ok) return { failure: token.failure };
    const mailbox = await this.graph.mailboxTimeZone({ accessToken: token.accessToken });
    const zone = mailbox.ok ? this.remember(owner, mailbox.value) : undefined;
    return zone ? { zone } : {};
  }
}

const keyOf = (owner: ZoneOwner) => `${owner.tenantId}/${owner.oid}`;
