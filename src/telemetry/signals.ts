import {
  context,
  metrics,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Meter,
  type ObservableResult,
  type Span,
} from '@opentelemetry/api';
import type { EventEmitter } from 'node:events';
import type { NotificationKind } from '../domain/notificationKinds';
import { reasonCode, type GraphFailureReason, type SendReceipt } from '../domain/sendReceipt';

/**
 * What the app tells an operator, through OpenTelemetry's API: a no-op until `startTelemetry`
 * registers an SDK, so every layer reports here whether or not anyone listens. Attributes are
 * closed sets (kinds, outcomes, reason codes, route templates): never a number, a token, an id of a
 * person or a free-text reason. README "Telemetry" lists every name.
 */
const SCOPE = 'appointment-sms';

function instrumentsOf(meter: Meter) {
  return {
    sends: meter.createCounter('appointment_sms.sends', {
      description: 'Send attempts by kind, status (sent, held, refused, failed, uncertain, repeat) and reason',
      unit: '{send}',
    }),
    texts: meter.createCounter('appointment_sms.texts', {
      description: "Texts (one per attendee's number) by kind and outcome (accepted, held, refused, notSent, unknown)",
      unit: '{text}',
    }),
    graphFailures: meter.createCounter('appointment_sms.graph.failures', {
      description: 'Graph requests that failed, by reason (forbidden: a licence or permission is missing; throttled: 429)',
      unit: '{request}',
    }),
    dayActions: meter.createCounter('appointment_sms.day_actions', {
      description: 'Day actions (a whole day texted) by kind and outcome',
      unit: '{action}',
    }),
    storageErrors: meter.createCounter('appointment_sms.storage.errors', {
      description: 'Storage reads or writes that failed, by operation',
      unit: '{error}',
    }),
    waiting: meter.createObservableGauge('appointment_sms.texts.waiting', {
      description: 'Texts held or scheduled, waiting to go',
      unit: '{text}',
    }),
    serverDuration: meter.createHistogram('http.server.request.duration', { description: 'Inbound requests', unit: 's' }),
    clientDuration: meter.createHistogram('http.client.request.duration', {
      description: 'Calls to Graph, Entra and the Teams connector',
      unit: 's',
    }),
  };
}

// OpenTelemetry's meter provider is process-wide and not proxied: instruments are made again once it is registered.
let instruments = instrumentsOf(metrics.getMeter(SCOPE));
/** The schedule's waiting items by why they wait (`held`, `reminder`, and items that are not texts). */
type WaitingCounter = () => Promise<Partial<Record<string, number>>>;
let countWaiting: WaitingCounter | undefined;
const TEXTS_THAT_WAIT = ['held', 'reminder'];

/** Called once an SDK is registered (see `startTelemetry`). */
export function useRegisteredMeter(): void {
  instruments = instrumentsOf(metrics.getMeter(SCOPE));
  instruments.waiting.addCallback(observeWaiting);
}

/** How `appointment_sms.texts.waiting` is counted (the schedule's waiting items), read at each export. */
export function countWaitingWith(count: WaitingCounter): void {
  countWaiting = count;
}

async function observeWaiting(result: ObservableResult): Promise<void> {
  if (!countWaiting) return;
  const waiting = await countWaiting().catch(() => {
    recordStorageError('countWaiting');
    return undefined;
  });
  if (!waiting) return;
  for (const why of TEXTS_THAT_WAIT) result.observe(waiting[why] ?? 0, { 'sms.waiting.why': why });
}

/** One send's outcome: its status and reason, and each of its texts. An identical submit's repeat sent nothing. */
export function recordSend(receipt: SendReceipt): void {
  const kind = receipt.kind ?? 'unknown';
  const status = receipt.repeat ? 'repeat' : receipt.status;
  const reason = reasonCode(receipt);
  instruments.sends.add(1, { 'sms.kind': kind, 'sms.status': status, ...(reason ? { 'sms.reason': reason } : {}) });
  if (receipt.repeat) return;
  for (const line of receipt.numbers) instruments.texts.add(1, { 'sms.kind': kind, 'sms.outcome': line.outcome });
  if (receipt.failure?.reason === 'storageUnavailable') recordStorageError('send');
}

