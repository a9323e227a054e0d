import { dana, danasMeeting, samsMeeting } from '../support/graphSandbox';
import { useStack, type Stack } from '../support/stack';
import { cardAction, chatMessage, deliver, lastCard, type ChatUser } from '../support/teamsActivities';

const stackNow = useStack();
let stack: Stack;
beforeAll(() => {
  stack = stackNow();
});

const organizer: ChatUser = { aadObjectId: dana.id, name: dana.displayName };
const personalChat = `a:personal-${dana.id}`;
const act = async (verb: string, data: Record<string, unknown>, token?: string) =>
  (await deliver(stack, cardAction(stack, undefined, organizer, { verb, data, token }))).body!;

describe('texting from the 1:1 chat with a pasted join link', () => {
  it("finds the organizer's meeting by its link once signed in, and sends to it", async () => {
    await deliver(stack, chatMessage(stack, undefined, organizer, `sms reminder ${danasMeeting.joinWebUrl} 312-922-4122`));
    const posted = lastCard(stack, personalChat);
    const refresh = (posted.refresh as { action: { data: Record<string, unknown> } }).action.data;
    expect(refresh).toMatchObject({ joinUrl: danasMeeting.joinWebUrl, kind: 'reminder', numbers: ['312-922-4122'] });

    expect(await act('showForm', refresh)).toMatchObject({ statusCode: 401, type: 'application/vnd.microsoft.activity.loginRequest' });
    const token = await stack.entra.issueUserToken({ oid: dana.id });
    const form = await act('showForm', refresh, token);
    expect(JSON.stringify(form.value)).toContain('"value":"312-922-4122"');

    const sent = await act(
      'send',
      {
        cardId: refresh.cardId,
        joinUrl: danasMeeting.joinWebUrl,
        extraNumbers: '312-922-4122',
        kind: 'reminder',
        timeZone: 'Mountain Standard Time',
      },
      token,
    );
    expect(JSON.stringify(sent.value)).toContain('Accepted by Microsoft for sending');
    expect(stack.graph.sent).toEqual([
      expect.objectContaining({ onlineMeetingId: danasMeeting.id, action: 'sendVirtualAppointmentReminderSms' }),
    ]);
  });

  it('does not find a meeting someone else organizes, even with its real link', async () => {
    const token = await stack.entra.issueUserToken({ oid: dana.id });
    const answer = await act('showForm', { cardId: 'x', joinUrl: samsMeeting.joinWebUrl }, token);
    expect(JSON.stringify(answer.value)).toContain('None of your meetings has that join link');
    expect(stack.graph.sent).toHaveLength(0);
  });

  it('without a link, says to use the meeting chat or paste the link', async () => {
    await deliver(stack, chatMessage(stack, undefined, organizer, 'sms'));
    expect(JSON.stringify(lastCard(stack, personalChat))).toContain('meeting chat');
  });
});
