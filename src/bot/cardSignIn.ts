import type { Messages } from '../domain/messages';
import { wordsFor } from './turnWords';
import { randomUUID } from 'node:crypto';
import type { InvokeResponse, TurnContext } from 'botbuilder';
import type { UserTokenClient } from 'botframework-connector';
import type { Logger } from 'pino';
import type { EntraTokenValidator } from '../auth/entraTokenValidator';
import type { OnBehalfOfExchanger } from '../auth/onBehalfOfExchanger';
import type { Organizer } from '../domain/organizer';
import { ok, refused, type Result } from '../domain/result';

/** What came with the request to prove who the user is. */
export interface SignInCredentials {
  /** The Teams SSO token (Universal Actions' `authentication.token`). */
  token?: string;
  /**
   * Look in the token service (the OAuth connection) for the user's token, redeeming this magic code
   * when it is not empty. Absent: do not look.
   */
  magicCode?: string;
}

/** `signInNeeded`: no token came (ask Teams for one); `signInInvalid`: the token cannot be used. */
export type SignInResult = Result<Organizer, 'signInNeeded' | 'signInInvalid'>;

export interface CardSignIn {
  /** The signed-in user behind the credentials, when they are the activity's sender and valid for this app. */
  organizer(context: TurnContext, credentials: SignInCredentials): Promise<SignInResult>;
  /** What to answer a card action when Entra wants the user to sign in (again): Teams' loginRequest. */
  signInAgain(context: TurnContext): Promise<InvokeResponse>;
  /** signin/verifyState: the user finished the OAuth page; true when a token is now there. */
  confirmMagicCode(context: TurnContext, code: string): Promise<boolean>;
  /** The OAuth connection's sign-in page for this user, if the token service offers one. */
  signInLink(context: TurnContext): Promise<string | undefined>;
}

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

  async organizer(context: TurnContext, credentials: SignInCredentials): Promise<SignInResult> {
    const { token: ssoToken, magicCode } = credentials;
    const token = ssoToken ?? (magicCode !== undefined ? await this.tokenFromMagicCode(context, magicCode) : undefined);
    if (!token) return refused('signInNeeded');
    const organizer = await this.organizerFor(context, token);
    return organizer ? ok(organizer) : refused('signInInvalid');
  }

  /** The user behind a token for this app, if the token is valid and is the activity's sender's. */
  private async organizerFor(context: TurnContext, token: string): Promise<Organizer | undefined> {
    const validation = await this.deps.validator.validate(`Bearer ${token}`);
    if (!validation.ok || validation.value.oid !== context.activity.from.aadObjectId) return undefined;
    const { oid, tenantId, name } = validation.value;
    return {
      oid,
      tenantId,
      name,
      locale: context.activity.locale,
      graphToken: () => this.deps.exchanger.graphTokenFor(token, tenantId),
    };
  }

  /** The loginRequest, with a sign-in button through the OAuth connection for clients without SSO. */
  async signInAgain(context: TurnContext): Promise<InvokeResponse> {
    const { connectionName, appIdUri } = this.deps.sso;
    const signInLink = await this.signInLink(context);
    const say = wordsFor(context);
    return {
      status: 200,
      body: {
        statusCode: 401,
        type: 'application/vnd.microsoft.activity.loginRequest',
        value: {
          text: say.bot.signInToSend,
          connectionName,
          tokenExchangeResource: { id: randomUUID(), uri: appIdUri, providerId: '' },
          ...(signInLink ? { buttons: [{ type: 'signin', title: say.bot.signIn, value: signInLink }] } : {}),
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
      .catch((error: unknown) => {
        this.deps.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'no sign-in link from the token service');
        return undefined;
      });
  }

  /** The token service's token for the user: redeems `code` when there is one, else the one it keeps. */
  private async tokenFromMagicCode(context: TurnContext, code: string): Promise<string | undefined> {
    const { from, channelId } = context.activity;
    const result = await this.userTokens(context)
      ?.getUserToken(from.id, this.deps.sso.connectionName, channelId, code)
      .catch(() => undefined);
    return result?.token;
  }

  private userTokens(context: TurnContext): UserTokenClient | undefined {
    return context.turnState.get((context.adapter as { UserTokenClientKey?: symbol }).UserTokenClientKey);
  }
}

/** Teams' answer to a card action whose sign-in token cannot be used. */
export function preconditionFailed(say: Messages): InvokeResponse {
  return {
    status: 200,
    body: {
      statusCode: 412,
      type: 'application/vnd.microsoft.error.preconditionFailed',
      value: { code: 'PreconditionFailed', message: say.bot.tokenUnusable },
    },
  };
}
