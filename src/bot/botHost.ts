import { wordsFor } from './turnWords';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  TeamsSSOTokenExchangeMiddleware,
  type Storage,
  type Activity,
  type InvokeResponse,
  type ResourceResponse,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  ConnectorFactory,
  MsalServiceClientCredentialsFactory,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type BotFrameworkAuthentication,
  type ServiceClientCredentialsFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import { errorEnvelope } from '../http/errors';
import { confidentialClientFor } from '../auth/entraClient';
import type { AppConfig } from '../config';
import { KeepAliveHttp } from '../http/keepAliveHttp';
import { asyncHandler, readJsonBody } from '../http/requests';
import { ChatMessageUpdates } from './chatMessageUpdates';
import { ConnectorHttp } from './connectorHttp';
import { dropSdkTokenDumps } from './sdkConsole';
import { ChatServiceUrls } from './chatServiceUrls';
import type { MeetingSource, ResolvedMeeting } from './meetingDirectory';

/** Whom botbuilder's clients act as: the bot the channel's token was issued to (botbuilder's own getAppId). */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return (
    claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    ''
  );
}

/** A promise kept under `key`, made once; a failed one is not kept, so the next turn tries again. */
function once<T>(cache: LRUCache<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let made = cache.get(key);
  if (!made) {
    made = make();
    made.catch(() => cache.delete(key));
    cache.set(key, made);
  }
  return made;
}

/**
 * botbuilder makes a new ConnectorClient and a new UserTokenClient, each with its whole HTTP
 * pipeline, on every turn; building them cost more than the reply the turn sends. One of each per
 * bot (and service URL and audience) serves every turn: they hold only the bot's own credentials.
 * Both ways to a connector factory go through here: the turn's own (authenticateRequest makes it
 * directly) and createConnectorFactory.
 */
class ReusedClientsAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new LRUCache<string, Promise<ConnectorClient>>({ max: 100 });
  private readonly userTokenClients = new LRUCache<string, Promise<UserTokenClient>>({ max: 10 });

  /**
   * What botbuilder concluded of a token, for the channel and service URL it came with, until the
   * token expires (botbuilder itself accepts it 5 minutes longer). Teams puts one token on every
   * activity for about an hour (one token for all its users, so a few are kept, not one per user);
   * checking its signature again on each cost the RSA verify and a key import per turn. A token
   * it refused is not kept: it is checked, and refused, every time.
   */
  private readonly validated = new LRUCache<string, AuthenticateRequestResult>({ max: 1_000 });

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const key = `${activity.channelId}\n${activity.serviceUrl}\n${authHeader}`;
    let result = this.validated.get(key);
    if (!result) {
      result = await super.authenticateRequest(activity, authHeader);
      const ttl = Number(result.claimsIdentity.getClaimValue('exp')) * 1000 - Date.now();
      if (authHeader && result.claimsIdentity.isAuthenticated && ttl > 0) this.validated.set(key, result, { ttl });
    }
    return { ...result, connectorFactory: this.createConnectorFactory(result.claimsIdentity) };
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return once(this.userTokenClients, appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new ReusedConnectorFactory(this.connectors, appIdOf(claimsIdentity), super.createConnectorFactory(claimsIdentity));
  }
}

/** botbuilder's connector factory for one bot, handing out the ConnectorClients already made. */
class ReusedConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly connectors: LRUCache<string, Promise<ConnectorClient>>,
    private readonly appId: string,
    private readonly factory: ConnectorFactory,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return once(this.connectors, `${this.appId} ${serviceUrl} ${audience ?? ''}`, () => this.factory.create(serviceUrl, audience));
  }
}

/**
 * CloudAdapter that lets the route authenticate first, so every authentication failure is a 401,
 * and replaces messages in a chat over the app's keep-alive HTTP (see ChatMessageUpdates).
 */
class AuthenticatedCloudAdapter extends CloudAdapter {
  private readonly updates = new ChatMessageUpdates(new KeepAliveHttp());

  constructor(private readonly authentication: BotFrameworkAuthentication) {
    super(authentication);
  }

  override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | undefined> {
    const connector = context.turnState.get<ConnectorClient | undefined>(this.ConnectorClientKey);
    if (!connector) return (await super.updateActivity(context, activity)) || undefined;
    return this.updates.replace(activity, connector.credentials);
  }

  async authenticate(activity: Activity, authHeader: string) {
    return this.authentication.authenticateRequest(activity, authHeader);
  }

  async run(
    result: Awaited<ReturnType<AuthenticatedCloudAdapter['authenticate']>>,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(result, activity, logic);
  }
}

export interface BotHost {
  adapter: CloudAdapter;
  /** The meeting a chat belongs to, asked of Teams as the bot (for the side panel, which has no activity). */
  meetingOfChat(chatId: string): Promise<ResolvedMeeting | undefined>;
  /** Posts a message into a chat the bot has heard from (a nudge), as the bot; false when it cannot. */
  postToChat(chatId: string, activity: Partial<Activity>): Promise<boolean>;
}

/**
 * The Bot Framework side: inbound JWTs validated by botbuilder (against BOT_OPENID_METADATA_URL in
 * tests), outbound tokens from msal-node pointed at the configured Entra authority.
 */