export function recordGraphFailure(reason: GraphFailureReason, status: number | undefined): void {
  instruments.graphFailures.add(1, { 'graph.failure.reason': reason, ...(status ? { 'http.response.status_code': status } : {}) });
}

export function recordDayAction(kind: NotificationKind | undefined, outcome: 'done' | 'refused' | 'interrupted'): void {
  instruments.dayActions.add(1, { 'sms.kind': kind ?? 'unknown', 'day_action.outcome': outcome });
}

export function recordStorageError(operation: string): void {
  instruments.storageErrors.add(1, { 'storage.operation': operation });
}

/** Asked for at each use: a tracer taken before the SDK registered would stay a no-op once the Azure distro replaces the global provider. */
const tracer = () => trace.getTracer(SCOPE);

/** `sendVirtualAppointmentSms`, `oauth2`, `v2.0`; not an id (base64, GUID, `19:…@thread.v2`, all long or mixed). */
const PATH_WORD = /^([A-Za-z]{1,40}\d?|v\d+(\.\d+)?)$/;

/**
 * A path as a template: words and versions kept, anything else (ids, GUIDs, conversation ids)
 * becomes `{id}`; the query is dropped. `/v1.0/users/{id}/onlineMeetings/{id}/sendVirtualAppointmentSms`.
 */
export function pathTemplate(url: URL): string {
  const kept = url.pathname.split('/').map((segment) => (PATH_WORD.test(segment) || segment === '' ? segment : '{id}'));
  return kept.join('/') || '/';
}

/** A call to a peer (Graph, Entra, Teams): a client span and its duration. */
export async function tracedCall<T>(
  peer: string,
  method: string,
  url: URL,
  call: () => Promise<T>,
  statusOf: (answer: T) => number | undefined,
): Promise<T> {
  const template = pathTemplate(url);
  const attributes: Attributes = {
    'peer.service': peer,
    'http.request.method': method,
    'server.address': url.hostname,
    'url.template': template,
  };
  const started = performance.now();
  return tracer().startActiveSpan(`${method} ${peer}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    try {
      const answer = await call();
      const status = statusOf(answer) ?? 0;
      span.setAttribute('http.response.status_code', status);
      if (status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
      instruments.clientDuration.record(seconds(started), { ...attributes, 'http.response.status_code': status });
      return answer;
    } catch (error) {
      const errorType = error instanceof Error ? error.name : 'Error';
      span.setAttribute('error.type', errorType);
      span.setStatus({ code: SpanStatusCode.ERROR });
      instruments.clientDuration.record(seconds(started), { ...attributes, 'error.type': errorType });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** An inbound request under way: ended with its route template and status once answered. */
export interface InboundSpan {
  /**
   * Runs the rest of the request inside the span. The request's and response's events are bound to
   * it too: a body read from the socket would otherwise continue outside it, and every call made
   * for the request would start a trace of its own.
   */
  run(next: () => void, emitters: EventEmitter[]): void;
  end(route: string | undefined, status: number): void;
}

export function startInbound(method: string, headers: Record<string, string | string[] | undefined>): InboundSpan {
  const parent = propagation.extract(context.active(), headers);
  const span: Span = tracer().startSpan(method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } }, parent);
  const started = performance.now();
  return {
    run: (next, emitters) => {
      const inside = trace.setSpan(parent, span);
      for (const emitter of emitters) context.bind(inside, emitter);
      context.with(inside, next);
    },
    end: (route, status) => {
      const attributes: Attributes = { 'http.request.method': method, 'http.response.status_code': status };
      if (route) attributes['http.route'] = route;
      span.updateName(route ? `${method} ${route}` : method);
      span.setAttributes(attributes);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      instruments.serverDuration.record(seconds(started), attributes);
    },
  };
}

function seconds(startedMs: number): number {
  return (performance.now() - startedMs) / 1000;
}
