import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntraStandIn } from '../../dev/entra-standin/entraStandIn';
import type { GraphSandbox } from '../../dev/graph-sandbox/graphSandbox';
import type { SandboxEvent, SandboxMeeting } from '../../dev/graph-sandbox/sandboxTypes';
import { ensureDevCertificate } from '../../dev/tls/devCertificate';
import { startAppProcess } from '../support/appProcess';
import { dana, sam, startGraphSandbox } from '../support/graphSandbox';
import { CLIENT_ID, TENANT_ID, useStack, type Stack } from '../support/stack';

/**
 * Close a day: every appointment of Dana's on 2026-12-01 (Chicago) texted once, each with its own
 * outcome, over real HTTP with Graph's calendarView in the sandbox.
 */
const stackNow = useStack();
let stack: Stack;

const DAY = '2026-12-01';
const APPOINTMENTS = 30;

function appointment(index: number, slot = index): { meeting: SandboxMeeting; event: SandboxEvent } {
  const thread = `19:meeting_day${index}@thread.v2`;
  const joinWebUrl = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(thread)}/0`;
  // From 9:00 in Chicago (15:00 UTC), every 15 minutes.
  const start = new Date(Date.parse('2026-12-01T15:00:00Z') + slot * 15 * 60_000);
  return {
    meeting: {
      id: Buffer.from(`1*${dana.id}*0**${thread}`).toString('base64'),
      organizerId: dana.id,
      subject: `Check-up ${index + 1}`,
      chatThreadId: thread,
      joinWebUrl,
      attendeeJoinWebUrl: `https://visit.teams.microsoft.com/webrtc-svc/api/route?convId=${thread}`,
    },
    event: {
      id: `event-${index}`,
      calendarOf: dana.id,
      subject: `Check-up ${index + 1}`,
      start: start.toISOString(),
      end: new Date(start.getTime() + 15 * 60_000).toISOString(),
      joinUrl: joinWebUrl,
    },
  };
}

const day = Array.from({ length: APPOINTMENTS }, (_, index) => appointment(index));
/** What a calendar also holds, none of which may be texted. */
const notAppointments: SandboxEvent[] = [
  {
    id: 'cancelled',
    calendarOf: dana.id,
    subject: 'Cancelled visit',
    start: '2026-12-01T22:00:00Z',
    end: '2026-12-01T22:30:00Z',
    isCancelled: true,
    joinUrl: 'https://teams.microsoft.com/l/meetup-join/cancelled',
  },
  {
    id: 'all-day',
    calendarOf: dana.id,
    subject: 'Clinic open day',
    start: '2026-12-01T06:00:00Z',
    end: '2026-12-02T06:00:00Z',
    isAllDay: true,
  },
  { id: 'in-person', calendarOf: dana.id, subject: 'Lunch', start: '2026-12-01T18:00:00Z', end: '2026-12-01T19:00:00Z' },
  {
    id: 'theirs',
    calendarOf: dana.id,
    subject: "Sam's team meeting",
    start: '2026-12-01T20:00:00Z',
    end: '2026-12-01T20:30:00Z',
    isOrganizer: false,
    joinUrl: 'https://teams.microsoft.com/l/meetup-join/sams',
  },
  // The next day in Chicago (after 06:00 UTC on the 2nd), and another organizer's calendar.
  {
    id: 'tomorrow',
    calendarOf: dana.id,
    subject: 'Tomorrow',
    start: '2026-12-02T15:00:00Z',
    end: '2026-12-02T15:30:00Z',
    joinUrl: day[0]?.meeting.joinWebUrl,
  },
  {
    id: 'sams',
    calendarOf: sam.id,
    subject: "Sam's visit",
    start: '2026-12-01T15:00:00Z',
    end: '2026-12-01T15:30:00Z',
    joinUrl: day[1]?.meeting.joinWebUrl,
  },
];

async function call(method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${stack.app.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as DayAnswer };
}

