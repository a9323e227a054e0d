import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { dana, danasMeeting, sam } from '../support/graphSandbox';
import { startProcessStack, type ProcessStack } from '../support/processStack';

/**
 * Generated hostile requests across every route: bodies, encodings, headers, path and query
 * parameters, sizes. Whatever arrives, the answer is below 500, in the error envelope when it is
 * an error, and the process (run as `npm start` runs it) never exits.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 600);

let stack: ProcessStack;
let tokens: string[];
beforeAll(async () => {
  stack = await startProcessStack();
  tokens = [
    await stack.entra.issueUserToken({ oid: dana.id, name: dana.displayName }),
    await stack.entra.issueUserToken({ oid: dana.id, roles: ['AppointmentSms.Admin'] }),
    await stack.entra.issueUserToken({ oid: sam.id }),
    await stack.entra.issueForgedToken({ oid: dana.id }),
  ];
}, 30_000);
afterAll(() => stack.stop());

const meeting = encodeURIComponent(danasMeeting.id);
const ROUTES: ReadonlyArray<{ method: string; path: (segment: string) => string }> = [
  { method: 'GET', path: () => '/healthz' },
  { method: 'GET', path: () => '/readyz' },
  { method: 'POST', path: () => '/api/messages' },
  { method: 'POST', path: (id) => `/api/me/onlineMeetings/${id}/sendVirtualAppointmentSms` },
  { method: 'POST', path: (id) => `/api/me/onlineMeetings/${id}/sendVirtualAppointmentReminderSms` },
  { method: 'GET', path: (id) => `/api/me/onlineMeetings/${id}/notifications` },
  { method: 'GET', path: (id) => `/api/me/onlineMeetings/${id}/attendees` },
  { method: 'POST', path: (id) => `/api/me/onlineMeetings/${id}/attendees` },
  { method: 'DELETE', path: (number) => `/api/me/onlineMeetings/${meeting}/attendees/${number}` },
  { method: 'GET', path: () => '/api/doNotText' },
  { method: 'PUT', path: (number) => `/api/doNotText/${number}` },
  { method: 'DELETE', path: (number) => `/api/doNotText/${number}` },
  { method: 'GET', path: (chat) => `/api/me/chats/${chat}/appointment` },
  { method: 'POST', path: (id) => `/api/me/onlineMeetings/${id}/cards/sendForm` },
  { method: 'GET', path: (id) => `/api/me/onlineMeetings/${id}/cards/history` },
  { method: 'GET', path: (id) => `/api/me/onlineMeetings/${meeting}/cards/receipts/${id}` },
  { method: 'POST', path: () => '/api/me/virtualAppointments/dayActions' },
  { method: 'GET', path: () => '/api/me/virtualAppointments/dayActions' },
  { method: 'GET', path: (id) => `/api/me/virtualAppointments/dayActions/${id}` },
  { method: 'GET', path: (query) => `/api/me/virtualAppointments/cards/dayChoice?date=${query}&timeZone=${query}` },
  { method: 'POST', path: () => '/api/me/virtualAppointments/cards/dayActions/preview' },
  { method: 'GET', path: (id) => `/api/me/virtualAppointments/cards/dayActions/${id}` },
  { method: 'GET', path: () => '/api/admin/policy' },
  { method: 'PUT', path: () => '/api/admin/policy' },
  { method: 'GET', path: (id) => `/api/me/scheduledSends?onlineMeetingId=${id}` },
  { method: 'DELETE', path: (id) => `/api/me/scheduledSends/${id}` },
  { method: 'POST', path: (id) => `/api/me/onlineMeetings/${id}/scheduledReminder` },
  { method: 'GET', path: (id) => `/api/me/onlineMeetings/${id}/cards/scheduled` },
  { method: 'GET', path: (file) => `/tab/${file}` },
  { method: 'GET', path: (anything) => `/${anything}` },
];

const pathSegment = fc.oneof(
  { weight: 8, arbitrary: fc.constant(meeting) },
  { weight: 1, arbitrary: fc.constant('%2B13129224122') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '%',
      '%25',
      '%25E0%25A4%25A',
      '%E0%A4%A',
      '%00',
      '..%2F..%2Fetc%2Fpasswd',
      'index.html',
      'a'.repeat(3000),
      '%F0%9F%92%A9',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map(encodeURIComponent) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9%._~-]{0,60}$/) },
);

const query = fc.oneof(
  fc.constant(''),
  fc
    .record({
      top: fc.oneof(fc.integer({ min: -5, max: 500 }).map(String), fc.string({ maxLength: 8 })),
      skip: fc.option(fc.string({ maxLength: 30 })),
    })
    .map(({ top, skip }) => `?$top=${encodeURIComponent(top)}${skip === null ? '' : `&$skiptoken=${encodeURIComponent(skip)}`}`),
  fc.stringMatching(/^\?[A-Za-z0-9%=&$]{0,40}$/),
);

const sendLike = fc.record(
  {
    attendees: fc.array(
      fc.record({
        phoneNumber: fc.oneof(fc.constant('+13129224122'), fc.string({ maxLength: 20 })),
        timeZone: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
      }),
      { maxLength: 4 },
    ),
    messageType: fc.constantFrom('confirmation', 'reschedule', 'cancellation', 'nonsense'),
    phoneNumbers: fc.array(fc.string({ maxLength: 15 }), { maxLength: 3 }),
    virtualAppointmentSmsType: fc.string({ maxLength: 12 }),
    type: fc.constantFrom('message', 'invoke', 5),
  },
  { requiredKeys: [] },
);

const validSend = fc
  .record({
    phoneNumber: fc.constantFrom('+13129224122', '(415) 555-0133', '312.555.0100'),
    messageType: fc.constantFrom('confirmation', 'cancellation'),
  })
  .map(({ phoneNumber, messageType }) => Buffer.from(JSON.stringify({ attendees: [{ phoneNumber }], messageType })));

const dayLike = fc.record(
  {
    date: fc.oneof(fc.constantFrom('2026-12-01', '2026-02-30', '2026-03-08', ''), fc.string({ maxLength: 12 })),
    messageType: fc.oneof(fc.constantFrom('cancellation', 'reschedule'), fc.string({ maxLength: 12 })),
    timeZone: fc.oneof(fc.constantFrom('America/Chicago', 'Pacific Standard Time', 'Mars/Olympus'), fc.string({ maxLength: 20 })),
    preview: fc.oneof(fc.boolean(), fc.string({ maxLength: 5 })),
  },
  { requiredKeys: [] },
);

const body = fc.oneof(
  fc.constant(undefined),
  { weight: 2, arbitrary: dayLike.map((value) => Buffer.from(JSON.stringify(value))) },
  { weight: 5, arbitrary: validSend },
  { weight: 3, arbitrary: sendLike.map((value) => Buffer.from(JSON.stringify(value))) },
  fc.jsonValue({ maxDepth: 3 }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc.constant(Buffer.alloc(70 * 1024, 'a')),
  sendLike.map((value) => gzipSync(JSON.stringify(value))),
);

// Weighted so that most requests get past authentication and body reading into the routes' own logic.
const headers = fc.record({
  authorization: fc.oneof(
    { weight: 6, arbitrary: fc.nat(3).map((i) => `Bearer ${tokens[i]}`) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, 'Bearer', 'Basic Zm9vOmJhcg==') },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((text) => `Bearer ${text}`) },
  ),
  'content-type': fc.oneof(
    { weight: 6, arbitrary: fc.constant('application/json') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        undefined,
        'text/plain',
        'multipart/form-data',
        'application/octet-stream',
        'application/json; charset=latin1',
        ';;',
      ),
    },
  ),
  'content-encoding': fc.oneof(
    { weight: 8, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'gzip, gzip', 'x') },
  ),
  'idempotency-key': fc.option(
    fc.string({ maxLength: 250 }).map((text) => text.replace(/[\r\n\0]/g, '')),
    { nil: undefined },
  ),
  'accept-language': fc.option(
    fc.string({ maxLength: 20 }).map((text) => text.replace(/[^\x20-\x7e]/g, '')),
    { nil: undefined },
  ),
});

const hostileRequest = fc.record({
  route: fc.nat(ROUTES.length - 1),
  otherMethod: fc.oneof(
    { weight: 9, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS') },
  ),
  segment: pathSegment,
  query,
  body,
  headers,
});

interface Answer {
  status: number;
  text: string;
}

function send(
  method: string,
  path: string,
  headerValues: Record<string, string | undefined>,
  payload: Buffer | undefined,
): Promise<Answer> {
  const given = Object.fromEntries(Object.entries(headerValues).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const length = payload === undefined ? {} : { 'content-length': String(payload.length) };
  return new Promise((resolve, reject) => {
    const outgoing = request(new URL(path, stack.app.url), { method, headers: { ...length, ...given }, timeout: 20_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer to ${method} ${path}`)));
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

it(`answers ${RUNS} generated hostile requests across every route below 500, in the error envelope, and keeps running`, async () => {
  const statuses = new Map<number, number>();
  const serverErrors: string[] = [];
  await fc.assert(
    fc.asyncProperty(hostileRequest, async (generated) => {
      const route = ROUTES[generated.route];
      const method = generated.otherMethod ?? route.method;
      const path = `${route.path(generated.segment)}${generated.query}`;
      let answer: Answer;
      try {
        answer = await send(method, path, generated.headers, generated.body);
      } catch (error) {
        // A request Node itself refuses to write (an invalid header) is not an answer of ours.
        if (error instanceof TypeError || (error as NodeJS.ErrnoException).code === 'ERR_INVALID_CHAR') return;
        throw error;
      }
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (answer.status >= 500) serverErrors.push(`${method} ${path} → ${answer.status} ${answer.text.slice(0, 200)}`);
      if (answer.status >= 400 && answer.text !== '') expect(JSON.parse(answer.text)).toHaveProperty('error.code');
      expect(answer.text).not.toMatch(/\n\s+at |TypeError|SyntaxError|URIError/);
      expect(stack.exited()).toBe(false);
    }),
    { numRuns: RUNS },
  );

  const summary = {
    requests: RUNS,
    statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
    serverErrors,
    graphCalls: stack.graph.graphCalls().length,
  };
  mkdirSync(join(__dirname, '..', 'artifacts'), { recursive: true });
  writeFileSync(join(__dirname, '..', 'artifacts', 'fuzz-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  expect(serverErrors).toEqual([]);
  expect(stack.exited()).toBe(false);
  expect((await fetch(`${stack.app.url}/healthz`)).status).toBe(200);
}, 240_000);
