/**
 * Every branch of the bot's rules, in this process through botbuilder's TestAdapter (milliseconds
 * each). The full-stack suites beside this one drive the same bot over HTTP as Teams would.
 */
import { APP_PERMISSIONS } from '../../src/auth/onBehalfOfExchanger';
import { refused } from '../../src/domain/result';
import type { GraphSandbox } from '../../dev/graph-sandbox/graphSandbox';
import { CATALOG } from '../../src/domain/messages';

const NOT_ORGANIZER = { message: CATALOG['en-US'].failures.notOrganizer };
import { sendingHoursExcludingNow } from '../support/appointments';
import { dana, danasMeeting, startGraphSandbox } from '../support/graphSandbox';
import { ANY_TIME_NO_CAPS } from '../support/sendPolicy';
import {
  ATTENDEE,
  cardInvoke,
  cardOf,
  inMeetingChat,
  inPersonalChat,
  inProcessBot,
  ORGANIZER,
  textsOf,
  VALID_TOKEN,
  type InProcessBot,
} from '../support/inProcessBot';

let sandbox: GraphSandbox;
let bot: InProcessBot;
beforeAll(async () => {
  sandbox = await startGraphSandbox();
});
afterAll(() => sandbox.stop());
beforeEach(() => {
  sandbox.reset();
  bot = inProcessBot(sandbox, { userSpecificViews: true });
});

const BOT = { id: '28:appointment-sms', name: 'Appointment SMS' };
const say = async (activity: Parameters<InProcessBot['deliver']>[0]) =>
  cardOf((await bot.deliver({ type: 'message', ...activity })).replies[0]);
/** The organizer presses Send on the form in the meeting chat with what the form holds. */
const organizerSends = async (data: Record<string, unknown>, token: string | undefined = VALID_TOKEN) =>
  invokeBody(await bot.deliver(inMeetingChat(ORGANIZER, cardInvoke('send', data, { token }))));
const invokeBody = (answer: { invoke?: { body?: unknown } }) =>
  answer.invoke?.body as { statusCode: number; type: string; value: Record<string, unknown> };

