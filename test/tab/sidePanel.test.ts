import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { sendingHoursExcludingNow } from '../support/appointments';
import { pictureOf } from '../support/browser';
import { dana, danasMeeting, sam, samsMeeting } from '../support/graphSandbox';
import { TENANT_ID, type Stack } from '../support/stack';
import { sendFromPanel, setSendingHours, useSidePanels } from '../support/sidePanel';
import { APP_ORIGIN, hostCalls } from '../support/teamsHost';

const ARTIFACTS = join(__dirname, '..', 'artifacts');
// The app was added to both appointments: Teams told the bot, so it knows where their chats live.
const panels = useSidePanels(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
});
let stack: Stack;
beforeAll(() => {
  stack = panels.stack();
});

const openSidePanel = panels.open;
const send = sendFromPanel;

describe('the meeting side panel, inside a simulated Teams client', () => {
  let page: Page;
  let tab: FrameLocator;

  beforeAll(async () => {
    ({ page, tab } = await openSidePanel());
  });

  it("renders the organizer's send form with the appointment and its saved numbers", async () => {
    await tab.getByRole('heading', { name: 'Text the attendees' }).waitFor();
    await tab.getByText(danasMeeting.subject).first().waitFor();
    // The organizer's own view: saved numbers in full, as people write them.
    await tab.getByText('(415) 555-0133').first().waitFor();
    expect(await tab.getByText('Nothing has been sent yet.').isVisible()).toBe(true);
    const calls = (await hostCalls(page)).map((call) => call.func);
    expect(calls).toEqual(expect.arrayContaining(['initialize', 'getContext', 'authentication.getAuthToken']));
    await page.screenshot({ path: join(ARTIFACTS, 'side-panel-form.png') });
  });

  it('says on its Send button how many people will be texted, as numbers are ticked and typed', async () => {
    await tab.getByRole('button', { name: 'Send', exact: true }).waitFor();
    await tab.getByLabel('More numbers (one per line, or separated by commas)').fill('(312) 922-4122, 646 555 0100, 312-922-4122');
    await tab.getByRole('button', { name: 'Send to 2 people' }).waitFor();
    await tab.getByRole('checkbox').first().check();
    await tab.getByRole('button', { name: 'Send to 3 people' }).waitFor();
    await tab.getByRole('checkbox').first().uncheck();
    await tab.getByLabel('More numbers (one per line, or separated by commas)').fill('');
    await tab.getByRole('button', { name: 'Send', exact: true }).waitFor();
    expect(stack.graph.sent).toHaveLength(0);
  });

  it("shows a bad number's reason on the card and sends nothing", async () => {
    await send(tab, '242-421-4120', 'confirmation');
    await tab.getByText(/• "242-421-4120" is a Bahamas number/).waitFor();
    await tab.getByText('Nothing was sent. Fix these and send again:').waitFor();
    expect(await tab.getByLabel('More numbers (one per line, or separated by commas)').inputValue()).toBe('242-421-4120');
    expect(stack.graph.sent).toHaveLength(0);
    await page.screenshot({ path: join(ARTIFACTS, 'side-panel-refused.png') });
  });

  it('sends on Send: Graph gets the current body, the receipt and the history appear', async () => {
    await send(tab, '(312) 922-4122', 'reschedule');
    await tab.getByText('Accepted by Microsoft for sending', { exact: true }).waitFor();
    await tab.getByText('+1312•••4122').first().waitFor();
    expect(stack.graph.sent.map((sms) => sms.body)).toEqual([
      {
        // Saved numbers are offered, never pre-ticked: only what the organizer chose is texted.
        attendees: [{ phoneNumber: '+13129224122', timeZone: 'Pacific Standard Time' }],
        messageType: 'reschedule',
      },
    ]);
    await tab.getByText('Reschedule: accepted by Microsoft').waitFor();
    // In the browser's own zone (this one is set to Los Angeles), named.
    await tab
      .getByText(/\d{4}, \d{1,2}:\d{2} (AM|PM) (PST|PDT)$/)
      .first()
      .waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'side-panel-receipt.png') });
  });

  it('starts a fresh form for the next text, so the same text can be sent again on purpose', async () => {
    await tab.getByRole('button', { name: 'Text attendees again' }).click();
    const more = tab.getByLabel('More numbers (one per line, or separated by commas)');
    await more.waitFor();
    expect(await more.inputValue()).toBe('');
    await send(tab, '(312) 922-4122', 'reschedule');
    await tab.getByText('Accepted by Microsoft for sending', { exact: true }).waitFor();
    expect(stack.graph.sent).toHaveLength(1);
  });
  it("texts a ticked saved number in the zone saved with it, and typed ones in the browser's zone", async () => {
    await tab.getByRole('button', { name: 'Text attendees again' }).click();
    // Saved from the Chicago meeting chat: Central, shown (and changeable) beside the number.
    const savedZone = tab.getByLabel('Time zone of (415) 555-0133');
    await savedZone.waitFor();
    expect(await savedZone.inputValue()).toBe('Central Standard Time');
    await tab.getByRole('checkbox').first().check();
    await send(tab, '(646) 555-0199', 'confirmation');
    await tab.getByText('Accepted by Microsoft for sending', { exact: true }).waitFor();
    expect(stack.graph.sent.map((sms) => sms.body)).toEqual([
      {
        attendees: [
          { phoneNumber: '+14155550133', timeZone: 'Central Standard Time' },
          { phoneNumber: '+16465550199', timeZone: 'Pacific Standard Time' },
        ],
        messageType: 'confirmation',
      },
    ]);
  });
});