export function registerBotRoute(
  server: Server,
  config: AppConfig,
  deps: { state: Storage; meetings: MeetingSource; logger: Logger },
  run: (context: TurnContext) => Promise<void>,
): BotHost {
  const { state, meetings, logger } = deps;
  dropSdkTokenDumps();
  const serviceUrls = new ChatServiceUrls(state);
  const { bot, entra } = config;
  const authentication = new ReusedClientsAuthentication(
    botFrameworkSettings(bot),
    bot.id ? credentialsFactory(bot.id, bot.password ?? '', entra.authorityHost, bot.tenantId ?? 'botframework.com') : undefined,
    undefined,
    undefined,
    { httpClient: new ConnectorHttp(new KeepAliveHttp()) },
  );
  const adapter = new AuthenticatedCloudAdapter(authentication);
  // Several Teams clients of one user each send signin/tokenExchange; only the first is exchanged.
  adapter.use(new TeamsSSOTokenExchangeMiddleware(state, config.sso.connectionName));
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: { message: error.message, name: error.name }, activityType: context.activity.type }, 'bot turn failed');
    if (context.activity.type === 'message') await context.sendActivity(wordsFor(context).bot.somethingWrong);
  };

  server.post(
    '/api/messages',
    asyncHandler(async (req: Request, res: Response) => {
      const activity = parseActivity(req);
      if (!activity) {
        res.send(400, errorEnvelope('invalidRequest', 'The body is not a Bot Framework activity.', req.getId()));
        return;
      }
      let authenticated;
      try {
        authenticated = await adapter.authenticate(activity, req.header('authorization', ''));
      } catch (error) {
        logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'activity refused: authentication failed');
        res.send(401, errorEnvelope('unauthenticated', 'The activity is not signed by the Bot Framework for this bot.', req.getId()));
        return;
      }
      await serviceUrls
        .remember((activity.conversation as Partial<Activity['conversation']> | undefined)?.id, activity.serviceUrl)
        .catch((error: unknown) => {
          logger.warn({ reason: error instanceof Error ? error.message : String(error) }, "could not remember the chat's service URL");
        });
      const invokeResponse = await adapter.run(authenticated, activity, run);
      if (invokeResponse) res.send(invokeResponse.status, invokeResponse.body);
      else res.send(200);
    }),
  );
  /** Runs `work` as the bot in a chat it has heard from; false when no service URL is known for it. */
  const inChat = async (chatId: string, work: (context: TurnContext) => Promise<void>): Promise<boolean> => {
    const serviceUrl = await serviceUrls.lookup(chatId);
    if (!serviceUrl) return false;
    const reference = {
      channelId: 'msteams',
      serviceUrl,
      conversation: { id: chatId, isGroup: true, conversationType: 'groupChat', name: '' },
    };
    // An anonymous bot (the Playground's) posts without a token, as its replies go.
    await adapter.continueConversationAsync(bot.id ?? '', reference, work);
    return true;
  };
  const meetingOfChat = async (chatId: string): Promise<ResolvedMeeting | undefined> => {
    // Teams' meeting API answers only a bot with an identity.
    if (!bot.id) return undefined;
    let found: ResolvedMeeting | undefined;
    await inChat(chatId, async (context) => {
      found = await meetings.resolve(context);
    });
    return found;
  };
  const postToChat = (chatId: string, activity: Partial<Activity>) =>
    inChat(chatId, async (context) => {
      await context.sendActivity(activity);
    });
  return { adapter, meetingOfChat, postToChat };
}

/**
 * botbuilder's settings for the bot's identity. With any endpoint override botbuilder takes every
 * public-cloud endpoint from these settings, so each override replaces only its own endpoint and
 * the rest keep the public cloud's values.
 */
export function botFrameworkSettings(bot: AppConfig['bot']): ConfigurationBotFrameworkAuthenticationOptions {
  const identity = {
    MicrosoftAppId: bot.id ?? '',
    MicrosoftAppPassword: bot.password ?? '',
    MicrosoftAppType: bot.type,
    MicrosoftAppTenantId: bot.tenantId ?? '',
  };
  if (!bot.openIdMetadataUrl && !bot.oauthUrl) return identity;
  return {
    ...identity,
    ToBotFromChannelOpenIdMetadataUrl: bot.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    ToChannelFromBotLoginUrl: `${AuthenticationConstants.ToChannelFromBotLoginUrlPrefix}${bot.tenantId ?? AuthenticationConstants.DefaultChannelAuthTenant}`,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    OAuthUrl: bot.oauthUrl ?? AuthenticationConstants.OAuthUrl,
    ValidateAuthority: true,
  };
}

function credentialsFactory(appId: string, password: string, authorityHost: string, tenant: string): ServiceClientCredentialsFactory {
  const msal = confidentialClientFor({ clientId: appId, clientSecret: password, authorityHost, tenantId: tenant });
  // botbuilder asks for msal-node 2; package.json's overrides give it the app's own v7 (one copy loaded, not three).
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- botbuilder's own typing: this class `implements` the abstract class it is used as
  return new MsalServiceClientCredentialsFactory(appId, msal);
}

function parseActivity(req: Request): Activity | undefined {
  const body = readJsonBody(req);
  const value = body.ok ? body.value : undefined;
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
    ? (value as Activity)
    : undefined;
}
