import { ok } from '../../src/domain/result';
import type { InvokeResponse, TurnContext } from 'botbuilder';
import type { BotIdentity } from '../../src/bot/botIdentity';
import type { Organizer } from '../../src/domain/organizer';
import { preconditionFailed, type CardSignIn, type SignInResult } from '../../src/bot/cardSignIn';
import type { MeetingSource, ResolvedMeeting } from '../../src/bot/meetingDirectory';
import { wordsFor } from '../../src/bot/turnWords';
import { unsignedSandboxToken } from '../graph-sandbox/accessToken';

/** Agents Playground's stand-in for Teams: every chat is the sandbox's appointment, organized by the sandbox's organizer. */
export function playgroundIdentity(sandbox: {
  onlineMeetingId: string;
  title: string;
  organizerId: string;
  tenantId: string;
}): BotIdentity {
  return {
    meetings: new PlaygroundMeeting({ onlineMeetingId: sandbox.onlineMeetingId, title: sandbox.title }),
    signIn: new PlaygroundCardSignIn({ oid: sandbox.organizerId, tenantId: sandbox.tenantId }),
    userSpecificViews: false,
  };
}

/** Agents Playground has no meetings: every chat is the sandbox's appointment, organized by whoever chats. */
class PlaygroundMeeting implements MeetingSource {
  constructor(private readonly meeting: { onlineMeetingId: string; title: string }) {}

  async resolve(context: TurnContext): Promise<ResolvedMeeting> {
    const { from } = context.activity;
    return { ...this.meeting, organizerAadObjectId: from.aadObjectId ?? from.id, organizerUserId: from.id };
  }
}

/**
 * Agents Playground has no SSO: whoever chats acts as the seeded sandbox organizer, with a token
 * only the local Graph sandbox accepts (configuration refuses this mode against real Graph).
 */
class PlaygroundCardSignIn implements CardSignIn {
  constructor(private readonly sandboxOrganizer: Omit<Organizer, 'graphToken'>) {}

  async organizer(context: TurnContext): Promise<SignInResult> {
    const { oid } = this.sandboxOrganizer;
    return ok({ ...this.sandboxOrganizer, locale: context.activity.locale, graphToken: async () => ok(unsignedSandboxToken({ oid })) });
  }

  async signInAgain(context: TurnContext): Promise<InvokeResponse> {
    return preconditionFailed(wordsFor(context));
  }

  async confirmMagicCode(): Promise<boolean> {
    return true;
  }

  async signInLink(): Promise<undefined> {
    return undefined;
  }
}
