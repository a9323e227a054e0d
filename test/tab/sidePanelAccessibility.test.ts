/**
 * The side panel as a screen-reader or low-vision organizer meets it: axe-core, injected into the
 * panel in Chromium, finds no serious or critical WCAG 2.1 A/AA violation in each state an organizer
 * passes through (the form, a refused number, the receipt and history, texts waiting, a whole day)
 * in each of Teams' three themes.
 */
import type { Browser, BrowserContext, Frame, FrameLocator, Page } from 'playwright-core';
import { sendingHoursExcludingNow } from '../support/appointments';
import { seriousViolations, type AxeFinding } from '../support/axe';
import { launchChromium } from '../support/browser';
import { dana, danasMeeting } from '../support/graphSandbox';
import { appAddedToAppointments, openSidePanel, sendFromPanel, setSendingHours } from '../support/sidePanel';
import { useStack, type Stack } from '../support/stack';

const stackNow = useStack();
let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = stackNow();
  await appAddedToAppointments(stack);
  stack.graph.addAppointments(
    [],
    [
      {
        id: 'accessible-visit',
        calendarOf: dana.id,
        subject: 'Follow-up visit',
        start: '2026-12-04T17:00:00Z',
        end: '2026-12-04T17:30:00Z',
        joinUrl: danasMeeting.joinWebUrl,
      },
    ],
  );
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
});

/** Every state's findings, named by the state, so one failure says where. */
async function findings(page: Page, state: string): Promise<Array<AxeFinding & { state: string }>> {
  const panel = page.frames().find((frame: Frame) => frame.url().endsWith('/tab/index.html'));
  if (!panel) throw new Error('The side panel is not framed');
  return (await seriousViolations(panel)).map((finding) => ({ state, ...finding }));
}

async function waitForForm(tab: FrameLocator): Promise<void> {
  await tab.getByText(`Text the attendees of ${danasMeeting.subject}`).waitFor();
}

describe.each(['default', 'dark', 'contrast'] as const)('the side panel in the %s theme', (theme) => {
  it('has no serious WCAG 2.1 AA violation in any state an organizer passes through', async () => {
    const found: Array<AxeFinding & { state: string }> = [];
    await setSendingHours(stack, { from: '00:00', to: '24:00' });
    const { page, tab } = await openSidePanel(stack, browser, contexts, { theme });
    await waitForForm(tab);
    found.push(...(await findings(page, 'form')));

    await sendFromPanel(tab, '242-421-4120', 'confirmation');
    await tab.getByText('Nothing was sent. Fix these and send again:').waitFor();
    found.push(...(await findings(page, 'refused number')));

    await sendFromPanel(tab, '(312) 922-4122', 'confirmation');
    await tab.getByText('Accepted by Microsoft for sending', { exact: true }).waitFor();
    await tab.getByText('Confirmation: accepted by Microsoft').first().waitFor();
    found.push(...(await findings(page, 'receipt and history')));

    const hours = sendingHoursExcludingNow();
    await setSendingHours(stack, { from: hours.from, to: hours.to });
    await tab.getByRole('button', { name: 'Text attendees again' }).click();
    await sendFromPanel(tab, '(646) 555-0100', 'reminder');
    await tab.getByText('Held for the sending hours', { exact: true }).waitFor();
    await tab.getByText('Reminder (15 minutes before): waiting').first().waitFor();
    found.push(...(await findings(page, 'texts waiting')));

    await tab.getByRole('button', { name: 'Close or move a whole day…' }).click();
    await tab.getByRole('textbox', { name: 'Day' }).fill('2026-12-04');
    await tab.getByLabel("Text each appointment's attendees").selectOption('cancellation');
    await tab.getByRole('button', { name: "Show the day's appointments" }).click();
    await tab.getByText('Close 2026-12-04: 1 appointment to text').waitFor();
    found.push(...(await findings(page, 'a whole day')));

    expect(found).toEqual([]);
  });
});
