/** What the app's REST API answered: the status and the JSON body (empty object for none). */
export interface ApiAnswer<Body> {
  status: number;
  body: Body;
}

/** One call to the app's REST API (`/api…`) as a signed-in user, with a JSON body when given. */
export async function callApi<Body>(
  appUrl: string,
  request: { method: string; path: string; token: string; body?: unknown; headers?: Record<string, string> },
): Promise<ApiAnswer<Body>> {
  const response = await fetch(`${appUrl}/api${request.path}`, {
    method: request.method,
    headers: { authorization: `Bearer ${request.token}`, 'content-type': 'application/json', ...request.headers },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Body };
}

/**
 * Waits on the app's own word: until nothing of the organizer's (in one appointment, when given)
 * waits or is being sent, so each text that goes later has its outcome.
 */
export async function scheduledSendsSettled(appUrl: string, token: string, onlineMeetingId?: string): Promise<void> {
  const path = `/me/scheduledSends${onlineMeetingId ? `?onlineMeetingId=${encodeURIComponent(onlineMeetingId)}` : ''}`;
  const busy = (item: { state?: string }) => item.state === 'scheduled' || item.state === 'sending';
  while ((await callApi<{ value?: Array<{ state?: string }> }>(appUrl, { method: 'GET', path, token })).body.value?.some(busy))
    await new Promise((resolve) => setTimeout(resolve, 50));
}
