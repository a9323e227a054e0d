/**
 * The admin's page, a personal tab in a simulated Teams client in Chromium: the policy edited with
 * each field checked as REST checks it, the usage of a period (a chart and its numbers), and the
 * audit exported as CSV. Anyone without the admin role is told, politely, that it is not for them.
 */
import { once } from 'node:events';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { callApi } from '../support/api';
import { ensureDevCertificate } from '../../dev/tls/devCertificate';
import { CATALOG } from '../../src/domain/messages';
import { launchChromium, pictureOf } from '../support/browser';
import { dana, danasMeeting, sam, samsMeeting } from '../support/graphSandbox';
import { TENANT_ID, useStack, type Stack } from '../support/stack';
import { seriousViolations } from '../support/axe';
import { closeTeamsHosts, routeTeamsHost, TEAMS_HOST_URL, type SimulatedTeams } from '../support/teamsHost';

const ARTIFACTS = join(__dirname, '..', 'artifacts');
const stackNow = useStack();
let stack: Stack;
let browser: Browser;
let cutOffExport: Awaited<ReturnType<typeof startCutOffExport>>;
const contexts: BrowserContext[] = [];

const send = async (user: { id: string }, meetingId: string, phoneNumbers: string[], messageType: string) =>
  callApi(stack.app.url, {
    method: 'POST',
    path: `/me/onlineMeetings/${encodeURIComponent(meetingId)}/sendVirtualAppointmentSms`,
    token: await stack.entra.issueUserToken({ oid: user.id }),
    body: { attendees: phoneNumbers.map((phoneNumber) => ({ phoneNumber })), messageType },
  });

beforeAll(async () => {
  stack = stackNow();
  mkdirSync(ARTIFACTS, { recursive: true });
  expect((await send(dana, danasMeeting.id, ['+13129224122', '+14155550133'], 'confirmation')).status).toBe(202);
  expect((await send(dana, danasMeeting.id, ['+13129224122'], 'reschedule')).status).toBe(202);
  expect((await send(dana, danasMeeting.id, ['+1312922412'], 'cancellation')).status).toBe(400);
  // Sam has no Teams Premium: Graph answers 403.
  expect((await send(sam, samsMeeting.id, ['+13129224122'], 'confirmation')).status).toBe(403);
  cutOffExport = await startCutOffExport();
  browser = await launchChromium([cutOffExport.address]);
}, 60_000);

afterAll(async () => {
  await closeTeamsHosts(contexts);
  await browser?.close();
  cutOffExport?.close();
});

/**
 * What the admin's browser gets when storage fails mid-export: the file begun, then the connection
 * cut (the app's own way of saying so, since the answer has begun). On this machine's https.
 */
