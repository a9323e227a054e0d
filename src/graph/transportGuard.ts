import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { NOT_SENT_IN_TIME } from '../http/keepAliveHttp';

/** Marks a response this middleware made up because no response came from Graph. */
export const TRANSPORT_ERROR_HEADER = 'x-appointment-sms-transport-error';

/** A request that may have reached Graph before the connection was lost: repeating it could text twice. */
export class TransportUncertainError extends Error {
  override name = 'TransportUncertainError';
}

/** Connection failures that happen before any byte of the request is sent. */
const NEVER_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  NOT_SENT_IN_TIME,
]);

/** Duck-typed: fetch's errors may come from another realm (vm contexts), where `instanceof Error` fails. */
function transportErrorCode(error: unknown): string {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
    cause?: { code?: unknown };
  };
  // Node's http reports the code itself; fetch reports it as the cause.
  const code = failure.code ?? failure.cause?.code;
  if (typeof code === 'string') return code;
  return failure.name === 'TimeoutError' || failure.name === 'AbortError' ? 'timeout' : 'network error';
}

/**
 * Sits below the Graph client's RetryHandler, above the transport (which limits each attempt's
 * time). Turns a failure that certainly sent nothing (or a lost GET, which is safe to repeat) into
 * a 503 so the RetryHandler's single bounded policy retries it. A POST lost in flight is not repeated.
 */
export class TransportGuard implements Middleware {
  private next?: Middleware;

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    if (!this.next) throw new Error('TransportGuard must not be the last middleware');
    try {
      await this.next.execute(context);
    } catch (error) {
      const code = transportErrorCode(error);
      const method = (context.options?.method ?? 'GET').toUpperCase();
      if (method !== 'GET' && !NEVER_SENT.has(code)) {
        throw new TransportUncertainError(`Connection to Graph lost during ${method} (${code})`);
      }
      context.response = new Response(null, { status: 503, headers: { [TRANSPORT_ERROR_HEADER]: code } });
    }
  }
}
