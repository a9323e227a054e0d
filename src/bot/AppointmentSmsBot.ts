import { randomUUID } from 'node:crypto';
import {
  CardFactory,
  TeamsActivityHandler,
  type InvokeResponse,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type SigninStateVerificationQuery,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { AttendeeBook } from '../app/AttendeeBook';
import type { NotificationSender } from '../app/NotificationSender';
import type { GraphSmsClient } from '../graph/GraphSmsClient';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  consentCard,
  helpCard,
  historyCardFor,
  messageCard,
  numbersCard,
  receiptCard,
  summaryCard,
  withoutRefresh,
  type AdaptiveCardJson,
} from '../cards/cards';
import { problemsToFix, toStoredReceipt, type SendReceipt } from '../domain/sendReceipt';
import type { SendLedger } from '../store/sendLedger';
import type { CardAuthentication, CardSignIn, SignedInOrganizer } from './cardSignIn';
import { parseChatCommand, type ChatCommand } from './chatCommands';
import type { MeetingSource, ResolvedMeeting } from './meetingDirectory';
import type { SendFormInputs } from '../cards/sendFormInputs';
import { formForMeeting, sendFromForm } from './sendForm';
import { TEXT_ATTENDEES_COMMAND, TextAttendeesExtension } from './textAttendeesExtension';

export interface AppointmentSmsBotDependencies {
  sender: NotificationSender;
  ledger: SendLedger;
  book: AttendeeBook;
  meetings: MeetingSource;
  signIn: CardSignIn;
  graph: GraphSmsClient;
  /** Where an admin grants the app's Graph permission for the tenant. */
  adminConsentUrl: (tenantId: string) => string;
  logger: Logger;
  /**
   * Teams shows the organizer their own view of a card (refresh.userIds); Agents Playground does
   * not, so there the form is posted as it is.
   */
  userSpecificViews: boolean;
}

interface CardAction extends CardAuthentication {
  action?: { verb?: string; data?: SendFormInputs };
}

const NOT_IN_MEETING =
  "Use this in the appointment's meeting chat, or paste the appointment's join link after sms (sms https://teams.microsoft.com/l/meetup-join/…).";
const ORGANIZER_ONLY = "Only the appointment's organizer can text its attendees or see their numbers.";

/** Chat commands, the organizer's card (Universal Actions) and the card's single sign-on. */
export class AppointmentSmsBot extends TeamsActivityHandler {
  private readonly extension: TextAttendeesExtension;

  constructor(private readonly deps: AppointmentSmsBotDependencies) {
    super();
    this.extension = new TextAttendeesExtension(deps);
    this.onMessage(async (context, next) => {
      await this.answer(context, parseChatCommand(context.activity.text ?? ''));
      await next();
    });
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    // botbuilder's own adaptiveCard/action handling copies statusCode into the HTTP status; Teams
    // needs HTTP 200 with the 401 loginRequest in the body, so this verb is answered here.
    if (context.activity.name === 'adaptiveCard/action') return this.onCardAction(context);
    if (context.activity.name === 'signin/failure') {
      // Teams drops unanswered sign-in failures silently; the admin should see them.
      const failure = context.activity.value as { code?: string; message?: string } | undefined;
      this.deps.logger.warn({ code: failure?.code, message: failure?.message }, 'Teams sign-in failed');
      return { status: 200 };
    }
    return super.onInvokeActivity(context);
  }

  protected override async handleTeamsMessagingExtensionFetchTask(context: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    if (action.commandId !== TEXT_ATTENDEES_COMMAND) return unknownCommand(action);
    return this.extension.fetchTask(context);
  }

  protected override async handleTeamsMessagingExtensionSubmitAction(context: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    if (action.commandId !== TEXT_ATTENDEES_COMMAND) return unknownCommand(action);
    return this.extension.submitAction(context, action);
  }

  /** The OAuth-connection fallback: the user finished the sign-in page and Teams passes the magic code. */
  protected override async handleTeamsSigninVerifyState(context: TurnContext, query: SigninStateVerificationQuery): Promise<void> {
 const signedIn = await this.deps.signIn.confirmMagicCode(context, query.state ?? '');
    await context.sendActivity(signedIn ? "You're signed in. Press Send on the card again." : 'Sign-in did not finish. Press Send on the card to try again.');
  }