describe('typed commands', () => {
  it('answers help anywhere, without asking which meeting', async () => {
    expect(textsOf(await say(inPersonalChat(ATTENDEE, { text: 'help' })))).toContain('Appointment SMS');
  });

  it('greets a chat it is added to, saying that in a group chat it hears only messages that @mention it', async () => {
    const added = (members: Array<{ id: string; name: string }>) =>
      bot.deliver(inMeetingChat(ORGANIZER, { type: 'conversationUpdate', recipient: BOT, membersAdded: members }));
    const welcome = (await added([BOT])).replies;
    expect(welcome).toHaveLength(1);
    expect(textsOf(cardOf(welcome[0])).join(' ')).toContain('@mention Appointment SMS');
    expect((await added([{ id: '29:new-attendee', name: 'New attendee' }])).replies).toHaveLength(0);
  });

  it('says on its help card how to reach it in a group chat', async () => {
    expect(textsOf(await say(inMeetingChat(ORGANIZER, { text: 'help' }))).join(' ')).toContain('@mention Appointment SMS');
  });

  it('reads commands typed in Spanish and answers in Spanish, its help naming the Spanish commands', async () => {
    const inSpanish = (text: string) => say({ ...inMeetingChat(ORGANIZER, { text }), locale: 'es-MX' });
    expect(textsOf(await inSpanish('números agregar (312) 922-4122')).join(' ')).toContain('Guardado.');
    expect(textsOf(await inSpanish('numeros')).join(' ')).toContain('+1312•••4122');
    expect(textsOf(await inSpanish('historial')).join(' ')).toContain('Todavía no se ha enviado nada');
    // The commands are the help card's facts.
    const help = JSON.stringify(await inSpanish('ayuda'));
    expect(help).toContain('números agregar (números…)');
    expect(help).not.toContain('numbers add');
  });

  it('answers unknown text with what it can do, quoting what was typed', async () => {
    expect(textsOf(await say(inMeetingChat(ORGANIZER, { text: 'hello there' }))).join(' ')).toContain('I did not understand "hello there"');
  });

  it('asks for the meeting chat when a command about an appointment comes from elsewhere', async () => {
    expect(textsOf(await say(inPersonalChat(ORGANIZER, { text: 'numbers' })))).toContain('Open this in the meeting');
  });

  it('tells anyone but the organizer, in the one wording, that only the organizer may', async () => {
    for (const text of ['sms', 'numbers', 'numbers add (312) 922-4122', 'history']) {
      const texts = textsOf(await say(inMeetingChat(ATTENDEE, { text })));
      expect(texts).toEqual(['Organizer only', NOT_ORGANIZER.message]);
    }
  });

  it('posts the summary everyone sees, refreshed into the form for the organizer alone with what was typed', async () => {
    const card = await say(inMeetingChat(ORGANIZER, { text: 'sms cancel (312) 922-4122' }));
    expect(card.refresh).toMatchObject({
      userIds: [ORGANIZER.id],
      action: { verb: 'showForm', data: { kind: 'cancellation', numbers: ['(312) 922-4122'] } },
    });
  });

  it('posts the form itself, with no refresh, where the host has no user-specific views (Agents Playground)', async () => {
    bot = inProcessBot(sandbox, { userSpecificViews: false });
    const card = await say(inMeetingChat(ORGANIZER, { text: 'sms' }));
    expect(card.refresh).toBeUndefined();
    expect(JSON.stringify(card.actions)).toContain('"verb":"review"');
  });

  it('keeps a join link typed outside the meeting for the sign-in that finds the meeting', async () => {
    const joinUrl = danasMeeting.joinWebUrl;
    const card = await say(inPersonalChat(ORGANIZER, { text: `sms ${joinUrl}` }));
    expect(card.refresh).toMatchObject({ action: { data: { joinUrl } } });
  });

  it('ticks no saved number on a new form, only those the organizer named for this send, and never lists one twice', async () => {
    bot = inProcessBot(sandbox, { userSpecificViews: false });
    await say(inMeetingChat(ORGANIZER, { text: 'numbers add (312) 922-4122, (415) 555-0133' }));
    const inputs = (card: Record<string, unknown>) => {
      const body = card.body as Array<{ id?: string; value?: string }>;
      return {
        ticked: body.find((element) => element.id === 'savedNumbers')?.value,
        typed: body.find((element) => element.id === 'extraNumbers')?.value,
      };
    };
    expect(inputs(await say(inMeetingChat(ORGANIZER, { text: 'sms' })))).toEqual({ ticked: '', typed: '' });
    expect(inputs(await say(inMeetingChat(ORGANIZER, { text: 'sms cancel 312-922-4122, 646 555 0100' })))).toEqual({
      ticked: '+13129224122',
      typed: '646 555 0100',
    });
  });

  it('saves numbers, refuses a bad one by name with nothing changed, and asks which when none is given', async () => {
    expect(textsOf(await say(inMeetingChat(ORGANIZER, { text: 'numbers add' })))).toContain('Which numbers?');
    const refused = textsOf(await say(inMeetingChat(ORGANIZER, { text: 'numbers add (312) 922-4122, 242 421 412' }))).join(' ');
    expect(refused).toContain('Nothing was changed.');
    expect(refused).toContain('242 421 412');
    expect(textsOf(await say(inMeetingChat(ORGANIZER, { text: 'numbers add (312) 922-4122' })))).toContain('Saved.');
    expect(textsOf(await say(inMeetingChat(ORGANIZER, { text: 'numbers' }))).join(' ')).toContain('+1312•••4122');
  });
});

