import { randomUUID } from 'node:crypto';
import { dana, danasMeeting } from '../support/graphSandbox';
import { useStack, type Stack } from '../support/stack';
import { cardAction, chatMessage, deliver, type ChatUser } from '../support/teamsActivities';

const stackNow = useStack();
let stack: Stack;
beforeAll(() => {
  stack = stackNow();
});

const organizer: ChatUser = { aadObjectId: dana.id, name: dana.displayName };
const send = { cardId: 'fallback-card', savedNumbers: '+13129224122', kind: 'confirmation', timeZone: 'Eastern Standard Time' };
const invoke = (name: string, value: unknown) => ({ ...chatMessage(stack, danasMeeting, organizer, ''), type: 'invoke', name, value });

describe('signing in through the OAuth connection when SSO is not available', () => {
  it("offers a sign-in button with the token service's link in the loginRequest", async () => {
    const answer = await deliver(stack, cardAction(stack, danasMeeting, organizer, { verb: 'send', data: send }));
    expect(answer.body?.value).toMatchObject({
      buttons: [{ type: 'signin', title: 'Sign in', value: expect.stringContaining(`${stack.teams.url}/_standin/signin`) }],
    });
  });

  it('sends once the card comes back with the magic code from the sign-in page', async () => {
    const code = stack.teams.completeSignIn(await stack.entra.issueUserToken({ oid: dana.id }));
    const activity = cardAction(stack, danasMeeting, organizer, { verb: 'send', data: send });
    const answer = await deliver(stack, { ...activity, value: { ...activity.value, state: code } });
    expect(JSON.stringify(answer.body?.value)).toContain('Accepted by Microsoft for sending');
    expect(stack.graph.sent).toHaveLength(1);
  });

  it('answers signin/verifyState, saying whether sign-in finished', async () => {
    const code = stack.teams.completeSignIn(await stack.entra.issueUserToken({ oid: dana.id }));
    expect((await deliver(stack, invoke('signin/verifyState', { state: code }))).status).toBe(200);
    expect(stack.teams.repliesTo(danasMeeting.chatThreadId).at(-1)?.activity.text).toContain("You're signed in");
    await deliver(stack, invoke('signin/verifyState', { state: 'wrong-code' }));
    expect(stack.teams.repliesTo(danasMeeting.chatThreadId).at(-1)?.activity.text).toContain('did not finish');
  });

  it('handles a signin/tokenExchange once when several Teams clients of the user send the same one', async () => {
    const value = { id: randomUUID(), connectionName: 'AppointmentSmsSso', token: await stack.entra.issueUserToken({ oid: dana.id }) };
    const signedInReplies = () =>
      stack.teams.repliesTo(danasMeeting.chatThreadId).filter((call) => String(call.activity.text).includes("You're signed in")).length;
    const before = signedInReplies();
    const answers = await Promise.all([
      deliver(stack, invoke('signin/tokenExchange', value)),
      deliver(stack, invoke('signin/tokenExchange', value)),
      deliver(stack, invoke('signin/tokenExchange', value)),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(signedInReplies() - before).toBe(1);
  });

  it('answers a failed exchange with 412 so Teams falls back to the sign-in card', async () => {
    const answer = await deliver(
      stack,
      invoke('signin/tokenExchange', { id: randomUUID(), connectionName: 'AppointmentSmsSso', token: 'not-exchangeable' }),
    );
    expect(answer.status).toBe(412);
  });

  it('answers signin/failure with 200 and logs it for the admin', async () => {
    const answer = await deliver(stack, invoke('signin/failure', { code: 'resourcematchfailed', message: 'Resource match failed' }));
    expect(answer.status).toBe(200);
    expect(stack.logs()).toContain('resourcematchfailed');
  });
});
