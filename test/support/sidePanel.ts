import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { teamsMeetingId } from '../../dev/teams-connector/teamsConnector';
import { dana, danasMeeting, sam, samsMeeting } from './graphSandbox';
import { TENANT_ID, useStack, type Stack } from './stack';
import { chatMessage, deliver } from './teamsActivities';
import { closeTeamsHosts, routeTeamsHost, TEAMS_HOST_URL, type SimulatedTeams } from './teamsHost';

/** The app was added to both appointments (Teams told the bot), and Dana saved a number in hers. */
async function appAddedToAppointments(stack: Stack): Promise<void> {
  for (const [meeting, organizer] of [
    [danasMeeting, dana],
    [samsMeeting, sam],
  ] as const) {
    const added = {
      ...chatMessage(stack, meeting, { aadObjectId: organizer.id, name: organizer.displayName }, ''),
      type: 'conversationUpdate',
      membersAdded: [{ id: `28:${stack.config.bot.id}` }],
    };
    expect((await deliver(stack, added)).status).toBe(200);
  }
  await deliver(stack, chatMessage(stack, danasMeeting, { aadObjectId: dana.id, name: dana.displayName }, 'numbers add (415) 555-0133'));
}

export interface SidePanelOptions {
  user?: { id: string; displayName: string };
  meeting?: typeof danasMeeting;
  theme?: SimulatedTeams['theme'];
  consent?: SimulatedTeams['consent'];
  /** Teams' language for the user (`app.locale`): en-US unless said. */
  locale?: string;
}

/** The side panel as Teams shows it to `user` in `meeting`'s side panel; the context is closed by whoever keeps `contexts`. */
async function openSidePanel(
  stack: Stack,
  browser: Browser,
  contexts: BrowserContext[],
  options: SidePanelOptions = {},
): Promise<{ page: Page; tab: FrameLocator }> {
  const user = options.user ?? dana;
  const meeting = options.meeting ?? danasMeeting;
  // The Entra stand-in's certificate is this machine's dev certificate, which Chromium does not know.
  const context = await browser.newContext({
    viewport: { width: 460, height: 1040 },
    timezoneId: 'America/Los_Angeles',
    ignoreHTTPSErrors: true,
  });
  contexts.push(context);
  await routeTeamsHost(context, {
    appUrl: stack.app.url,
    token: await stack.entra.issueUserToken({ oid: user.id, name: user.displayName }),
    userOid: user.id,
    userName: user.displayName,
    tenantId: TENANT_ID,
    chatId: meeting.chatThreadId,
    meetingId: teamsMeetingId(meeting.chatThreadId),
    theme: options.theme ?? 'default',
    consent: options.consent,
    ...(options.locale ? { locale: options.locale } : {}),
    entraUrl: new URL(stack.config.entra.authorityHost).origin,
  });
  const page = await context.newPage();
  await page.exposeFunction('approveConsent', () => stack.entra.allowUser(user.id));
  await page.goto(TEAMS_HOST_URL);
  return { page, tab: page.frameLocator('iframe#tab') };
}

/** Types `numbers`, chooses `kind` and presses Send, as the organizer does. */
export async function sendFromPanel(tab: FrameLocator, numbers: string, kind: string): Promise<void> {
  await tab.getByLabel('More numbers (one per line, or separated by commas)').fill(numbers);
  await tab.getByLabel('Text to send').selectOption(kind);
  await tab.getByRole('button', { name: /^Send( to \d+ (person|people))?$/ }).click();
}

/** Sets the tenant's sending hours as its admin would. */
export async function setSendingHours(stack: Stack, sendingHours: { from: string; to: string }): Promise<void> {
  const admin = await stack.entra.issueUserToken({ oid: sam.id, name: sam.displayName, roles: ['AppointmentSms.Admin'] });
  const answer = await fetch(`${stack.app.url}/api/admin/policy`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sendingHours, caps: { perDay: 0, perWeek: 0 }, overridesAllowed: true, whenLate: 'send' }),
  });
  expect(answer.status).toBe(200);
}

/**
 * A test file's side panels: its own stack (the app added to both appointments, then `prepare`),
 * Chromium, and every browser context it opens closed after the file.
 */
export function useSidePanels(prepare: (stack: Stack) => void | Promise<void> = () => undefined) {
  const stackNow = useStack();
  let stack: Stack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    stack = stackNow();
    await appAddedToAppointments(stack);
    await prepare(stack);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await closeTeamsHosts(contexts);
    await browser?.close();
  });
  return {
    stack: () => stack,
    browser: () => browser,
    /** A browser context of the file's own (closed after it). */
    context: async (options?: Parameters<Browser['newContext']>[0]) => {
      const context = await browser.newContext(options);
      contexts.push(context);
      return context;
    },
    open: (options: SidePanelOptions = {}) => openSidePanel(stack, browser, contexts, options),
  };
}
