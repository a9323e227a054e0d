import {
  AuthenticationHandler,
  AuthenticationHandlerOptions,
  Client,
  RetryHandler,
  ResponseType,
  RetryHandlerOptions,
  type AuthenticationProvider,
  type GraphRequest,
} from '@microsoft/microsoft-graph-client';
import { ok, refused, type Result } from '../domain/result';
import type { NotificationKind } from '../domain/notificationKinds';
import { failureFromError, failureFromResponse, parseRetryAfterSeconds, type GraphFailure } from './graphFailures';
import { smsRequestFor, type Attendee, type SmsAction } from './smsRequests';
import { KeepAliveHttp } from '../http/keepAliveHttp';
import { recordGraphFailure } from '../telemetry/signals';
import { HttpsTransport } from './httpsTransport';
import { TransportGuard } from './transportGuard';

export interface GraphSmsClientOptions {
  /** `GRAPH_BASE_URL`, e.g. `https://graph.microsoft.com`. */
  baseUrl: string;
  /** `GRAPH_API_VERSION`: `v1.0` or `beta` (both take the same body). */
  apiVersion: string;
  /** Retries after the first attempt, for 429/503/504 and connections that certainly sent nothing. */
  maxRetries?: number;
  /** The most time all waits between attempts may add up to; a longer `Retry-After` ends the retries. */
  maxTotalWaitSeconds?: number;
  /** Wait before a retry when Graph gives no `Retry-After`. */
  baseDelaySeconds?: number;
  attemptTimeoutMs?: number;
}

/** Who the call is made for: `/me/…` with a delegated token, or `/users/{organizerId}/…`. */
export interface GraphCaller {
  accessToken: string;
  organizerId?: string;
  /** Passed to Graph as `Accept-Language` (the text's language). */
  locale?: string;
  /**
   * false: a 429 is answered at once (with its Retry-After) instead of waited out here, for a caller
   * that shares the wait with other instances (scheduled texts).
   */
  waitOutThrottling?: boolean;
}

export interface SmsSendRequest {
  onlineMeetingId: string;
  kind: NotificationKind;
  attendees: readonly Attendee[];
}

export interface SmsAccepted {
  action: SmsAction;
  requestId?: string;
}

export type GraphResult<T> = Result<T, GraphFailure>;

/** Microsoft Graph's virtual-appointment SMS actions and the meeting look-ups they need. */
export class GraphSmsClient {
  private readonly client: Client;
  private readonly retry: Required<Pick<GraphSmsClientOptions, 'maxRetries' | 'maxTotalWaitSeconds' | 'baseDelaySeconds'>>;
  /** The longest one call can take, every attempt and wait included: after it, the call is over. */
  readonly longestCallMs: number;

  constructor(options: GraphSmsClientOptions) {
    this.retry = {
      maxRetries: options.maxRetries ?? 2,
      maxTotalWaitSeconds: options.maxTotalWaitSeconds ?? 10,
      baseDelaySeconds: options.baseDelaySeconds ?? 1,
    };
    const authentication = new AuthenticationHandler(noDefaultToken);
    const retry = new RetryHandler();
    const attemptTimeoutMs = options.attemptTimeoutMs ?? 15_000;
    this.longestCallMs = (this.retry.maxRetries + 1) * attemptTimeoutMs + this.retry.maxTotalWaitSeconds * 1000;
    const guard = new TransportGuard();
    authentication.setNext(retry);
    retry.setNext(guard);
    guard.setNext(new HttpsTransport(new KeepAliveHttp(), attemptTimeoutMs));
    this.client = Client.initWithMiddleware({
      middleware: authentication,
      baseUrl: options.baseUrl,
      defaultVersion: options.apiVersion,
      customHosts: new Set([new URL(options.baseUrl).hostname]),
    });
  }

