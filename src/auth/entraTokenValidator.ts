import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import { ok, refused, type Result } from '../domain/result';

/** Tokens already validated, kept until they expire: a signature check costs more than the rest of a send's own work. */
const REMEMBERED_TOKENS = 10_000;

export interface EntraTokenValidatorOptions {
  /** `AAD_APP_OAUTH_AUTHORITY_HOST`, e.g. `https://login.microsoftonline.com`. */
  authorityHost: string;
  /** `AAD_APP_CLIENT_ID`: the audience of v2 tokens. */
  clientId: string;
  /** `AAD_APP_ID_URI`: the audience of tokens asked for by the App ID URI (v1 tokens). */
  appIdUri: string;
  /** Tenants whose users may call; the first is the app's own tenant (`AAD_APP_TENANT_ID`). */
  allowedTenantIds: readonly string[];
  requiredScope?: string;
  clockToleranceSeconds?: number;
}

/** The signed-in person behind a request, and the token to exchange on their behalf. */
export interface AuthenticatedUser {
  oid: string;
  tenantId: string;
  name?: string;
  username?: string;
  /** App roles an admin assigned (e.g. `AppointmentSms.Admin`). */
  roles: string[];
  /** The raw SSO token: only for the on-behalf-of exchange, never logged. */
  ssoToken: string;
}

/** Why a token is not valid (said to the caller in their language: `auth.*` in the catalog), with what names the case. */
export type TokenRefusal =
  | { reason: 'noBearer' | 'expired' | 'noExpiry' | 'audience' | 'signature' | 'keysUnreachable' | 'tenant' | 'issuer' | 'noUser' }
  | { reason: 'scope' | 'invalid'; detail: string };

/** The user behind a valid token, or why it is not valid. */
export type TokenValidation = Result<AuthenticatedUser, TokenRefusal>;

/**
 * Validates the Entra token Teams gives the app (SSO, v2): signature from the tenant's JWKS
 * (cached, re-fetched on an unknown key id), issuer, audience, expiry, scope and tenant.
 */
export class EntraTokenValidator {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  private readonly issuers: string[];
  private readonly audiences: string[];
  private readonly validated = new LRUCache<string, AuthenticatedUser>({ max: REMEMBERED_TOKENS });

  constructor(private readonly options: EntraTokenValidatorOptions) {
    const host = options.authorityHost.replace(/\/+$/, '');
    const [homeTenant] = options.allowedTenantIds;
    this.jwks = createRemoteJWKSet(new URL(`${host}/${homeTenant}/discovery/v2.0/keys`), { cooldownDuration: 30_000 });
    this.issuers = options.allowedTenantIds.map((tenant) => `${host}/${tenant}/v2.0`);
    // Exactly these two: an App ID URI on some other host names some other app.
    this.audiences = [options.clientId, options.appIdUri];
  }

  /** Whether Entra's signing keys can be had (fetched lately, or fetched now): without them no request is let in. */
  async keysReachable(): Promise<boolean> {
    if (this.jwks.fresh) return true;
    return this.jwks.reload().then(
      () => true,
      () => false,
    );
  }

  async validate(authorization: string | undefined): Promise<TokenValidation> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return refused({ reason: 'noBearer' });
    const known = this.validated.get(token);
    if (known) return ok(known);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        algorithms: ['RS256'],
        audience: this.audiences,
        requiredClaims: ['exp'],
        clockTolerance: this.options.clockToleranceSeconds ?? 60,
      }));
    } catch (error) {
      return refused(describeVerificationError(error));
    }
    const validation = this.checkClaims(payload, token);
    // Until the token's own expiry, not a moment longer (the clock tolerance is not extended to the cache).
    const ttl = (payload.exp ?? 0) * 1000 - Date.now();
    if (validation.ok && ttl > 0) this.validated.set(token, validation.value, { ttl });
    return validation;
  }

  private checkClaims(payload: JWTPayload, token: string): TokenValidation {
    const tenantId = stringClaim(payload, 'tid');
    if (!tenantId || !this.options.allowedTenantIds.includes(tenantId)) {
      return refused({ reason: 'tenant' });
    }
    if (!payload.iss || !this.issuers.includes(payload.iss)) return refused({ reason: 'issuer' });
    const scopes = (stringClaim(payload, 'scp') ?? '').split(' ');
    const required = this.options.requiredScope ?? 'access_as_user';
    if (!scopes.includes(required)) return refused({ reason: 'scope', detail: required });
    const oid = stringClaim(payload, 'oid');
    if (!oid) return refused({ reason: 'noUser' });
    return ok({
      oid,
      tenantId,
      name: stringClaim(payload, 'name'),
      username: stringClaim(payload, 'preferred_username'),
      roles: Array.isArray(payload.roles) ? payload.roles.filter((role): role is string => typeof role === 'string') : [],
      ssoToken: token,
    });
  }
}

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === 'string' ? value : undefined;
}

function describeVerificationError(error: unknown): TokenRefusal {
  if (error instanceof errors.JWTExpired) return { reason: 'expired' };
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'exp') return { reason: 'noExpiry' };
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') return { reason: 'audience' };
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) return { reason: 'signature' };
  if (error instanceof errors.JOSEError) return { reason: 'invalid', detail: error.code };
  return { reason: 'keysUnreachable' };
}
