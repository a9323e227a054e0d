import { randomUUID } from 'node:crypto';
import { generateKeyPair } from 'jose';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { dana, danasMeeting } from '../support/graphSandbox';
import { startAppProcess } from '../support/appProcess';
import { startProcessStack, type ProcessStack } from '../support/processStack';
import { CLIENT_ID } from '../support/stack';

/**
 * Requests an attacker (or a broken client) can send without any token. The app runs as its own
 * process, as in production, so a crash is an exit this file sees.
 */
let stack: ProcessStack;
beforeAll(async () => {
  stack = await startProcessStack({ AAD_APP_ID_URI: `api://appointments.contoso.example/botid-${CLIENT_ID}` });
}, 30_000);
afterAll(() => stack.stop());
beforeEach(() => stack.graph.reset());
afterEach(() => expect(stack.exited()).toBe(false));

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A request exactly as written: any header, any bytes. */
function raw(method: string, path: string, headers: Record<string, string>, body?: Buffer | string): Promise<RawAnswer> {
  const url = new URL(path, stack.app.url);
  return new Promise((resolve, reject) => {
    const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const outgoing = request(url, { method, headers: { ...length, ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const envelopeOf = (answer: RawAnswer) =>
  JSON.parse(answer.text) as { error: { code: string; message: string; details?: Array<{ target: string; message: string }> } };
const meetingPath = `/api/me/onlineMeetings/${encodeURIComponent(danasMeeting.id)}`;
const token = (claims: Record<string, unknown> = {}) => stack.entra.issueUserToken({ oid: dana.id, ...claims });
const json = (value: unknown) => JSON.stringify(value);

describe('a body that claims a content encoding', () => {
  it.each(['/healthz', '/api/messages', `${meetingPath}/sendVirtualAppointmentSms`, '/api/doNotText/3129224122'])(
    'that is not what it claims, sent to %s, is refused with 415 and the app keeps serving',
    async (path) => {
      const answer = await raw(
        path === '/healthz' ? 'GET' : 'POST',
        path,
        { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        'this is not gzip',
      );

      expect({ status: answer.status, text: answer.text }).toMatchObject({ status: 415 });
      expect(envelopeOf(answer).error).toMatchObject({
        code: 'unsupportedMediaType',
        message: expect.stringContaining('Content-Encoding'),
      });
      expect(answer.headers['accept-encoding']).toBe('identity');
      expect((await fetch(`${stack.app.url}/healthz`)).status).toBe(200);
    },
  );

  it('that is real gzip inflating far past 64 KiB is refused before it is inflated, and nothing is sent', async () => {
    const bomb = gzipSync(
      json({ attendees: [{ phoneNumber: '+13129224122', note: 'x'.repeat(8 * 1024 * 1024) }], messageType: 'confirmation' }),
    );
    expect(bomb.length).toBeLessThan(64 * 1024);

    const answer = await raw(
      'POST',
      `${meetingPath}/sendVirtualAppointmentSms`,
      {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        authorization: `Bearer ${await token()}`,
      },
      bomb,
    );

    expect(answer.status).toBe(415);
    expect(stack.graph.graphCalls()).toHaveLength(0);
  });

  it('"identity" is no encoding, and is read as usual', async () => {
    const answer = await raw(
      'POST',
      `${meetingPath}/sendVirtualAppointmentSms`,
      {
        'content-type': 'application/json',
        'content-encoding': 'identity',
        authorization: `Bearer ${await token()}`,
      },
      json({ attendees: [{ phoneNumber: '+13129224122' }], messageType: 'confirmation' }),
    );
    expect(answer.status).toBe(202);
  });
});

describe('input that used to reach an exception', () => {
  it('a do-not-text number with a stray percent sign is a 400 naming the number, not a 500', async () => {
    for (const path of ['/api/doNotText/%25', '/api/doNotText/%25E0%25A4%25A', '/api/doNotText/100%25']) {
      const answer = await raw('PUT', path, { authorization: `Bearer ${await token()}` });
      expect(answer.status).toBe(400);
      expect(envelopeOf(answer).error).toMatchObject({ code: 'invalidRequest', details: [{ target: 'phoneNumber' }] });
    }
  });

  it.each(['', '%20', 'not%20an%20id', '%F0%9F%92%A9'])(
    'a send to a meeting id that cannot be one ("%s") is a 400 naming it, and nothing reaches Graph',
    async (id) => {
      const answer = await raw(
        'POST',
        `/api/me/onlineMeetings/${id}/sendVirtualAppointmentSms`,
        { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
        json({ attendees: [{ phoneNumber: '+13129224122' }], messageType: 'confirmation' }),
      );
      expect(answer.status).toBe(400);
      expect(envelopeOf(answer).error).toMatchObject({ code: 'invalidRequest', details: [{ target: 'onlineMeetingId' }] });
      expect(stack.graph.graphCalls()).toHaveLength(0);
    },
  );

  it.each(['garbage', 'eyJub3QiOiJhIHBhaXIifQ', 'WyJ4Il0', '%00', 'W251bGwsbnVsbF0'])(
    'a $skiptoken this API never issued (%s) is a 400 in the error envelope',
    async (skiptoken) => {
      const answer = await raw('GET', `${meetingPath}/notifications?$skiptoken=${skiptoken}`, { authorization: `Bearer ${await token()}` });
      expect(answer.status).toBe(400);
      expect(envelopeOf(answer).error).toMatchObject({ code: 'invalidRequest', details: [{ target: '$skiptoken' }] });
    },
  );
});

describe("a tenant's first do-not-text entries, added at once", () => {
  it('are all kept: each of 10 concurrent 204s is on the list', async () => {
    const numbers = Array.from({ length: 10 }, (_, i) => `+1312555${String(2000 + i)}`);
    const answers = await Promise.all(
      numbers.map(async (number) =>
        raw('PUT', `/api/doNotText/${encodeURIComponent(number)}`, { authorization: `Bearer ${await token()}` }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(numbers.map(() => 204));

    const list = await raw('GET', '/api/doNotText', { authorization: `Bearer ${await token({ roles: ['AppointmentSms.Admin'] })}` });
    const masked = (JSON.parse(list.text) as { value: Array<{ masked: string }> }).value.map((entry) => entry.masked);
    expect(masked.sort()).toEqual(numbers.map((number) => `${number.slice(0, 5)}•••${number.slice(-4)}`).sort());
  });
});

describe('throttling', () => {
  it('a 429 always says when to come back, even when Graph gave no Retry-After', async () => {
    stack.graph.injectFault({ type: 'status', status: 429, times: 10, match: 'sendVirtualAppointmentSms' });
    const answer = await raw(
      'POST',
      `${meetingPath}/sendVirtualAppointmentSms`,
      {
        'content-type': 'application/json',
        authorization: `Bearer ${await token()}`,
        'idempotency-key': randomUUID(),
      },
      json({ attendees: [{ phoneNumber: '+13129224122' }], messageType: 'confirmation' }),
    );

    expect(answer.status).toBe(429);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    expect(stack.graph.sent).toHaveLength(0);
  }, 30_000);
});

describe('tokens', () => {
  const send = async (bearer: string) =>
    raw(
      'POST',
      `${meetingPath}/sendVirtualAppointmentSms`,
      { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, 'idempotency-key': randomUUID() },
      json({ attendees: [{ phoneNumber: '+13129224122' }], messageType: 'confirmation' }),
    );

  it("an activity signed with a key that is not Teams' is refused in one log line, with no key dumped", async () => {
    let output = '';
    const read = (chunk: Buffer) => (output += chunk.toString());
    stack.app.child.stdout.on('data', read);
    stack.app.child.stderr.on('data', read);
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await stack.teams.tokenFor(CLIENT_ID, { forgeWith: privateKey });
    const activity = { type: 'message', id: randomUUID(), channelId: 'msteams', serviceUrl: stack.teams.url, text: 'help' };
    const answer = await raw(
      'POST',
      '/api/messages',
      { 'content-type': 'application/json', authorization: `Bearer ${forged}` },
      json(activity),
    );
    expect(answer.status).toBe(401);
    // The refusal is logged once, by the app (pino); the bot SDK's own console dump of the key is not.
    while (!output.includes('activity refused: authentication failed')) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(output).not.toContain('PUBLIC KEY');
    expect(output).not.toContain('Error finding key for token');
  });

  it('a correctly signed token without an expiry is refused', async () => {
    const answer = await send(await token({ expiresInSeconds: null }));
    expect(answer.status).toBe(401);
    expect(envelopeOf(answer).error.message).toContain('expiry');
  });

  it('an App ID URI audience on any other host is refused; the configured App ID URI and the client id are accepted', async () => {
    expect((await send(await token({ aud: `api://evil.example/botid-${CLIENT_ID}` }))).status).toBe(401);
    expect((await send(await token({ aud: `api://evil.example/${CLIENT_ID}` }))).status).toBe(401);
    expect((await send(await token({ aud: `api://appointments.contoso.example/botid-${CLIENT_ID}` }))).status).toBe(202);
    stack.graph.reset();
    expect((await send(await token())).status).toBe(202);
  });
});

describe('where the app listens', () => {
  it('HOST=127.0.0.1 keeps it off every other address', async () => {
    const local = await startAppProcess({ ...stack.env, HOST: '127.0.0.1', PORT: '0' });
    try {
      const port = new URL(local.url).port;
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      await expect(fetch(`http://127.0.0.2:${port}/healthz`)).rejects.toThrow();
    } finally {
      await local.stop();
    }
  });

  it('by default listens on every address, as App Service needs', async () => {
    const port = new URL(stack.app.url).port;
    expect((await fetch(`http://127.0.0.2:${port}/healthz`)).status).toBe(200);
  });
});