describe('what was sent, afterwards', () => {
  it('lists each number once, with what happened to it, on the receipt and in the history', async () => {
    await say(inMeetingChat(ORGANIZER, { text: 'numbers add (312) 922-4122' }));
    // The saved number ticked and typed again, and one more.
    const receipt = await organizerSends({
      cardId: 'h1',
      kind: 'cancellation',
      savedNumbers: '+13129224122',
      extraNumbers: '(312) 922-4122, 646 555 0100',
    });
    expect(textsOf(receipt.value).filter((text) => text.includes('•••'))).toEqual(['+1312•••4122', '+1646•••0100']);
    expect(textsOf(receipt.value).join(' ')).not.toContain('twice');

    const history = textsOf(await say(inMeetingChat(ORGANIZER, { text: 'history' })));
    expect(history.filter((text) => text.includes('•••'))).toEqual(['+1312•••4122', '+1646•••0100']);
    expect(history).toEqual(expect.arrayContaining(['Texts for this appointment', 'Cancellation: accepted by Microsoft']));
  });

  it("tells the time in the organizer's own zone, named, as Teams reports it", async () => {
    const chicago = { localTimezone: 'America/Chicago' } as Record<string, unknown>;
    const posted = await bot.deliver(
      inMeetingChat(ORGANIZER, {
        ...cardInvoke('send', { cardId: 'h3', kind: 'confirmation', extraNumbers: '(312) 922-4122' }, { token: VALID_TOKEN }),
        ...chicago,
      }),
    );
    const whenSent = (texts: string[]) => texts.find((text) => /\d{4}, \d{1,2}:\d{2} (AM|PM)/.test(text));
    expect(whenSent(textsOf(invokeBody(posted).value))).toMatch(/ (CST|CDT)$/);
    expect(whenSent(textsOf(await say(inMeetingChat(ORGANIZER, { text: 'history', ...chicago }))))).toMatch(/ (CST|CDT)$/);
    // Without a zone from Teams, the time says it is UTC.
    expect(whenSent(textsOf(await say(inMeetingChat(ORGANIZER, { text: 'history' }))))).toMatch(/ UTC$/);
  });

  it('titles a refused send by the kind that was asked and says nothing was sent', async () => {
    await organizerSends({ cardId: 'h2', kind: 'cancellation', extraNumbers: '242 421 412' });
    const history = textsOf(await say(inMeetingChat(ORGANIZER, { text: 'history' })));
    expect(history).toContain('Cancellation: refused, nothing sent');
    expect(history.join(' ')).not.toContain('Refused request');
  });
});

