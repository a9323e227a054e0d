import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import restify, { type Next, type Request, type Response, type Server } from 'restify';
import { GRAPH_SCOPES } from '../auth/onBehalfOfExchanger';

/** Where Teams (and Outlook and the Microsoft 365 app, which host Teams tabs) may frame the tab. */
const TEAMS_FRAME_ANCESTORS = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.cloud.microsoft',
  'https://*.cloud.microsoft',
  'https://*.office.com',
  'https://*.microsoft365.com',
  'https://*.officeapps.live.com',
];

/** What the tab's consent page needs to send the organizer to Entra (nothing secret). */
export interface TabSettings {
  clientId: string;
  authorityHost: string;
  tenantId: string;
}

/** The compiled side panel: npm run build bundles src/tab into dist/tab (this file runs from src or dist). */
const TAB_DIRECTORY = join(projectRoot(__dirname), 'dist', 'tab');

function projectRoot(from: string): string {
  let directory = from;
  while (!existsSync(join(directory, 'package.json')) && dirname(directory) !== directory) directory = dirname(directory);
  return directory;
}

/**
 * The meeting side panel under /tab: static pages and bundles, with a Content-Security-Policy that
 * lets only Teams hosts frame them and lets scripts talk only to this app and Entra.
 */
export function registerTabRoutes(server: Server, settings: TabSettings, directory = TAB_DIRECTORY): void {
  const securityHeaders = tabSecurityHeaders(settings.authorityHost);
  const secure = (_req: Request, res: Response, next: Next) => {
    for (const [name, value] of Object.entries(securityHeaders)) res.header(name, value);
    next();
  };
  server.get('/tab', (_req: Request, res: Response, next: Next) => {
    res.redirect(302, '/tab/index.html', next);
  });
  // The manifest's privacyUrl and termsOfUseUrl.
  for (const page of ['privacy', 'terms'])
    server.get(`/${page}`, (_req: Request, res: Response, next: Next) => {
      res.redirect(302, `/tab/${page}.html`, next);
    });
  server.get('/tab/settings.json', secure, (_req: Request, res: Response, next: Next) => {
    res.header('Cache-Control', 'no-store');
    res.send(200, { ...settings, scopes: GRAPH_SCOPES });
    next();
  });
  server.get(
    '/tab/*',
    secure,
    restify.plugins.serveStaticFiles(directory, {
      // Pages always fresh (they name the bundles); bundles may be cached briefly.
      setHeaders: (res: Response, path: string) =>
        res.setHeader('Cache-Control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=300'),
    }),
  );
}

function tabSecurityHeaders(authorityHost: string): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    // The Adaptive Cards renderer sets element styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    // teams-js fetches the current list of Teams hosts from Microsoft's CDN (it has a built-in fallback).
    `connect-src 'self' ${authorityHost} https://res.cdn.office.net`,
    `frame-ancestors ${TEAMS_FRAME_ANCESTORS.join(' ')}`,
    "base-uri 'none'",
    "object-src 'none'",
    `form-action 'self' ${authorityHost}`,
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  };
}