  /** Sends one kind of text to every attendee in a single Graph call (202 = accepted, not delivered). */
  async send(request: SmsSendRequest, caller: GraphCaller): Promise<GraphResult<SmsAccepted>> {
    const { action, body } = smsRequestFor(request.kind, request.attendees);
    const path = `${meetingPath(caller, request.onlineMeetingId)}/${action}`;
    return this.call(
      caller,
      path,
      (graphRequest) => graphRequest.post(body),
      async (response) => ({
        action,
        requestId: response.headers.get('request-id') ?? undefined,
      }),
    );
  }

  /** The Graph onlineMeetingId of a Teams meeting from its join link. */
  async findMeetingIdByJoinUrl(joinWebUrl: string, caller: GraphCaller): Promise<GraphResult<string | undefined>> {
    const filter = `JoinWebUrl eq '${joinWebUrl.replace(/'/g, "''")}'`;
    const path = `${ownerPath(caller)}/onlineMeetings?$filter=${encodeURIComponent(filter)}`;
    return this.call(
      caller,
      path,
      (graphRequest) => graphRequest.get(),
      async (response) => {
        const page = (await response.json()) as { value?: Array<{ id?: string }> };
        return page.value?.[0]?.id;
      },
    );
  }

  /** The events of the caller's calendar between two instants (calendarView, every page), for a day's appointments. */
  async calendarBetween(window: { start: Date; end: Date }, caller: GraphCaller): Promise<GraphResult<CalendarEvent[]>> {
    const query = new URLSearchParams({
      startDateTime: window.start.toISOString(),
      endDateTime: window.end.toISOString(),
      $select: 'subject,start,end,isAllDay,isCancelled,isOrganizer,onlineMeeting',
      $top: '100',
    });
    const events: CalendarEvent[] = [];
    let path: string | undefined = `${ownerPath(caller)}/calendarView?${query.toString()}`;
    while (path) {
      const page: GraphResult<{ value?: GraphEvent[]; '@odata.nextLink'?: string }> = await this.call(
        caller,
        path,
        (graphRequest) => graphRequest.get(),
        async (response) => (await response.json()) as { value?: GraphEvent[]; '@odata.nextLink'?: string },
      );
      if (!page.ok) return page;
      events.push(...(page.value.value ?? []).map(calendarEventOf));
      path = page.value['@odata.nextLink'];
    }
    return ok(events);
  }

