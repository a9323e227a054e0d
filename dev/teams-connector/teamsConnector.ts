import { randomUUID } from 'node:crypto';
import { pathParam } from '../../src/http/requests';
import { decodeJwt, SignJWT, type KeyLike } from 'jose';
import type { SandboxSeed } from '../graph-sandbox/sandboxTypes';
import { keepIdleConnectionsOpen } from '../frontDoor';
import restify, { type Next, type Request, type Response } from 'restify';
import { newSigningKey, type SigningKey } from '../signingKey';
import { teamsMeetingIdOfChat } from '../../src/domain/meetingIds';
import { closeServer, listen } from '../../src/http/server';

/** What the bot sent to the connector: replies, new messages and card updates. */
export interface ConnectorCall {
  method: string;
  conversationId: string;
  activityId?: string;
  activity: Record<string, unknown>;
  authorized: boolean;
  /** Whom the bearer token was issued to, and for what (the real connector accepts only the bot's, for the Bot Framework). */
  caller?: { aud?: unknown; appid?: unknown };
  /** What the connector answered (0: the connection was closed with no answer). */
  status: number;
}

const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

/** The Bot Framework meeting id of a seeded meeting (its chat is always a meeting chat). */
export function teamsMeetingId(chatThreadId: string): string {
  return teamsMeetingIdOfChat(chatThreadId) ?? '';
}

/**
 * A stand-in for the Teams channel and its connector on 127.0.0.1. It signs the activities it
 * sends to the bot with a key it publishes through its own OpenID metadata, so botbuilder's real
 * JWT validation runs. It also takes the bot's replies and card updates, and answers the meeting
 * API (`GET /v1/meetings/{id}`) from the Graph sandbox's seed.
 */
export class TeamsConnectorStandIn {
  readonly calls: ConnectorCall[] = [];
  /** Calls to the Bot Framework token service (sign-in resource, token exchange, magic codes). */
  readonly tokenServiceCalls: Array<{ path: string; userId?: string; connectionName?: string }> = [];
  private readonly signedIn = new Map<string, string>();
  /** Tokens the token service keeps per `userId|connectionName` once the user has signed in. */
  private readonly userTokens = new Map<string, string>();
  private readonly server = restify.createServer({ name: 'teams-connector' });
  private key?: SigningKey;
  /** Messages someone deleted: updating them fails as it does in Teams. */
  private readonly deleted = new Set<string>();
  /** Updates whose connection breaks before any answer. */
  private dropped = 0;
  /** Updates Teams will refuse with 429 before it takes one again. */
  private throttled = { updates: 0, retryAfterSeconds: 1 };

  constructor(
    private readonly seed: SandboxSeed,
    private readonly tenantId: string,
  ) {
    keepIdleConnectionsOpen(this.server.server);
    this.server.use(restify.plugins.bodyParser({ mapParams: false }));
    this.route();
  }

