import { dana, danasMeeting, sam, samsMeeting } from '../support/graphSandbox';
import { useStack, type Stack } from '../support/stack';

const stackNow = useStack();
let stack: Stack;
beforeAll(() => {
  stack = stackNow();
});

const smsUrl = (meetingId = danasMeeting.id, action = 'sendVirtualAppointmentSms') =>
  `${stack.app.url}/api/me/onlineMeetings/${encodeURIComponent(meetingId)}/${action}`;

interface ApiError {
  error: {
    code: string;
    message: string;
    details?: Array<{ code: string; target: string; message: string }>;
    claims?: string;
    innerError: { 'request-id': string };
  };
  receipt?: { status: string; numbers: Array<{ masked: string; outcome: string; reason?: string }> };
}

async function post(url: string, body: unknown, token: string | null, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as ApiError & Record<string, unknown> };
}

const ssoToken = (oid = dana.id, claims: Record<string, unknown> = {}) =>
  stack.entra.issueUserToken({ oid, name: 'Dana Whitfield', ...claims });
const seedRequest = { phoneNumbers: ['+13129224122', '+1242421412'], virtualAppointmentSmsType: 'confirmation' };

describe("the seed's own request, sent to our API", () => {
  it('is refused with 400 naming +1242421412 and why, and nothing is sent', async () => {
    const answer = await post(smsUrl(), seedRequest, await ssoToken());

    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalidRequest');
    expect(answer.body.error.details).toEqual([
      // The field as the caller wrote it: this body has phoneNumbers, not attendees.
      { code: 'invalidPhoneNumber', target: 'phoneNumbers[1]', message: expect.stringContaining('"+1242421412" has 9 digits after +1') },
    ]);
    expect(answer.body.receipt?.numbers.map((line) => line.outcome)).toEqual(['notSent', 'refused']);
    expect(stack.graph.graphCalls()).toHaveLength(0);
  });

  it('says how many digits a short number has without speaking of a +1 nobody typed', async () => {
    const answer = await post(smsUrl(), { phoneNumbers: ['911'], virtualAppointmentSmsType: 'confirmation' }, await ssoToken());
    expect(answer.status).toBe(400);
    expect(answer.body.error.details?.[0]?.message).toBe('"911" has 3 digits; a US number has 10 (3-digit area code + 7 digits).');
  });

  it('with only +13129224122 is accepted (202) and Graph receives the current body with a Windows time zone', async () => {
    const answer = await post(smsUrl(), { ...seedRequest, phoneNumbers: ['+13129224122'] }, await ssoToken());

    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ status: 'sent', kind: 'confirmation', numbers: [{ masked: '+1312•••4122', outcome: 'accepted' }] });
    expect(stack.graph.sent.map((sms) => sms.body)).toEqual([
      { attendees: [{ phoneNumber: '+13129224122', timeZone: 'Eastern Standard Time' }], messageType: 'confirmation' },
    ]);
  });
});

describe("the caller's language (Accept-Language)", () => {
  it('answers each refused number and field in Spanish to a caller who prefers Spanish, English to anyone else', async () => {
    const token = await ssoToken();
    const body = {
      attendees: [{ phoneNumber: '242-421-4120' }, { phoneNumber: '312 922' }],
      messageType: 'reschedule',
      timeZone: 'Mars/Olympus',
    };
    const spanish = await post(smsUrl(), body, token, { 'accept-language': 'fr-FR, es-MX;q=0.9, en;q=0.8' });
    const english = await post(smsUrl(), body, token, { 'accept-language': 'fr-FR' });

    expect([spanish.status, english.status]).toEqual([400, 400]);
    const messages = (answer: typeof spanish) =>
      ((answer.body as { error?: { details?: Array<{ target: string; message: string }> } }).error?.details ?? []).map(
        (detail) => `${detail.target}: ${detail.message}`,
      );
    expect(messages(spanish)).toEqual([
      expect.stringMatching(/^timeZone: "Mars\/Olympus" no es una zona horaria\./),
      expect.stringMatching(/^attendees\[0\]\.phoneNumber: "242-421-4120" es un número de Bahamas \(código de área 242\)\./),
      expect.stringMatching(/^attendees\[1\]\.phoneNumber: "312 922" tiene 6 dígitos; un número de EE\. UU\. tiene 10/),
    ]);
    expect((spanish.body as { error: { message: string } }).error.message).toMatch(/^No se envió nada: 3 problemas por corregir\./);
    expect(messages(english)).toEqual([
      expect.stringMatching(/^timeZone: "Mars\/Olympus" is not a time zone\./),
      expect.stringMatching(/^attendees\[0\]\.phoneNumber: "242-421-4120" is a Bahamas number \(area code 242\)\./),
      expect.stringMatching(/^attendees\[1\]\.phoneNumber: "312 922" has 6 digits; a US number has 10/),
    ]);
    expect(stack.graph.sent).toEqual([]);
  });

  it('says what is wrong with the body itself in Spanish too', async () => {
    const answer = await post(smsUrl(), { attendees: [], messageType: 'birthday', colour: 'red' }, await ssoToken(), {
      'accept-language': 'es',
    });
    expect(answer.status).toBe(400);
    expect((answer.body as { error: { message: string } }).error.message).toBe(
      'No se envió nada. attendees debe incluir al menos 1 messageType debe ser uno de: confirmation, reschedule, cancellation "colour" no es un parámetro de esta solicitud.',
    );
  });
});