interface DayAnswer {
  appointments: Array<{
    subject: string;
    status: string;
    reason?: string;
    numbers: string[];
    timeZones?: string[];
    receipt?: { status: string; repeat?: boolean; failure?: { reason: string }; refused?: Array<{ masked: string; reason: string }> };
  }>;
  summary?: Record<string, number>;
  id?: string;
  state?: string;
  value?: Array<{ id: string; date: string; messageType: string; state: string; summary: Record<string, number> }>;
  error?: { code: string; details?: Array<{ target: string; message: string }> };
}

const numberOf = (index: number) => `+1312555${String(1000 + index)}`;
const phoneOf = (sms: { body: Record<string, unknown> }) =>
  (sms.body as { attendees: Array<{ phoneNumber: string }> }).attendees[0]?.phoneNumber ?? '';
let token: string;

beforeAll(async () => {
  stack = stackNow();
  stack.graph.addAppointments(
    day.map(({ meeting }) => meeting),
    [...day.map(({ event }) => event), ...notAppointments],
  );
  token = await stack.entra.issueUserToken({ oid: dana.id, name: dana.displayName });
  // Each appointment's saved number, but two appointments have none.
  for (const [index, { meeting }] of day.entries()) {
    if (index === 7 || index === 8) continue;
    const saved = await call('POST', `/me/onlineMeetings/${encodeURIComponent(meeting.id)}/attendees`, token, {
      attendees: [{ phoneNumber: numberOf(index) }],
    });
    expect(saved.status).toBe(200);
  }
  // Appointment 3's attendee asked not to be texted.
  expect(
    (
      await fetch(`${stack.app.url}/api/doNotText/${encodeURIComponent(numberOf(3))}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}` },
      })
    ).status,
  ).toBeLessThan(300);
});

