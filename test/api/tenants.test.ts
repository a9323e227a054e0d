/**
 * Every tenant is its own world. With three tenants allowed (the app's home, a second whose admin
 * installed the app, a third whose admin has not), nothing one tenant does is counted for, refused
 * because of, or visible to another; texts that go later use an app token from the organizer's own
 * tenant, and a tenant that has not consented is told so before anything waits.
 */
import { appointmentOf, sendingHoursExcludingNow } from '../support/appointments';
import { dana, danasMeeting, sam } from '../support/graphSandbox';
import { TENANT_ID, useStack, type Stack } from '../support/stack';
import { callApi, scheduledSendsSettled } from '../support/api';

const SECOND = '7d1c3b2a-0e9f-4a8b-8c7d-6e5f4a3b2c1d';
const UNCONSENTED = '0f0e0d0c-0b0a-4909-8807-060504030201';
const riley = {
  id: 'c1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8',
  displayName: 'Riley Chen',
  tenantId: SECOND,
  timeZone: 'Pacific Standard Time',
};
const quinn = {
  id: 'a9b8c7d6-e5f4-4321-8765-0fedcba98765',
  displayName: 'Quinn Baker',
  tenantId: UNCONSENTED,
  timeZone: 'Mountain Standard Time',
};

const stackNow = useStack({ ALLOWED_TENANT_IDS: `${SECOND},${UNCONSENTED}`, SCHEDULE_POLL_SECONDS: '0.3' });
let stack: Stack;
const tokens: Record<string, string> = {};
const meetings: Record<string, string> = {};

interface Answer {
  status: number;
  body: Record<string, unknown> & {
    error?: { code: string; message: string };
    status?: string;
    numbers?: Array<{ outcome: string; reason?: string }>;
    value?: Array<Record<string, unknown>>;
  };
}

async function call(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const answer = await callApi<Answer['body'] & { receipt?: Answer['body'] }>(stack.app.url, { method, path, token, body, headers });
  // Refusals carry the receipt inside the error envelope; successes are the receipt.
  return { status: answer.status, body: { ...answer.body, ...(answer.body.receipt ?? {}) } };
}

const policy = (changes: Record<string, unknown> = {}) => ({
  sendingHours: { from: '00:00', to: '24:00' },
  caps: { perDay: 2, perWeek: 6 },
  overridesAllowed: true,
  whenLate: 'send',
  ...changes,
});
const sentTo = (phoneNumber: string) =>
  stack.graph.sent.filter((sms) => (sms.body.attendees as Array<{ phoneNumber: string }>).some((a) => a.phoneNumber === phoneNumber));

const settled = (token: string) => scheduledSendsSettled(stack.app.url, token);

beforeAll(async () => {
  stack = stackNow();
  stack.entra.installIn(SECOND);
  for (const [person, tenantId] of [
    [riley, SECOND],
    [quinn, UNCONSENTED],
  ] as const) {
    stack.graph.setOrganizer({ ...person, userPrincipalName: `${person.id}@example.org`, teamsPremium: true, tenantId });
    const meeting = appointmentOf(person.id, `tenants-${person.displayName.split(' ')[0]}`, new Date(Date.now() + 86_400_000));
    stack.graph.addAppointments([meeting], []);
    meetings[person.displayName] = meeting.id;
    tokens[person.displayName] = await stack.entra.issueUserToken({ oid: person.id, name: person.displayName, tid: tenantId });
    tokens[`admin of ${tenantId}`] = await stack.entra.issueUserToken({
      oid: `admin-${tenantId}`,
      tid: tenantId,
      roles: ['AppointmentSms.Admin'],
    });
  }
  meetings[dana.displayName] = danasMeeting.id;
  tokens[dana.displayName] = await stack.entra.issueUserToken({ oid: dana.id, name: dana.displayName });
  tokens[`admin of ${TENANT_ID}`] = await stack.entra.issueUserToken({ oid: sam.id, roles: ['AppointmentSms.Admin'] });
  for (const tenant of [TENANT_ID, SECOND, UNCONSENTED])
    expect((await call('PUT', '/admin/policy', tokens[`admin of ${tenant}`], policy())).status).toBe(200);
});

