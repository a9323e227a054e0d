import { dana, danasMeeting, sam } from '../support/graphSandbox';
import { useStack, type Stack } from '../support/stack';

const stackNow = useStack();
let stack: Stack;
beforeAll(() => {
  stack = stackNow();
});

const api = (path: string) => `${stack.app.url}/api${path}`;
const meeting = `/me/onlineMeetings/${encodeURIComponent(danasMeeting.id)}`;
async function call(method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(api(path), {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : undefined) as {
      value?: Array<Record<string, string>>;
      error?: { code: string; message: string; details?: Array<{ target: string; message: string }> };
    },
  };
}
const tokenFor = (oid: string, roles?: string[]) => stack.entra.issueUserToken({ oid, roles });

describe("the appointment's saved numbers", () => {
  it('saves numbers as typed, normalised and once, with names, for the organizer only', async () => {
    const token = await tokenFor(dana.id);
    const saved = await call('POST', `${meeting}/attendees`, token, {
      attendees: [{ phoneNumber: '(312) 922-4122', name: 'Alex Rivera' }, { phoneNumber: '+13129224122' }, { phoneNumber: '415.555.0133' }],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.value?.map(({ phoneNumber, name }) => [phoneNumber, name])).toEqual([
      ['+13129224122', 'Alex Rivera'],
      ['+14155550133', undefined],
    ]);
    expect((await call('GET', `${meeting}/attendees`, await tokenFor(sam.id))).status).toBe(403);
  });

  it('saves nothing when any entry is wrong, and says which', async () => {
    const token = await tokenFor(dana.id);
    const before = await call('GET', `${meeting}/attendees`, token);
    const refused = await call('POST', `${meeting}/attendees`, token, {
      attendees: [{ phoneNumber: '+12125550100' }, { phoneNumber: '+1242421412' }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.details).toEqual([
      { code: 'invalidPhoneNumber', target: 'attendees[1].phoneNumber', message: expect.stringContaining('9 digits') },
    ]);
    expect((await call('GET', `${meeting}/attendees`, token)).body.value).toEqual(before.body.value);
  });

  it('removes a number however it is typed', async () => {
    const token = await tokenFor(dana.id);
    await call('POST', `${meeting}/attendees`, token, { attendees: [{ phoneNumber: '+12065550111' }] });
    const after = await call('DELETE', `${meeting}/attendees/${encodeURIComponent('(206) 555-0111')}`, token);
    expect(after.body.value?.map((entry) => entry.phoneNumber)).not.toContain('+12065550111');
  });
});

describe('the do-not-text list', () => {
  it('refuses to text a blocked number, naming it, and sends to nobody until it is removed from the request', async () => {
    const organizer = await tokenFor(dana.id);
    expect((await call('PUT', `/doNotText/${encodeURIComponent('+1 (617) 555-0199')}`, organizer)).status).toBe(204);

    const refused = await call('POST', `${meeting}/sendVirtualAppointmentSms`, organizer, {
      attendees: [{ phoneNumber: '+13129224122' }, { phoneNumber: '617-555-0199' }],
      messageType: 'confirmation',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.details).toEqual([
      { code: 'invalidPhoneNumber', target: 'attendees[1].phoneNumber', message: expect.stringContaining('do-not-text list') },
    ]);
    expect(stack.graph.graphCalls()).toHaveLength(0);
  });

  it('lets only an admin see the list (masked) and take a number off it', async () => {
    const organizer = await tokenFor(dana.id);
    const admin = await tokenFor('a0a0a0a0-1111-4222-8333-444444444444', ['AppointmentSms.Admin']);
    await call('PUT', '/doNotText/%2B13055550142', organizer);

    expect((await call('DELETE', '/doNotText/%2B13055550142', organizer)).status).toBe(403);
    expect((await call('GET', '/doNotText', organizer)).status).toBe(403);
    const list = await call('GET', '/doNotText', admin);
    expect(list.body.value).toContainEqual(expect.objectContaining({ masked: '+1305•••0142', addedBy: dana.id }));
    expect(JSON.stringify(list.body)).not.toContain('+13055550142');
    expect((await call('DELETE', '/doNotText/%2B13055550142', admin)).status).toBe(204);
    expect((await call('DELETE', '/doNotText/%2B13055550142', admin)).status).toBe(404);

    const sent = await call('POST', `${meeting}/sendVirtualAppointmentSms`, organizer, {
      attendees: [{ phoneNumber: '+13055550142' }],
      messageType: 'reschedule',
    });
    expect(sent.status).toBe(202);
  });
});
