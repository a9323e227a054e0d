import { createHash, randomUUID } from 'node:crypto';
import { pathParam } from '../../src/http/requests';
import { jwtVerify, SignJWT, createLocalJWKSet } from 'jose';
import restify, { type Next, type Request, type Response } from 'restify';
import { ConnectionWatch } from '../connectionWatch';
import { keepIdleConnectionsOpen } from '../frontDoor';
import { newSigningKey, type SigningKey } from '../signingKey';
import { closeServer, listen } from '../../src/http/server';

export interface EntraClient {
  clientId: string;
  clientSecret: string;
  /** Graph application permissions an admin consented to (roles in its client-credentials tokens). */
  graphAppRoles?: string[];
  /**
   * Tenants where an admin installed the app (gave it a service principal); the home tenant when
   * absent. App tokens for any other tenant are refused, as Entra refuses them (AADSTS700016).
   */
  tenants?: string[];
}

export interface EntraStandInOptions {
  tls: { cert: string; key: string };
  tenantId: string;
  clients: EntraClient[];
  port?: number;
}

export interface UserTokenClaims {
  oid: string;
  tid?: string;
  aud?: string;
  scp?: string;
  name?: string;
  preferred_username?: string;
  /** App roles assigned to the user, e.g. `AppointmentSms.Admin`. */
  roles?: string[];
  /** `null` leaves `exp` out, as a forger who found a signing key might. */
  expiresInSeconds?: number | null;
}

export interface TokenRequestRecord {
  at: string;
  /** The tenant whose token endpoint was asked. */
  tenant: string;
  grantType: string;
  clientId: string;
  scope: string;
  status: number;
  error?: string;
}

type UserRefusal = { error: 'invalid_grant'; code: 65001 } | { error: 'interaction_required'; code: 50076; claims: string };

const GRAPH_RESOURCE = 'https://graph.microsoft.com';

/**
 * A stand-in for Microsoft Entra ID on 127.0.0.1 (TLS, as msal-node insists): OpenID metadata,
 * JWKS, and a token endpoint that performs the on-behalf-of and client-credentials grants with
 * Entra's error shapes, so msal-node and jose run for real against it.
 */
export class EntraStandIn {
  readonly tokenRequests: TokenRequestRecord[] = [];
  private readonly server: restify.Server;
  readonly connections: ConnectionWatch;
  private keys: SigningKey[] = [];
  private readonly refusals = new Map<string, UserRefusal>();

  constructor(private readonly options: EntraStandInOptions) {
    this.server = restify.createServer({ name: 'entra-standin', certificate: options.tls.cert, key: options.tls.key });
    keepIdleConnectionsOpen(this.server.server);
    this.connections = new ConnectionWatch(this.server.server);
    this.server.use(restify.plugins.queryParser({ mapParams: false }));
    this.server.use(restify.plugins.bodyParser({ mapParams: false }));
    this.route();
  }

  private port?: number;

