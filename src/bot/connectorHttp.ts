import { toHttpHeadersLike, type CompatResponse, type RequestPolicy, type WebResourceLike } from '@azure/core-http-compat';
import { createHttpHeaders } from '@azure/core-rest-pipeline';
import type { HttpAnswer, KeepAliveHttp } from '../http/keepAliveHttp';

/** botframework-connector's own default when a request names no time limit. */
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The HTTP client botbuilder's ConnectorClient and token client send through (their `httpClient`
 * option): the app's keep-alive HTTP, so replies and cards to Teams share its connections, its
 * bound per peer and its client spans with every other call the app makes.
 */
export class ConnectorHttp implements RequestPolicy {
  constructor(private readonly http: KeepAliveHttp) {}

  async sendRequest(request: WebResourceLike): Promise<CompatResponse> {
    const answer = await this.http.exchange(new URL(request.url), {
      method: request.method,
      headers: request.headers.rawHeaders(),
      body: bodyText(request.body),
      timeoutMs: request.timeout > 0 ? request.timeout : DEFAULT_TIMEOUT_MS,
      peer: 'Teams',
    });
    return {
      request,
      status: answer.statusCode ?? 502,
      headers: toHttpHeadersLike(createHttpHeaders(headersOf(answer))),
      bodyAsText: answer.body.toString(),
    };
  }
}

/** The connector's bodies are JSON its serializer already wrote as text. */
function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  return typeof body === 'string' ? body : JSON.stringify(body);
}

function headersOf(answer: HttpAnswer): Record<string, string> {
  return Object.fromEntries(
    Object.entries(answer.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]],
    ),
  );
}
