import { generateKeyPair } from 'jose';
import { dana, danasMeeting } from '../support/graphSandbox';
import { CLIENT_ID, useStack, type Stack } from '../support/stack';
import { cardAction, chatMessage, deliver, lastCard, teamsUserId, type ChatUser } from '../support/teamsActivities';
import { cardProblems, markdownRendered } from '../support/cardValidation';
import { cardsSeen, collectCard } from './cardsSeen';

const stackNow = useStack();
let stack: Stack;
beforeAll(() => {
  stack = stackNow();
});

afterAll(() => {
  // Every card the bot actually produced in this file, checked like the catalogue in test/cards.
  expect(cardsSeen.length).toBeGreaterThan(10);
  expect(cardsSeen.flatMap((card) => cardProblems(card))).toEqual([]);
});

const organizer: ChatUser = { aadObjectId: dana.id, name: dana.displayName };
const attendee: ChatUser = { aadObjectId: '5e5e5e5e-1111-4222-8333-444444444444', name: 'Alex Rivera (guest)' };
const chat = danasMeeting.chatThreadId;
const texts = (card: Record<string, unknown>) => JSON.stringify(card);

async function say(from: ChatUser, text: string) {
  const answer = await deliver(stack, chatMessage(stack, danasMeeting, from, text));
  expect(answer.status).toBe(200);
  return collectCard(lastCard(stack, chat));
}

async function act(from: ChatUser, verb: string, data: Record<string, unknown>, token?: string) {
  const answer = await deliver(stack, cardAction(stack, danasMeeting, from, { verb, data, token }));
  expect(answer.status).toBe(200);
  if (answer.body?.statusCode === 200) collectCard(answer.body.value);
  return answer.body!;
}

