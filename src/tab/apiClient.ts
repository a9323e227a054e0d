import { messagesFor, type Messages } from '../domain/messages';
import { ok, refused, type Result } from '../domain/result';
import type { SendReceipt } from '../domain/sendReceipt';

/** Graph's error envelope, as the app's REST API answers. */
export interface ApiError {
  code: string;
  message: string;
  details?: Array<{ target: string; message: string }>;
  claims?: string;
}

/** A call that did not succeed: the envelope's error, the HTTP status (0: not reached), a send's receipt, Retry-After. */
export interface ApiFailure extends ApiError {
  status: number;
  receipt?: SendReceipt;
  retryAfter?: string;
}

export type ApiAnswer<T> = Result<T, ApiFailure>;

/** The app's own REST API, called with the signed-in user's Teams SSO token in their language. */
export class ApiClient {
  private readonly say: Messages;

  constructor(
    private readonly token: () => Promise<string>,
    private readonly locale: string,
  ) {
    this.say = messagesFor(locale);
  }

  protected async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    const response = await this.request(method, path, body, headers);
    if (!response) return refused(offline(this.say));
    if (!response.ok) return refused(await failureOf(response, this.say));
    return ok((await response.json().catch(() => ({}))) as T);
  }

  /** A file the API answers with (the audit's CSV), whole: one cut off part-way is refused, never kept shorter. */
  protected async download(path: string): Promise<ApiAnswer<Blob>> {
    const response = await this.request('GET', path);
    if (!response) return refused(offline(this.say));
    if (!response.ok) return refused(await failureOf(response, this.say));
    const file = await response.blob().catch(() => undefined);
    return file ? ok(file) : refused({ status: response.status, code: 'cutOff', message: this.say.sidePanel.cutOff });
  }

  /** Undefined when the app could not be reached. */
  private async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response | undefined> {
    try {
      return await fetch(path, {
        method,
        headers: {
          authorization: `Bearer ${await this.token()}`,
          'accept-language': this.locale,
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      return undefined;
    }
  }
}

function offline(say: Messages): ApiFailure {
  return { status: 0, code: 'offline', message: say.sidePanel.unreachable };
}

/** A refusal as the API said it (Graph's error envelope), with a send's receipt and Retry-After when there are. */
async function failureOf(response: Response, say: Messages): Promise<ApiFailure> {
  const json = (await response.json().catch(() => ({}))) as { error?: ApiError; receipt?: SendReceipt };
  const error = json.error ?? { code: 'unexpected', message: say.sidePanel.answered(response.status) };
  return { ...error, status: response.status, receipt: json.receipt, retryAfter: response.headers.get('retry-after') ?? undefined };
}
