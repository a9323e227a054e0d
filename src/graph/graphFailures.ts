import { GraphError } from '@microsoft/microsoft-graph-client';
import type { GraphFailureReason } from '../domain/sendReceipt';
import { TRANSPORT_ERROR_HEADER, TransportUncertainError } from './transportGuard';

type GraphFailureKind = GraphFailureReason;

/** Why Graph did not accept a request, with what support needs to trace it. */
export interface GraphFailure {
  /** What happened; a person is told it in their language by `sendFailureOf` (domain/sendReceipt). */
  kind: GraphFailureKind;
  status?: number;
  /** Graph's `error.code`; branch on this, never on Graph's message. */
  code?: string;
  graphMessage?: string;
  requestId?: string;
  date?: string;
  retryAfterSeconds?: number;
  /** Graph could not be reached at all: what the connection said. */
  transportError?: string;
}

function kindForStatus(status: number): GraphFailureKind {
  if (status === 400) return 'badRequest';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'meetingNotFound';
  if (status === 429) return 'throttled';
  return 'unavailable';
}

/** Reads a `Retry-After` value: seconds (possibly fractional, `2.128`) or an HTTP date. */
export function parseRetryAfterSeconds(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

interface GraphErrorEnvelope {
  error?: { code?: string; message?: string; innerError?: Record<string, unknown>; innererror?: Record<string, unknown> };
}

/** A non-2xx response from Graph (or a made-up 503 when Graph could not be reached). */
export async function failureFromResponse(response: Response): Promise<GraphFailure> {
  const transportError = response.headers.get(TRANSPORT_ERROR_HEADER);
  if (transportError) {
    return {
      kind: 'unavailable',
      code: transportError,
      transportError,
    };
  }
  const envelope = await readEnvelope(response);
  const inner = envelope.error?.innerError ?? envelope.error?.innererror ?? {};
  const kind = kindForStatus(response.status);
  return {
    kind,
    status: response.status,
    code: envelope.error?.code,
    graphMessage: envelope.error?.message,
    requestId: stringOrUndefined(inner['request-id']) ?? response.headers.get('request-id') ?? undefined,
    date: stringOrUndefined(inner['date']),
    retryAfterSeconds: parseRetryAfterSeconds(response.headers.get('retry-after')),
  };
}

async function readEnvelope(response: Response): Promise<GraphErrorEnvelope> {
  try {
    const parsed: unknown = JSON.parse(await response.text());
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** An error thrown on the way to Graph: the connection was lost after the request left. */
export function failureFromError(error: unknown): GraphFailure {
  if (error instanceof GraphError && error.code === TransportUncertainError.name) {
    return { kind: 'uncertain', code: error.code, graphMessage: error.message };
  }
  throw error;
}