describe('closing a day (POST /api/me/virtualAppointments/dayActions)', () => {
  it('previews the day in the organizer own time zone: each appointment, its masked numbers, and what is not texted and why', async () => {
    const preview = await call('POST', '/me/virtualAppointments/dayActions', token, {
      date: DAY,
      messageType: 'cancellation',
      timeZone: 'America/Chicago',
      preview: true,
    });
    expect(preview.status).toBe(200);
    const byStatus = (status: string) => preview.body.appointments.filter((entry) => entry.status === status);
    expect(byStatus('ready')).toHaveLength(APPOINTMENTS - 2);
    expect(byStatus('noNumbers').map((entry) => entry.subject)).toEqual(['Check-up 8', 'Check-up 9']);
    expect(byStatus('skipped').map((entry) => [entry.subject, entry.reason])).toEqual([
      ['Clinic open day', 'An all-day event, not an appointment.'],
      ['Lunch', 'Not a Teams meeting: nobody to text.'],
      ["Sam's team meeting", 'Someone else organizes it: only its organizer can text its attendees.'],
      ['Cancelled visit', 'Already cancelled in your calendar.'],
    ]);
    expect(preview.body.appointments[1]?.numbers).toEqual(['+1312•••1000']);
    // Saved through REST without a zone: the organizer's own, shown before anything is sent.
    expect(preview.body.appointments[1]?.timeZones).toEqual(['Eastern Standard Time']);
    expect(JSON.stringify(preview.body)).not.toContain('+13125551000');
    expect(stack.graph.sent).toHaveLength(0);
  });

  it('answers the same under its earlier name, notifyDay, for clients written before', async () => {
    const body = { date: DAY, messageType: 'cancellation', timeZone: 'America/Chicago', preview: true };
    const [now, earlier] = [
      await call('POST', '/me/virtualAppointments/dayActions', token, body),
      await call('POST', '/me/virtualAppointments/notifyDay', token, body),
    ];
    expect(earlier.status).toBe(200);
    expect(earlier.body).toEqual(now.body);
  });

  it('texts each appointment once, with its own outcome: throttled then sent, deleted meeting, do-not-text', async () => {
    stack.graph.reset();
    // Graph throttles appointment 5 once, and appointment 12's meeting was deleted.
    stack.graph.injectFault(
      { type: 'status', status: 429, retryAfter: '0.05', times: 1, match: encodeURIComponent(day[5]?.meeting.id ?? '') },
      { type: 'status', status: 404, times: 10, match: encodeURIComponent(day[12]?.meeting.id ?? '') },
    );
    const closed = await call('POST', '/me/virtualAppointments/dayActions', token, {
      date: DAY,
      messageType: 'cancellation',
      timeZone: 'Central Standard Time',
    });
    expect(closed.status).toBe(200);
    expect(closed.body.summary).toEqual({ sent: APPOINTMENTS - 4, refused: 1, failed: 1, noNumbers: 2, skipped: 4 });
    const outcome = (subject: string) => closed.body.appointments.find((entry) => entry.subject === subject)?.receipt;
    expect(outcome('Check-up 6')?.status).toBe('sent');
    // Graph said 429 first; its Retry-After was honoured and the same request went again.
    expect(stack.graph.graphCalls(encodeURIComponent(day[5]?.meeting.id ?? '')).map((request) => request.status)).toEqual([429, 202]);
    // Refused, and why, by number: the day says what the organizer can act on.
    expect(outcome('Check-up 4')).toMatchObject({
      status: 'refused',
      refused: [{ masked: '+1312•••1003', reason: expect.stringContaining("on your organization's do-not-text list") }],
    });
    expect(outcome('Check-up 13')).toMatchObject({ status: 'failed', failure: { reason: 'meetingNotFound' } });
    expect(stack.graph.sent).toHaveLength(APPOINTMENTS - 4);
    expect(stack.graph.sent.every((sms) => (sms.body as { messageType: string }).messageType === 'cancellation')).toBe(true);
  });

  it('keeps a record of the day action: listed with its summary, and each appointment with its outcome, masked numbers only', async () => {
    const listed = await call('GET', '/me/virtualAppointments/dayActions', token);
    expect(listed.status).toBe(200);
    expect(listed.body.value).toEqual([
      expect.objectContaining({
        id: `${DAY}.cancellation`,
        date: DAY,
        messageType: 'cancellation',
        state: 'done',
        summary: { sent: APPOINTMENTS - 4, refused: 1, failed: 1, noNumbers: 2, skipped: 4 },
      }),
    ]);
    const record = await call('GET', `/me/virtualAppointments/dayActions/${DAY}.cancellation`, token);
    expect(record.status).toBe(200);
    // The side panel's card of the day says why an appointment was refused, not just that it was.
    const card = await fetch(`${stack.app.url}/api/me/virtualAppointments/cards/dayActions/${DAY}.cancellation`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await card.text()).toMatch(/refused, nothing sent: \\"\+1312•••1003\\" is on your organization's do-not-text list/);
    expect(record.body).toMatchObject({ id: `${DAY}.cancellation`, state: 'done' });
    expect(record.body.appointments.find((entry) => entry.subject === 'Check-up 13')?.receipt).toMatchObject({
      status: 'failed',
      failure: { reason: 'meetingNotFound' },
    });
    expect(record.body.appointments.find((entry) => entry.subject === 'Check-up 4')?.receipt?.status).toBe('refused');
    expect(JSON.stringify(record.body)).not.toMatch(/\+1312555\d{4}/);
    // Only the organizer's own day actions: Sam has none, and cannot read Dana's.
    const samsToken = await stack.entra.issueUserToken({ oid: sam.id, name: sam.displayName });
    expect((await call('GET', '/me/virtualAppointments/dayActions', samsToken)).body.value).toEqual([]);
    expect((await call('GET', `/me/virtualAppointments/dayActions/${DAY}.cancellation`, samsToken)).status).toBe(404);
  });

  it('run again, texts nobody twice: each appointment already texted answers with its first outcome', async () => {
    // Appointment 13's meeting is still deleted.
    stack.graph.injectFault({ type: 'status', status: 404, times: 10, match: encodeURIComponent(day[12]?.meeting.id ?? '') });
    const sentBefore = stack.graph.sent.length;
    const again = await call('POST', '/me/virtualAppointments/dayActions', token, {
      date: DAY,
      messageType: 'cancellation',
      timeZone: 'America/Chicago',
    });
    expect(again.status).toBe(200);
    expect(
      again.body.appointments.filter((entry) => entry.receipt?.status === 'sent').every((entry) => entry.receipt?.repeat === true),
    ).toBe(true);
    expect(stack.graph.sent).toHaveLength(sentBefore);
  });

  it('refuses a date, zone or kind it cannot read, by field, with nothing sent', async () => {
    const refused = await call('POST', '/me/virtualAppointments/dayActions', token, {
      date: '12/01/2026',
      messageType: 'goodbye',
      timeZone: 'Mars/Olympus',
    });
    expect(refused.status).toBe(400);
    // Each field on its own: a bad date is named even beside a bad zone.
    expect(refused.body.error?.details?.map((detail) => detail.target)).toEqual(['messageType', 'timeZone', 'date']);
  });
});

describe('hostile day requests', () => {
  const raw = (init: RequestInit) => fetch(`${stack.app.url}/api/me/virtualAppointments/dayActions`, { method: 'POST', ...init });

  it('refuses no token, a broken body, an unknown field and an oversize body, each in the envelope, with nothing sent', async () => {
    const json = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    expect((await raw({ headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    const broken = await raw({ headers: json, body: '{"date": "2026-12-01", ' });
    expect(broken.status).toBe(400);
    const unknown = await raw({ headers: json, body: JSON.stringify({ date: DAY, messageType: 'cancellation', cc: 'everyone' }) });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as DayAnswer).error?.code).toBe('invalidRequest');
    const previewNotBoolean = await raw({
      headers: json,
      body: JSON.stringify({ date: DAY, messageType: 'cancellation', preview: 'yes' }),
    });
    expect(previewNotBoolean.status).toBe(400);
    expect((await raw({ headers: json, body: JSON.stringify({ date: 'x'.repeat(70_000), messageType: 'cancellation' }) })).status).toBe(
      413,
    );
    expect(stack.graph.sent).toHaveLength(0);
  });

  it("reads only the caller's own calendar: another organizer's day is their own, and Dana's appointments are not in it", async () => {
    const samsToken = await stack.entra.issueUserToken({ oid: sam.id, name: sam.displayName });
    const samsDay = await call('POST', '/me/virtualAppointments/dayActions', samsToken, {
      date: DAY,
      messageType: 'cancellation',
      timeZone: 'America/Chicago',
      preview: true,
    });
    expect(samsDay.status).toBe(200);
    expect(samsDay.body.appointments.map((entry) => entry.subject)).toEqual(["Sam's visit"]);
    // Dana's join link in Sam's calendar is not Sam's meeting: nothing of Dana's can be texted by Sam.
    expect(samsDay.body.appointments[0]?.status).toBe('skipped');
  });
});

describe('a day action cut off by a stop, then run again', () => {
  let graph: GraphSandbox;
  let entra: EntraStandIn;
  let env: Record<string, string>;
  const cutDay = Array.from({ length: 10 }, (_, index) => appointment(100 + index, index));

  beforeAll(async () => {
    graph = await startGraphSandbox();
    graph.addAppointments(
      cutDay.map(({ meeting }) => meeting),
      cutDay.map(({ event }) => event),
    );
    const { cert, key } = await ensureDevCertificate();
    entra = new EntraStandIn({ tls: { cert, key }, tenantId: TENANT_ID, clients: [{ clientId: CLIENT_ID, clientSecret: 'day-test' }] });
    await entra.start();
    env = {
      BOT_ID: CLIENT_ID,
      BOT_PASSWORD: 'day-test',
      AAD_APP_CLIENT_ID: CLIENT_ID,
      AAD_APP_CLIENT_SECRET: 'day-test',
      AAD_APP_TENANT_ID: TENANT_ID,
      AAD_APP_OAUTH_AUTHORITY_HOST: entra.url,
      GRAPH_BASE_URL: graph.url,
      SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'day-')), 'app.db'),
    };
  });
  afterAll(async () => {
    await graph.stop();
    await entra.stop();
  });

  it('leaves an exact account: sent before the stop, unknown while cut off, sent after; nobody texted twice', async () => {
    const dayToken = await entra.issueUserToken({ oid: dana.id, name: dana.displayName });
    const first = await startAppProcess(env);
    const post = (url: string, path: string, body: unknown) =>
      fetch(`${url}/api${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${dayToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    for (const [index, { meeting }] of cutDay.entries()) {
      const saved = await post(first.url, `/me/onlineMeetings/${encodeURIComponent(meeting.id)}/attendees`, {
        attendees: [{ phoneNumber: numberOf(100 + index) }],
      });
      expect(saved.status).toBe(200);
    }
    // Graph holds the sixth to ninth appointments' texts: all four senders are busy when the app
    // stops, so the tenth is certainly not reached.
    const heldOnes = [5, 6, 7, 8].map((index) => encodeURIComponent(cutDay[index]?.meeting.id ?? ''));
    graph.injectFault(...heldOnes.map((match) => ({ type: 'delay' as const, ms: 3000, match })));
    const closing = post(first.url, '/me/virtualAppointments/dayActions', {
      date: DAY,
      messageType: 'cancellation',
      timeZone: 'America/Chicago',
    }).catch(() => 'connection lost');
    while (!heldOnes.every((held) => graph.arrivals.some((path) => path.includes(held))))
      await new Promise((resolve) => setTimeout(resolve, 10));
    await first.stop('SIGKILL');
    expect(await closing).toBe('connection lost');
    const textedBeforeRestart = new Set(graph.sent.map(phoneOf));
    expect(textedBeforeRestart.size).toBeLessThan(cutDay.length);

    const second = await startAppProcess(env);
    try {
      // Before anything is resent, the record says exactly where the day stands.
      const recorded = (await (
        await fetch(`${second.url}/api/me/virtualAppointments/dayActions/${DAY}.cancellation`, {
          headers: { authorization: `Bearer ${dayToken}` },
        })
      ).json()) as DayAnswer;
      expect(recorded.state).toBe('interrupted');
      const recordedOutcome = (subject: string) => recorded.appointments.find((entry) => entry.subject === subject)?.receipt;
      expect(recordedOutcome('Check-up 106')).toMatchObject({ status: 'uncertain', failure: { reason: 'interrupted' } });
      for (const entry of recorded.appointments) {
        const texted = textedBeforeRestart.has(numberOf(100 + Number(/\d+$/.exec(entry.subject)?.[0]) - 101));
        if (entry.receipt?.status === 'sent') expect(texted).toBe(true);
        if (!entry.receipt) expect(texted).toBe(false);
        if (texted) expect(['sent', 'uncertain']).toContain(entry.receipt?.status);
      }
      expect(recorded.summary).toMatchObject({ uncertain: 4, notTexted: 1 });
      const again = (await (
        await post(second.url, '/me/virtualAppointments/dayActions', {
          date: DAY,
          messageType: 'cancellation',
          timeZone: 'America/Chicago',
        })
      ).json()) as DayAnswer;
      const numberOfEntry = (entry: DayAnswer['appointments'][number]) => numberOf(100 + Number(/\d+$/.exec(entry.subject)?.[0]) - 101);
      const withReceipt = again.appointments.filter((entry) => entry.receipt);
      // Cut off mid-call (the held one, and any others in flight at the stop): reported, never sent again.
      expect(withReceipt.find((entry) => entry.subject === 'Check-up 106')?.receipt).toMatchObject({ status: 'uncertain', repeat: true });
      expect(withReceipt.every((entry) => ['sent', 'uncertain'].includes(entry.receipt?.status ?? ''))).toBe(true);
      expect(withReceipt).toHaveLength(cutDay.length);
      // Sent before the stop: the first outcome, again. Sent only now: never texted before.
      for (const entry of withReceipt.filter((candidate) => candidate.receipt?.status === 'sent')) {
        expect(textedBeforeRestart.has(numberOfEntry(entry))).toBe(entry.receipt?.repeat === true);
      }
      // Graph finished the held requests on its own; nobody got two texts.
      await graph.idle();
      const texted = graph.sent.map(phoneOf);
      expect(new Set(texted).size).toBe(texted.length);
      const sentNumbers = withReceipt.filter((entry) => entry.receipt?.status === 'sent').map(numberOfEntry);
      expect(texted).toEqual(expect.arrayContaining(sentNumbers));
    } finally {
      await second.stop();
    }
  }, 60_000);
});