  /** Reached once per exchange: TeamsSSOTokenExchangeMiddleware answered the other Teams clients' copies. */
  protected override async handleTeamsSigninTokenExchange(context: TurnContext): Promise<void> {
    await context.sendActivity("You're signed in. Press Send on the card again.");
  }

  private async answer(context: TurnContext, command: ChatCommand): Promise<void> {
    if (command.name === 'help') return void (await this.sendCard(context, helpCard()));
    if (command.name === 'unknown') return void (await this.sendCard(context, helpCard(`I did not understand "${command.text}". Here is what I can do:`)));
    const meeting = await this.deps.meetings.resolve(context);
    if (!meeting && command.name === 'sms' && command.joinUrl) {
      // Outside the meeting chat: the card signs the organizer in, then finds the meeting by its link.
      const card = summaryCard({ cardId: randomUUID(), organizerUserId: context.activity.from.id, meetingTitle: 'the meeting you linked' });
      return void (await this.sendCard(context, card, { kind: command.kind, numbers: command.numbers, joinUrl: command.joinUrl }));
    }
    if (!meeting) return void (await this.sendCard(context, messageCard('Open this in the meeting', NOT_IN_MEETING)));
    if (context.activity.from.aadObjectId !== meeting.organizerAadObjectId) {
      return void (await this.sendCard(context, messageCard('Organizer only', ORGANIZER_ONLY)));
    }
    switch (command.name) {
      case 'sms': {
        const cardId = randomUUID();
        if (!this.deps.userSpecificViews) return void (await this.sendCard(context, await this.formFor(meeting, cardId, context, { kind: command.kind, numbers: command.numbers })));
        return void (await this.sendCard(context, summaryCard({ cardId, organizerUserId: meeting.organizerUserId, meetingTitle: meeting.title }), { kind: command.kind, numbers: command.numbers }));
      }
      case 'numbers':
        return void (await this.sendCard(context, numbersCard(await this.deps.book.list(meeting.onlineMeetingId))));
      case 'numbersAdd':
      case 'numbersRemove':
        return this.editBook(context, meeting, command);
      case 'history':
        return this.showHistory(context, meeting);
    }
  }

  private async editBook(context: TurnContext, meeting: ResolvedMeeting, command: Extract<ChatCommand, { name: 'numbersAdd' | 'numbersRemove' }>): Promise<void> {
    if (command.numbers.length === 0) {
      return void (await this.sendCard(context, messageCard('Which numbers?', 'Write them after the command, separated by commas: numbers add (312) 922-4122, 415 555 0133')));
    }
    const edit = command.name === 'numbersAdd'
      ? await this.deps.book.add(meeting.onlineMeetingId, command.numbers.map((phoneNumber) => ({ phoneNumber })))
      : await this.deps.book.remove(meeting.onlineMeetingId, command.numbers);
    const refused = edit.checks.flatMap((check) => (check.status === 'refused' ? [check.message] : []));
    const note = refused.length > 0 ? `Nothing was changed. ${refused.join(' ')}` : command.name === 'numbersAdd' ? 'Saved.' : 'Removed.';
    await this.sendCard(context, numbersCard(edit.attendees, note));
  }

  private async showHistory(context: TurnContext, meeting: ResolvedMeeting): Promise<void> {
    const page = await this.deps.ledger.history(meeting.onlineMeetingId, { limit: 10 });
    await this.sendCard(context, historyCardFor(page.records));
  }