describe('the side panel for other people and places', () => {
  it('tells an attendee who is not the organizer that only the organizer can text', async () => {
    const { tab } = await openSidePanel({ user: { id: '7a7a7a7a-1111-4222-8333-444444444444', displayName: 'Alex Rivera (guest)' } });
    await tab.getByText('Organizer only').waitFor();
    await tab.getByText(/Only the appointment's organizer/).waitFor();
  });

  it('asks for consent when Entra needs it, opens the consent pop-up through Teams, then sends', async () => {
    stack.entra.refuseUser(sam.id, 'consent');
    const { page, tab } = await openSidePanel({ user: sam, meeting: samsMeeting });
    await send(tab, '(312) 922-4122', 'cancellation');
    await tab.getByText('Permission needed before texting').waitFor();
    const graphCalls = stack.graph.graphCalls().length;
    await tab.getByRole('button', { name: 'Approve' }).click();
    // Approved, the send goes on to Graph; Sam has no Teams Premium, and the receipt says so.
    await tab.getByText('Sent by').waitFor();
    await tab.getByText(/Teams Premium licen/).waitFor();
    expect(stack.graph.graphCalls().length).toBeGreaterThan(graphCalls);
    const authenticate = (await hostCalls(page)).find((call) => call.func === 'authentication.authenticate');
    expect(authenticate?.args[0]).toBe(`${APP_ORIGIN}/tab/auth.html?tenant=${TENANT_ID}`);
  });

  it("opens Entra's consent page in a Teams pop-up; when the organizer approves there, the text is accepted by Microsoft", async () => {
    stack.entra.refuseUser(dana.id, 'consent');
    stack.entra.browserUser = { oid: dana.id, name: dana.displayName, username: 'dana@contoso-clinic.example', approves: true };
    const sentBefore = stack.graph.sent.length;
    const { page, tab } = await openSidePanel({ user: dana, meeting: danasMeeting, consent: 'popup' });
    await send(tab, '(312) 922-4122', 'reschedule');
    await tab.getByRole('button', { name: 'Approve' }).click();
    // Consent recorded at Entra, MSAL got its tokens, Teams relayed success, and Graph accepted the text.
    await tab.getByText(/Accepted by Microsoft for sending/).waitFor();
    const accepted = stack.graph.sent.slice(sentBefore);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]?.body).toMatchObject({
      attendees: expect.arrayContaining([{ phoneNumber: '+13129224122', timeZone: expect.any(String) }]),
      messageType: 'reschedule',
    });
    const fromPopup = (await hostCalls(page)).filter((call) => (call as { from?: string }).from === 'popup').map((call) => call.func);
    expect(fromPopup).toContain('authentication.authenticate.success');
  });

  it("opens Entra's consent page in a Teams pop-up; when the organizer declines there, nothing is sent and the form says so", async () => {
    stack.entra.browserUser = undefined;
    stack.entra.refuseUser(sam.id, 'consent');
    const { page, tab } = await openSidePanel({ user: sam, meeting: samsMeeting, consent: 'popup' });
    await send(tab, '(312) 922-4122', 'confirmation');
    await tab.getByRole('button', { name: 'Approve' }).click();
    await tab.getByText('Approval did not finish. Nothing was sent; press Send to try again.').waitFor();
    expect(stack.entra.authorizeRequests.at(-1)).toMatchObject({
      client_id: stack.config.entra.clientId,
      redirect_uri: `${APP_ORIGIN}/tab/auth.html`,
      prompt: 'consent',
      login_hint: 'dana@contoso-clinic.example',
      scope: expect.stringContaining('https://graph.microsoft.com/VirtualAppointmentNotification.Send'),
      code_challenge_method: 'S256',
    });
    const fromPopup = (await hostCalls(page)).filter((call) => (call as { from?: string }).from === 'popup').map((call) => call.func);
    expect(fromPopup).toEqual(expect.arrayContaining(['initialize', 'authentication.authenticate.failure']));
    expect(stack.graph.graphCalls()).toHaveLength(0);
  });

  it.each(['dark', 'contrast'] as const)('follows the Teams %s theme', async (theme) => {
    const { page, tab } = await openSidePanel({ theme });
    await tab.getByRole('heading', { name: 'Text the attendees' }).waitFor();
    const background = await tab.locator('body').evaluate((body) => getComputedStyle(body).backgroundColor);
    expect(background).toBe(theme === 'dark' ? 'rgb(41, 41, 41)' : 'rgb(0, 0, 0)');
    await page.screenshot({ path: join(ARTIFACTS, `side-panel-${theme}.png`) });
  });

  it('outside Teams, says to open it in Teams', async () => {
    const context = await panels.context();
    const page = await context.newPage();
    await page.goto(`${stack.app.url}/tab/index.html`);
    await page.getByRole('heading', { name: 'Open Appointment SMS in Teams' }).waitFor();
  });
});