describe('the card, by verb', () => {
  it("shows the form in the organizer's Teams language, saying that Microsoft's texts themselves are in English", async () => {
    const formIn = async (locale: string) =>
      textsOf(
        invokeBody(await bot.deliver({ ...inMeetingChat(ORGANIZER, cardInvoke('showForm', { cardId: `c-${locale}` })), locale })).value,
      ).join(' ');
    const spanish = await formIn('es-MX');
    expect(spanish).toContain('Microsoft redacta estos mensajes, en inglés, y solo los envía a números de EE. UU.');
    expect(spanish).toContain('Enviar un mensaje a los asistentes');
    expect(spanish).not.toContain('Text the attendees');
    const english = await formIn('en-US');
    expect(english).toContain('Microsoft writes these texts, in English, and sends them only to US numbers.');
    expect(english).not.toContain('Microsoft redacta');
  });

  it('says a sent text was accepted by Microsoft, never that it was delivered', async () => {
    await say(inMeetingChat(ORGANIZER, { text: 'numbers add (312) 922-4122' }));
    const receipt = await organizerSends({
      cardId: 'honest',
      savedNumbers: '+13129224122',
      kind: 'confirmation',
      timeZone: 'Central Standard Time',
    });
    const words = textsOf(receipt.value).join(' ');
    expect(words).toContain('Accepted by Microsoft for sending');
    expect(words.toLowerCase()).not.toContain('delivered');
  });

  it('refreshes into the form for the organizer and keeps the summary for everyone else', async () => {
    const form = invokeBody(await bot.deliver(inMeetingChat(ORGANIZER, cardInvoke('showForm', { cardId: 'c1' }))));
    expect(JSON.stringify(form.value)).toContain('"verb":"review"');
    const other = invokeBody(await bot.deliver(inMeetingChat(ATTENDEE, cardInvoke('showForm', { cardId: 'c1' }))));
    expect(JSON.stringify(other.value)).not.toContain('"verb":"review"');
    expect(textsOf(other.value).join(' ')).toContain('Only the organizer can send from this card.');
  });

  it('shows who will be texted, and how many, before anything is sent; Send to them sends exactly that', async () => {
    const review = invokeBody(
      await bot.deliver(
        inMeetingChat(
          ORGANIZER,
          cardInvoke('review', {
            cardId: 'r1',
            kind: 'cancellation',
            extraNumbers: '(312) 922-4122, 646 555 0100',
            timeZone: 'Central Standard Time',
          }),
        ),
      ),
    );
    // The organizer alone sees this step: each number in full, as people write it, with the zone its text is written in.
    expect(textsOf(review.value)).toEqual(
      expect.arrayContaining(['Send a cancellation to 2 people?', '(312) 922-4122', ' · Central (Chicago)', '(646) 555-0100']),
    );
    expect(sandbox.sent).toHaveLength(0);
    const actions = review.value.actions as Array<{ title: string; verb: string; data: Record<string, unknown> }>;
    const send = actions.find((action) => action.verb === 'send');
    expect(send?.title).toBe('Send to 2 people');
    await organizerSends(send?.data ?? {});
    expect(sandbox.sent.map((sms) => sms.body)).toEqual([
      {
        attendees: [
          { phoneNumber: '+13129224122', timeZone: 'Central Standard Time' },
          { phoneNumber: '+16465550100', timeZone: 'Central Standard Time' },
        ],
        messageType: 'cancellation',
      },
    ]);
    // Change goes back to the form with the entries kept.
    const change = actions.find((action) => action.verb === 'showForm');
    const form = invokeBody(await bot.deliver(inMeetingChat(ORGANIZER, cardInvoke('showForm', change?.data ?? {}))));
    expect(JSON.stringify(form.value)).toContain('(312) 922-4122, 646 555 0100');
  });

  it('refuses a bad number at review, with the form kept, before any sign-in', async () => {
    const review = invokeBody(
      await bot.deliver(
        inMeetingChat(ORGANIZER, cardInvoke('review', { cardId: 'r2', kind: 'confirmation', extraNumbers: '242 421 412' })),
      ),
    );
    expect(textsOf(review.value).join(' ')).toMatch(/9 digits/);
    expect(JSON.stringify(review.value)).toContain('"verb":"review"');
  });

  it('answers a verb it does not know with a card that says what to do', async () => {
    const answer = invokeBody(await bot.deliver(inMeetingChat(ORGANIZER, cardInvoke('delete', {}))));
    expect(answer.statusCode).toBe(200);
    expect(textsOf(answer.value).join(' ')).toContain('Type sms for a new card');
  });

  it("asks Teams for the organizer's token (loginRequest) when Send comes without one, and sends nothing", async () => {
    const answer = await bot.deliver(
      inMeetingChat(ORGANIZER, cardInvoke('send', { cardId: 'c2', kind: 'confirmation', extraNumbers: '(312) 922-4122' })),
    );
    expect(answer.invoke?.status).toBe(200);
    expect(invokeBody(answer)).toMatchObject({ statusCode: 401, type: 'application/vnd.microsoft.activity.loginRequest' });
    expect(sandbox.sent).toHaveLength(0);
  });

  it("answers a token that is not the organizer's with 412 and sends nothing", async () => {
    const answer = await organizerSends({ cardId: 'c3', kind: 'confirmation', extraNumbers: '(312) 922-4122' }, 'someone-elses');
    expect(answer.statusCode).toBe(412);
    expect(sandbox.sent).toHaveLength(0);
  });

  it('keeps the form, with what was typed and why, when a number is bad', async () => {
    const answer = await organizerSends({ cardId: 'c4', kind: 'confirmation', extraNumbers: '(312) 922-4122, 242 421 412' });
    expect(JSON.stringify(answer.value)).toContain('242 421 412');
    expect(textsOf(answer.value).join(' ')).toMatch(/9 digits/);
    expect(sandbox.sent).toHaveLength(0);
  });

  it("sends once and turns the chat's card into the receipt for everyone", async () => {
    const posted = (await bot.deliver({ type: 'message', ...inMeetingChat(ORGANIZER, { text: 'sms' }) })).replies[0];
    const send = cardInvoke(
      'send',
      { cardId: 'c5', kind: 'confirmation', extraNumbers: '(312) 922-4122' },
      { token: VALID_TOKEN, replyToId: posted?.id },
    );
    const answer = invokeBody(await bot.deliver(inMeetingChat(ORGANIZER, send)));
    expect(textsOf(answer.value).join(' ')).toContain('+1312•••4122');
    expect(bot.adapter.activeQueue.find((activity) => activity.id === posted?.id)?.attachments?.[0]?.content).toEqual(answer.value);
    await bot.deliver(inMeetingChat(ORGANIZER, send));
    expect(sandbox.sent).toHaveLength(1);
  });

  it('offers the admin consent link when the tenant has not granted the permission', async () => {
    bot.identity.graphToken = async () => refused({ kind: 'consentRequired', message: 'consent needed' });
    const answer = await organizerSends({
      cardId: 'c6',
      kind: 'confirmation',
      extraNumbers: '(312) 922-4122',
      timeZone: 'Central Standard Time',
    });
    expect(JSON.stringify(answer.value)).toContain('/adminconsent?client_id=app');
  });

  it('asks Teams to sign the organizer in again when Entra wants MFA', async () => {
    bot.identity.graphToken = async () => refused({ kind: 'interactionRequired', message: 'MFA', claims: '{}' });
    const answer = await organizerSends({
      cardId: 'c7',
      kind: 'confirmation',
      extraNumbers: '(312) 922-4122',
      timeZone: 'Central Standard Time',
    });
    expect(answer).toMatchObject({ statusCode: 401, type: 'application/vnd.microsoft.activity.loginRequest' });
  });

  it("finds the meeting by its join link outside the chat, and says so when none of the organizer's meetings has it", async () => {
    const found = invokeBody(
      await bot.deliver(
        inPersonalChat(ORGANIZER, cardInvoke('showForm', { cardId: 'c8', joinUrl: danasMeeting.joinWebUrl }, { token: VALID_TOKEN })),
      ),
    );
    expect(JSON.stringify(found.value)).toContain('"verb":"review"');
    const missing = invokeBody(
      await bot.deliver(
        inPersonalChat(
          ORGANIZER,
          cardInvoke('showForm', { cardId: 'c9', joinUrl: 'https://teams.microsoft.com/l/meetup-join/none' }, { token: VALID_TOKEN }),
        ),
      ),
    );
    expect(textsOf(missing.value)).toContain('Meeting not found');
  });

  it('asks for the meeting chat when the card comes from elsewhere without a join link', async () => {
    const answer = invokeBody(await bot.deliver(inPersonalChat(ORGANIZER, cardInvoke('send', { cardId: 'c10' }, { token: VALID_TOKEN }))));
    expect(textsOf(answer.value)).toContain('Open this in the meeting');
  });
});

