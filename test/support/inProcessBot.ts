import {
  TestAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type InvokeResponse,
  type ResourceResponse,
} from 'botbuilder';
import type { ClaimsIdentity } from 'botframework-connector';
import pino from 'pino';
import type { GraphSandbox } from '../../dev/graph-sandbox/graphSandbox';
import type { GraphToken } from '../../src/domain/organizer';
import { ok, refused } from '../../src/domain/result';
import { AppointmentSmsBot } from '../../src/bot/appointmentSmsBot';
import type { CardSignIn, SignInCredentials, SignInResult } from '../../src/bot/cardSignIn';
import type { MeetingSource, ResolvedMeeting } from '../../src/bot/meetingDirectory';
import { dana, danasMeeting, tokenFor } from './graphSandbox';
import { useCasesOn } from './useCases';
import type { TenantPolicy } from '../../src/domain/tenantPolicy';

export const ORGANIZER = { id: '29:dana', aadObjectId: dana.id, name: 'Dana Whitfield' };
export const ATTENDEE = { id: '29:alex', aadObjectId: '5b0e8c7a-2f64-4d3e-9a1b-7c6d5e4f3a2b', name: 'Alex Rivera' };
const MEETING_CHAT = '19:meeting_in-process@thread.v2';
const PERSONAL_CHAT = 'a:personal-dana';
/** The SSO token Teams would put on a card action for the organizer; anything else is not valid. */
export const VALID_TOKEN = 'sso-token-for-dana';

/** Stands in for Teams: which meeting a chat is (the meeting API) and who a token belongs to (SSO). */
class TeamsIdentityStandIn implements MeetingSource, CardSignIn {
  /** What Entra answers the on-behalf-of exchange; tests set consent or MFA failures. */
  graphToken: () => Promise<GraphToken> = async () => ok(tokenFor(dana.id));

  async resolve(context: TurnContext): Promise<ResolvedMeeting | undefined> {
    if (context.activity.conversation.id !== MEETING_CHAT) return undefined;
    return { onlineMeetingId: danasMeeting.id, organizerAadObjectId: dana.id, organizerUserId: ORGANIZER.id, title: danasMeeting.subject };
  }

  async organizer(context: TurnContext, credentials: SignInCredentials): Promise<SignInResult> {
    const token = credentials.token ?? (credentials.magicCode === 'magic-code' ? VALID_TOKEN : undefined);
    if (!token) return refused('signInNeeded');
    if (token !== VALID_TOKEN || context.activity.from.aadObjectId !== dana.id) return refused('signInInvalid');
    return ok({
      oid: dana.id,
      tenantId: 'b3cdf1c8-024a-49e2-a994-f67f830b02f3',
      name: ORGANIZER.name,
      graphToken: () => this.graphToken(),
    });
  }

  async signInAgain(): Promise<InvokeResponse> {
    return { status: 200, body: { statusCode: 401, type: 'application/vnd.microsoft.activity.loginRequest', value: { text: 'Sign in' } } };
  }

  async confirmMagicCode(_context: TurnContext, code: string): Promise<boolean> {
    return code === 'magic-code';
  }

  async signInLink(): Promise<string> {
    return 'https://token.botframework.com/sign-in?stand-in';
  }
}

/**
 * botbuilder's TestAdapter as the Teams chat: it also takes the bot's proactive turns (continuing a
 * conversation after its turn, as a card that follows progress does) and keeps every card update.
 */
class TeamsChatStandIn extends TestAdapter {
  readonly updates: Array<Partial<Activity>> = [];

  override async continueConversationAsync(
    _botAppIdOrClaims: string | ClaimsIdentity,
    reference: Partial<ConversationReference>,
    logicOrAudience: ((context: TurnContext) => Promise<void>) | string,
    maybeLogic?: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'string' ? maybeLogic : logicOrAudience;
    if (!logic) throw new Error('continueConversationAsync needs the logic to run');
    const event = TurnContext.applyConversationReference({ type: 'event', name: 'ContinueConversation' }, reference, true);
    await logic(new TurnContext(this, event));
  }

