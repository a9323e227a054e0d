import { randomUUID } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { pathParam } from '../../src/http/requests';
import restify, { type Next, type Request, type Response } from 'restify';
import {
  CALENDAR_READ_PERMISSIONS,
  callerFromAuthorization,
  MAILBOX_SETTINGS_READ_PERMISSIONS,
  MEETING_READ_APP_PERMISSIONS,
  MEETING_READ_PERMISSIONS,
  SMS_PERMISSION,
  type SandboxCaller,
} from './accessToken';
import { ConnectionWatch } from '../connectionWatch';
import { keepIdleConnectionsOpen } from '../frontDoor';
import { invalidBodyReason, isSmsAction } from './requestValidation';
import { SmsRateLimit } from './smsRateLimit';
import { CalendarChanges, graphEventOf } from './calendarChanges';
import defaultSeed from './seed.json';
import type {
  SandboxBookingBusiness,
  SandboxEvent,
  SandboxFault,
  SandboxMeeting,
  SandboxOrganizer,
  SandboxRequest,
  SandboxSeed,
  SentSms,
} from './sandboxTypes';
import { closeServer, listen } from '../../src/http/server';

export interface GraphSandboxOptions {
  tls: { cert: string; key: string };
  seed?: SandboxSeed;
  port?: number;
  /** The setting that chose `port`, named when another process holds it. */
  portSetting?: string;
}

function defaultSandboxSeed(): SandboxSeed {
  const seed: SandboxSeed = defaultSeed;
  return structuredClone(seed);
}

class GraphErrorResponse extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A stand-in for Microsoft Graph's virtual-appointment SMS actions on 127.0.0.1, over TLS like
 * Graph. It validates as strictly as Graph's metadata, records what it accepted, and misbehaves on
 * demand (status codes, slow answers, dropped connections).
 */
export class GraphSandbox {
  readonly sent: SentSms[] = [];
  readonly requests: SandboxRequest[] = [];
  /** Paths of Graph requests as they arrive, before any injected delay: what reached "Graph". */
  readonly arrivals: string[] = [];
  private faults: SandboxFault[] = [];
  /** Set by `limitRate`: texts a second per tenant before Graph answers 429. */
  rateLimit?: SmsRateLimit;
  private readonly server: restify.Server;
  readonly connections: ConnectionWatch;
  private seed: SandboxSeed;
  private readonly calendar = new CalendarChanges();
  /** Requests inside "Graph" now (a delayed one counts until it is answered), and when one leaves. */
  private inFlight = 0;
  private readonly handled = new EventEmitter();

  constructor(private readonly options: GraphSandboxOptions) {
    this.seed = options.seed ?? defaultSandboxSeed();
    this.server = restify.createServer({
      name: 'graph-sandbox',
      certificate: options.tls.cert,
      key: options.tls.key,
      // Graph meeting ids are ~140 characters; restify's router (find-my-way) stops at 100 by default.
      maxParamLength: 2048,
    });
    keepIdleConnectionsOpen(this.server.server);
    this.connections = new ConnectionWatch(this.server.server);
    this.server.use(restify.plugins.queryParser({ mapParams: false }));
    this.server.use(restify.plugins.bodyReader({ maxBodySize: 1024 * 1024 }));
    this.routeAdministration();
    this.routeGraph();
  }

  async start(): Promise<string> {
    await listen(this.server, this.options.port ?? 0, '127.0.0.1', this.options.portSetting);
    return this.url;
  }