describe('texts waiting to go', () => {
  it('holds a send outside the sending hours; "scheduled" lists it with a Cancel button, and cancelling it leaves nothing waiting', async () => {
    const hours = sendingHoursExcludingNow();
    bot = inProcessBot(sandbox, {
      userSpecificViews: true,
      policy: { ...ANY_TIME_NO_CAPS, sendingHours: { from: hours.from, to: hours.to } },
    });
    await say(inMeetingChat(ORGANIZER, { text: 'numbers add (312) 922-4122' }));
    const held = await organizerSends({
      cardId: 'held',
      savedNumbers: '+13129224122',
      kind: 'confirmation',
      timeZone: 'Eastern Standard Time',
    });
    expect(textsOf(held.value)).toEqual(expect.arrayContaining(['Held for the sending hours']));
    expect(sandbox.sent).toHaveLength(0);
    const waiting = await say(inMeetingChat(ORGANIZER, { text: 'scheduled' }));
    expect(textsOf(waiting)).toEqual(expect.arrayContaining(['Waiting to be sent', 'Confirmation: waiting', '+1312•••4122']));
    const cancel = JSON.stringify(waiting).match(/"verb":"cancelScheduled","data":\{"scheduleId":"([^"]+)"\}/)?.[1];
    expect(cancel).toBeDefined();
    // Only the organizer sees and changes what is waiting.
    expect(textsOf(await say(inMeetingChat(ATTENDEE, { text: 'scheduled' }))).join(' ')).toContain(NOT_ORGANIZER.message);
    const after = invokeBody(await bot.deliver(inMeetingChat(ORGANIZER, cardInvoke('cancelScheduled', { scheduleId: cancel }))));
    expect(textsOf(after.value)).toEqual(expect.arrayContaining(['Confirmation: cancelled']));
    expect(JSON.stringify(after.value)).not.toContain('cancelScheduled');
  });

  it('refuses a number over its cap on the form, by number; the reason to send anyway on the form sends it', async () => {
    bot = inProcessBot(sandbox, { userSpecificViews: true, policy: { ...ANY_TIME_NO_CAPS, caps: { perDay: 1, perWeek: 6 } } });
    const data = { savedNumbers: '', extraNumbers: '(312) 922-4122', kind: 'confirmation', timeZone: 'Eastern Standard Time' };
    expect(textsOf((await organizerSends({ ...data, cardId: 'cap-1' })).value)).toContain('Accepted by Microsoft for sending');
    const refused = textsOf((await organizerSends({ ...data, cardId: 'cap-2' })).value).join(' ');
    expect(refused).toMatch(/\+1312•••4122 has had 1 text in the last 24 hours, the tenant's limit\. It may be texted again after/);
    const overridden = await organizerSends({ ...data, cardId: 'cap-3', overrideReason: 'The appointment moved again' });
    expect(textsOf(overridden.value).join(' ')).toContain("Over a cap, sent by the organizer's override: The appointment moved again");
    expect(sandbox.sent).toHaveLength(2);
  });

  it('turns on the reminder 15 minutes before the appointment, after sign-in, and lists it', async () => {
    await say(inMeetingChat(ORGANIZER, { text: 'numbers add (312) 922-4122' }));
    expect(invokeBody(await bot.deliver(inMeetingChat(ORGANIZER, cardInvoke('remindBefore', {}))))).toMatchObject({ statusCode: 401 });
    const chicago = { localTimezone: 'America/Chicago' } as Record<string, unknown>;
    const turnedOn = invokeBody(
      await bot.deliver({ ...inMeetingChat(ORGANIZER, cardInvoke('remindBefore', {}, { token: VALID_TOKEN })), ...chicago }),
    );
    // The sandbox's appointment starts tomorrow at 15:00 UTC: 9:00 AM in Chicago in winter, 10:00 AM in summer.
    const texts = textsOf(turnedOn.value);
    expect(texts).toContain('Reminder (15 minutes before): waiting');
    expect(texts.find((text) => text.startsWith('Goes at'))).toMatch(/^Goes at [A-Z][a-z]{2} \d{1,2}, \d{4}, (8:45 AM CST|9:45 AM CDT)$/);
    expect(JSON.stringify(turnedOn.value)).not.toContain('"verb":"remindBefore"');
  });

  it('turns standing reminders on from the same card, after sign-in: the appointment gets its reminder, and the card says they are on', async () => {
    bot = inProcessBot(sandbox, { userSpecificViews: true, appRoles: APP_PERMISSIONS });
    const start = new Date(Date.now() + 24 * 3600_000);
    sandbox.addAppointments(
      [],
      [
        {
          id: 'standing-card',
          calendarOf: dana.id,
          subject: danasMeeting.subject,
          start: start.toISOString(),
          end: new Date(start.getTime() + 30 * 60_000).toISOString(),
          joinUrl: danasMeeting.joinWebUrl,
        },
      ],
    );
    const waiting = await say(inMeetingChat(ORGANIZER, { text: 'scheduled' }));
    expect(textsOf(waiting).join(' ')).toContain('Standing reminders are off');
    const chicago = { localTimezone: 'America/Chicago' } as Record<string, unknown>;
    const turnOn = cardInvoke('standingReminders', { enabled: true }, { token: VALID_TOKEN });
    const turnedOn = invokeBody(await bot.deliver({ ...inMeetingChat(ORGANIZER, turnOn), ...chicago }));

    const texts = textsOf(turnedOn.value);
    expect(texts.join(' ')).toContain('Standing reminders are on');
    expect(texts).toContain('Reminder (15 minutes before) · standing: waiting');
    expect(JSON.stringify(turnedOn.value)).toContain('"title":"Turn off standing reminders"');
    const turnedOff = invokeBody(
      await bot.deliver(inMeetingChat(ORGANIZER, cardInvoke('standingReminders', { enabled: false }, { token: VALID_TOKEN }))),
    );
    expect(textsOf(turnedOff.value).join(' ')).toContain('Reminder (15 minutes before) · standing: cancelled');
  });
});

describe('closing a day from the chat', () => {
  it('shows the day after sign-in, then texts each appointment once on one confirm', async () => {
    sandbox.addAppointments(
      [],
      [
        {
          id: 'visit',
          calendarOf: dana.id,
          subject: 'Annual check-up',
          start: '2026-12-01T15:00:00Z',
          end: '2026-12-01T15:30:00Z',
          joinUrl: danasMeeting.joinWebUrl,
        },
        {
          id: 'gone',
          calendarOf: dana.id,
          subject: 'Cancelled visit',
          start: '2026-12-01T16:00:00Z',
          end: '2026-12-01T16:30:00Z',
          isCancelled: true,
          joinUrl: danasMeeting.joinWebUrl,
        },
      ],
    );
    await say(inMeetingChat(ORGANIZER, { text: 'numbers add (312) 922-4122' }));
    const chicago = { localTimezone: 'America/Chicago' } as Record<string, unknown>;
    const start = await say({ ...inPersonalChat(ORGANIZER, { text: 'close day 2026-12-01' }), ...chicago });
    const show = (start.actions as Array<{ verb: string; data: Record<string, unknown> }>).find(
      (action) => action.verb === 'previewDayAction',
    );
    expect(show?.data).toMatchObject({ date: '2026-12-01', kind: 'cancellation', timeZone: 'America/Chicago' });
    // The calendar is the organizer's own: Teams is asked for their token first.
    expect(invokeBody(await bot.deliver(inPersonalChat(ORGANIZER, cardInvoke('previewDayAction', show?.data ?? {}))))).toMatchObject({
      statusCode: 401,
    });
    const preview = invokeBody(
      await bot.deliver(inPersonalChat(ORGANIZER, cardInvoke('previewDayAction', show?.data ?? {}, { token: VALID_TOKEN }))),
    );
    expect(textsOf(preview.value)).toEqual(
      expect.arrayContaining([
        'Close 2026-12-01: 1 appointment to text',
        '9:00 AM CST',
        'Annual check-up',
        // Each number with the zone its text will be written in (saved with none: the organizer's, Chicago).
        '+1312•••4122 (Central (Chicago))',
        'Already cancelled in your calendar.',
      ]),
    );
    expect(sandbox.sent).toHaveLength(0);
    const confirm = (preview.value.actions as Array<{ title: string; verb: string; data: Record<string, unknown> }>)[0];
    expect(confirm?.title).toBe('Text 1 appointment');
    const outcome = invokeBody(
      await bot.deliver(inPersonalChat(ORGANIZER, cardInvoke('runDayAction', confirm?.data ?? {}, { token: VALID_TOKEN }))),
    );
    expect(textsOf(outcome.value)).toEqual(expect.arrayContaining(['2026-12-01: 1 appointment texted', 'accepted by Microsoft']));
    await bot.deliver(inPersonalChat(ORGANIZER, cardInvoke('runDayAction', confirm?.data ?? {}, { token: VALID_TOKEN })));
    // A card posted before the day action had one name still works, and still texts nobody twice.
    const earlierCard = invokeBody(
      await bot.deliver(inPersonalChat(ORGANIZER, cardInvoke('notifyDay', confirm?.data ?? {}, { token: VALID_TOKEN }))),
    );
    expect(textsOf(earlierCard.value)).toEqual(expect.arrayContaining(['2026-12-01: 1 appointment texted']));
    expect(sandbox.sent.map((sms) => (sms.body as { messageType: string }).messageType)).toEqual(['cancellation']);
  });

  it('asks for the date when none is typed, today where the organizer is, the kind already chosen', async () => {
    const chicago = { localTimezone: 'America/Chicago' } as Record<string, unknown>;
    const card = await say({ ...inPersonalChat(ORGANIZER, { text: 'move day' }), ...chicago });
    const inputs = card.body as Array<{ type: string; id?: string; value?: string }>;
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'America/Chicago' });
    expect(inputs.find((input) => input.id === 'date')).toMatchObject({ type: 'Input.Date', value: today });
    expect(inputs.find((input) => input.id === 'kind')?.value).toBe('reschedule');
    // Teams reports a zone the app does not know: the card still comes, dated in UTC.
    const unknownZone = { localTimezone: 'Mars/Olympus' } as Record<string, unknown>;
    expect(textsOf(await say({ ...inPersonalChat(ORGANIZER, { text: 'close day' }), ...unknownZone }))).toContain(
      'Close or move a whole day',
    );
  });

  it('answers the confirm at once, then the card in the chat follows each appointment until the day is done', async () => {
    sandbox.addAppointments(
      [],
      [
        {
          id: 'slow-visit',
          calendarOf: dana.id,
          subject: 'Annual check-up',
          start: '2026-12-02T15:00:00Z',
          end: '2026-12-02T15:30:00Z',
          joinUrl: danasMeeting.joinWebUrl,
        },
      ],
    );
    await say(inMeetingChat(ORGANIZER, { text: 'numbers add (312) 922-4122' }));
    // Graph takes a while with this text: long enough to see it under way.
    sandbox.injectFault({ type: 'delay', ms: 1500, match: encodeURIComponent(danasMeeting.id) });
    const data = { date: '2026-12-02', kind: 'cancellation', timeZone: 'America/Chicago' };
    const confirm = cardInvoke('runDayAction', data, { token: VALID_TOKEN, replyToId: 'day-card' });
    const answer = invokeBody(await bot.deliver(inPersonalChat(ORGANIZER, confirm)));
    expect(textsOf(answer.value)).toEqual(expect.arrayContaining(['Texting 2026-12-02: 0 of 1 done']));
    const titles = () => bot.adapter.updates.map((update) => textsOf(cardOf(update))[0]);
    while (!titles().includes('2026-12-02: 1 appointment texted')) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bot.adapter.updates.every((update) => update.id === 'day-card')).toBe(true);
    const texting = bot.adapter.updates.map((update) => textsOf(cardOf(update))).find((texts) => texts.includes('Texting now…'));
    expect(texting?.[0]).toBe('Texting 2026-12-02: 0 of 1 done');
    expect(titles().at(-1)).toBe('2026-12-02: 1 appointment texted');
    expect(sandbox.sent).toHaveLength(1);
  });
});

