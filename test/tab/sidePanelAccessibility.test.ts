/**
 * The side panel as a screen-reader or low-vision organizer meets it: axe-core, injected into the
 * panel in Chromium, finds no serious or critical WCAG 2.1 A/AA violation in each state an organizer
 * passes through (the form, a refused number, the receipt and history, texts waiting, a whole day)
 * in each of Teams' three themes.
 */
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { sendingHoursExcludingNow } from '../support/appointments';
import { seriousViolations, type AxeFinding } from '../support/axe';
import { dana, danasMeeting } from '../support/graphSandbox';
import { sendFromPanel, setSendingHours, useSidePanels } from '../support/sidePanel';
import type { Stack } from '../support/stack';

const panels = useSidePanels((stack) => {
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
});
let stack: Stack;
beforeAll(() => {
  stack = panels.stack();
});

/** Every state's findings, named by the state, so one failure says where. */
async function findings(page: Page, state: string): Promise<Array<AxeFinding & { state: string }>> {
  return (await seriousViolations(panelOf(page))).map((finding) => ({ state, ...finding }));
}

function panelOf(page: Page): Frame {
  const panel = page.frames().find((frame) => frame.url().endsWith('/tab/index.html'));
  if (!panel) throw new Error('The side panel is not framed');
  return panel;
}

/** What has focus in the panel: its name as a screen reader gets it, and whether its focus is drawn. */
function focused(panel: Frame): Promise<{ name: string; visible: boolean; invalid: string | null; describedBy: string }> {
  return panel.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return { name: '', visible: false, invalid: null, describedBy: '' };
    // As a screen reader names it: aria-labelledby first, then aria-label, then a <label>, then the text.
    const labelledBy = (element.getAttribute('aria-labelledby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim();
    const labelled = labelledBy || element.getAttribute('aria-label') || (element as HTMLInputElement).labels?.[0]?.textContent || '';
    const name = (labelled || element.textContent || '').trim();
    const style = getComputedStyle(element);
    const visible = style.outlineStyle !== 'none' && style.outlineWidth !== '0px';
    const describedBy = (element.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ');
    return { name, visible, invalid: element.getAttribute('aria-invalid'), describedBy };
  });
}

/** Presses Tab until what has focus is named `name`; each stop on the way must show its focus. */
async function tabTo(page: Page, name: RegExp): Promise<void> {
  for (let stop = 0; stop < 60; stop += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(panelOf(page));
    if (now.name === '') continue;
    expect({ stop: now.name, focusVisible: now.visible }).toEqual({ stop: now.name, focusVisible: true });
    if (name.test(now.name)) return;
  }
  throw new Error(`Tab never reached ${String(name)}`);
}

async function waitForForm(tab: FrameLocator): Promise<void> {
  await tab.getByRole('heading', { name: 'Text the attendees' }).waitFor();
}

describe.each(['default', 'dark', 'contrast'] as const)('the side panel in the %s theme', (theme) => {
  it('has no serious WCAG 2.1 AA violation in any state an organizer passes through', async () => {
    const found: Array<AxeFinding & { state: string }> = [];
    await setSendingHours(stack, { from: '00:00', to: '24:00' });
    const { page, tab } = await panels.open({ theme });
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

describe('the side panel with the keyboard alone', () => {
  it('ticks a saved number, types one, chooses the kind and sends; focus goes to the outcome, which is said once', async () => {
    await setSendingHours(stack, { from: '00:00', to: '24:00' });
    const sentBefore = stack.graph.sent.length;
    const { page, tab } = await panels.open();
    await waitForForm(tab);
    const panel = panelOf(page);
    await tabTo(page, /\(415\) 555-0133/);
    await page.keyboard.press('Space');
    await tabTo(page, /^More numbers/);
    await page.keyboard.type('(312) 922-4122');
    await tabTo(page, /^Text to send/);
    await page.keyboard.press('ArrowDown');
    expect(await tab.getByLabel('Text to send').inputValue()).toBe('reschedule');
    await tabTo(page, /^Send to 2 people$/);
    await page.keyboard.press('Enter');
    await tab.getByText('Accepted by Microsoft for sending', { exact: true }).waitFor();
    // The held reminders of the walk above may go meanwhile (the hours are open again): only this send's texts are looked at.
    const typedOrTicked = stack.graph.sent
      .slice(sentBefore)
      .filter((sms) => (sms.body as { messageType?: string }).messageType !== undefined);
    expect(typedOrTicked.map((sms) => sms.body)).toEqual([
      {
        attendees: [
          { phoneNumber: '+14155550133', timeZone: 'Central Standard Time' },
          { phoneNumber: '+13129224122', timeZone: 'Pacific Standard Time' },
        ],
        messageType: 'reschedule',
      },
    ]);
    expect(await panel.evaluate(() => document.activeElement?.className)).toContain('ac-adaptiveCard');
    expect(await panel.locator('#status').textContent()).toBe('Sent: Microsoft accepted the texts.');
    // The panel is no live region of its own: only the status line speaks.
    expect(await panel.locator('[aria-live]:not(#status)').count()).toBe(0);
    expect(await panel.evaluate(() => document.documentElement.lang)).toBe('en-US');

    await tabTo(page, /^Text attendees again$/);
    await page.keyboard.press('Enter');
    await tab.getByLabel('More numbers (one per line, or separated by commas)').waitFor();
    expect(await panel.evaluate(() => document.activeElement?.tagName)).toMatch(/^(INPUT|TEXTAREA|SELECT)$/);
  });

  it('moves focus to a refused number, which says why', async () => {
    const { page, tab } = await panels.open();
    await waitForForm(tab);
    await tabTo(page, /^More numbers/);
    await page.keyboard.type('242-421-4120');
    await tabTo(page, /^Send to 1 person$/);
    await page.keyboard.press('Enter');
    await tab.getByText('Nothing was sent. Fix these and send again:').waitFor();
    const now = await focused(panelOf(page));
    expect(now).toMatchObject({ name: expect.stringMatching(/^More numbers/), invalid: 'true' });
    expect(now.describedBy).toMatch(/"242-421-4120" is a Bahamas number/);
    expect(await panelOf(page).locator('#status').textContent()).toBe('Not sent: fix the numbers box, which says why.');
  });
});