describe('closing a day from the side panel', () => {
  it('shows the day first, then texts each appointment once, following each as it completes', async () => {
    stack.graph.addAppointments(
      [],
      [
        {
          id: 'side-panel-visit',
          calendarOf: dana.id,
          subject: 'Annual check-up',
          start: '2026-12-03T17:00:00Z',
          end: '2026-12-03T17:30:00Z',
          joinUrl: danasMeeting.joinWebUrl,
        },
        { id: 'side-panel-lunch', calendarOf: dana.id, subject: 'Team lunch', start: '2026-12-03T20:00:00Z', end: '2026-12-03T21:00:00Z' },
      ],
    );
    const { page, tab } = await openSidePanel();
    await tab.getByRole('button', { name: 'Close or move a whole day…' }).click();
    await tab.getByRole('textbox', { name: 'Day' }).fill('2026-12-03');
    await tab.getByLabel("Text each appointment's attendees").selectOption('cancellation');
    await tab.getByRole('button', { name: "Show the day's appointments" }).click();
    await tab.getByText('Close 2026-12-03: 1 appointment to text').waitFor();
    // In the organizer's own zone (the browser's, Los Angeles), masked numbers only.
    await tab.getByText('9:00 AM PST').waitFor();
    await tab.locator('#main').getByText('+1415•••0133').waitFor();
    await tab.getByText('Not a Teams meeting: nobody to text.').waitFor();
    expect(stack.graph.sent).toHaveLength(0);
    await page.screenshot({ path: join(ARTIFACTS, 'side-panel-day-preview.png') });
    // Graph takes a while with this text: long enough to see it under way.
    stack.graph.injectFault({ type: 'delay', ms: 2500, match: encodeURIComponent(danasMeeting.id) });
    await tab.getByRole('button', { name: 'Text 1 appointment' }).click();
    await tab.getByText('Texting now…').waitFor();
    await tab.getByText('Texting 2026-12-03: 0 of 1 done').waitFor();
    await tab.getByText('2026-12-03: 1 appointment texted').waitFor();
    await tab.getByText('accepted by Microsoft', { exact: true }).waitFor();
    // The day's outcome, whole: the picture is the panel's main card, cut by no edge.
    await pictureOf(page, tab.locator('#main'), join(ARTIFACTS, 'side-panel-day.png'), { subjectOnly: true });
    expect(stack.graph.sent).toHaveLength(1);
    expect((stack.graph.sent[0]?.body as { messageType: string }).messageType).toBe('cancellation');
  });
});