describe('the current Graph body', () => {
  it("is accepted on both actions, keeping each attendee's time zone and the caller's language", async () => {
    const attendees = [
      { phoneNumber: '(312) 922-4122', timeZone: 'America/Chicago' },
      { phoneNumber: '+14155550133', timeZone: 'Pacific Standard Time' },
    ];
    const token = await ssoToken();
    const sms = await post(smsUrl(), { attendees, messageType: 'reschedule' }, token, { 'accept-language': 'es-US' });
    const reminder = await post(
      smsUrl(danasMeeting.id, 'sendVirtualAppointmentReminderSms'),
      { attendees, remindBeforeTimeInMinutesType: 'mins15' },
      token,
    );

    expect([sms.status, reminder.status]).toEqual([202, 202]);
    expect(stack.graph.sent[0]).toMatchObject({ acceptLanguage: 'es-US', body: { messageType: 'reschedule' } });
    expect(stack.graph.sent[1]?.body).toEqual({
      attendees: [
        { phoneNumber: '+13129224122', timeZone: 'Central Standard Time' },
        { phoneNumber: '+14155550133', timeZone: 'Pacific Standard Time' },
      ],
      remindBeforeTimeInMinutesType: 'mins15',
    });
  });

  it.each([
    [
      'an unknown message type',
      { attendees: [{ phoneNumber: '+13129224122' }], messageType: 'birthday' },
      'messageType',
      'must be one of: confirmation, reschedule, cancellation',
    ],
    [
      'an unknown key',
      { attendees: [{ phoneNumber: '+13129224122' }], messageType: 'confirmation', priority: 'high' },
      'priority',
      'not a parameter',
    ],
    ['a missing message type', { attendees: [{ phoneNumber: '+13129224122' }] }, 'messageType', 'missing'],
    [
      'an unknown time zone',
      { attendees: [{ phoneNumber: '+13129224122', timeZone: 'Moon Time' }], messageType: 'confirmation' },
      'attendees[0].timeZone',
      '"Moon Time" is not a time zone',
    ],
  ])('answers 400 to %s, naming the field', async (_case, body, target, says) => {
    const answer = await post(smsUrl(), body, await ssoToken());
    expect(answer.status).toBe(400);
    expect(answer.body.error.details).toContainEqual(expect.objectContaining({ target, message: expect.stringContaining(says) }));
    expect(stack.graph.graphCalls()).toHaveLength(0);
  });

  it('answers 400 to a body that is not JSON and 413 to one over 64 KiB, in the Graph error envelope', async () => {
    const token = await ssoToken();
    const notJson = await post(smsUrl(), '{"attendees": [', token);
    const huge = await post(
      smsUrl(),
      { attendees: [{ phoneNumber: '+13129224122' }], messageType: 'confirmation', padding: 'x'.repeat(70_000) },
      token,
    );
    expect(notJson).toMatchObject({
      status: 400,
      body: { error: { code: 'invalidRequest', message: expect.stringContaining('not valid JSON') } },
    });
    expect(huge).toMatchObject({ status: 413, body: { error: { message: expect.stringContaining('64 KiB') } } });
  });
});

