import type { Messages } from '../domain/messages';
import { wordsFor } from './turnWords';
import {
  TeamsActivityHandler,
  type Activity,
  type InvokeResponse,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type SigninStateVerificationQuery,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { AttendeeBook } from '../app/attendeeBook';
import type { DayActions } from '../app/dayActions';
import type { NotificationSender } from '../app/notificationSender';
import type { OrganizerZones } from '../app/organizerZones';
import type { ScheduledSends } from '../app/scheduledSends';
import type { StandingReminders } from '../app/standingReminders';
import type { MeetingNudges } from '../app/meetingNudges';
import type { GraphSmsClient } from '../graph/graphSmsClient';
import type { SendLedger } from '../store/sendLedger';
import type { BotIdentity } from './botIdentity';
import { CardActions } from './cardActions';
import { ChatAnswers } from './chatAnswers';
import { parseChatCommand } from './chatCommands';
import { OrganizerGuard } from './organizerGuard';
import { TEXT_ATTENDEES_COMMAND, TextAttendeesExtension } from './textAttendeesExtension';

export interface AppointmentSmsBotDependencies extends BotIdentity {
  botAppId: string;
  sender: NotificationSender;
  ledger: SendLedger;
  book: AttendeeBook;
  graph: GraphSmsClient;
  days: DayActions;
  scheduled: ScheduledSends;
  standing: StandingReminders;
  nudges: MeetingNudges;
  zones: OrganizerZones;
  /** Where an admin grants the app's Graph permission for the tenant. */
  adminConsentUrl: (tenantId: string) => string;
  logger: Logger;
}

/**
 * Routes what Teams sends to the three surfaces: typed commands, the organizer's card (Universal
 * Actions) and the compose box's dialog. All three stand behind one organizer guard.
 */
export class AppointmentSmsBot extends TeamsActivityHandler {
  private readonly chat: ChatAnswers;
  private readonly card: CardActions;
  private readonly extension: TextAttendeesExtension;

  constructor(private readonly deps: AppointmentSmsBotDependencies) {
    super();
    const guard = new OrganizerGuard(deps);
    this.chat = new ChatAnswers({ ...deps, guard });
    this.card = new CardActions({ ...deps, guard });
    this.extension = new TextAttendeesExtension({ ...deps, guard });
    this.onMembersAdded(async (context, next) => {
      const added = context.activity.membersAdded ?? [];
      if (added.some((member) => member.id === context.activity.recipient.id)) await this.chat.welcome(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      // A card's Action.Submit arrives as a message without text.
      await this.chat.answer(context, parseChatCommand((context.activity as Partial<Activity>).text ?? ''));
      await next();
    });
    // The meeting events Teams sends a subscribed bot (RSC OnlineMeeting.ReadBasic.Chat, OnlineMeetingParticipant.Read.Chat).
    this.onTeamsMeetingStartEvent(async (_meeting, context, next) => {
      await this.appointmentStarted(context);
      await next();
    });
    this.onTeamsMeetingParticipantsJoinEvent(async (_event, context, next) => {
      const meeting = await this.deps.meetings.resolve(context);
      const joined = joinedIdsOf(context.activity.value);
      if (meeting) await this.deps.nudges.joined(meeting.onlineMeetingId, meeting.organizerAadObjectId, joined);
      await next();
    });
  }

  /** The appointment in this chat started: a nudge waits in case nobody but its organizer joins. */
  private async appointmentStarted(context: TurnContext): Promise<void> {
    const meeting = await this.deps.meetings.resolve(context);
    const { conversation } = context.activity;
    if (!meeting || !conversation.tenantId) return;
    await this.deps.nudges.started({
      meetingId: meeting.onlineMeetingId,
      organizerId: meeting.organizerAadObjectId,
      tenantId: conversation.tenantId,
      title: meeting.title,
      chat: { id: conversation.id, organizerUserId: meeting.organizerUserId },
      locale: context.activity.locale,
    });
  }

  /** Teams puts the user's zone on most activities: remembered for those that lack it (and for REST). */
  protected override async onTurnActivity(context: TurnContext): Promise<void> {
    const { from, conversation } = context.activity;
    const zone = (context.activity as { localTimezone?: string }).localTimezone;
    if (from.aadObjectId && conversation.tenantId)
      this.deps.zones.remember({ tenantId: conversation.tenantId, oid: from.aadObjectId }, zone);
    await super.onTurnActivity(context);
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    // botbuilder's own adaptiveCard/action handling copies statusCode into the HTTP status; Teams
    // needs HTTP 200 with the 401 loginRequest in the body, so this verb is answered here.
    if (context.activity.name === 'adaptiveCard/action') return this.card.run(context);
    if (context.activity.name === 'signin/failure') {
      // Teams drops unanswered sign-in failures silently; the admin should see them.
      const failure = context.activity.value as { code?: string; message?: string } | undefined;
      this.deps.logger.warn({ code: failure?.code, message: failure?.message }, 'Teams sign-in failed');
      return { status: 200 };
    }
    return super.onInvokeActivity(context);
  }

  protected override async handleTeamsMessagingExtensionFetchTask(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    if (action.commandId !== TEXT_ATTENDEES_COMMAND) return unknownCommand(action, wordsFor(context));
    return this.extension.fetchTask(context);
  }

  protected override async handleTeamsMessagingExtensionSubmitAction(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    if (action.commandId !== TEXT_ATTENDEES_COMMAND) return unknownCommand(action, wordsFor(context));
    return this.extension.submitAction(context, action);
  }

  /** The OAuth-connection fallback: the user finished the sign-in page and Teams passes the magic code. */
  protected override async handleTeamsSigninVerifyState(context: TurnContext, query: SigninStateVerificationQuery): Promise<void> {
    const signedIn = await this.deps.signIn.confirmMagicCode(context, query.state ?? '');
    const say = wordsFor(context);
    await context.sendActivity(signedIn ? say.bot.signedIn : say.bot.signInUnfinished);
  }

  /** Reached once per exchange: TeamsSSOTokenExchangeMiddleware answered the other Teams clients' copies. */
  protected override async handleTeamsSigninTokenExchange(context: TurnContext): Promise<void> {
    await context.sendActivity(wordsFor(context).bot.signedIn);
  }
}

/** Who joined, by Entra id (a guest from a phone has none); botbuilder passes Teams' value on unchecked. */
function joinedIdsOf(value: unknown): Array<string | undefined> {
  const members = (value as { members?: Array<{ user?: { aadObjectId?: string } }> } | undefined)?.members ?? [];
  return members.map((member) => member.user?.aadObjectId);
}

/** A command this app's manifest does not declare (an old package, or a typo in a new one). */
function unknownCommand(action: MessagingExtensionAction, say: Messages): MessagingExtensionActionResponse {
  return { task: { type: 'message', value: say.bot.noSuchCommand(action.commandId ?? '') } };
}