describe('the organizer texts attendees from the meeting chat', () => {
  it('gets the true receipt even when the card cannot be updated (message deleted), and a second Send says it was already sent', async () => {
    const token = await stack.entra.issueUserToken({ oid: dana.id, name: dana.displayName });
    stack.teams.deleteMessage('deleted-card');
    const data = { cardId: 'card-deleted', savedNumbers: '+13129224122', kind: 'cancellation', timeZone: 'Pacific Standard Time' };
    const send = () => deliver(stack, cardAction(stack, danasMeeting, organizer, { verb: 'send', data, token, replyToId: 'deleted-card' }));

    const first = await send();
    const again = await send();

    expect(first).toMatchObject({ status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' } });
    expect(texts(first.body!.value)).toContain('Accepted by Microsoft for sending');
    expect(again.status).toBe(200);
    expect(texts(again.body!.value)).toContain('Already sent: not sent again');
    expect(stack.graph.sent).toHaveLength(1);
    expect(stack.logs()).toContain('could not update the card');
  });

  it('"sms" posts a card everyone sees as a summary, refreshed into the form for the organizer only', async () => {
    await say(organizer, 'numbers add (312) 922-4122, 415.555.0133');
    const posted = await say(organizer, '<at>Appointment SMS</at>  SMS ');

    expect(posted.refresh).toMatchObject({ userIds: [teamsUserId(organizer)], action: { verb: 'showForm' } });
    expect(texts(posted)).not.toContain('+13129224122');
    const form = await act(organizer, 'showForm', { cardId: 'card-1' });
    expect(form.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(texts(form.value)).toContain(
      '"id":"savedNumbers","label":"Saved attendee numbers","isMultiSelect":true,"style":"expanded","value":""',
    );
    expect(texts(form.value)).toContain('Central (Chicago)');
  });

  it('asks for sign-in (401 loginRequest with the App ID URI) before it sends anything', async () => {
    const answer = await act(organizer, 'send', {
      cardId: 'card-2',
      savedNumbers: '+13129224122',
      kind: 'confirmation',
      timeZone: 'Pacific Standard Time',
    });
    expect(answer).toMatchObject({
      statusCode: 401,
      type: 'application/vnd.microsoft.activity.loginRequest',
      value: { connectionName: 'AppointmentSmsSso', tokenExchangeResource: { uri: stack.config.sso.appIdUri } },
    });
    expect(stack.graph.graphCalls()).toHaveLength(0);
  });

  it('with the SSO token, sends the current body to Graph once, and the card becomes a receipt for everyone', async () => {
    const token = await stack.entra.issueUserToken({ oid: dana.id, name: dana.displayName });
    // Both numbers were saved from this Chicago chat; on the form the organizer moved the ticked one to Pacific.
    const data = {
      cardId: 'card-3',
      savedNumbers: '+13129224122',
      'zone:+13129224122': 'Pacific Standard Time',
      extraNumbers: '415-555-0133',
      kind: 'reschedule',
      timeZone: 'Mountain Standard Time',
    };
    const answer = await act(organizer, 'send', data, token);
    const again = await act(organizer, 'send', data, token);

    expect(stack.graph.sent.map((sms) => sms.body)).toEqual([
      {
        attendees: [
          { phoneNumber: '+13129224122', timeZone: 'Pacific Standard Time' },
          // Typed again, but saved: it keeps the zone saved with it.
          { phoneNumber: '+14155550133', timeZone: 'Central Standard Time' },
        ],
        messageType: 'reschedule',
      },
    ]);
    expect(texts(answer.value)).toContain('Accepted by Microsoft for sending');
    // Each zone the texts were written in, not only the first attendee's.
    expect(texts(answer.value)).toContain('Pacific (Los Angeles); Central (Chicago)');
    expect(texts(answer.value)).toContain('+1312•••4122');
    expect(texts(answer.value)).not.toContain('+13129224122');
    expect(texts(again.value)).toContain('Already sent: not sent again');
    const update = stack.teams.repliesTo(chat).find((call) => call.method === 'PUT' && call.activityId === 'activity-1');
    // The message itself is replaced, with the bot's own token for the Bot Framework, as Teams' connector requires.
    expect(update).toMatchObject({
      activityId: 'activity-1',
      caller: { aud: 'https://api.botframework.com', appid: CLIENT_ID },
      activity: { id: 'activity-1', type: 'message', conversation: { id: chat }, serviceUrl: stack.teams.url },
      status: 200,
    });
    expect(texts(update!.activity)).toContain('Accepted by Microsoft for sending');
  });

  it.each([
    { fault: 'Teams throttles it (429, Retry-After)', cause: () => stack.teams.throttleUpdates(1, 1), statuses: [429, 200] },
    { fault: 'the connection breaks before an answer', cause: () => stack.teams.dropUpdates(1), statuses: [0, 200] },
  ])('still turns the card into the receipt for everyone when the first update fails: $fault', async ({ cause, statuses }) => {
    const token = await stack.entra.issueUserToken({ oid: dana.id, name: dana.displayName });
    const replyToId = `card-${statuses[0]}`;
    cause();
    const data = { cardId: replyToId, savedNumbers: '+13129224122', kind: 'confirmation', timeZone: 'Pacific Standard Time' };
    const answer = await deliver(stack, cardAction(stack, danasMeeting, organizer, { verb: 'send', data, token, replyToId }));

    expect(texts(answer.body!.value)).toContain('Accepted by Microsoft for sending');
    const updates = stack.teams.repliesTo(chat).filter((call) => call.activityId === replyToId);
    expect(updates.map((call) => call.status)).toEqual(statuses);
    expect(texts(updates[1].activity)).toContain('Accepted by Microsoft for sending');
    expect(stack.graph.sent).toHaveLength(1);
  });

  it("re-renders the form with the entries kept and each bad number's reason, and sends nothing", async () => {
    const token = await stack.entra.issueUserToken({ oid: dana.id });
    const answer = await act(
      organizer,
      'send',
      {
        cardId: 'card-4',
        savedNumbers: '+13129224122',
        extraNumbers: '+1242421412',
        kind: 'cancellation',
        timeZone: 'Eastern Standard Time',
      },
      token,
    );

    expect(texts(answer.value)).toContain('Nothing was sent. Fix these and send again:');
    expect(texts(answer.value)).toContain('\\"+1242421412\\" has 9 digits after +1');
    expect(texts(answer.value)).toContain(
      '"id":"extraNumbers","label":"More numbers (one per line, or separated by commas)","isMultiline":true,"value":"+1242421412"',
    );
    expect(texts(answer.value)).toContain('"value":"cancellation"');
    expect(stack.graph.graphCalls()).toHaveLength(0);
  });
});

describe('when Entra needs more before it gives a Graph token', () => {
  it('shows a consent prompt card with the admin-consent link instead of an error, and sends nothing', async () => {
    stack.entra.refuseUser(dana.id, 'consent');
    try {
      const token = await stack.entra.issueUserToken({ oid: dana.id });
      const answer = await act(
        organizer,
        'send',
        { cardId: 'card-consent', savedNumbers: '+13129224122', kind: 'confirmation', timeZone: 'Eastern Standard Time' },
        token,
      );
      expect(texts(answer.value)).toContain('Permission needed before texting');
      expect(texts(answer.value)).toContain(`/adminconsent?client_id=${stack.config.entra.clientId}`);
      expect(stack.graph.graphCalls()).toHaveLength(0);
      // What the card says to do is what its buttons do: once approved, back to the form as it was.
      const actions = answer.value.actions as Array<{ type: string; title: string; verb?: string; data?: Record<string, unknown> }>;
      expect(actions.map((action) => action.title)).toEqual(['Ask for approval', 'Back to my form']);
      expect(texts(answer.value)).toContain('Back to my form');
      expect(texts(answer.value)).not.toContain('press Send again');
      stack.entra.allowUser(dana.id);
      const back = await act(organizer, actions[1]?.verb ?? '', actions[1]?.data ?? {});
      expect(texts(back.value)).toContain(
        '"id":"savedNumbers","label":"Saved attendee numbers","isMultiSelect":true,"style":"expanded","value":"+13129224122"',
      );
    } finally {
      stack.entra.allowUser(dana.id);
    }
  });

  it('asks Teams to sign the organizer in again when MFA is required', async () => {
    stack.entra.refuseUser(dana.id, 'mfa');
    try {
      const token = await stack.entra.issueUserToken({ oid: dana.id });
      const answer = await act(
        organizer,
        'send',
        { cardId: 'card-mfa', savedNumbers: '+13129224122', kind: 'confirmation', timeZone: 'Eastern Standard Time' },
        token,
      );
      expect(answer).toMatchObject({ statusCode: 401, type: 'application/vnd.microsoft.activity.loginRequest' });
    } finally {
      stack.entra.allowUser(dana.id);
    }
  });
});

describe('when something breaks during a turn', () => {
  it('replies with a human message and logs no token or number', async () => {
    const unknownMeeting = { ...danasMeeting, chatThreadId: '19:meeting_gone@thread.v2' };
    const answer = await deliver(stack, chatMessage(stack, unknownMeeting, organizer, 'sms 312-922-4122'));
    expect(answer.status).toBe(200);
    expect(stack.teams.repliesTo(unknownMeeting.chatThreadId).at(-1)?.activity.text).toContain('Nothing was sent');
    expect(stack.logs()).toContain('bot turn failed');
    expect(stack.logs()).not.toContain('3129224122');
  });
});

describe('an attendee who is not the organizer', () => {
  it('sees only the summary, cannot send even with a valid token, and is told why on commands', async () => {
    const token = await stack.entra.issueUserToken({ oid: attendee.aadObjectId });
    const refreshed = await act(attendee, 'showForm', { cardId: 'card-5' });
    const sent = await act(
      attendee,
      'send',
      { cardId: 'card-5', savedNumbers: '+13129224122', kind: 'confirmation', timeZone: 'Eastern Standard Time' },
      token,
    );

    expect(texts(refreshed.value)).not.toContain('Input.');
    expect(texts(sent.value)).not.toContain('Input.');
    expect(stack.graph.graphCalls()).toHaveLength(0);
    expect(texts(await say(attendee, 'sms'))).toContain("Only the appointment's organizer");
    expect(texts(await say(attendee, 'numbers'))).toContain("Only the appointment's organizer");
  });
});

describe('activities that are not from Teams', () => {
  it.each([
    ['unsigned', async () => null],
    [
      'signed with a key Teams did not publish',
      async () => `Bearer ${await stack.teams.tokenFor('x', { forgeWith: (await generateKeyPair('RS256')).privateKey })}`,
    ],
    ['signed for another bot', async () => `Bearer ${await stack.teams.tokenFor('00000000-0000-4000-8000-000000000000')}`],
  ])('are refused with 401 when %s, and get no reply', async (_case, authorization) => {
    const before = stack.teams.calls.length;
    const answer = await deliver(stack, chatMessage(stack, danasMeeting, organizer, 'help'), await authorization());
    expect(answer.status).toBe(401);
    expect(stack.teams.calls.length).toBe(before);
  });

  it.each([
    ['another service URL', { serviceUrl: 'https://smba.trafficmanager.example/amer/' }],
    ['another channel', { channelId: 'webchat' }],
  ])('a token Teams signed, once accepted, is still refused with 401 on an activity from %s', async (_case, elsewhere) => {
    const token = `Bearer ${await stack.teams.tokenFor(CLIENT_ID)}`;
    const message = chatMessage(stack, danasMeeting, organizer, 'help');
    expect((await deliver(stack, message, token)).status).toBe(200);
    const before = stack.teams.calls.length;

    const answer = await deliver(stack, { ...message, ...elsewhere }, token);
    expect(answer.status).toBe(401);
    expect(stack.teams.calls.length).toBe(before);
    expect((await deliver(stack, message, token)).status).toBe(200);
  });
});

describe('chat commands', () => {
  it('shows what someone typed as plain text, never as Markdown: a link in it stays words, not a link', async () => {
    const link = '[Verify your number](https://evil.example)';
    const help = await say(organizer, link);
    await say(organizer, `numbers add ${link}`);
    const numbers = await say(organizer, 'numbers');

    expect(texts(help)).toContain('Verify your number');
    for (const card of [help, numbers]) expect(markdownRendered(card).filter((text) => text.includes('evil.example'))).toEqual([]);
  });

  it('"help", and anything it does not understand, lists the commands', async () => {
    expect(texts(await say(organizer, 'help'))).toContain('numbers add');
    expect(texts(await say(organizer, 'what can you do'))).toContain('I did not understand');
  });

  it('"numbers add", "numbers", "numbers remove" keep the saved list, refusing bad numbers with reasons', async () => {
    expect(texts(await say(organizer, 'numbers add 206-555-0111'))).toContain('+1206•••0111');
    expect(texts(await say(organizer, 'numbers add +44 20 7946 0958'))).toContain('United Kingdom');
    expect(texts(await say(organizer, 'numbers'))).toContain('+1206•••0111');
    expect(texts(await say(organizer, 'NUMBERS remove (206) 555-0111'))).not.toContain('+1206•••0111');
  });

  it('"history" lists what was sent, newest first', async () => {
    const history = texts(await say(organizer, 'history'));
    expect(history).toMatch(
      /Reschedule: accepted by Microsoft.*\+1312•••4122.*Accepted by Microsoft.*\+1415•••0133.*Accepted by Microsoft/,
    );
  });

  it('outside a meeting says where to use it', async () => {
    await deliver(stack, chatMessage(stack, undefined, organizer, 'sms'));
    expect(texts(lastCard(stack, `a:personal-${dana.id}`))).toContain('meeting chat');
  });
});

describe('the organizer closes a day from the chat', () => {
  it('answers the confirm at once; the bot then updates the card in the chat itself until every appointment has its outcome', async () => {
    stack.graph.addAppointments(
      [],
      [
        {
          id: 'chat-day-visit',
          calendarOf: dana.id,
          subject: 'Annual check-up',
          start: '2026-12-04T15:00:00Z',
          end: '2026-12-04T15:30:00Z',
          joinUrl: danasMeeting.joinWebUrl,
        },
      ],
    );
    await say(organizer, 'numbers add (312) 922-4122');
    const token = await stack.entra.issueUserToken({ oid: dana.id, name: dana.displayName });
    const data = { date: '2026-12-04', kind: 'cancellation', timeZone: 'America/Chicago' };
    const confirm = cardAction(stack, danasMeeting, organizer, { verb: 'runDayAction', data, token, replyToId: 'day-card' });
    const answer = await deliver(stack, confirm);
    expect(texts(answer.body?.value ?? {})).toContain('Texting 2026-12-04: 0 of 1 done');
    // The updates come through Teams' connector, signed with the bot's own token, after the invoke was answered.
    const updates = () => stack.teams.repliesTo(chat).filter((call) => call.method === 'PUT' && call.activityId === 'day-card');
    while (!updates().some((call) => texts(call.activity).includes('2026-12-04: 1 appointment texted')))
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(updates().every((call) => call.authorized)).toBe(true);
    // The last card is checked with every other card the bot produced here.
    collectCard((updates().at(-1)?.activity.attachments as Array<{ content: Record<string, unknown> }>)[0]?.content ?? {});
    expect(stack.graph.sent).toHaveLength(1);
  });
});

describe("the organizer's own view of a send", () => {
  it("over a cap: the form comes back with the ticked number still ticked, and the cap and the receipt speak one zone, the organizer's", async () => {
    const admin = await stack.entra.issueUserToken({ oid: 'policy-admin', roles: ['AppointmentSms.Admin'] });
    const setPolicy = (perDay: number) =>
      fetch(`${stack.app.url}/api/admin/policy`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          sendingHours: { from: '00:00', to: '24:00' },
          caps: { perDay, perWeek: 0 },
          overridesAllowed: true,
          whenLate: 'send',
        }),
      });
    expect((await setPolicy(1)).status).toBe(200);
    try {
      await say(organizer, 'numbers add (312) 555-0421');
      const token = await stack.entra.issueUserToken({ oid: dana.id, name: dana.displayName });
      // The attendee is in Los Angeles; the organizer reads times in Chicago (Teams' localTimezone).
      const entries = {
        savedNumbers: '+13125550421',
        'zone:+13125550421': 'Pacific Standard Time',
        extraNumbers: '',
        kind: 'confirmation',
      };
      const sendFromReview = async (cardId: string) => {
        const review = await act(organizer, 'review', { cardId, ...entries, timeZone: 'Central Standard Time' });
        const send = (review.value.actions as Array<{ verb: string; data: Record<string, unknown> }>).find(
          (action) => action.verb === 'send',
        );
        // Review names the number in full, and its zone, for the organizer alone.
        expect(texts(review.value)).toContain('(312) 555-0421');
        expect(texts(review.value)).toContain('Pacific (Los Angeles)');
        return act(organizer, 'send', send?.data ?? {}, token);
      };

      const first = await sendFromReview('cap-1');
      expect(texts(first.value)).toMatch(/ [0-9]{1,2}:[0-9]{2} (AM|PM) C[SD]T/);
      const second = await sendFromReview('cap-2');

      const form = JSON.stringify(second.value);
      expect(form).toContain('Nothing was sent. Fix these and send again:');
      expect(form).toMatch(/has had 1 text in the last 24 hours, the tenant's limit\. It may be texted again after [^"]* C[SD]T\./);
      expect(form).toContain(
        '"id":"savedNumbers","label":"Saved attendee numbers","isMultiSelect":true,"style":"expanded","value":"+13125550421"',
      );
      expect(form).toContain(
        '"id":"extraNumbers","label":"More numbers (one per line, or separated by commas)","isMultiline":true,"value":""',
      );
      expect(stack.graph.sent).toHaveLength(1);
    } finally {
      await setPolicy(0);
    }
  });
});
