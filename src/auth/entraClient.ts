import {
  ClientAuthError,
  ClientAuthErrorCodes,
  ConfidentialClientApplication,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { KeepAliveHttp, type HttpAnswer } from '../http/keepAliveHttp';
import { knownAuthoritiesFor } from './authority';

/** The app as Entra knows it, in one tenant: for the organizers' exchanges and for the bot's own token alike. */
export interface EntraApp {
  clientId: string;
  clientSecret: string;
  authorityHost: string;
  tenantId: string;
}

/** msal gives token requests no time limit of its own; an Entra that does not answer fails the exchange, retryable. */
const ENTRA_ATTEMPT_MS = 10_000;

/**
 * msal-node's HTTP (its documented `system.networkClient`), on the app's keep-alive connections.
 * Its own client is Node's fetch: measured under 100 organizers' first sends, a new TLS connection
 * per exchange, about 30 MB of compiler memory to optimise undici's WebAssembly HTTP parser, and
 * no bound on connections to Entra. Errors are msal's own, so callers read them as before.
 */
class EntraHttp implements INetworkModule {
  constructor(private readonly http: KeepAliveHttp) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>(url, 'GET', options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>(url, 'POST', options);
  }

  private async send<T>(
    url: string,
    method: string,
    options?: NetworkRequestOptions,
    timeoutMs = ENTRA_ATTEMPT_MS,
  ): Promise<NetworkResponse<T>> {
    const correlationId = options?.correlationId ?? '';
    let answer: HttpAnswer;
    try {
      const body = method === 'POST' ? (options?.body ?? '') : undefined;
      answer = await this.http.exchange(new URL(url), {
        method,
        headers: options?.headers ?? {},
        body,
        timeoutMs,
        peer: 'Microsoft Entra ID',
      });
    } catch (error) {
      throw new ClientAuthError(ClientAuthErrorCodes.networkError, correlationId, `Network request failed: ${messageOf(error)}`);
    }
    try {
      return { headers: headersOf(answer), body: JSON.parse(answer.body.toString()) as T, status: answer.statusCode ?? 0 };
    } catch (error) {
      throw new ClientAuthError(ClientAuthErrorCodes.tokenParsingError, correlationId, `Failed to parse response: ${messageOf(error)}`);
    }
  }
}

/** The authority of one tenant, for tokens about its users. */
export function tenantAuthority(app: Pick<EntraApp, 'authorityHost'>, tenantId: string): string {
  return `${app.authorityHost.replace(/\/+$/, '')}/${tenantId}`;
}

/** msal-node's client for the app, over `EntraHttp`. */
export function confidentialClientFor(app: EntraApp): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      authority: tenantAuthority(app, app.tenantId),
      ...knownAuthoritiesFor(app.authorityHost),
    },
    system: { networkClient: new EntraHttp(new KeepAliveHttp()) },
  });
}

function headersOf(answer: HttpAnswer): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined) headers[name] = String(value);
  return headers;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown';
}