/** A new submit each time (its own Idempotency-Key): an identical request within minutes would be the same send. */
let submits = 0;
const fresh = (who: string, phoneNumber: string) =>
  call(
    'POST',
    `/me/onlineMeetings/${encodeURIComponent(meetings[who])}/sendVirtualAppointmentSms`,
    tokens[who],
    { attendees: [{ phoneNumber }], messageType: 'confirmation' },
    { 'idempotency-key': `tenants-${(submits += 1)}` },
  );

describe('two tenants, each its own world', () => {
  it("counts caps per tenant: one tenant's texts neither count against nor show in the other's", async () => {
    expect((await fresh(dana.displayName, '+13125550124')).body.status).toBe('sent');
    expect((await fresh(dana.displayName, '+13125550124')).body.status).toBe('sent');

    const riley_ = await fresh(riley.displayName, '+13125550124');
    expect(riley_.status).toBe(202);
    expect(riley_.body.status).toBe('sent');
    // Dana's tenant is at its own cap of 2.
    const third = await fresh(dana.displayName, '+13125550124');
    expect(third.body.status).toBe('refused');
    expect(third.body.numbers?.[0]?.reason).toContain("has had 2 texts in the last 24 hours, the tenant's limit");
    expect(sentTo('+13125550124')).toHaveLength(3);
  });

  it("keeps each tenant's do-not-text list to itself", async () => {
    expect((await call('PUT', '/doNotText/%2B13125550125', tokens[riley.displayName])).status).toBe(204);
    expect((await fresh(riley.displayName, '+13125550125')).body.status).toBe('refused');
    expect((await fresh(dana.displayName, '+13125550125')).body.status).toBe('sent');
    const rileysList = await call('GET', '/doNotText', tokens[`admin of ${SECOND}`]);
    const danasList = await call('GET', '/doNotText', tokens[`admin of ${TENANT_ID}`]);
    expect(rileysList.body.value).toEqual([expect.objectContaining({ masked: '+1312•••0125' })]);
    expect(danasList.body.value).toEqual([]);
  });

  it("holds a text under its own tenant's hours, and sends it with an app token from that tenant", async () => {
    const hours = sendingHoursExcludingNow('America/Los_Angeles');
    await call('PUT', '/admin/policy', tokens[`admin of ${SECOND}`], policy({ sendingHours: { from: hours.from, to: hours.to } }));
    // Dana's tenant sends at any hour.
    expect((await fresh(dana.displayName, '+13125550126')).body.status).toBe('sent');
    const held = await fresh(riley.displayName, '+13125550127');
    expect(held.body.status).toBe('held');

    await call('PUT', '/admin/policy', tokens[`admin of ${SECOND}`], policy());
    await settled(tokens[riley.displayName]);

    // Written in Riley's own zone (Outlook's), sent for Riley with the app's own token, from Riley's tenant.
    expect(sentTo('+13125550127')[0]).toMatchObject({
      organizerId: riley.id,
      body: { attendees: [{ phoneNumber: '+13125550127', timeZone: 'Pacific Standard Time' }] },
    });
    const appTokens = stack.entra.tokenRequests.filter((request) => request.grantType === 'client_credentials' && request.status === 200);
    expect(appTokens.map((request) => request.tenant)).toContain(SECOND);
    const listed = await call('GET', '/me/scheduledSends', tokens[riley.displayName]);
    expect(listed.body.value).toEqual([expect.objectContaining({ state: 'done', outcome: expect.objectContaining({ status: 'sent' }) })]);
    expect((await call('GET', '/me/scheduledSends', tokens[dana.displayName])).body.value).toEqual([]);
  });

  it('tells an organizer whose tenant has not consented that nothing can wait, instead of holding a text that would fail', async () => {
    const hours = sendingHoursExcludingNow('America/Denver');
    await call('PUT', '/admin/policy', tokens[`admin of ${UNCONSENTED}`], policy({ sendingHours: { from: hours.from, to: hours.to } }));

    const refused = await fresh(quinn.displayName, '+13125550128');

    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('consentRequired');
    expect(refused.body.error?.message).toContain(`tenant ${UNCONSENTED}`);
    expect(refused.body.error?.message).toContain('VirtualAppointmentNotification.Send');
    expect((await call('GET', '/me/scheduledSends', tokens[quinn.displayName])).body.value).toEqual([]);
    expect(sentTo('+13125550128')).toHaveLength(0);
  });
});