  override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    this.updates.push(activity);
    return super.updateActivity(context, activity);
  }
}

export interface InProcessBot {
  adapter: TeamsChatStandIn;
  identity: TeamsIdentityStandIn;
  /** Delivers an activity and returns what the bot sent back (its invoke response, if any). */
  deliver(activity: Partial<Activity>): Promise<{ replies: Partial<Activity>[]; invoke?: InvokeResponse }>;
}

/**
 * The bot in this process behind botbuilder's TestAdapter, with real storage (SQLite in memory) and
 * a real Graph client against the Graph sandbox; Teams' meeting API and SSO are stood in for.
 */
export function inProcessBot(
  sandbox: GraphSandbox,
  options: { userSpecificViews: boolean; policy?: TenantPolicy; appRoles?: string[] },
): InProcessBot {
  const { ledger, graph, book, zones, sender, scheduled, standing, nudges, days } = useCasesOn(sandbox, {
    policy: options.policy,
    ...(options.appRoles ? { appRoles: options.appRoles } : {}),
  });
  const identity = new TeamsIdentityStandIn();
  const bot = new AppointmentSmsBot({
    meetings: identity,
    signIn: identity,
    userSpecificViews: options.userSpecificViews,
    botAppId: 'in-process-bot',
    sender,
    ledger,
    book,
    graph,
    days,
    scheduled,
    standing,
    nudges,
    zones,
    adminConsentUrl: (tenantId) => `https://login.microsoftonline.com/${tenantId}/adminconsent?client_id=app`,
    logger: pino({ level: 'silent' }),
  });
  const adapter = new TeamsChatStandIn((context) => bot.run(context));
  return {
    adapter,
    identity,
    deliver: async (activity) => {
      const before = adapter.activeQueue.length;
      await adapter.processActivity({ channelId: 'msteams', ...activity });
      const sent = adapter.activeQueue.slice(before);
      const invoke = sent.find((reply) => reply.type === 'invokeResponse')?.value as InvokeResponse | undefined;
      return { replies: sent.filter((reply) => reply.type !== 'invokeResponse'), invoke };
    },
  };
}

export function inMeetingChat(from: typeof ORGANIZER, activity: Partial<Activity>): Partial<Activity> {
  return { from, conversation: { id: MEETING_CHAT, isGroup: true, conversationType: 'groupChat', name: '' }, ...activity };
}

export function inPersonalChat(from: typeof ORGANIZER, activity: Partial<Activity>): Partial<Activity> {
  return { from, conversation: { id: PERSONAL_CHAT, isGroup: false, conversationType: 'personal', name: '' }, ...activity };
}

/** An Adaptive Card action (Universal Actions) as Teams sends it. */
export function cardInvoke(
  verb: string,
  data: Record<string, unknown>,
  extra: { token?: string; state?: string; replyToId?: string } = {},
): Partial<Activity> {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: extra.replyToId,
    value: {
      action: { type: 'Action.Execute', verb, data },
      ...(extra.token ? { authentication: { token: extra.token } } : {}),
      ...(extra.state ? { state: extra.state } : {}),
    },
  };
}

export function cardOf(activity: Partial<Activity> | undefined): Record<string, unknown> {
  const card = (activity?.attachments?.[0]?.content ?? undefined) as Record<string, unknown> | undefined;
  if (!card) throw new Error(`no card in ${JSON.stringify(activity)}`);
  return card;
}

/** Every text a card shows, in reading order (TextBlocks and RichTextBlock runs). */
export function textsOf(card: unknown): string[] {
  if (Array.isArray(card)) return card.flatMap(textsOf);
  if (!card || typeof card !== 'object') return [];
  const element = card as Record<string, unknown>;
  const own = (element.type === 'TextBlock' || element.type === 'TextRun') && typeof element.text === 'string' ? [element.text] : [];
  return [...own, ...Object.entries(element).flatMap(([key, value]) => (key === 'text' ? [] : textsOf(value)))];
}