describe('the compose box dialog (Text attendees)', () => {
  const fetchTask = {
    type: 'invoke',
    name: 'composeExtension/fetchTask',
    value: { commandId: 'textAttendees', commandContext: 'compose' },
  };
  const submit = (data: Record<string, unknown>, state?: string) => ({
    type: 'invoke',
    name: 'composeExtension/submitAction',
    value: { commandId: 'textAttendees', data, ...(state ? { state } : {}) },
  });

  it('tells anyone but the organizer, in the same wording as the chat', async () => {
    const answer = invokeBody(await bot.deliver(inMeetingChat(ATTENDEE, fetchTask)));
    expect(JSON.stringify(answer)).toContain(NOT_ORGANIZER.message);
  });

  it('offers the sign-in page until the organizer has signed in, then opens the form', async () => {
    const first = invokeBody(await bot.deliver(inMeetingChat(ORGANIZER, fetchTask)));
    expect(first).toMatchObject({ composeExtension: { type: 'auth' } });
    const signedIn = invokeBody(
      await bot.deliver(inMeetingChat(ORGANIZER, { ...fetchTask, value: { ...fetchTask.value, state: 'magic-code' } })),
    );
    expect(JSON.stringify(signedIn)).toContain('"verb":"review"');
  });

  it('reviews in the dialog too: who and how many, then Send to them', async () => {
    const review = invokeBody(
      await bot.deliver(
        inMeetingChat(
          ORGANIZER,
          submit(
            { cardId: 'd0', verb: 'review', kind: 'reschedule', extraNumbers: '(312) 922-4122', timeZone: 'Central Standard Time' },
            'magic-code',
          ),
        ),
      ),
    );
    expect(JSON.stringify(review)).toContain('Send a reschedule to 1 person?');
    expect(sandbox.sent).toHaveLength(0);
    const card = (
      review as unknown as { task: { value: { card: { content: { actions: Array<{ title: string; data: Record<string, unknown> }> } } } } }
    ).task.value.card.content;
    const send = card.actions.find((action) => action.title === 'Send to 1 person');
    const answer = invokeBody(await bot.deliver(inMeetingChat(ORGANIZER, submit(send?.data ?? {}, 'magic-code'))));
    expect(answer).toMatchObject({ composeExtension: { type: 'result' } });
    expect(sandbox.sent).toHaveLength(1);
  });

  it('inserts the receipt into the compose box after sending once', async () => {
    const answer = invokeBody(
      await bot.deliver(
        inMeetingChat(ORGANIZER, submit({ cardId: 'd1', kind: 'reschedule', extraNumbers: '(312) 922-4122' }, 'magic-code')),
      ),
    );
    expect(answer).toMatchObject({ composeExtension: { type: 'result' } });
    expect(sandbox.sent).toHaveLength(1);
  });

  it('keeps the dialog open with the reason when a number is bad', async () => {
    const answer = invokeBody(
      await bot.deliver(inMeetingChat(ORGANIZER, submit({ cardId: 'd2', kind: 'reschedule', extraNumbers: '242 421 412' }, 'magic-code'))),
    );
    expect(answer).toMatchObject({ task: { type: 'continue' } });
    expect(JSON.stringify(answer)).toMatch(/9 digits/);
    expect(sandbox.sent).toHaveLength(0);
  });
});
