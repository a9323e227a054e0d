/** The caller Graph sees in a bearer token. */
export interface SandboxCaller {
  id: string;
  /** The token's tenant (`tid`), when it names one. */
  tenantId?: string;
  scopes: string[];
  roles: string[];
}

export const SMS_PERMISSION = 'VirtualAppointmentNotification.Send';
export const MEETING_READ_PERMISSIONS = ['OnlineMeetings.Read', 'OnlineMeetings.ReadWrite'];
/** The app's own (application) permissions to read an organizer's meetings, within an application access policy. */
export const MEETING_READ_APP_PERMISSIONS = ['OnlineMeetings.Read.All', 'OnlineMeetings.ReadWrite.All'];
export const CALENDAR_READ_PERMISSIONS = ['Calendars.ReadBasic', 'Calendars.Read', 'Calendars.ReadWrite'];
export const MAILBOX_SETTINGS_READ_PERMISSIONS = ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'];

/**
 * Reads the caller from a JWT bearer token and refuses expired ones. The sandbox does not check
 * signatures: it stands in for Graph's resource checks, not for Entra.
 */
export function callerFromAuthorization(header: string | undefined): SandboxCaller | { refused: string } {
  const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!token) return { refused: 'Access token is empty.' };
  const payloadPart = token.split('.')[1];
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payloadPart ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return { refused: 'Access token validation failure. Invalid audience.' };
  }
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) {
    return { refused: 'Lifetime validation failed, the token is expired.' };
  }
  const id = claims.oid;
  if (typeof id !== 'string') return { refused: 'Access token has no user (oid) claim.' };
  const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ') : [];
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((role): role is string => typeof role === 'string') : [];
  return { id, scopes, roles, ...(typeof claims.tid === 'string' ? { tenantId: claims.tid } : {}) };
}

/**
 * A bearer token the sandbox accepts for `oid` (it reads claims, not signatures), for the Playground,
 * tools and tests that run without the Entra stand-in. Real Graph refuses it, which is the point.
 */
export function unsignedSandboxToken(claims: { oid: string; tid?: string; scp?: string; roles?: string[]; exp?: number }): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  // An app's own token carries its roles and no delegated scopes; a user's, the app's delegated scopes.
  const delegated = claims.roles ? {} : { scp: `${SMS_PERMISSION} OnlineMeetings.Read Calendars.ReadBasic MailboxSettings.Read` };
  const payload = { aud: 'https://graph.microsoft.com', ...delegated, exp: Math.floor(Date.now() / 1000) + 3600, ...claims };
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.`;
}
