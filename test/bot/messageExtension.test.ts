import { randomUUID } from 'node:crypto';
import { dana, danasMeeting, sam, samsMeeting } from '../support/graphSandbox';
import { TENANT_ID, useStack, type Stack } from '../support/stack';
import { chatMessage, deliver, type ChatUser } from '../support/teamsActivities';
import { cardProblems } from '../support/cardValidation';

const stackNow = useStack();
let stack: Stack;
beforeAll(() => {
  stack = stackNow();
});

const organizer: ChatUser = { aadObjectId: dana.id, name: dana.displayName };
const guest: ChatUser = { aadObjectId: '6e6e6e6e-1111-4222-8333-444444444444', name: 'Alex Rivera (guest)' };

interface ExtensionAnswer {
  task?: { type: string; value: { title?: string; card?: { content: Record<string, unknown> } } };
  composeExtension?: {
    type: string;
    attachments?: Array<{ content: Record<string, unknown> }>;
    suggestedActions?: { actions: Array<{ type: string; value: string }> };
  };
}

/**
 * A message extension invoke as Teams sends it from the meeting chat's compose box: no
 * `channelData.meeting`, only the meeting chat's conversation id.
 */
function extensionInvoke(
  name: 'composeExtension/fetchTask' | 'composeExtension/submitAction',
  from: ChatUser,
  value: Record<string, unknown>,
  meeting = danasMeeting,
) {
  const activity = chatMessage(stack, meeting, from, '');
  return {
    ...activity,
    type: 'invoke',
    name,
    channelData: { tenant: activity.channelData.tenant, source: { name: 'compose' } },
    value: { commandId: 'textAttendees', commandContext: 'compose', ...value },
  };
}

async function extension(
  name: 'composeExtension/fetchTask' | 'composeExtension/submitAction',
  from: ChatUser,
  value: Record<string, unknown> = {},
  meeting = danasMeeting,
): Promise<ExtensionAnswer> {
  const answer = await deliver(stack, extensionInvoke(name, from, value, meeting));
  expect(answer.status).toBe(200);
  const body = answer.body as unknown as ExtensionAnswer;
  for (const card of [
    body.task?.value.card?.content,
    ...(body.composeExtension?.attachments ?? []).map((attachment) => attachment.content),
  ]) {
    if (card) expect(cardProblems(card)).toEqual([]);
  }
  return body;
}

const dialogCard = (answer: ExtensionAnswer) => answer.task?.value.card?.content ?? {};
const submitData = (dialog: Record<string, unknown>) => (dialog.actions as Array<{ data: Record<string, unknown> }>)[0].data;

/** The organizer fills the dialog and presses Review and send: the Send button's data on the confirmation. */
async function reviewed(from: ChatUser, dialog: Record<string, unknown>, inputs: Record<string, string>, meeting = danasMeeting) {
  const review = await extension('composeExtension/submitAction', from, { data: { ...submitData(dialog), ...inputs } }, meeting);
  const actions = dialogCard(review).actions as Array<{ title: string; data: Record<string, unknown> }>;
  const send = actions.find((action) => action.title.startsWith('Send to'));
  if (!send) throw new Error(`no confirmation: ${JSON.stringify(dialogCard(review))}`);
  return send.data;
}

