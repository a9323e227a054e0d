import type { Activity, ResourceResponse } from 'botbuilder';
import { AppCredentials, AuthenticationConstants, type ServiceClientCredentials } from 'botframework-connector';
import type { HttpAnswer, KeepAliveHttp } from '../http/keepAliveHttp';

const ATTEMPT_TIMEOUT_MS = 10_000;
/** Teams throttles updates per conversation (429) or is briefly away (503): one more try, after at most this. */
const LONGEST_RETRY_WAIT_MS = 2_000;

/**
 * A message the bot posted, replaced in the chat (the card that became a receipt, a day's
 * progress): the Bot Framework connector's `PUT /v3/conversations/{id}/activities/{id}`, signed
 * with the bot's token from botbuilder's own credentials, over the app's keep-alive HTTP.
 * botframework-connector's ConnectorClient made the same call through a mapper serializer, a
 * compatibility layer and 14 pipeline policies: 0.6 ms of CPU per update, a third of a card Send
 * (measured at 100 organizers); this costs a third of that.
 */
export class ChatMessageUpdates {
  constructor(private readonly http: KeepAliveHttp) {}

  async replace(activity: Partial<Activity>, credentials: ServiceClientCredentials): Promise<ResourceResponse> {
    const { serviceUrl, conversation, id } = activity;
    if (!serviceUrl || !conversation?.id || !id)
      throw new TypeError('An update needs the service URL, the conversation and the message id.');
    const base = serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`;
    const url = new URL(`v3/conversations/${encodeURIComponent(conversation.id)}/activities/${encodeURIComponent(id)}`, base);
    const exchange = {
      method: 'PUT',
      headers: { 'content-type': 'application/json; charset=utf-8', ...(await authorization(credentials)) },
      body: JSON.stringify(activity),
      timeoutMs: ATTEMPT_TIMEOUT_MS,
      peer: 'Teams',
    };
    // Replacing a message is idempotent: a connection lost on the way (a kept-alive socket Teams had closed) is tried again.
    let answer = await this.http.exchange(url, exchange).catch((error: unknown) => {
      if (error instanceof Error && error.name === 'TimeoutError') throw error;
      return this.http.exchange(url, exchange);
    });
    const wait = retryWaitMs(answer);
    if (wait !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      answer = await this.http.exchange(url, exchange);
    }
    const status = answer.statusCode ?? 502;
    if (status >= 300) throw new Error(`Teams refused the update (${status}): ${answer.body.toString().slice(0, 200)}`);
    return { id: idIn(answer.body) ?? id };
  }
}

/** As botbuilder's AppCredentials sign a request: the bot's token, none for an anonymous local bot. */
async function authorization(credentials: ServiceClientCredentials): Promise<Record<string, string>> {
  if (!(credentials instanceof AppCredentials) || !credentials.appId || credentials.appId === AuthenticationConstants.AnonymousSkillAppId)
    return {};
  return { authorization: `Bearer ${await credentials.getToken()}` };
}

function retryWaitMs(answer: HttpAnswer): number | undefined {
  if (answer.statusCode !== 429 && answer.statusCode !== 503) return undefined;
  const seconds = Number(answer.headers['retry-after']);
  return Math.min(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 500, LONGEST_RETRY_WAIT_MS);
}

/** The connector answers `{ id }`; an answer without one still replaced the message. */
function idIn(body: Buffer): string | undefined {
  try {
    const { id } = JSON.parse(body.toString()) as { id?: unknown };
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
