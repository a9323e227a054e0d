/**
 * The nudge when nobody joins, driven by signed meeting events as Teams sends them to a subscribed
 * bot: the appointment starts, nobody but its organizer joins, and the organizer alone is asked in
 * the chat whether to text a reminder; one click texts the saved numbers once. An attendee joining
 * cancels it.
 */
import { dana, danasMeeting } from '../support/graphSandbox';
import { useStack, type Stack } from '../support/stack';
import { callApi } from '../support/api';
import { cardAction, chatMessage, deliver, meetingEvent, teamsUserId, type ChatUser } from '../support/teamsActivities';

const organizer: ChatUser = { aadObjectId: dana.id, name: dana.displayName };
const attendee: ChatUser = { aadObjectId: '5e5e5e5e-1111-4222-8333-444444444444', name: 'Alex Rivera (guest)' };
const chat = danasMeeting.chatThreadId;

const started = (stack: Stack) =>
  meetingEvent(stack, danasMeeting, organizer, 'meetingStart', {
    Id: 'MCMxOTptZWV0aW5n',
    JoinUrl: danasMeeting.joinWebUrl,
    MeetingType: 'Scheduled',
    StartTime: new Date().toISOString(),
    Title: danasMeeting.subject,
  });

const joined = (stack: Stack, who: { id: string; aadObjectId?: string; name: string }) =>
  meetingEvent(stack, danasMeeting, organizer, 'meetingParticipantJoin', {
    members: [{ user: who, meeting: { inMeeting: true, role: 'Attendee' } }],
  });

async function saveNumber(stack: Stack): Promise<void> {
  expect((await deliver(stack, chatMessage(stack, danasMeeting, organizer, 'numbers add (312) 922-4122'))).status).toBe(200);
}

/** The nudge card, once the app's poller has posted it into the chat (its own word, whatever the machine's speed). */
async function nudgePosted(stack: Stack): Promise<Record<string, unknown>> {
  for (;;) {
    const card = stack.teams
      .repliesTo(chat)
      .flatMap((call) => (call.activity.attachments as Array<{ content: Record<string, unknown> }> | undefined) ?? [])
      .map((attachment) => attachment.content)
      .find((content) => JSON.stringify(content).includes('showNudge'));
    if (card) return card;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('when nobody but the organizer joins the started appointment', () => {
  const stackNow = useStack({ NUDGE_AFTER_MINUTES: '0', SCHEDULE_POLL_SECONDS: '0.3' });

  it('asks the organizer alone in the chat, and one click texts the saved numbers a reminder, once', async () => {
    const stack = stackNow();
    await saveNumber(stack);
    expect((await deliver(stack, started(stack))).status).toBe(200);
    expect((await deliver(stack, joined(stack, { id: teamsUserId(organizer), aadObjectId: dana.id, name: dana.displayName }))).status).toBe(
      200,
    );

    const posted = await nudgePosted(stack);
    // Everyone sees a neutral line; Teams refreshes it into the question for the organizer alone.
    expect(posted.refresh).toMatchObject({ userIds: [teamsUserId(organizer)], action: { verb: 'showNudge' } });
    expect(JSON.stringify(posted.body)).not.toContain('Text the attendees');
    const forAttendee = await deliver(stack, cardAction(stack, danasMeeting, attendee, { verb: 'showNudge', data: {} }));
    expect(JSON.stringify(forAttendee.body?.value)).not.toContain('Text the attendees');
    const question = await deliver(stack, cardAction(stack, danasMeeting, organizer, { verb: 'showNudge', data: {} }));
    expect(JSON.stringify(question.body?.value)).toContain('Nobody has joined');

    const token = await stack.entra.issueUserToken({ oid: dana.id, name: dana.displayName });
    const click = () => deliver(stack, cardAction(stack, danasMeeting, organizer, { verb: 'sendNudgeReminder', data: {}, token }));
    const first = await click();
    const again = await click();

    expect(JSON.stringify(first.body?.value)).toContain('Accepted by Microsoft for sending');
    expect(JSON.stringify(again.body?.value)).toContain('Already sent');
    expect(stack.graph.sent.map((sms) => sms.body)).toEqual([
      { attendees: [{ phoneNumber: '+13129224122', timeZone: 'Central Standard Time' }], remindBeforeTimeInMinutesType: 'mins15' },
    ]);
  });
});

describe('when an attendee joins first', () => {
  const stackNow = useStack({ NUDGE_AFTER_MINUTES: '30' });

  it('nobody is asked: the nudge waiting for the appointment is cancelled', async () => {
    const stack = stackNow();
    await saveNumber(stack);
    await deliver(stack, started(stack));
    // A guest joining from a phone: no Entra id.
    await deliver(stack, joined(stack, { id: '29:guest-phone', name: 'Guest (phone)' }));

    const token = await stack.entra.issueUserToken({ oid: dana.id, name: dana.displayName });
    const listed = await callApi<{ value: Array<{ why: string; state: string }> }>(stack.app.url, {
      method: 'GET',
      path: `/me/scheduledSends?onlineMeetingId=${encodeURIComponent(danasMeeting.id)}`,
      token,
    });
    expect(listed.body.value.filter((item) => item.why === 'nudge').map((item) => item.state)).toEqual(['cancelled']);
  });
});