describe('"Text attendees" from the compose box (message extension)', () => {
  it('asks the organizer to sign in first: action commands get no Teams SSO', async () => {
    const answer = await extension('composeExtension/fetchTask', organizer);
    expect(answer.composeExtension).toMatchObject({
      type: 'auth',
      suggestedActions: { actions: [{ type: 'openUrl', value: expect.stringContaining(`${stack.teams.url}/_standin/signin`) }] },
    });
    expect(stack.graph.graphCalls()).toHaveLength(0);
  });

  it('opens the send form as a dialog once signed in, with Send as a dialog submit', async () => {
    const code = stack.teams.completeSignIn(await stack.entra.issueUserToken({ oid: dana.id, name: dana.displayName }));
    const answer = await extension('composeExtension/fetchTask', organizer, { state: code });
    expect(answer.task).toMatchObject({ type: 'continue', value: { title: 'Text attendees' } });
    const dialog = dialogCard(answer);
    expect(dialog.refresh).toBeUndefined();
    expect(dialog.actions).toEqual([
      expect.objectContaining({
        type: 'Action.Submit',
        title: 'Review and send',
        data: expect.objectContaining({ verb: 'review', cardId: expect.any(String) }),
      }),
    ]);
    expect(JSON.stringify(dialog)).toContain(danasMeeting.subject);
  });

  it('remembers the sign-in: the next dialog opens without asking again', async () => {
    const answer = await extension('composeExtension/fetchTask', organizer);
    expect(answer.task?.type).toBe('continue');
  });

  it("keeps the dialog open with each bad number's reason, and sends nothing", async () => {
    const dialog = dialogCard(await extension('composeExtension/fetchTask', organizer));
    const answer = await extension('composeExtension/submitAction', organizer, {
      data: {
        ...submitData(dialog),
        extraNumbers: '(312) 922-4122, 242-421-4120',
        kind: 'confirmation',
        timeZone: 'Eastern Standard Time',
      },
    });
    expect(answer.task?.type).toBe('continue');
    expect(JSON.stringify(dialogCard(answer))).toContain('Bahamas');
    expect(JSON.stringify(dialogCard(answer))).toContain('(312) 922-4122, 242-421-4120');
    expect(stack.graph.sent).toHaveLength(0);
  });

  it('sends once on Send and returns the receipt card for the compose box; a retried submit sends nothing again', async () => {
    const dialog = dialogCard(await extension('composeExtension/fetchTask', organizer));
    const submit = {
      data: await reviewed(organizer, dialog, { extraNumbers: '(312) 922-4122', kind: 'reschedule', timeZone: 'Central Standard Time' }),
    };
    const answer = await extension('composeExtension/submitAction', organizer, submit);
    expect(answer.composeExtension).toMatchObject({
      type: 'result',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }],
    });
    const receipt = JSON.stringify(answer.composeExtension?.attachments?.[0]?.content);
    expect(receipt).toContain('Accepted by Microsoft for sending');
    expect(receipt).toContain('+1312•••4122');
    expect(receipt).not.toContain('+13129224122');
    expect(stack.graph.sent.map((sms) => sms.body)).toEqual([
      { attendees: [{ phoneNumber: '+13129224122', timeZone: 'Central Standard Time' }], messageType: 'reschedule' },
    ]);

    const retried = await extension('composeExtension/submitAction', organizer, submit);
    expect(JSON.stringify(retried.composeExtension?.attachments?.[0]?.content)).toContain('Already sent');
    expect(stack.graph.sent).toHaveLength(1);
  });

  it('answers a slow Graph before Teams gives up, and the retried submit gets the one outcome', async () => {
    const before = stack.graph.sent.length;
    const dialog = dialogCard(await extension('composeExtension/fetchTask', organizer));
    const submit = {
      data: await reviewed(organizer, dialog, { extraNumbers: '415 555 0133', kind: 'confirmation', timeZone: 'Pacific Standard Time' }),
    };
    stack.graph.injectFault({ type: 'delay', ms: 5000 });
    const first = await extension('composeExtension/submitAction', organizer, submit);
    expect(first.task?.type).toBe('continue');
    expect(JSON.stringify(dialogCard(first))).toContain('Still sending');
    const retried = await extension('composeExtension/submitAction', organizer, submit);
    const receipt = JSON.stringify(retried.composeExtension?.attachments?.[0]?.content);
    expect(receipt).toContain('Already sent');
    expect(receipt).toContain('+1415•••0133');
    expect(stack.graph.sent.length - before).toBe(1);
  });

  it('refuses someone who is not the organizer with a dialog saying so, before any sign-in', async () => {
    const tokenCalls = stack.teams.tokenServiceCalls.length;
    const answer = await extension('composeExtension/fetchTask', guest);
    expect(answer.task).toMatchObject({ type: 'continue' });
    expect(JSON.stringify(dialogCard(answer))).toContain('Only the appointment');
    expect(stack.teams.tokenServiceCalls).toHaveLength(tokenCalls);
    const submitted = await extension('composeExtension/submitAction', guest, {
      data: { extraNumbers: '(312) 922-4122', kind: 'confirmation' },
    });
    expect(JSON.stringify(dialogCard(submitted))).toContain('Only the appointment');
  });

  it('tells the organizer of a meeting without Teams Premium why nothing was sent', async () => {
    const samUser: ChatUser = { aadObjectId: sam.id, name: sam.displayName };
    const code = stack.teams.completeSignIn(await stack.entra.issueUserToken({ oid: sam.id, name: sam.displayName }));
    const dialog = dialogCard(await extension('composeExtension/fetchTask', samUser, { state: code }, samsMeeting));
    const send = await reviewed(
      samUser,
      dialog,
      { extraNumbers: '(312) 922-4122', kind: 'cancellation', timeZone: 'Eastern Standard Time' },
      samsMeeting,
    );
    const answer = await extension('composeExtension/submitAction', samUser, { data: send }, samsMeeting);
    expect(JSON.stringify(dialogCard(answer))).toContain('Teams Premium');
  });

  it('points to the meeting chat when used anywhere else', async () => {
    const activity = {
      ...extensionInvoke('composeExtension/fetchTask', organizer, {}),
      conversation: { id: `a:personal-${randomUUID()}`, conversationType: 'personal', tenantId: TENANT_ID },
    };
    const answer = (await deliver(stack, activity)).body as unknown as ExtensionAnswer;
    expect(JSON.stringify(dialogCard(answer))).toContain('meeting chat');
  });
});
