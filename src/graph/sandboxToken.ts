/**
 * A bearer token the local Graph sandbox accepts for `oid` (it reads claims, not signatures).
 * Real Graph refuses it, which is the point: Playground mode cannot text anyone real.
 */
export function sandboxAccessToken(claims: { oid: string; scp?: string; roles?: string[]; exp?: number }): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payload = { aud: 'https://graph.microsoft.com', scp: 'VirtualAppointmentNotification.Send OnlineMeetings.Read', exp: Math.floor(Date.now() / 1000) + 3600, ...claims };
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.`;
}
