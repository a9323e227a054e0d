import { LRUCache } from 'lru-cache';
import { AuthError, InteractionRequiredAuthError, type ConfidentialClientApplication } from '@azure/msal-node';
import type { GraphToken, TokenFailure } from '../domain/organizer';
import { ok, refused } from '../domain/result';
import { confidentialClientFor, tenantAuthority, type EntraApp } from './entraClient';

/** Sending texts, and finding a meeting from its join link (1:1 chat); one consent covers both. */
export const GRAPH_SCOPES = [
  'https://graph.microsoft.com/VirtualAppointmentNotification.Send',
  'https://graph.microsoft.com/OnlineMeetings.Read',
  // A day's appointments (close or move a day): calendarView, with no event bodies or attendees.
  'https://graph.microsoft.com/Calendars.ReadBasic',
  // The organizer's own time zone (Outlook's), for attendees nobody gave a zone.
  'https://graph.microsoft.com/MailboxSettings.Read',
];

/**
 * The app's own (application) permissions, each limited by an application access policy: texts that
 * go later (held, automatic reminders), and standing reminders following an organizer's calendar and its Bookings.
 */
export const APP_PERMISSIONS = ['VirtualAppointmentNotification.Send', 'OnlineMeetings.Read.All', 'Calendars.Read', 'Bookings.Read.All'];

const NO_TOKEN: TokenFailure = { kind: 'identityUnavailable', code: 'noToken' };

/** A Graph token is not used in its last 5 minutes: a send must not start with one about to lapse. */
const GRAPH_TOKEN_MARGIN_MS = 5 * 60_000;

/**
 * Exchanges the organizer's Teams SSO token for a Graph token (on-behalf-of) with msal-node.
 * One long-lived application: its cache is keyed by the incoming token, so repeated sends with
 * the same SSO token make one Entra call until the Graph token expires.
 */
export class OnBehalfOfExchanger {
  private readonly msal: ConfidentialClientApplication;
  private readonly app: EntraApp;
  private readonly exchanges = new Map<string, Promise<GraphToken>>();
  /** Graph tokens by the SSO token they were exchanged for, until 5 minutes before they expire: msal's own cache lookup scans every token it holds. */
  private readonly graphTokens = new LRUCache<string, string>({ max: 10_000 });

  constructor(app: EntraApp) {
    this.app = app;
    this.msal = confidentialClientFor(app);
  }

  /**
   * msal's cache only helps once a token is there: concurrent first sends by one user share the
   * exchange in flight instead of each calling Entra.
   */
  graphTokenFor(ssoToken: string, tenantId: string): Promise<GraphToken> {
    const known = this.graphTokens.get(ssoToken);
    if (known) return Promise.resolve(ok(known));
    const inFlight = this.exchanges.get(ssoToken);
    if (inFlight) return inFlight;
    const exchange = this.exchange(ssoToken, tenantId).finally(() => this.exchanges.delete(ssoToken));
    this.exchanges.set(ssoToken, exchange);
    return exchange;
  }

  /**
   * The app's own Graph token (client credentials), for texts that go later without the organizer
   * (held for the sending hours, automatic reminders): it needs the application permission
   * VirtualAppointmentNotification.Send, admin-consented, and a Teams application access policy
   * for the organizers. Asked of the organizer's own tenant (a token from the app's home tenant
   * finds nobody in another); msal keeps one per tenant until it expires.
   */
  async appGraphToken(tenantId: string): Promise<GraphToken> {
    try {
      const result = await this.msal.acquireTokenByClientCredential({
        scopes: ['https://graph.microsoft.com/.default'],
        authority: tenantAuthority(this.app, tenantId),
      });
      if (!result?.accessToken) return refused(NO_TOKEN);
      return ok(result.accessToken);
    } catch (error) {
      return refused(tokenFailureFrom(error, tenantId));
    }
  }

  private async exchange(ssoToken: string, tenantId: string): Promise<GraphToken> {
    try {
      const result = await this.msal.acquireTokenOnBehalfOf({
        oboAssertion: ssoToken,
        scopes: GRAPH_SCOPES,
        authority: tenantAuthority(this.app, tenantId),
      });
      if (!result?.accessToken) return refused(NO_TOKEN);
      const ttl = (result.expiresOn?.getTime() ?? 0) - Date.now() - GRAPH_TOKEN_MARGIN_MS;
      if (ttl > 0) this.graphTokens.set(ssoToken, result.accessToken, { ttl });
      return ok(result.accessToken);
    } catch (error) {
      return refused(tokenFailureFrom(error));
    }
  }
}

function tokenFailureFrom(error: unknown, tenantId?: string): TokenFailure {
  if (!(error instanceof AuthError)) throw error;
  const text = `${error.errorCode} ${error.errorMessage}`;
  // The app is not installed in the organizer's tenant: nobody there has consented to it.
  if (/AADSTS700016/.test(text)) {
    return {
      kind: 'consentRequired',
      code: 'AADSTS700016',
      tenantId,
    };
  }
  if (/AADSTS65001|consent_required/.test(text)) {
    return {
      kind: 'consentRequired',
      code: 'AADSTS65001',
    };
  }
  if (/AADSTS50013|AADSTS500133|invalid_grant/.test(text) && !(error instanceof InteractionRequiredAuthError)) {
    return {
      kind: 'signInAgain',
      code: error.errorCode,
    };
  }
  if (error instanceof InteractionRequiredAuthError) {
    return {
      kind: 'interactionRequired',
      code: error.errorCode,
      claims: error.claims || undefined,
    };
  }
  return {
    kind: 'identityUnavailable',
    code: error.errorCode,
  };
}