describe('who may send', () => {
  const current = { attendees: [{ phoneNumber: '+13129224122' }], messageType: 'confirmation' };

  it.each([
    ['no token', async () => null, 'No bearer token'],
    ['an expired token', () => ssoToken(dana.id, { expiresInSeconds: -600 }), 'expired'],
    [
      'a token for another app',
      () => stack.entra.issueUserToken({ oid: dana.id }, 'api://elsewhere.example/9a9a9a9a-0000-4000-8000-000000000000'),
      'another application',
    ],
    ['a token from another tenant', () => ssoToken(dana.id, { tid: '72f988bf-86f1-41af-91ab-2d7cd011db47' }), 'tenant'],
    ['a forged signature', () => stack.entra.issueForgedToken({ oid: dana.id }), 'signature'],
    ['a token without access_as_user', () => ssoToken(dana.id, { scp: 'User.Read' }), 'access_as_user'],
  ])('refuses %s with 401 and sends nothing', async (_case, token, says) => {
    const answer = await post(smsUrl(), current, await token());
    expect(answer.status).toBe(401);
    expect(answer.body.error).toMatchObject({ code: 'InvalidAuthenticationToken', message: expect.stringContaining(says) });
    expect(stack.graph.graphCalls()).toHaveLength(0);
  });

  it('accepts the configured App ID URI as the audience too', async () => {
    const token = await stack.entra.issueUserToken({ oid: dana.id }, stack.config.sso.appIdUri);
    expect((await post(smsUrl(), current, token)).status).toBe(202);
  });

  it("refuses someone who is not the meeting's organizer with 403 notOrganizer, before any Graph call", async () => {
    const exchangesBefore = stack.entra.onBehalfOfCalls().length;
    const answer = await post(smsUrl(danasMeeting.id), current, await ssoToken(sam.id));
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ code: 'notOrganizer', message: expect.stringContaining('organizer') });
    expect(stack.graph.graphCalls()).toHaveLength(0);
    expect(stack.entra.onBehalfOfCalls()).toHaveLength(exchangesBefore);
  });

  it.each([
    ['consent', 'consentRequired', { message: expect.stringContaining('consent') }],
    ['mfa', 'interactionRequired', { claims: expect.stringContaining('capolids') }],
  ] as const)('answers 403 so the side panel can prompt, when Entra refuses for %s', async (refusal, code, says) => {
    const oid = refusal === 'consent' ? 'c0c0c0c0-1111-4222-8333-444444444444' : 'd0d0d0d0-1111-4222-8333-444444444444';
    stack.entra.refuseUser(oid, refusal);
    const answer = await post(smsUrl('MSpzb21lLW1lZXRpbmc='), current, await ssoToken(oid));
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ code, ...says });
  });

  it('distinguishes a missing Teams Premium licence (403 forbidden) from consent and organizer refusals', async () => {
    const answer = await post(smsUrl(samsMeeting.id), current, await ssoToken(sam.id));
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('Teams Premium'),
      graphRequestId: expect.any(String),
    });
  });

  it('makes exactly one on-behalf-of call for ten sends by one user', async () => {
    const oid = 'e0e0e0e0-1111-4222-8333-444444444444';
    const token = await ssoToken(oid);
    const before = stack.entra.onBehalfOfCalls().length;
    for (let i = 0; i < 10; i += 1) await post(smsUrl('MSpzb21lLW1lZXRpbmc='), current, token);
    expect(stack.entra.onBehalfOfCalls().length - before).toBe(1);
  });

  it('keeps one on-behalf-of exchange per user when several organizers send in turn', async () => {
    const oids = ['f1f1f1f1-1111-4222-8333-444444444444', 'f2f2f2f2-1111-4222-8333-444444444444', 'f3f3f3f3-1111-4222-8333-444444444444'];
    const tokens = await Promise.all(oids.map((oid) => ssoToken(oid)));
    const before = stack.entra.onBehalfOfCalls().length;
    for (let round = 0; round < 3; round += 1) {
      for (const token of tokens) await post(smsUrl('MSpzb21lLW1lZXRpbmc='), current, token);
    }
    expect(stack.entra.onBehalfOfCalls().length - before).toBe(oids.length);
  });

  it('makes one on-behalf-of call for a burst of concurrent sends by a new user', async () => {
    const token = await ssoToken('f4f4f4f4-1111-4222-8333-444444444444');
    const before = stack.entra.onBehalfOfCalls().length;
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        post(smsUrl('MSpzb21lLW1lZXRpbmc='), { ...current, attendees: [{ phoneNumber: `+1312922412${i}` }] }, token),
      ),
    );
    expect(stack.entra.onBehalfOfCalls().length - before).toBe(1);
  });
});

describe('when Graph cannot do it', () => {
  const current = { attendees: [{ phoneNumber: '+13129224122' }], messageType: 'cancellation' };

  it('answers 404 for a meeting Graph does not know', async () => {
    const answer = await post(smsUrl('MSpub3QtYS1tZWV0aW5n'), current, await ssoToken());
    expect(answer).toMatchObject({ status: 404, body: { error: { code: 'meetingNotFound' } } });
  });

  it('answers 429 with Retry-After when Graph keeps throttling beyond the wait budget', async () => {
    stack.graph.injectFault({ type: 'status', status: 429, retryAfter: '30' });
    const answer = await post(smsUrl(), current, await ssoToken());
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('30');
    expect(answer.body.error.code).toBe('throttled');
  });

  it('answers 503 when Graph is down, and says nothing was sent', async () => {
    stack.graph.injectFault({ type: 'status', status: 503, retryAfter: '0.01', times: 3 });
    const answer = await post(smsUrl(), current, await ssoToken());
    expect(answer.status).toBe(503);
    expect(answer.body.error).toMatchObject({ code: 'graphUnavailable', message: expect.stringContaining('Nothing was sent') });
    expect(answer.body.receipt?.numbers[0]?.outcome).toBe('notSent');
  });
});

describe('what the app writes to its logs', () => {
  it('never contains a token or a full phone number', async () => {
    const token = await ssoToken();
    await post(smsUrl(), { phoneNumbers: ['+13129224122'], virtualAppointmentSmsType: 'confirmation' }, token);
    const logs = stack.logs();
    expect(logs).toContain('+1312•••4122');
    expect(logs).not.toContain('+13129224122');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(token.split('.')[1]);
  });
});

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${stack.app.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${stack.app.url}/readyz`)).json()).toEqual({
      status: 'ready',
      checks: { configuration: 'ok', storage: 'ok', identity: 'ok' },
    });
  });
});
