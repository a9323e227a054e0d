const PUBLIC_CLOUD = 'login.microsoftonline.com';

/**
 * MSAL's setting for an authority host (msal-node and msal-browser alike): any host other than
 * the public cloud's (a sovereign cloud, or the local stand-in) is trusted as configured instead
 * of being checked through public-cloud instance discovery.
 */
export function knownAuthoritiesFor(authorityHost: string): { knownAuthorities?: string[] } {
  const host = new URL(authorityHost).host;
  return host === PUBLIC_CLOUD ? {} : { knownAuthorities: [host] };
}