  /** Starts, or after `stop()` comes back on the same port with the same keys (an outage, not a new tenant). */
  async start(): Promise<string> {
    if (this.keys.length === 0) await this.rotateKeys();
    this.port = await listen(this.server, this.port ?? this.options.port ?? 0, '127.0.0.1');
    return this.url;
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  /** `AAD_APP_OAUTH_AUTHORITY_HOST`. */
  get url(): string {
    return `https://127.0.0.1:${this.server.address().port}`;
  }

  issuer(tenantId = this.options.tenantId): string {
    return `${this.url}/${tenantId}/v2.0`;
  }

  /** Replaces the signing key (tokens signed before no longer validate). */
  async rotateKeys(): Promise<void> {
    this.keys = [await newSigningKey()];
  }

  /** The token Teams hands the app for a signed-in user (SSO): v2, audience = the app's client id. */
  async issueUserToken(claims: UserTokenClaims, audience = this.options.clients[0].clientId): Promise<string> {
    const { expiresInSeconds = 3600, tid = this.options.tenantId, aud = audience, scp = 'access_as_user', ...rest } = claims;
    return this.sign(
      { ...rest, tid, scp, ver: '2.0', azp: '1fec8e78-bce4-4aaf-ab1b-5451cc387264' },
      { aud, issuer: this.issuer(tid), expiresInSeconds },
    );
  }

  /** Sign with a key that is not published, as an attacker would. */
  async issueForgedToken(claims: UserTokenClaims): Promise<string> {
    const forger = await newSigningKey();
    const { tid = this.options.tenantId } = claims;
    return new SignJWT({ ...claims, tid, scp: claims.scp ?? 'access_as_user', ver: '2.0' })
      .setProtectedHeader({ alg: 'RS256', kid: this.keys[0].kid, typ: 'JWT' })
      .setIssuer(this.issuer(tid))
      .setAudience(claims.aud ?? this.options.clients[0].clientId)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(forger.privateKey);
  }

  /** An admin of `tenantId` installs the app (admin consent): app tokens for that tenant are issued from now on. */
  installIn(tenantId: string, clientId = this.options.clients[0].clientId): void {
    const client = this.options.clients.find((candidate) => candidate.clientId === clientId);
    if (client) client.tenants = [...new Set([...(client.tenants ?? [this.options.tenantId]), tenantId])];
  }

  /** The user's next on-behalf-of exchanges fail: admin consent missing (AADSTS65001) or MFA required. */
  refuseUser(oid: string, refusal: 'consent' | 'mfa'): void {
    this.refusals.set(
      oid,
      refusal === 'consent'
        ? { error: 'invalid_grant', code: 65001 }
        : {
            error: 'interaction_required',
            code: 50076,
            claims: JSON.stringify({ access_token: { capolids: { essential: true, values: ['mfa-policy'] } } }),
          },
    );
  }

  allowUser(oid: string): void {
    this.refusals.delete(oid);
  }

  /** The next `times` token requests meet an outbound proxy's error page (HTML, 502) instead of Entra. */
  answerTokensWithProxyPage(times = 1): void {
    this.proxyPages = times;
  }

  private proxyPages = 0;

  /** What browsers asked the sign-in and consent page for (query parameters). */
  readonly authorizeRequests: Array<Record<string, string>> = [];
  /** Who signs in on the consent page, and whether they approve (approving records consent). */
  browserUser?: { oid: string; name?: string; username: string; approves: boolean };
  private readonly codes = new Map<
    string,
    {
      clientId: string;
      redirectUri: string;
      challenge: string;
      nonce: string;
      scope: string;
      user: { oid: string; name?: string; username: string };
    }
  >();

  onBehalfOfCalls(): TokenRequestRecord[] {
    return this.tokenRequests.filter((request) => request.grantType === 'urn:ietf:params:oauth:grant-type:jwt-bearer');
  }

  private route(): void {
    // Like Entra, discovery answers browsers from any origin (MSAL in a page reads it).
    const anyOrigin = (res: Response) => {
      res.header('Access-Control-Allow-Origin', '*');
    };
    this.server.get('/:tenant/v2.0/.well-known/openid-configuration', (req: Request, res: Response, next: Next) => {
      anyOrigin(res);
      res.send(200, this.metadata(pathParam(req, 'tenant')));
      next();
    });
    this.server.get('/:tenant/discovery/v2.0/keys', (_req: Request, res: Response, next: Next) => {
      anyOrigin(res);
      res.send(200, { keys: this.keys.map((key) => key.publicJwk) });
      next();
    });
    // The interactive sign-in and consent page. No person is here to ask: `browserUser` says who
    // signs in and whether they approve; without it the user declines, as a person may.
    this.server.get('/:tenant/oauth2/v2.0/authorize', (req: Request, res: Response, next: Next) => {
      const query = new URL(req.url ?? '', this.url).searchParams;
      this.authorizeRequests.push(Object.fromEntries(query));
      const user = this.browserUser;
      const answer = user?.approves
        ? this.approve(query, user)
        : new URLSearchParams({
            error: 'access_denied',
            error_subcode: 'cancel',
            error_description: 'AADSTS65004: User declined to consent to access the app.',
          });
      answer.set('state', query.get('state') ?? '');
      res.redirect(302, `${query.get('redirect_uri') ?? ''}${query.get('response_mode') === 'query' ? '?' : '#'}${answer}`, next);
    });
    // Single-page apps redeem codes from the browser: Entra answers them cross-origin.
    this.server.opts('/:tenant/oauth2/v2.0/token', (req: Request, res: Response, next: Next) => {
      res.header('Access-Control-Allow-Origin', req.header('origin') || '*');
      res.header('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.header('Access-Control-Allow-Headers', req.header('access-control-request-headers') || 'content-type');
      res.send(204);
      next();
    });
    this.server.post('/:tenant/oauth2/v2.0/token', (req: Request, res: Response, next: Next) => {
      void this.token(req, res, this.tenantOf(pathParam(req, 'tenant'))).then(
        () => next(),
        (error: unknown) => next(error as Error),
      );
    });
    this.server.get('/_standin/token-requests', (_req: Request, res: Response, next: Next) => {
      res.send(200, { value: this.tokenRequests });
      next();
    });
  }

  /** A tenant as a path names it: `common` and `organizations` stand for the home tenant here. */
  private tenantOf(tenant: string): string {
    return tenant === 'common' || tenant === 'organizations' ? this.options.tenantId : tenant;
  }

  private metadata(tenant: string) {
    const tenantId = this.tenantOf(tenant);
    const base = `${this.url}/${tenant}`;
    return {
      issuer: this.issuer(tenantId),
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      tenant_region_scope: 'NA',
      cloud_instance_name: 'microsoftonline.com',
    };
  }

  private async token(req: Request, res: Response, tenantId: string): Promise<void> {
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    const grantType = form.grant_type ?? '';
    const record: TokenRequestRecord = {
      at: new Date().toISOString(),
      tenant: tenantId,
      grantType,
      clientId: form.client_id ?? '',
      scope: form.scope ?? '',
      status: 200,
    };
    this.tokenRequests.push(record);
    if (this.proxyPages > 0) {
      this.proxyPages -= 1;
      Object.assign(record, { status: 502, error: 'proxy page' });
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(
        '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The proxy could not reach the server.</p></body></html>',
      );
      return;
    }
    const fail = (status: number, error: string, code: number, description: string, extra: object = {}) => {
      Object.assign(record, { status, error });
      res.send(status, {
        error,
        error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
        error_codes: [code],
        timestamp: new Date().toISOString(),
        trace_id: randomUUID(),
        correlation_id: form['client-request-id'] ?? randomUUID(),
        ...extra,
      });
    };
    if (grantType === 'authorization_code') {
      res.header('Access-Control-Allow-Origin', req.header('origin') || '*');
      const answer = await this.redeemCode(form);
      if ('error' in answer) {
        fail(400, 'invalid_grant', answer.code, answer.error);
        return;
      }
      return void res.send(200, answer);
    }
    const client = this.options.clients.find((candidate) => candidate.clientId === form.client_id);
    if (!client || client.clientSecret !== form.client_secret) {
      fail(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
      return;
    }
    if (grantType === 'client_credentials') {
      if (!(client.tenants ?? [this.options.tenantId]).includes(tenantId)) {
        fail(
          400,
          'unauthorized_client',
          700016,
          `Application with identifier '${client.clientId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
        );
        return;
      }
      return this.clientCredentials(res, client, form.scope ?? '', tenantId);
    }
    if (grantType !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' || form.requested_token_use !== 'on_behalf_of') {
      fail(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
      return;
    }
    const user = await this.verifyAssertion(form.assertion ?? '', client.clientId);
    if (!user) {
      fail(400, 'invalid_grant', 50013, 'Assertion failed signature validation or is expired.');
      return;
    }
    const refusal = this.refusals.get(user.oid);
    if (refusal?.code === 65001) {
      fail(
        400,
        'invalid_grant',
        65001,
        'The user or administrator has not consented to use the application. Send an interactive authorization request for this user and resource.',
        { suberror: 'consent_required' },
      );
      return;
    }
    if (refusal?.code === 50076) {
      fail(
        400,
        'interaction_required',
        50076,
        'Due to a configuration change made by your administrator, you must use multi-factor authentication to access this resource.',
        { claims: refusal.claims, suberror: 'basic_action' },
      );
      return;
    }
    const scopes = (form.scope ?? '').split(' ').filter((scope) => scope.startsWith(`${GRAPH_RESOURCE}/`));
    const scp = scopes.map((scope) => scope.slice(GRAPH_RESOURCE.length + 1)).join(' ');
    const accessToken = await this.sign(
      { oid: user.oid, tid: user.tid, scp, appid: client.clientId, name: user.name },
      { aud: GRAPH_RESOURCE, issuer: `https://sts.windows.net/${user.tid}/`, expiresInSeconds: 3600 },
    );
    // Entra answers client_info=1 with the user's ids; msal keys its token cache by them, so
    // without it every user would share (and overwrite) one cache entry.
    const clientInfo = form.client_info === '1' ? { client_info: this.clientInfo(user.oid, user.tid) } : {};
    res.send(200, {
      token_type: 'Bearer',
      scope: scopes.join(' '),
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: accessToken,
      ...clientInfo,
    });
  }

  /** The user approved: consent is recorded and the browser gets a code for its PKCE challenge. */
  private approve(query: URLSearchParams, user: { oid: string; name?: string; username: string }): URLSearchParams {
    this.allowUser(user.oid);
    const code = randomUUID();
    this.codes.set(code, {
      clientId: query.get('client_id') ?? '',
      redirectUri: query.get('redirect_uri') ?? '',
      challenge: query.get('code_challenge') ?? '',
      nonce: query.get('nonce') ?? '',
      scope: query.get('scope') ?? '',
      user,
    });
    return new URLSearchParams({ code, client_info: this.clientInfo(user.oid) });
  }

  /** A public client (the browser) redeems its code with the PKCE verifier; no secret. */
  private async redeemCode(form: Record<string, string | undefined>): Promise<object | { error: string; code: number }> {
    const grant = this.codes.get(form.code ?? '');
    this.codes.delete(form.code ?? '');
    const verifier = createHash('sha256')
      .update(form.code_verifier ?? '')
      .digest('base64url');
    if (!grant || grant.clientId !== form.client_id || grant.redirectUri !== form.redirect_uri || grant.challenge !== verifier) {
      return { error: 'The provided authorization code or PKCE verifier is invalid.', code: 70008 };
    }
    const { user } = grant;
    const tid = this.options.tenantId;
    const scopes = grant.scope.split(' ').filter((scope) => scope.startsWith(`${GRAPH_RESOURCE}/`));
    const accessToken = await this.sign(
      {
        oid: user.oid,
        tid,
        scp: scopes.map((scope) => scope.slice(GRAPH_RESOURCE.length + 1)).join(' '),
        appid: grant.clientId,
        name: user.name,
      },
      { aud: GRAPH_RESOURCE, issuer: `https://sts.windows.net/${tid}/`, expiresInSeconds: 3600 },
    );
    const idToken = await this.sign(
      { oid: user.oid, sub: user.oid, tid, name: user.name, preferred_username: user.username, nonce: grant.nonce, ver: '2.0' },
      { aud: grant.clientId, issuer: this.issuer(tid), expiresInSeconds: 3600 },
    );
    return {
      token_type: 'Bearer',
      scope: scopes.join(' '),
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: accessToken,
      id_token: idToken,
      client_info: this.clientInfo(user.oid),
    };
  }

  private clientInfo(oid: string, tid = this.options.tenantId): string {
    return Buffer.from(JSON.stringify({ uid: oid, utid: tid })).toString('base64url');
  }

  private async clientCredentials(res: Response, client: EntraClient, scope: string, tenantId: string): Promise<void> {
    const audience = scope.replace(/\/\.default$/, '');
    const accessToken = await this.sign(
      // Entra gives app tokens the service principal's object id; here one derived from the client id.
      { appid: client.clientId, tid: tenantId, oid: servicePrincipalId(client.clientId), roles: client.graphAppRoles ?? [] },
      { aud: audience, issuer: `https://sts.windows.net/${tenantId}/`, expiresInSeconds: 3600 },
    );
    res.send(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
  }

  private async verifyAssertion(assertion: string, clientId: string): Promise<{ oid: string; tid: string; name?: string } | undefined> {
    try {
      const { payload } = await jwtVerify(assertion, createLocalJWKSet({ keys: this.keys.map((key) => key.publicJwk) }));
      const audience = typeof payload.aud === 'string' ? payload.aud : '';
      if (audience !== clientId && !audience.endsWith(`/${clientId}`) && !audience.endsWith(`/botid-${clientId}`)) return undefined;
      if (typeof payload.oid !== 'string' || typeof payload.tid !== 'string') return undefined;
      return { oid: payload.oid, tid: payload.tid, name: typeof payload.name === 'string' ? payload.name : undefined };
    } catch {
      return undefined;
    }
  }

  private sign(claims: Record<string, unknown>, token: { aud: string; issuer: string; expiresInSeconds: number | null }): Promise<string> {
    const key = this.keys[0];
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuer(token.issuer)
      .setAudience(token.aud)
      .setIssuedAt(now)
      .setNotBefore(now - 5);
    if (token.expiresInSeconds !== null) jwt.setExpirationTime(now + token.expiresInSeconds);
    return jwt.sign(key.privateKey);
  }
}

function servicePrincipalId(clientId: string): string {
  const hex = createHash('sha256').update(`sp:${clientId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
