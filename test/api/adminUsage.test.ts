/**
 * The tenant's admin sees what the app did over whole days in their zone: texts by kind and
 * outcome per day, refusals by reason, Graph's failures said in words, and the audit as CSV with
 * masked numbers only. Nobody else does.
 */
import { dana, danasMeeting, sam, samsMeeting } from '../support/graphSandbox';
import { useStack, type Stack } from '../support/stack';
import { callApi } from '../support/api';

const stackNow = useStack();
let stack: Stack;
let organizer: string;
let admin: string;

interface UsageBody {
  from?: string;
  to?: string;
  days?: Array<{ date: string; texts: Record<string, Record<string, number>> }>;
  sends?: Record<string, number>;
  texts?: Record<string, number>;
  refusals?: Array<{ reason: string; sends: number }>;
  missed?: number;
  failures?: Array<{ reason: string; sends: number; meaning: string }>;
  error?: { code: string; message: string; details?: Array<{ target: string; message: string }> };
}

const ZONE = 'America/Chicago';
const send = (token: string, meetingId: string, phoneNumbers: string[], messageType: string) =>
  callApi(stack.app.url, {
    method: 'POST',
    path: `/me/onlineMeetings/${encodeURIComponent(meetingId)}/sendVirtualAppointmentSms`,
    token,
    body: { attendees: phoneNumbers.map((phoneNumber) => ({ phoneNumber })), messageType },
  });
const usage = (token: string, query: string) => callApi<UsageBody>(stack.app.url, { method: 'GET', path: `/admin/usage?${query}`, token });

beforeAll(async () => {
  stack = stackNow();
  organizer = await stack.entra.issueUserToken({ oid: dana.id, name: dana.displayName });
  admin = await stack.entra.issueUserToken({ oid: sam.id, name: sam.displayName, roles: ['AppointmentSms.Admin'] });
  expect((await send(organizer, danasMeeting.id, ['+13129224122', '+14155550133'], 'confirmation')).status).toBe(202);
  expect((await send(organizer, danasMeeting.id, ['+1312922412'], 'reschedule')).status).toBe(400);
  // Sam has no Teams Premium: Graph answers 403.
  expect((await send(admin, samsMeeting.id, ['+13129224122'], 'cancellation')).status).toBe(403);
});

describe("the tenant's usage", () => {
  it("counts the last 30 days in the admin's zone: texts by kind and outcome per day, sends by how they ended", async () => {
    const { status, body } = await usage(admin, `timeZone=${ZONE}`);
    expect(status).toBe(200);
    const today = body.to ?? '';
    expect(Date.parse(today) - Date.parse(body.from ?? '')).toBe(29 * 86_400_000);
    expect(body.days).toEqual([
      { date: today, texts: { confirmation: { accepted: 2 }, reschedule: { refused: 1 }, cancellation: { notSent: 1 } } },
    ]);
    expect(body.sends).toEqual({ sent: 1, held: 0, refused: 1, failed: 1, uncertain: 0 });
    expect(body.refusals).toEqual([{ reason: 'phoneNumber', sends: 1 }]);
    expect(body.missed).toBe(0);
  });

  it("says what Graph's 403 means and what fixes it", async () => {
    const { body } = await usage(admin, `timeZone=${ZONE}`);
    expect(body.failures).toEqual([{ reason: 'forbidden', sends: 1, meaning: expect.stringContaining('Teams Premium licence') }]);
  });

  it('counts nothing in a period before the sends', async () => {
    const { body } = await usage(admin, `from=2026-01-01&to=2026-01-31&timeZone=${ZONE}`);
    expect(body.days).toEqual([]);
    expect(body.sends).toEqual({ sent: 0, held: 0, refused: 0, failed: 0, uncertain: 0 });
  });

  it('says per field what is wrong with the period asked for', async () => {
    const { status, body } = await usage(admin, 'from=2026-13-01&to=yesterday&timeZone=Mars/Olympus');
    expect(status).toBe(400);
    expect(body.error?.details?.map((detail) => detail.target)).toEqual(['timeZone']);
    const dates = await usage(admin, `from=2026-13-01&to=yesterday&timeZone=${ZONE}`);
    expect(dates.body.error?.details).toEqual([
      { code: 'invalidValue', target: 'from', message: 'from must be a date as YYYY-MM-DD (2026-12-01), not "2026-13-01".' },
      { code: 'invalidValue', target: 'to', message: 'to must be a date as YYYY-MM-DD (2026-12-01), not "yesterday".' },
    ]);
    const backwards = await usage(admin, `from=2026-12-02&to=2026-12-01&timeZone=${ZONE}`);
    expect(backwards.body.error?.details?.[0]).toMatchObject({
      target: 'to',
      message: 'to (2026-12-01) must be the same day as from (2026-12-02) or later.',
    });
  });

  it('is for admins only, saying which role it takes', async () => {
    const { status, body } = await usage(organizer, `timeZone=${ZONE}`);
    expect(status).toBe(403);
    expect(body.error?.message).toBe("Only users with the app role AppointmentSms.Admin can see the tenant's usage. Ask your Teams admin.");
  });
});

describe("the tenant's audit as CSV", () => {
  const exportCsv = (token: string) =>
    fetch(`${stack.app.url}/api/admin/audit.csv?timeZone=${ZONE}`, { headers: { authorization: `Bearer ${token}` } });

  it('has a row per number of each send, masked, with kind, status and reason, ready for a spreadsheet', async () => {
    const response = await exportCsv(admin);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="appointment-sms-audit-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const lines = (await response.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'sent at (UTC),send id,organizer id,appointment id,kind,status,reason,number,number outcome,override reason,Graph request id',
    );
    const rows = lines.slice(1).map((line) => line.split(','));
    expect(rows.map((row) => [row[4], row[5], row[6], row[7], row[8]])).toEqual([
      ['confirmation', 'sent', '', "'+1312•••4122", 'accepted'],
      ['confirmation', 'sent', '', "'+1415•••0133", 'accepted'],
      ['reschedule', 'refused', 'phoneNumber', "'+131•••2412", 'refused'],
      ['cancellation', 'failed', 'forbidden', "'+1312•••4122", 'notSent'],
    ]);
    expect(rows.every((row) => row[2] === dana.id || row[2] === sam.id)).toBe(true);
  });

  it('holds no number as typed', async () => {
    const text = await (await exportCsv(admin)).text();
    for (const typed of ['3129224122', '4155550133', '312922412']) expect(text).not.toContain(typed);
  });

  it('is for admins only', async () => {
    expect((await exportCsv(organizer)).status).toBe(403);
  });
});