  /**
   * What changed in a calendarView since the last round (`calendarView/delta`): a round starts with
   * the window and lists all its events; each later call with the deltaLink lists the events changed
   * since and those gone from the window (deleted or moved out). Every page is read.
   */
  async calendarChanges(
    from: { window: { start: Date; end: Date } } | { deltaLink: string },
    caller: GraphCaller,
  ): Promise<GraphResult<{ changes: CalendarChange[]; deltaLink: string }>> {
    const window =
      'window' in from
        ? new URLSearchParams({ startDateTime: from.window.start.toISOString(), endDateTime: from.window.end.toISOString() })
        : undefined;
    let path: string | undefined = window
      ? `${ownerPath(caller)}/calendarView/delta?${window.toString()}`
      : 'deltaLink' in from
        ? from.deltaLink
        : undefined;
    const changes: CalendarChange[] = [];
    while (path) {
      type Page = { value?: GraphEvent[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };
      const page: GraphResult<Page> = await this.call(
        caller,
        path,
        (graphRequest) => graphRequest.get(),
        async (response) => (await response.json()) as Page,
      );
      if (!page.ok) return page;
      changes.push(
        ...(page.value.value ?? []).map((event) =>
          event['@removed'] ? { id: event.id ?? '', removed: true as const } : calendarEventOf(event),
        ),
      );
      const deltaLink = page.value['@odata.deltaLink'];
      if (deltaLink) return ok({ changes, deltaLink });
      path = page.value['@odata.nextLink'];
    }
    return refused({ kind: 'badRequest', graphMessage: 'Graph ended a calendar round without a deltaLink.' });
  }

  /**
   * The tenant's Microsoft Bookings appointments between two instants, every business's: their Teams
   * meeting, their customers' phones and zones, and whether Bookings texts the customers itself.
   */
  async bookingsBetween(window: { start: Date; end: Date }, caller: GraphCaller): Promise<GraphResult<Booking[]>> {
    type Page<T> = { value?: T[] };
    const businesses: GraphResult<Page<{ id?: string }>> = await this.call(
      caller,
      '/solutions/bookingBusinesses',
      (graphRequest) => graphRequest.get(),
      async (response) => (await response.json()) as Page<{ id?: string }>,
    );
    if (!businesses.ok) return businesses;
    const query = new URLSearchParams({ start: window.start.toISOString(), end: window.end.toISOString() });
    const bookings: Booking[] = [];
    for (const business of businesses.value.value ?? []) {
      if (!business.id) continue;
      const page: GraphResult<Page<GraphBooking>> = await this.call(
        caller,
        `/solutions/bookingBusinesses/${encodeURIComponent(business.id)}/calendarView?${query.toString()}`,
        (graphRequest) => graphRequest.get(),
        async (response) => (await response.json()) as Page<GraphBooking>,
      );
      if (!page.ok) return page;
      bookings.push(...(page.value.value ?? []).map(bookingOf));
    }
    return ok(bookings);
  }

  /** The link an external attendee uses to join the virtual appointment. */
  async getAttendeeJoinUrl(onlineMeetingId: string, caller: GraphCaller): Promise<GraphResult<string>> {
    const path = `${meetingPath(caller, onlineMeetingId)}/getVirtualAppointmentJoinWebUrl()`;
    return this.call(
      caller,
      path,
      (graphRequest) => graphRequest.get(),
      async (response) => {
        return ((await response.json()) as { value: string }).value;
      },
    );
  }

  /** When the appointment starts and ends (Graph's onlineMeeting, UTC), and its join link. */
  async meetingTimes(onlineMeetingId: string, caller: GraphCaller): Promise<GraphResult<{ start: string; end: string; joinUrl?: string }>> {
    return this.call(
      caller,
      meetingPath(caller, onlineMeetingId),
      (graphRequest) => graphRequest.select(['startDateTime', 'endDateTime', 'joinWebUrl']).get(),
      async (response) => {
        const meeting = (await response.json()) as { startDateTime?: string; endDateTime?: string; joinWebUrl?: string };
        return {
          start: new Date(meeting.startDateTime ?? '').toISOString(),
          end: new Date(meeting.endDateTime ?? '').toISOString(),
          ...(meeting.joinWebUrl ? { joinUrl: meeting.joinWebUrl } : {}),
        };
      },
    );
  }

  /** The time zone the user set in Outlook (`mailboxSettings.timeZone`: a Windows name or an IANA id). */
  async mailboxTimeZone(caller: GraphCaller): Promise<GraphResult<string | undefined>> {
    return this.call(
      caller,
      `${ownerPath(caller)}/mailboxSettings`,
      (graphRequest) => graphRequest.select(['timeZone']).get(),
      async (response) => ((await response.json()) as { timeZone?: string }).timeZone || undefined,
    );
  }

  private async call<T>(
    caller: GraphCaller,
    path: string,
    send: (request: GraphRequest) => Promise<unknown>,
    read: (response: Response) => Promise<T>,
  ): Promise<GraphResult<T>> {
    const tokenProvider: AuthenticationProvider = { getAccessToken: async () => caller.accessToken };
    let request = this.client
      .api(path)
      .responseType(ResponseType.RAW)
      .middlewareOptions([new AuthenticationHandlerOptions(tokenProvider), this.retryOptions(caller)]);
    if (caller.locale) request = request.header('Accept-Language', caller.locale);
    let response: Response;
    try {
      response = (await send(request)) as Response;
    } catch (error) {
      return refused(measured(failureFromError(error)));
    }
    if (!response.ok) return refused(measured(await failureFromResponse(response)));
    return ok(await read(response));
  }

  /** Per request, so the total wait is counted for this request alone. */
  private retryOptions(caller: GraphCaller): RetryHandlerOptions {
    const { maxRetries, maxTotalWaitSeconds, baseDelaySeconds } = this.retry;
    let waited = 0;
    return new RetryHandlerOptions(baseDelaySeconds, maxRetries, (_delay, attempt, _request, _options, response) => {
      if (response.status === 429 && caller.waitOutThrottling === false) return false;
      const wait = parseRetryAfterSeconds(response.headers.get('retry-after')) ?? baseDelaySeconds * 2 ** attempt;
      if (waited + wait > maxTotalWaitSeconds) return false;
      waited += wait;
      return true;
    });
  }
}

const noDefaultToken: AuthenticationProvider = {
  getAccessToken: async () => {
    throw new Error('Every Graph call carries its caller token');
  },
};

/** What calendarView says of an event (times in UTC unless a Prefer header asks otherwise). */
interface GraphEvent {
  id?: string;
  '@removed'?: { reason?: string };
  subject?: string;
  start?: { dateTime: string; timeZone: string };
  end?: { dateTime: string; timeZone: string };
  isAllDay?: boolean;
  isCancelled?: boolean;
  isOrganizer?: boolean;
  onlineMeeting?: { joinUrl?: string } | null;
}

/** One event of a calendar, as a day action needs it. */
export interface CalendarEvent {
  /** Graph's event id: the same event across changes. */
  id: string;
  subject: string;
  start: string;
  end: string;
  isAllDay: boolean;
  isCancelled: boolean;
  isOrganizer: boolean;
  joinUrl?: string;
}

interface GraphBooking {
  joinWebUrl?: string | null;
  smsNotificationsEnabled?: boolean;
  customers?: Array<{ name?: string | null; phone?: string | null; timeZone?: string | null }>;
}

/** An appointment booked in Microsoft Bookings, as standing reminders need it. */
export interface Booking {
  joinUrl?: string;
  /** Bookings texts the customers itself (its own reminders): the app does not text them too. */
  smsNotificationsEnabled: boolean;
  customers: Array<{ name?: string; phone?: string; timeZone?: string }>;
}

function bookingOf(booking: GraphBooking): Booking {
  return {
    ...(booking.joinWebUrl ? { joinUrl: booking.joinWebUrl } : {}),
    smsNotificationsEnabled: booking.smsNotificationsEnabled ?? false,
    customers: (booking.customers ?? []).map((customer) => ({
      ...(customer.name ? { name: customer.name } : {}),
      ...(customer.phone ? { phone: customer.phone } : {}),
      ...(customer.timeZone ? { timeZone: customer.timeZone } : {}),
    })),
  };
}

/** An event changed in a calendarView, or one gone from it. */
export type CalendarChange = CalendarEvent | { id: string; removed: true };

function calendarEventOf(event: GraphEvent): CalendarEvent {
  // Graph writes UTC times without a zone designator ("2026-12-01T15:00:00.0000000").
  const utc = (time?: { dateTime: string }) => (time ? new Date(`${time.dateTime.replace(/Z$/, '')}Z`).toISOString() : '');
  return {
    id: event.id ?? '',
    subject: event.subject ?? '',
    start: utc(event.start),
    end: utc(event.end),
    isAllDay: event.isAllDay ?? false,
    isCancelled: event.isCancelled ?? false,
    isOrganizer: event.isOrganizer ?? true,
    ...(event.onlineMeeting?.joinUrl ? { joinUrl: event.onlineMeeting.joinUrl } : {}),
  };
}

function ownerPath(caller: GraphCaller): string {
  return caller.organizerId ? `/users/${encodeURIComponent(caller.organizerId)}` : '/me';
}

function meetingPath(caller: GraphCaller, onlineMeetingId: string): string {
  return `${ownerPath(caller)}/onlineMeetings/${encodeURIComponent(onlineMeetingId)}`;
}

function measured(failure: GraphFailure): GraphFailure {
  recordGraphFailure(failure.kind, failure.status);
  return failure;
}