async function startCutOffExport(): Promise<{ url: string; address: string; close: () => void }> {
  const { cert, key } = await ensureDevCertificate();
  const server = createServer({ cert, key }, (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
    response.write('\uFEFFcreatedAt,kind\r\n2026-12-07T15:00:00Z,confirmation\r\n', () => response.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `https://${address}`, address, close: () => server.close() };
}

/** The admin tab as Teams shows it to `user` (with the admin role when `admin`). */
async function openAdminPage(
  user: { id: string; displayName: string },
  admin: boolean,
  theme: SimulatedTeams['theme'] = 'default',
  locale = 'en-US',
): Promise<{ page: Page; tab: FrameLocator }> {
  const context = await browser.newContext({
    viewport: { width: 940, height: 1840 },
    timezoneId: 'America/Chicago',
    ignoreHTTPSErrors: true,
    acceptDownloads: true,
  });
  contexts.push(context);
  await routeTeamsHost(context, {
    appUrl: stack.app.url,
    token: await stack.entra.issueUserToken({ oid: user.id, name: user.displayName, roles: admin ? ['AppointmentSms.Admin'] : [] }),
    userOid: user.id,
    userName: user.displayName,
    tenantId: TENANT_ID,
    chatId: '',
    meetingId: '',
    theme,
    locale,
    tab: { path: '/tab/admin.html', frameContext: 'content' },
  });
  const page = await context.newPage();
  await page.goto(TEAMS_HOST_URL);
  return { page, tab: page.frameLocator('iframe#tab') };
}

describe('the admin page in Teams', () => {
  let page: Page;
  let tab: FrameLocator;

  beforeAll(async () => {
    ({ page, tab } = await openAdminPage(sam, true));
    await tab.getByRole('heading', { name: 'Send policy' }).waitFor();
  });

  it("shows the tenant's policy in its fields", async () => {
    const policy = (
      await callApi<{ policy: { sendingHours: { from: string; to: string }; caps: { perDay: number } } }>(stack.app.url, {
        method: 'GET',
        path: '/admin/policy',
        token: await stack.entra.issueUserToken({ oid: sam.id, roles: ['AppointmentSms.Admin'] }),
      })
    ).body.policy;
    expect(await tab.getByLabel('From', { exact: true }).first().inputValue()).toBe(policy.sendingHours.from);
    expect(await tab.getByLabel('To (24:00 for midnight)').inputValue()).toBe(policy.sendingHours.to);
    expect(await tab.getByLabel('In any 24 hours').inputValue()).toBe(String(policy.caps.perDay));
  });

  it('says beside each field what REST refused, and moves focus to the first; saves once fixed', async () => {
    await tab.getByLabel('From', { exact: true }).first().fill('08:00');
    await tab.getByLabel('To (24:00 for midnight)').fill('25:00');
    await tab.getByLabel('In any 24 hours').fill('3');
    await tab.getByLabel('In any 7 days').fill('2');
    await tab.getByRole('button', { name: 'Save the policy' }).click();
    const to = tab.getByLabel('To (24:00 for midnight)');
    await tab.getByText('sendingHours.to must be a time of day as HH:MM, 24-hour (21:00; 24:00 for midnight)').waitFor();
    expect(await to.getAttribute('aria-invalid')).toBe('true');
    expect(await to.evaluate((input) => input === document.activeElement)).toBe(true);
    await tab.getByText('caps.perWeek must be at least caps.perDay').waitFor();
    expect(await tab.getByLabel('In any 7 days').getAttribute('aria-invalid')).toBe('true');
    await tab.getByRole('status').getByText('The policy was not saved: fix the fields marked.').waitFor();
    await pictureOf(page, tab.locator('#policy'), join(ARTIFACTS, 'admin-policy-refused.png'));

    await to.fill('21:00');
    await tab.getByRole('button', { name: 'Save the policy' }).click();
    await tab.getByRole('status').getByText('The policy was not saved: fix the field marked.').waitFor();
    expect(await to.getAttribute('aria-invalid')).toBeNull();
    expect(await tab.getByLabel('In any 7 days').evaluate((input) => input === document.activeElement)).toBe(true);

    await tab.getByLabel('In any 7 days').fill('6');
    await tab.getByRole('button', { name: 'Save the policy' }).click();
    await tab.getByRole('status').getByText('The policy was saved.').waitFor();
    const saved = await callApi<{ policy: unknown }>(stack.app.url, {
      method: 'GET',
      path: '/admin/policy',
      token: await stack.entra.issueUserToken({ oid: sam.id, roles: ['AppointmentSms.Admin'] }),
    });
    expect(saved.body.policy).toEqual({
      sendingHours: { from: '08:00', to: '21:00' },
      caps: { perDay: 3, perWeek: 6 },
      overridesAllowed: true,
      whenLate: 'send',
    });
  });

  it("shows the last 30 days' usage: sends by how they ended, texts per day as a chart and a table, failures in words", async () => {
    const usage = tab.locator('#usage');
    await usage.getByRole('img', { name: /^Texts per day from/ }).waitFor();
    const totals = await usage.locator('dl.totals').innerText();
    expect(totals.replace(/\s+/g, ' ')).toContain('Sent 2 Held for the sending hours 0 Refused 1 Failed 1');
    const rows = await usage
      .getByRole('table', { name: 'Texts per day, by kind and by what became of them' })
      .locator('tbody tr')
      .allInnerTexts();
    expect(rows.map((row) => row.split('\t').slice(1))).toEqual([
      ['Confirmation', '2', '0', '0', '1'],
      ['Reschedule', '1', '0', '0', '0'],
      ['Cancellation', '0', '0', '1', '0'],
    ]);
    await usage.getByText(/1 × forbidden: Graph refused \(403\): the organizer has no Teams Premium licence/).waitFor();
    await pictureOf(page, tab.locator('main'), join(ARTIFACTS, 'admin-page.png'));
  });

  it('says what is wrong with a period, beside its field', async () => {
    await tab.getByLabel('From', { exact: true }).last().fill('2026-12-05');
    await tab.getByLabel('to', { exact: true }).fill('2026-12-01');
    await tab.getByRole('button', { name: 'Show usage' }).click();
    await tab.getByText('to (2026-12-01) must be the same day as from (2026-12-05) or later.').waitFor();
    expect(await tab.getByLabel('to', { exact: true }).getAttribute('aria-invalid')).toBe('true');
  });

  it('exports the audit of the period as CSV, numbers masked', async () => {
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'America/Chicago' });
    await tab.getByLabel('From', { exact: true }).last().fill(today);
    await tab.getByLabel('to', { exact: true }).fill(today);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      tab.getByRole('button', { name: 'Download the audit (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`appointment-sms-audit-${today}-to-${today}.csv`);
    const csv = readFileSync((await download.path()) ?? '', 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(1 + 5);
    expect(csv).toContain(",'+1312•••4122,accepted,");
    for (const typed of ['3129224122', '4155550133', '312922412']) expect(csv).not.toContain(typed);
  });

  it('says the export was cut off when the connection breaks part-way, and saves no shorter file', async () => {
    await page.route('**/api/admin/audit.csv*', (route) => route.continue({ url: `${cutOffExport.url}/api/admin/audit.csv` }));
    const downloads: unknown[] = [];
    page.on('download', (download) => downloads.push(download));
    try {
      await tab.getByRole('button', { name: 'Download the audit (CSV)' }).click();
      await tab.getByRole('status').getByText(CATALOG['en-US'].sidePanel.cutOff).waitFor();
      expect(downloads).toEqual([]);
    } finally {
      await page.unroute('**/api/admin/audit.csv*');
    }
  });
});

describe('the admin page for keyboard and screen-reader users', () => {
  it.each(['default', 'dark', 'contrast'] as const)(
    'has no serious WCAG 2.1 AA violation in the %s theme, with usage shown and fields refused',
    async (theme) => {
      const { page, tab } = await openAdminPage(sam, true, theme);
      await tab
        .locator('#usage')
        .getByRole('img', { name: /^Texts per day from/ })
        .waitFor();
      await tab.getByLabel('In any 7 days').fill('-1');
      await tab.getByRole('button', { name: 'Save the policy' }).click();
      await tab.getByRole('status').getByText('The policy was not saved: fix the field marked.').waitFor();
      const frame = page.frames().find((candidate) => candidate.url().endsWith('/tab/admin.html'));
      expect(await seriousViolations(frame ?? page.mainFrame())).toEqual([]);
    },
  );
});

describe('the admin page for someone without the admin role', () => {
  it('says politely whom it is for and shows nothing else', async () => {
    const { tab } = await openAdminPage(dana, false);
    await tab
      .getByRole('status')
      .getByText(
        "This page is for your organization's Appointment SMS admins. Only users with the app role AppointmentSms.Admin can see the tenant's send policy. Ask your Teams admin.",
      )
      .waitFor();
    expect(await tab.getByRole('heading', { name: 'Send policy' }).isVisible()).toBe(false);
  });
});

describe('the admin page of an admin whose Teams is in Spanish', () => {
  it('says everything in Spanish: the form, a refused field, the usage and what each failure means', async () => {
    const { page, tab } = await openAdminPage(sam, true, 'default', 'es-US');
    await tab.getByRole('heading', { name: 'Appointment SMS para su organización' }).waitFor();
    expect(await tab.locator('html').getAttribute('lang')).toBe('es-US');
    await tab.getByRole('table', { name: 'Mensajes por día, por tipo y según lo que pasó con ellos' }).waitFor();
    await tab
      .locator('#usage')
      .getByText(/× forbidden: Graph lo rechazó \(403\)/)
      .waitFor();
    expect(await tab.locator('#usage').innerText()).toContain('Confirmación');
    await tab.getByLabel('En cualquier periodo de 7 días').fill('-1');
    await tab.getByRole('button', { name: 'Guardar la directiva' }).click();
    await tab.getByRole('status').getByText('La directiva no se guardó: corrija el campo marcado.').waitFor();
    await tab.getByText('caps.perWeek falta o tiene un tipo incorrecto (se esperaba number).').waitFor();
    const shown = await tab.locator('body').innerText();
    for (const english of ['Send policy', 'Usage', 'Sending hours', 'Save the policy', 'Failures by reason', 'Graph refused']) {
      expect([english, shown.includes(english)]).toEqual([english, false]);
    }
    await pictureOf(page, tab.locator('main'), join(ARTIFACTS, 'admin-page-es.png'));
  });
});