  private async onCardAction(context: TurnContext): Promise<InvokeResponse> {
    const value = (context.activity.value ?? {}) as CardAction;
    const data = value.action?.data ?? {};
    const cardId = data.cardId ?? randomUUID();
    const chatMeeting = await this.deps.meetings.resolve(context);
    if (!chatMeeting && !data.joinUrl) return cardResponse(messageCard('Open this in the meeting', NOT_IN_MEETING));
    if (chatMeeting && context.activity.from.aadObjectId !== chatMeeting.organizerAadObjectId) {
      return cardResponse(summaryCard({ cardId, organizerUserId: chatMeeting.organizerUserId, meetingTitle: chatMeeting.title }));
    }
    const needsToken = value.action?.verb === 'send' || !chatMeeting;
    if (!needsToken && chatMeeting) return cardResponse(await this.formFor(chatMeeting, cardId, context, data));

    const signedIn = await this.deps.signIn.signIn(context, value);
    if (!signedIn.ok) return signedIn.response;
    const { organizer } = signedIn;
    const meeting = chatMeeting ?? (await this.meetingByLink(context, data.joinUrl ?? '', organizer));
    if (!meeting) return cardResponse(messageCard('Meeting not found', 'None of your meetings has that join link. Copy the link from the appointment in your Teams calendar and try again.'));
    if (value.action?.verb !== 'send') return cardResponse(await this.formFor(meeting, cardId, context, data));

    const receipt = await sendFromForm(this.deps.sender, context, { meeting, organizer, cardId, data });
    return this.afterSend(context, meeting, cardId, data, receipt, organizer.name ?? context.activity.from.name ?? 'the organizer');
  }

  /** A meeting found by its join link among the signed-in user's own meetings: being found means being its organizer. */
  private async meetingByLink(context: TurnContext, joinUrl: string, organizer: SignedInOrganizer): Promise<ResolvedMeeting | undefined> {
    const token = await organizer.graphToken();
    if (!token.ok) return undefined;
    const found = await this.deps.graph.findMeetingIdByJoinUrl(joinUrl, { accessToken: token.accessToken });
    if (!found.ok || !found.value) return undefined;
    return { onlineMeetingId: found.value, organizerAadObjectId: organizer.oid, organizerUserId: context.activity.from.id, title: 'the meeting you linked' };
  }

  private async afterSend(context: TurnContext, meeting: ResolvedMeeting, cardId: string, data: SendFormInputs, receipt: SendReceipt, senderName: string): Promise<InvokeResponse> {
    if (receipt.status === 'refused') return cardResponse(await this.formFor(meeting, cardId, context, data, problemsToFix(receipt)));
    if (receipt.failure?.reason === 'consentRequired') return cardResponse(consentCard(this.deps.adminConsentUrl(context.activity.conversation.tenantId ?? '')));
    // MFA or conditional access: asking Teams for a fresh token makes it prompt the organizer.
    if (receipt.failure?.reason === 'interactionRequired') return this.deps.signIn.signInAgain(context);
    // Everyone in the chat sees the receipt (masked numbers only), so nobody sends it again by accident.
    const card = receiptCard(toStoredReceipt(receipt), senderName);
    if (context.activity.replyToId) await this.updateCard(context, context.activity.replyToId, card);
    return cardResponse(card);
  }

  /** The card in the chat becomes the receipt; if Teams refuses (message deleted, app removed), the organizer still gets it. */
  private async updateCard(context: TurnContext, activityId: string, card: AdaptiveCardJson): Promise<void> {
    try {
      await context.updateActivity({ id: activityId, type: 'message', attachments: [CardFactory.adaptiveCard(card)] });
    } catch (error) {
      this.deps.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'could not update the card in the chat; the organizer got the receipt');
    }
  }

  private async formFor(meeting: ResolvedMeeting, cardId: string, context: TurnContext, data: SendFormInputs, problems?: Array<{ message: string }>): Promise<AdaptiveCardJson> {
    const form = await formForMeeting(this.deps.book, meeting, context, { cardId, data, problems });
    // Without user-specific views the host would show its "not supported" warning for the refresh.
    return this.deps.userSpecificViews ? form : withoutRefresh(form);
  }

  private async sendCard(context: TurnContext, card: AdaptiveCardJson, refreshData?: { kind?: string; numbers?: string[]; joinUrl?: string }): Promise<void> {
    if (refreshData) {
      const refresh = (card.refresh as { action: { data: Record<string, unknown> } } | undefined)?.action;
      if (refresh) refresh.data = { ...refresh.data, ...refreshData };
    }
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
  }
}

/** A command this app's manifest does not declare (an old package, or a typo in a new one). */
function unknownCommand(action: MessagingExtensionAction): MessagingExtensionActionResponse {
  return { task: { type: 'message', value: `Appointment SMS has no command "${action.commandId ?? ''}". Update the app and try again.` } };
}

function cardResponse(card: AdaptiveCardJson): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card } };
}