describe('texts waiting to go, in the side panel', () => {
  const setPolicy = (sendingHours: { from: string; to: string }) => setSendingHours(stack, sendingHours);
  afterAll(() => setPolicy({ from: '00:00', to: '24:00' }));

  it('holds a text asked outside the sending hours, lists it with the reminder, and cancels it', async () => {
    const hours = sendingHoursExcludingNow();
    await setPolicy({ from: hours.from, to: hours.to });
    const { page, tab } = await openSidePanel();
    await send(tab, '(646) 555-0100', 'confirmation');
    await tab.getByText('Held for the sending hours', { exact: true }).waitFor();
    expect(stack.graph.sent).toHaveLength(0);
    await tab.getByText('Confirmation: waiting').waitFor();
    await tab.getByRole('button', { name: 'Remind 15 minutes before' }).click();
    await tab.getByText('Reminder (15 minutes before): waiting').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'side-panel-scheduled.png') });
    await tab.getByRole('button', { name: 'Cancel this text' }).first().click();
    await tab.getByText('Confirmation: cancelled').waitFor();
    expect(stack.graph.sent).toHaveLength(0);
  });

  it('sends at once outside the hours when the organizer says why, and the history keeps the reason', async () => {
    const hours = sendingHoursExcludingNow();
    await setPolicy({ from: hours.from, to: hours.to });
    const { tab } = await openSidePanel();
    await tab.getByLabel(/^Send anyway outside the sending hours/).fill('The attendee asked for it tonight');
    await send(tab, '(646) 555-0100', 'reschedule');
    await tab.getByText('Accepted by Microsoft for sending', { exact: true }).waitFor();
    expect(stack.graph.sent).toHaveLength(1);
    await tab
      .getByText(/by the organizer's override: The attendee asked for it tonight/)
      .first()
      .waitFor();
  });
});

describe('the side panel over HTTP', () => {
  it('lets only Teams frame its pages, and its scripts talk only to the app and Entra', async () => {
    const response = await fetch(`${stack.app.url}/tab/index.html`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/frame-ancestors https:\/\/teams\.microsoft\.com [^;]*https:\/\/\*\.cloud\.microsoft/);
    expect(csp).not.toMatch(/frame-ancestors[^;]*(\*(?!\.)|'self')/);
    expect(csp).toContain(`connect-src 'self' ${stack.config.entra.authorityHost}`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves every page the manifest and the consent flow name', async () => {
    for (const page of ['config.html', 'auth.html', 'tab.js', 'configure.js', 'auth.js']) {
      expect([page, (await fetch(`${stack.app.url}/tab/${page}`)).status]).toEqual([page, 200]);
    }
    const settings = (await (await fetch(`${stack.app.url}/tab/settings.json`)).json()) as Record<string, unknown>;
    expect(settings).toEqual({
      clientId: stack.config.entra.clientId,
      authorityHost: stack.config.entra.authorityHost,
      tenantId: TENANT_ID,
      scopes: expect.arrayContaining([expect.stringContaining('VirtualAppointmentNotification.Send')]),
    });
  });

  it.each([
    ['no token', undefined, 'chat', 401],
    ['a chat the app was never added to', dana.id, 'unknown', 404],
    ['someone who is not the organizer', sam.id, 'chat', 403],
    ['the organizer', dana.id, 'chat', 200],
  ] as const)("finds the chat's appointment for %s: %s", async (_who, oid, chat, status) => {
    const chatId = chat === 'chat' ? danasMeeting.chatThreadId : '19:meeting_unknown@thread.v2';
    const headers: Record<string, string> = oid ? { authorization: `Bearer ${await stack.entra.issueUserToken({ oid })}` } : {};
    const response = await fetch(`${stack.app.url}/api/me/chats/${encodeURIComponent(chatId)}/appointment`, { headers });
    expect(response.status).toBe(status);
    if (status === 200) expect(await response.json()).toEqual({ onlineMeetingId: danasMeeting.id, title: danasMeeting.subject });
  });
});
