import { randomUUID } from 'node:crypto';
import type { InvokeResponse, TurnContext } from 'botbuilder';
import type { UserTokenClient } from 'botframework-connector';
import type { Logger } from 'pino';
import type { EntraTokenValidator } from '../auth/EntraTokenValidator';
import type { GraphTokenResult, OnBehalfOfExchanger } from '../auth/OnBehalfOfExchanger';
import { sandboxAccessToken } from '../graph/sandboxToken';

/** Who pressed the card's button, once signed in, and how to call Graph for them. */
export interface SignedInOrganizer {
  oid: string;
  tenantId: string;
  name?: string;
  graphToken: () => Promise<GraphTokenResult>;
}

export type CardSignInResult = { ok: true; organizer: SignedInOrganizer } | { ok: false; response: InvokeResponse };

/** What an Action.Execute invoke carries for sign-in. */
export interface CardAuthentication {
  authentication?: { token?: string };
  /** The magic code after the sign-in button's OAuth page (the fallback when SSO is not available). */
  state?: string;
}

export interface CardSignIn {
  signIn(context: TurnContext, value: CardAuthentication): Promise<CardSignInResult>;
  /** What to answer when Entra wants the user to sign in again (MFA, conditional access). */
  signInAgain(context: TurnContext): Promise<InvokeResponse>;
  /** signin/verifyState: the user finished the OAuth page; true when a token is now there. */
  confirmMagicCode(context: TurnContext, code: string): Promise<boolean>;
  /**
   * Message extensions get no SSO for action commands: the token service's token for the user
   * (after the sign-in page, `magicCode` redeems it), or the link to that page.
   */
  extensionSignIn(context: TurnContext, magicCode?: string): Promise<ExtensionSignInResult>;
  /** The OAuth connection's sign-in page for this user, if the token service offers one. */
  signInLink(context: TurnContext): Promise<string | undefined>;
}

export type ExtensionSignInResult = { ok: true; organizer: SignedInOrganizer } | { ok: false; signInLink?: string };

/**
 * Teams SSO in Universal Actions: a 401 loginRequest makes Teams send the organizer's token
 * (or, through the sign-in button, a magic code for the OAuth connection); the token is
 * validated and exchanged on-behalf-of for Graph.
 */
export class SsoCardSignIn implements CardSignIn {
  constructor(
    private readonly deps: {
      validator: EntraTokenValidator;
      exchanger: OnBehalfOfExchanger;
      sso: { connectionName: string; appIdUri: string };
      logger: Logger;
    },
  ) {}

  async signIn(context: TurnContext, value: CardAuthentication): Promise<CardSignInResult> {
    const token = value.authentication?.token ?? (value.state ? await this.tokenFromMagicCode(context, value.state) : undefined);
    if (!token) return { ok: false, response: await this.signInAgain(context) };
    const organizer = await this.organizerFor(context, token);
    return organizer ? { ok: true, organizer } : { ok: false, response: preconditionFailed() };
  }

  async extensionSignIn(context: TurnContext, magicCode = ''): Promise<ExtensionSignInResult> {
    const token = await this.tokenFromMagicCode(context, magicCode);
    const organizer = token ? await this.organizerFor(context, token) : undefined;
    return organizer ? { ok: true, organizer } : { ok: false, signInLink: await this.signInLink(context) };
  }

  /** The user behind a token for this app, if the token is valid and is the activity's sender's. */
  private async organizerFor(context: TurnContext, token: string): Promise<SignedInOrganizer | undefined> {
    const validation = await this.deps.validator.validate(`Bearer ${token}`);
    if (!validation.ok || validation.user.oid !== context.activity.from.aadObjectId) return undefined;
    const { oid, tenantId, name } = validation.user;
    return { oid, tenantId, name, graphToken: () => this.deps.exchanger.graphTokenFor(token) };
  }

  /** The loginRequest, with a sign-in button through the OAuth connection for clients without SSO. */
  async signInAgain(context: TurnContext): Promise<InvokeResponse> {
    const { connectionName, appIdUri } = this.deps.sso;
    const signInLink = await this.signInLink(context);
    return {
      status: 200,
      body: {
        statusCode: 401,
        type: 'application/vnd.microsoft.activity.loginRequest',
        value: {
          text: 'Sign in to send texts as yourself',
          connectionName,
          tokenExchangeResource: { id: randomUUID(), uri: appIdUri, providerId: '' },
          ...(signInLink ? { buttons: [{ type: 'signin', title: 'Sign in', value: signInLink }] } : {}),
        },
      },
    };
  }

  async confirmMagicCode(context: TurnContext, code: string): Promise<boolean> {
    return (await this.tokenFromMagicCode(context, code)) !== undefined;
  }

  async signInLink(context: TurnContext): Promise<string | undefined> {
    return this.userTokens(context)
      ?.getSignInResource(this.deps.sso.connectionName, context.activity, '')
      .then((resource: { signInLink?: string }) => resource.signInLink)
      .catch((error: unknown) => void this.deps.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'no sign-in link from the token service'));
  }

  /** The token service's token for the user: redeems `code` when there is one, else the one it keeps. */
  private async tokenFromMagicCode(context: TurnContext, code: string): Promise<string | undefined> {
    const { from, channelId } = context.activity;
    const result = await this.userTokens(context)?.getUserToken(from.id, this.deps.sso.connectionName, channelId, code).catch(() => undefined);
    return result?.token;
  }

  private userTokens(context: TurnContext): UserTokenClient | undefined {
    return context.turnState.get((context.adapter as { UserTokenClientKey?: symbol }).UserTokenClientKey);
  }
}

/**
 * Agents Playground has no SSO: whoever chats acts as the seeded sandbox organizer, with a token
 * only the local Graph sandbox accepts (configuration refuses this mode against real Graph).
 */
export class PlaygroundCardSignIn implements CardSignIn {
  constructor(private readonly organizer: { oid: string; tenantId: string; name?: string }) {}

  async signIn(): Promise<CardSignInResult> {
    const { oid } = this.organizer;
    return { ok: true, organizer: { ...this.organizer, graphToken: async () => ({ ok: true, accessToken: sandboxAccessToken({ oid }) }) } };
  }

  async signInAgain(): Promise<InvokeResponse> {
    return preconditionFailed();
  }

  async confirmMagicCode(): Promise<boolean> {
    return true;
  }

  async extensionSignIn(): Promise<ExtensionSignInResult> {
    return this.signIn();
  }

  async signInLink(): Promise<undefined> {
    return undefined;
  }
}

function preconditionFailed(): InvokeResponse {
  return { status: 200, body: { statusCode: 412, type: 'application/vnd.microsoft.error.preconditionFailed', value: { code: 'PreconditionFailed', message: 'The sign-in token could not be used. Sign in again.' } } };
}