  async start(): Promise<string> {
    this.key = await newSigningKey({ endorsements: ['msteams'] });
    await listen(this.server, 0, '127.0.0.1');
    return this.url;
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  get url(): string {
    return `http://127.0.0.1:${this.server.address().port}`;
  }

  /** `BOT_OPENID_METADATA_URL`. A fresh query string per run dodges botbuilder's 24 h metadata cache. */
  get openIdMetadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration?run=${this.key?.kid ?? ''}`;
  }

  /** The bearer token Teams puts on an activity for the bot `botId`. */
  async tokenFor(botId: string, options: { forgeWith?: KeyLike; serviceUrl?: string } = {}): Promise<string> {
    const key = this.key!;
    return new SignJWT({ serviceurl: options.serviceUrl ?? this.url })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuer(BOT_FRAMEWORK_ISSUER)
      .setAudience(botId)
      .setIssuedAt()
      .setNotBefore(Math.floor(Date.now() / 1000) - 5)
      .setExpirationTime('1h')
      .sign(options.forgeWith ?? key.privateKey);
  }

  /** The user finished the OAuth sign-in page: the token service holds `token` under a magic code. */
  completeSignIn(token: string): string {
    const code = String(100000 + this.signedIn.size);
    this.signedIn.set(code, token);
    return code;
  }

  /** Someone deleted the bot's message `activityId` (or removed the bot): updating it now fails. */
  deleteMessage(activityId: string): void {
    this.deleted.add(activityId);
  }

  /** The connection breaks: the next `updates` get no answer at all, their socket is closed. */
  dropUpdates(updates: number): void {
    this.dropped = updates;
  }

  /** Teams throttles message updates: the next `updates` are answered 429 with `Retry-After`. */
  throttleUpdates(updates: number, retryAfterSeconds: number): void {
    this.throttled = { updates, retryAfterSeconds };
  }

  repliesTo(conversationId: string): ConnectorCall[] {
    return this.calls.filter((call) => call.conversationId === conversationId);
  }

  private route(): void {
    this.server.get('/v1/.well-known/openidconfiguration', (_req: Request, res: Response, next: Next) => {
      res.send(200, {
        issuer: BOT_FRAMEWORK_ISSUER,
        authorization_endpoint: `${this.url}/v1/.well-known/authorize`,
        jwks_uri: `${this.url}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
      next();
    });
    this.server.get('/v1/.well-known/keys', (_req: Request, res: Response, next: Next) => {
      res.send(200, { keys: this.key ? [this.key.publicJwk] : [] });
      next();
    });
    this.server.get('/v1/meetings/:meetingId', (req: Request, res: Response, next: Next) => {
      const meeting = this.seed.meetings.find((candidate) => teamsMeetingId(candidate.chatThreadId) === pathParam(req, 'meetingId'));
      if (!meeting) res.send(404, { error: { code: 'NotFound', message: 'Meeting not found' } });
      else res.send(200, this.meetingInfo(meeting));
      next();
    });
    const record = (req: Request, res: Response, next: Next) => {
      const bearer = /^Bearer (\S+)$/.exec(req.header('authorization') ?? '')?.[1];
      const call = {
        method: req.method ?? '',
        conversationId: decodeURIComponent(pathParam(req, 'conversationId')),
        activityId: pathParam(req, 'activityId') ? decodeURIComponent(pathParam(req, 'activityId')) : undefined,
        activity: (req.body ?? {}) as Record<string, unknown>,
        authorized: bearer !== undefined,
        caller: bearer ? claimsOf(bearer) : undefined,
        status: 200,
      };
      this.calls.push(call);
      if (call.method === 'PUT' && this.dropped > 0) {
        this.dropped -= 1;
        call.status = 0;
        req.socket.destroy();
        return;
      }
      if (call.method === 'PUT' && this.throttled.updates > 0) {
        this.throttled.updates -= 1;
        call.status = 429;
        res.header('Retry-After', String(this.throttled.retryAfterSeconds));
        res.send(429, { error: { code: 'TooManyRequests', message: 'Too many requests.' } });
      } else if (call.method === 'PUT' && call.activityId && this.deleted.has(call.activityId)) {
        call.status = 404;
        res.send(404, { error: { code: 'ActivityNotFoundInConversation', message: 'The activity was not found in the conversation.' } });
      } else {
        res.send(200, { id: call.method === 'PUT' ? call.activityId : `activity-${this.calls.length}` });
      }
      next();
    };
    this.routeTokenService();
    this.server.post('/v3/conversations/:conversationId/activities', record);
    this.server.post('/v3/conversations/:conversationId/activities/:activityId', record);
    this.server.put('/v3/conversations/:conversationId/activities/:activityId', record);
  }

  /** The Bot Framework token service (OAUTH_URL): what the OAuth-connection sign-in fallback calls. */
  private routeTokenService(): void {
    const log = (req: Request) => {
      const query = new URL(req.url ?? '', this.url).searchParams;
      this.tokenServiceCalls.push({
        path: req.getPath(),
        userId: query.get('userId') ?? undefined,
        connectionName: query.get('connectionName') ?? undefined,
      });
      return query;
    };
    this.server.get('/api/botsignin/GetSignInResource', (req: Request, res: Response, next: Next) => {
      log(req);
      res.send(200, {
        signInLink: `${this.url}/_standin/signin?state=${randomUUID()}`,
        tokenExchangeResource: { id: randomUUID(), uri: 'api://standin', providerId: '' },
      });
      next();
    });
    this.server.post('/api/usertoken/exchange', (req: Request, res: Response, next: Next) => {
      const query = log(req);
      const token = (req.body as { token?: string } | undefined)?.token;
      if (!token || token === 'not-exchangeable')
        res.send(400, { error: { code: 'ExchangeFailed', message: 'The token could not be exchanged.' } });
      else
        res.send(200, {
          channelId: query.get('channelId'),
          connectionName: query.get('connectionName'),
          token,
          expiration: new Date(Date.now() + 3600_000).toISOString(),
        });
      next();
    });
    this.server.get('/api/usertoken/GetToken', (req: Request, res: Response, next: Next) => {
      const query = log(req);
      // Like the real token service: a magic code redeems once, and from then on the user's token
      // is kept for the connection and returned without a code.
      const userKey = `${query.get('userId') ?? ''}|${query.get('connectionName') ?? ''}`;
      const code = query.get('code') ?? '';
      const redeemed = code ? this.signedIn.get(code) : undefined;
      if (redeemed) this.userTokens.set(userKey, redeemed);
      const token = code ? redeemed : this.userTokens.get(userKey);
      if (token)
        res.send(200, {
          channelId: query.get('channelId'),
          connectionName: query.get('connectionName'),
          token,
          expiration: new Date(Date.now() + 3600_000).toISOString(),
        });
      else res.send(404);
      next();
    });
  }

  private meetingInfo(meeting: SandboxSeed['meetings'][number]) {
    return {
      details: {
        id: teamsMeetingId(meeting.chatThreadId),
        msGraphResourceId: meeting.id,
        joinUrl: meeting.joinWebUrl,
        title: meeting.subject,
        type: 'Scheduled',
      },
      conversation: { id: meeting.chatThreadId, isGroup: true, conversationType: 'groupChat' },
      organizer: { id: `29:organizer-${meeting.organizerId}`, aadObjectId: meeting.organizerId, tenantId: this.tenantId },
    };
  }
}

/** The claims of a bearer token, unverified (the stand-in records who called; a token that is no JWT has none). */
function claimsOf(token: string): { aud?: unknown; appid?: unknown } | undefined {
  try {
    const { aud, appid } = decodeJwt(token);
    return { aud, appid };
  } catch {
    return undefined;
  }
}