  get url(): string {
    return `https://127.0.0.1:${this.server.address().port}`;
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  injectFault(...faults: SandboxFault[]): void {
    this.faults.push(...faults.map((fault) => ({ ...fault, times: fault.times ?? 1 })));
  }

  /** Throttles the SMS actions at `perSecond` per tenant (429 + Retry-After beyond), as Graph does; undefined lifts it. */
  limitRate(perSecond: number | undefined): void {
    this.rateLimit = perSecond === undefined ? undefined : new SmsRateLimit(perSecond);
  }

  /** More appointments: their online meetings and the calendar events that hold them. */
  addAppointments(meetings: readonly SandboxMeeting[], events: readonly SandboxEvent[]): void {
    this.seed.meetings.push(...meetings);
    this.seed.events = [...(this.seed.events ?? []), ...events];
    for (const event of events) this.calendar.changed(event.id);
  }

  /** A Microsoft Bookings business and its appointments (`solutions/bookingBusinesses`). */
  addBookingBusiness(business: SandboxBookingBusiness): void {
    this.seed.bookingBusinesses = [...(this.seed.bookingBusinesses ?? []).filter((known) => known.id !== business.id), business];
  }

  /** An event moved, cancelled or renamed in its organizer's calendar: `calendarView/delta` reports it. */
  changeEvent(id: string, change: Partial<Omit<SandboxEvent, 'id' | 'calendarOf'>>): void {
    this.seed.events = (this.seed.events ?? []).map((event) => (event.id === id ? { ...event, ...change } : event));
    this.calendar.changed(id);
  }

  /** An event deleted from its calendar: `calendarView/delta` reports it as `@removed`. */
  deleteEvent(id: string): void {
    const event = (this.seed.events ?? []).find((candidate) => candidate.id === id);
    if (!event) return;
    this.seed.events = (this.seed.events ?? []).filter((candidate) => candidate !== event);
    this.calendar.deleted(event);
  }

  /** More organizers (of another tenant, in another zone), or new settings for one already there. */
  setOrganizer(organizer: SandboxOrganizer): void {
    this.seed.organizers = [...this.seed.organizers.filter((known) => known.id !== organizer.id), organizer];
  }

  reset(): void {
    this.sent.length = 0;
    this.requests.length = 0;
    this.arrivals.length = 0;
    this.faults = [];
    this.rateLimit = undefined;
    this.connections.reset();
  }

  /** Requests that reached a Graph route (administration calls are not counted). */
  graphCalls(pathContains = ''): SandboxRequest[] {
    return this.requests.filter((request) => request.path.includes(pathContains));
  }

  private routeAdministration(): void {
    this.server.get('/_sandbox/sms', (_req: Request, res: Response, next: Next) => {
      res.send(200, { value: this.sent });
      next();
    });
    this.server.del('/_sandbox/sms', (_req: Request, res: Response, next: Next) => {
      this.sent.length = 0;
      res.send(204);
      next();
    });
    this.server.get('/_sandbox/requests', (_req: Request, res: Response, next: Next) => {
      res.send(200, { value: this.requests });
      next();
    });
    this.server.get('/_sandbox/seed', (_req: Request, res: Response, next: Next) => {
      res.send(200, this.seed);
      next();
    });
    this.server.post('/_sandbox/faults', (req: Request, res: Response, next: Next) => {
      const body = (parseJson(req.body) ?? []) as SandboxFault | SandboxFault[];
      this.injectFault(...(Array.isArray(body) ? body : [body]));
      res.send(204);
      next();
    });
    this.server.post('/_sandbox/rateLimit', (req: Request, res: Response, next: Next) => {
      const body = parseJson(req.body) as { perSecond?: number } | undefined;
      this.limitRate(body?.perSecond);
      res.send(204);
      next();
    });
    this.server.get('/_sandbox/rateLimit', (_req: Request, res: Response, next: Next) => {
      res.send(200, { perSecond: this.rateLimit?.perSecond, throttled: this.rateLimit?.throttled ?? 0 });
      next();
    });
    this.server.del('/_sandbox/faults', (_req: Request, res: Response, next: Next) => {
      this.faults = [];
      res.send(204);
      next();
    });
  }

  private routeGraph(): void {
    const handle = (req: Request, res: Response, next: Next) => {
      void this.handleGraph(req, res).then(
        () => next(),
        (error: unknown) => next(error as Error),
      );
    };
    this.server.post('/:version/me/onlineMeetings/:meetingId/:action', handle);
    this.server.post('/:version/users/:userId/onlineMeetings/:meetingId/:action', handle);
    this.server.get('/:version/me/onlineMeetings/:meetingId/:action', handle);
    this.server.get('/:version/users/:userId/onlineMeetings/:meetingId/:action', handle);
    this.server.get('/:version/me/onlineMeetings/:meetingId', handle);
    this.server.get('/:version/users/:userId/onlineMeetings/:meetingId', handle);
    this.server.get('/:version/me/onlineMeetings', handle);
    this.server.get('/:version/users/:userId/onlineMeetings', handle);
    this.server.get('/:version/me/calendarView', handle);
    this.server.get('/:version/me/calendarView/delta', handle);
    this.server.get('/:version/users/:userId/calendarView/delta', handle);
    this.server.get('/:version/users/:userId/calendarView', handle);
    this.server.get('/:version/me/mailboxSettings', handle);
    this.server.get('/:version/solutions/bookingBusinesses', handle);
    this.server.get('/:version/solutions/bookingBusinesses/:businessId/calendarView', handle);
    this.server.get('/:version/users/:userId/mailboxSettings', handle);
  }

  /** Resolves once no request is inside "Graph": every delayed one answered, every dropped one closed. */
  async idle(): Promise<void> {
    while (this.inFlight > 0) await once(this.handled, 'handled');
  }

  private async handleGraph(req: Request, res: Response): Promise<void> {
    this.inFlight += 1;
    try {
      await this.handleGraphRequest(req, res);
    } finally {
      this.inFlight -= 1;
      this.handled.emit('handled');
    }
  }

  private async handleGraphRequest(req: Request, res: Response): Promise<void> {
    const requestId = randomUUID();
    res.header('request-id', requestId);
    res.header('client-request-id', req.header('client-request-id') || requestId);
    const path = req.getPath();
    this.arrivals.push(path);
    const fault = this.takeFault(path);
    if (fault?.type === 'drop') {
      req.socket.destroy();
      this.log(req, 0, requestId);
      return;
    }
    if (fault?.type === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    let status: number;
    const wait = this.throttle(req);
    if (wait !== undefined) {
      res.header('Retry-After', String(wait));
      status = this.sendError(
        res,
        requestId,
        new GraphErrorResponse(429, 'TooManyRequests', `Too many requests. Retry after ${wait} seconds.`),
      );
    } else if (fault?.type === 'status') {
      if (fault.retryAfter !== undefined) res.header('Retry-After', fault.retryAfter);
      status = this.sendError(
        res,
        requestId,
        new GraphErrorResponse(fault.status, fault.code ?? defaultCode(fault.status), 'Injected by the Graph sandbox.'),
      );
    } else {
      status = this.answer(req, res, requestId);
    }
    this.log(req, status, requestId);
  }

  /** Under `limitRate`, the seconds an SMS call must wait (undefined: it goes through). */
  private throttle(req: Request): number | undefined {
    const action = String((req.params as Record<string, string | undefined>).action ?? '').replace(/\(\)$/, '');
    if (!this.rateLimit || req.method !== 'POST' || !isSmsAction(action)) return undefined;
    const caller = callerFromAuthorization(req.header('authorization'));
    return this.rateLimit.take(('tenantId' in caller && caller.tenantId) || 'any');
  }

  private answer(req: Request, res: Response, requestId: string): number {
    try {
      const caller = this.authenticate(req);
      const { version, meetingId, action } = req.params as Record<string, string | undefined>;
      if (req.getPath().includes('/solutions/bookingBusinesses')) return this.bookings(req, res, caller);
      if (req.getPath().endsWith('/calendarView')) return this.calendarView(req, res, caller);
      if (req.getPath().endsWith('/calendarView/delta')) return this.calendarDelta(req, res, caller);
      if (req.getPath().endsWith('/mailboxSettings')) return this.mailboxSettings(req, res, caller);
      if (!meetingId) return this.listMeetings(req, res, caller);
      const meeting = this.findMeeting(caller, pathParam(req, 'userId') || undefined, meetingId);
      if (!action) return this.getMeeting(res, caller, meeting);
      const name = action.replace(/\(\)$/, '');
      if (req.method === 'GET' && name === 'getVirtualAppointmentJoinWebUrl') {
        res.send(200, { '@odata.context': `${this.url}/${version}/$metadata#Edm.String`, value: meeting.attendeeJoinWebUrl });
        return 200;
      }
      if (req.method === 'POST' && isSmsAction(name))
        return this.acceptSms(req, res, { caller, meeting, action: name, requestId, version: version ?? '' });
      throw new GraphErrorResponse(400, 'BadRequest', `Resource not found for the segment '${action}'.`);
    } catch (error) {
      if (error instanceof GraphErrorResponse) return this.sendError(res, requestId, error);
      throw error;
    }
  }

  private authenticate(req: Request): SandboxCaller {
    const caller = callerFromAuthorization(req.header('authorization'));
    if ('refused' in caller) throw new GraphErrorResponse(401, 'InvalidAuthenticationToken', caller.refused);
    return caller;
  }

  private listMeetings(req: Request, res: Response, caller: SandboxCaller): number {
    const allowed =
      MEETING_READ_PERMISSIONS.some((permission) => caller.scopes.includes(permission)) ||
      MEETING_READ_APP_PERMISSIONS.some((permission) => caller.roles.includes(permission));
    if (!allowed) {
      throw new GraphErrorResponse(
        403,
        'Forbidden',
        `Missing scope permissions on the request. API requires one of '${[...MEETING_READ_PERMISSIONS, ...MEETING_READ_APP_PERMISSIONS].join(', ')}'.`,
      );
    }
    const filter: unknown = (req.query as Record<string, unknown> | undefined)?.['$filter'];
    const joinUrl = /^JoinWebUrl eq '(.*)'$/i.exec(typeof filter === 'string' ? filter : '')?.[1]?.replace(/''/g, "'");
    if (joinUrl === undefined) {
      throw new GraphErrorResponse(400, 'BadRequest', "This API requires the filter JoinWebUrl eq '{joinWebUrl}'.");
    }
    const ownerId = (pathParam(req, 'userId') || undefined) ?? caller.id;
    const found = this.seed.meetings.filter((meeting) => meeting.joinWebUrl === joinUrl && meeting.organizerId === ownerId);
    res.send(200, {
      value: found.map(({ id, subject, joinWebUrl, chatThreadId }) => ({ id, subject, joinWebUrl, chatInfo: { threadId: chatThreadId } })),
    });
    return 200;
  }

  private getMeeting(res: Response, caller: SandboxCaller, meeting: SandboxMeeting): number {
    const readers = [...MEETING_READ_PERMISSIONS, 'OnlineMeetings.Read.All', 'OnlineMeetings.ReadWrite.All'];
    if (!readers.some((permission) => caller.scopes.includes(permission) || caller.roles.includes(permission))) {
      throw new GraphErrorResponse(
        403,
        'Forbidden',
        `Missing scope permissions on the request. API requires one of '${readers.join(', ')}'.`,
      );
    }
    // Graph always has a start; the seed's meetings without one start tomorrow at 15:00 UTC, so
    // there is always time for a reminder before them.
    const tomorrow = new Date();
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    tomorrow.setUTCHours(15, 0, 0, 0);
    res.send(200, {
      id: meeting.id,
      subject: meeting.subject,
      joinWebUrl: meeting.joinWebUrl,
      startDateTime: meeting.startDateTime ?? tomorrow.toISOString(),
      endDateTime: meeting.endDateTime ?? new Date(tomorrow.getTime() + 30 * 60_000).toISOString(),
      chatInfo: { threadId: meeting.chatThreadId },
    });
    return 200;
  }

  /** Events overlapping [startDateTime, endDateTime) in the caller's calendar, as Graph lists them (UTC). */
  private calendarView(req: Request, res: Response, caller: SandboxCaller): number {
    if (!CALENDAR_READ_PERMISSIONS.some((permission) => caller.scopes.includes(permission))) {
      throw new GraphErrorResponse(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    }
    const query = (req.query ?? {}) as Record<string, unknown>;
    const start = Date.parse(typeof query.startDateTime === 'string' ? query.startDateTime : '');
    const end = Date.parse(typeof query.endDateTime === 'string' ? query.endDateTime : '');
    if (Number.isNaN(start) || Number.isNaN(end)) {
      throw new GraphErrorResponse(
        400,
        'ErrorInvalidParameter',
        'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
      );
    }
    const owner = pathParam(req, 'userId') || caller.id;
    const events = (this.seed.events ?? []).filter(
      (event) => event.calendarOf === owner && Date.parse(event.start) < end && Date.parse(event.end) > start,
    );
    res.send(200, { value: events.map(graphEventOf) });
    return 200;
  }

  /**
   * `calendarView/delta`: a round's first call names the window, each later one the deltaLink's
   * token. The app's own token (application permission) reads any organizer's calendar, as an
   * application access policy would allow it.
   */
  private calendarDelta(req: Request, res: Response, caller: SandboxCaller): number {
    const allowed =
      CALENDAR_READ_PERMISSIONS.some((permission) => caller.scopes.includes(permission)) ||
      CALENDAR_READ_PERMISSIONS.some((permission) => caller.roles.includes(permission));
    if (!allowed) throw new GraphErrorResponse(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    const query = (req.query ?? {}) as Record<string, unknown>;
    const token = typeof query.$deltatoken === 'string' ? query.$deltatoken : undefined;
    const start = Date.parse(typeof query.startDateTime === 'string' ? query.startDateTime : '');
    const end = Date.parse(typeof query.endDateTime === 'string' ? query.endDateTime : '');
    if (!token && (Number.isNaN(start) || Number.isNaN(end))) {
      throw new GraphErrorResponse(
        400,
        'ErrorInvalidParameter',
        'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
      );
    }
    const owner = pathParam(req, 'userId') || caller.id;
    const link = `${this.url}${req.getPath()}`;
    const page = this.calendar.page(this.seed.events ?? [], owner, token ? { token } : { window: { start, end } }, link);
    if (!page) throw new GraphErrorResponse(400, 'BadRequest', 'The delta token is not valid.');
    res.send(200, page);
    return 200;
  }

  /** Bookings: the tenant's businesses, and one business's appointments between two instants. */
  private bookings(req: Request, res: Response, caller: SandboxCaller): number {
    const readers = ['Bookings.Read.All', 'BookingsAppointment.ReadWrite.All', 'Bookings.ReadWrite.All', 'Bookings.Manage.All'];
    if (!readers.some((permission) => caller.scopes.includes(permission) || caller.roles.includes(permission))) {
      throw new GraphErrorResponse(403, 'Forbidden', `Missing permissions on the request. API requires one of '${readers.join(', ')}'.`);
    }
    const businesses = this.seed.bookingBusinesses ?? [];
    const businessId = pathParam(req, 'businessId');
    if (!businessId) {
      res.send(200, { value: businesses.map(({ id, displayName }) => ({ id, displayName })) });
      return 200;
    }
    const business = businesses.find((candidate) => candidate.id === businessId);
    if (!business) throw new GraphErrorResponse(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    const query = (req.query ?? {}) as Record<string, unknown>;
    const start = Date.parse(typeof query.start === 'string' ? query.start : '');
    const end = Date.parse(typeof query.end === 'string' ? query.end : '');
    if (Number.isNaN(start) || Number.isNaN(end)) throw new GraphErrorResponse(400, 'BadRequest', 'start and end are required.');
    const utc = (iso: string) => ({ dateTime: new Date(iso).toISOString().replace('Z', '0000'), timeZone: 'UTC' });
    const value = business.appointments
      .filter((booking) => Date.parse(booking.start) < end && Date.parse(booking.end) > start)
      .map((booking) => ({
        id: booking.id,
        startDateTime: utc(booking.start),
        endDateTime: utc(booking.end),
        isLocationOnline: booking.joinWebUrl !== undefined,
        joinWebUrl: booking.joinWebUrl ?? null,
        smsNotificationsEnabled: booking.smsNotificationsEnabled,
        customers: booking.customers.map((customer) => ({
          '@odata.type': '#microsoft.graph.bookingCustomerInformation',
          name: customer.name,
          phone: customer.phone ?? null,
          timeZone: customer.timeZone ?? null,
        })),
      }));
    res.send(200, { value });
    return 200;
  }

  /** The user's Outlook settings; `$select=timeZone` as the app asks. */
  private mailboxSettings(req: Request, res: Response, caller: SandboxCaller): number {
    const readers = MAILBOX_SETTINGS_READ_PERMISSIONS;
    if (!readers.some((permission) => caller.scopes.includes(permission) || caller.roles.includes(permission))) {
      throw new GraphErrorResponse(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    }
    const userId = pathParam(req, 'userId') || caller.id;
    const organizer = this.organizerInTenant(caller, userId);
    if (!organizer) throw new GraphErrorResponse(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    res.send(200, {
      '@odata.context': `${this.url}/v1.0/$metadata#users('${userId}')/mailboxSettings(timeZone)`,
      timeZone: organizer.timeZone ?? 'UTC',
    });
    return 200;
  }

  /** The organizer, as a token of the caller's tenant sees them: nobody, when they are in another tenant. */
  private organizerInTenant(caller: SandboxCaller, organizerId: string): SandboxOrganizer | undefined {
    const organizer = this.seed.organizers.find((candidate) => candidate.id === organizerId);
    const tenantOf = organizer?.tenantId ?? this.seed.tenantId;
    return caller.tenantId === undefined || tenantOf === undefined || caller.tenantId === tenantOf ? organizer : undefined;
  }

  private findMeeting(caller: SandboxCaller, userId: string | undefined, meetingId: string): SandboxMeeting {
    const ownerId = userId ?? caller.id;
    const actingForOther = userId !== undefined && userId !== caller.id;
    if (actingForOther && !caller.roles.includes(SMS_PERMISSION)) {
      throw new GraphErrorResponse(403, 'Forbidden', 'No Application Access Policy found for this app');
    }
    const meeting = this.seed.meetings.find((candidate) => candidate.id === meetingId && candidate.organizerId === ownerId);
    // Graph looks in the token's tenant only: another tenant's organizer is not found, as Graph answers.
    const inTenant = meeting && this.organizerInTenant(caller, meeting.organizerId) !== undefined;
    if (!meeting || (!inTenant && this.seed.organizers.some((organizer) => organizer.id === meeting.organizerId)))
      throw new GraphErrorResponse(404, 'NotFound', `The onlineMeeting '${meetingId}' was not found.`);
    return meeting;
  }

  private acceptSms(
    req: Request,
    res: Response,
    sms: { caller: SandboxCaller; meeting: SandboxMeeting; action: SentSms['action']; requestId: string; version: string },
  ): number {
    const { caller, meeting, action, requestId, version } = sms;
    if (!caller.scopes.includes(SMS_PERMISSION) && !caller.roles.includes(SMS_PERMISSION)) {
      throw new GraphErrorResponse(403, 'Forbidden', `Missing scope permissions on the request. API requires one of '${SMS_PERMISSION}'.`);
    }
    const body = parseJson(req.body);
    const reason = body === undefined ? 'The request body is not valid JSON.' : invalidBodyReason(action, body);
    if (reason) throw new GraphErrorResponse(400, 'BadRequest', reason);
    const organizer = this.seed.organizers.find((candidate) => candidate.id === meeting.organizerId);
    if (!organizer?.teamsPremium) {
      throw new GraphErrorResponse(403, 'Forbidden', 'The organizer of this meeting does not have a Teams Premium license.');
    }
    this.sent.push({
      requestId,
      receivedAt: new Date().toISOString(),
      apiVersion: version,
      action,
      onlineMeetingId: meeting.id,
      organizerId: meeting.organizerId,
      callerId: caller.id,
      acceptLanguage: req.header('accept-language') || undefined,
      body: body as Record<string, unknown>,
    });
    res.send(202);
    return 202;
  }

  private sendError(res: Response, requestId: string, error: GraphErrorResponse): number {
    res.send(error.status, {
      error: {
        code: error.code,
        message: error.message,
        innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': requestId, 'client-request-id': requestId },
      },
    });
    return error.status;
  }

  private takeFault(path: string): SandboxFault | undefined {
    const index = this.faults.findIndex((fault) => path.includes(fault.match ?? ''));
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private log(req: Request, status: number, requestId: string): void {
    this.requests.push({ at: new Date().toISOString(), method: req.method ?? '', path: req.getPath(), status, requestId });
  }
}

function parseJson(body: unknown): unknown {
  try {
    return JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '');
  } catch {
    return undefined;
  }
}

function defaultCode(status: number): string {
  const codes: Record<number, string> = {
    400: 'BadRequest',
    401: 'InvalidAuthenticationToken',
    403: 'Forbidden',
    404: 'NotFound',
    429: 'TooManyRequests',
    500: 'InternalServerError',
    503: 'serviceNotAvailable',
    504: 'GatewayTimeout',
  };
  return codes[status] ?? 'generalException';
}
