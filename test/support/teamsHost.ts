import type { BrowserContext, Page } from 'playwright-core';

/** What the simulated Teams client tells the tab about itself. */
export interface SimulatedTeams {
  /** Where the app really listens (http on 127.0.0.1). */
  appUrl: string;
  token: string;
  userOid: string;
  userName: string;
  tenantId: string;
  chatId: string;
  meetingId: string;
  theme: 'default' | 'dark' | 'contrast';
  /**
   * `approve`: Teams reports consent given at once (the test's `approveConsent` grants it at
   * Entra). `popup`: Teams opens the consent page in a pop-up as it really does, and relays
   * what the page reports; Entra's own page is at `entraUrl`.
   */
  consent?: 'approve' | 'popup';
  entraUrl?: string;
  /** The page Teams frames and how: the meeting side panel (the default) or a personal tab (`/tab/admin.html`, `content`). */
  tab?: { path: string; frameContext: 'sidePanel' | 'content' };
  locale?: string;
}

/** Where the simulated Teams page lives: a real Teams origin, so teams-js and the tab's CSP treat it as Teams. */
export const TEAMS_HOST_URL = 'https://teams.microsoft.com/_simulated-host';

/**
 * The app's public https origin as Teams would know it (teams-js insists on https for the consent
 * page). The browser's requests to it are answered by the app on 127.0.0.1.
 */
export const APP_ORIGIN = 'https://appointment-sms.contoso-clinic.example';

/**
 * A minimal Teams host: a page on teams.microsoft.com (served by Playwright, no network) that
 * frames the tab (at the app's public origin) and answers teams-js over postMessage the way Teams does: initialize,
 * getContext, authentication.getAuthToken and authentication.authenticate (with its pop-up).
 * Every call is kept in `window.hostCalls`. Anything else off this machine is refused.
 */
export async function routeTeamsHost(context: BrowserContext, teams: SimulatedTeams): Promise<void> {
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === TEAMS_HOST_URL) return route.fulfill({ status: 200, contentType: 'text/html', body: hostPage(teams) });
    if (url.startsWith(`${APP_ORIGIN}/`))
      return route.fulfill({ response: await route.fetch({ url: `${teams.appUrl}${url.slice(APP_ORIGIN.length)}` }) });
    if (teams.entraUrl && url.startsWith(`${teams.entraUrl}/`)) {
      // Through Playwright, like the app's requests (Chromium keeps public pages off 127.0.0.1).
      const response = await route.fetch({ maxRedirects: 0 });
      const location = response.headers().location;
      // Playwright does not route where a redirect leads, so the page follows Entra's redirect itself.
      if (location)
        return route.fulfill({
          status: 200,
          contentType: 'text/html',
          body: `<script>location.replace(${JSON.stringify(location)})</script>`,
        });
      return route.fulfill({ response });
    }
    return route.abort('blockedbyclient');
  });
}

export async function hostCalls(page: Page): Promise<Array<{ func: string; args: unknown[] }>> {
  return page.evaluate(() => (window as unknown as { hostCalls: Array<{ func: string; args: unknown[] }> }).hostCalls);
}

function hostPage(teams: SimulatedTeams): string {
  const tab = teams.tab ?? { path: '/tab/index.html', frameContext: 'sidePanel' };
  const legacyContext = {
    locale: teams.locale ?? 'en-US',
    theme: teams.theme,
    userObjectId: teams.userOid,
    userDisplayName: teams.userName,
    userPrincipalName: 'dana@contoso-clinic.example',
    loginHint: 'dana@contoso-clinic.example',
    tid: teams.tenantId,
    chatId: teams.chatId,
    meetingId: teams.meetingId,
    frameContext: tab.frameContext,
    hostClientType: 'web',
    hostName: 'Teams',
    entityId: 'appointment-sms',
  };
  const runtime = {
    apiVersion: 4,
    supports: {
      appEntity: {},
      dialog: { card: { bot: {} }, url: { bot: {} } },
      interactive: {},
      meeting: {},
      pages: { config: {} },
      teamsCore: {},
    },
  };
  const script = `
    window.hostCalls = [];
    window.consentGranted = false;
    const context = ${JSON.stringify(legacyContext)};
    const runtime = ${JSON.stringify(JSON.stringify(runtime))};
    window.addEventListener('message', async (event) => {
      const frame = document.getElementById('tab').contentWindow;
      const message = event.data;
      const fromPopup = window.authPopup !== undefined && event.source === window.authPopup;
      if ((event.source !== frame && !fromPopup) || !message || typeof message.func !== 'string') return;
      window.hostCalls.push({ func: message.func, args: message.args, from: fromPopup ? 'popup' : 'tab' });
      const reply = (...args) => event.source.postMessage({ id: message.id, uuidAsString: message.uuidAsString, args }, event.origin);
      switch (message.func) {
        case 'initialize': return reply(fromPopup ? 'authentication' : ${JSON.stringify(tab.frameContext)}, 'web', runtime, '2.58.0');
        case 'getContext': return reply(context);
        case 'authentication.getAuthToken': return reply(true, ${JSON.stringify(teams.token)});
        case 'authentication.authenticate':
          if (${JSON.stringify(teams.consent ?? 'approve')} === 'approve') {
            await window.approveConsent();
            return reply(true, 'approved');
          }
          window.pendingAuthentication = reply;
          window.authPopup = window.open(message.args[0], 'teams-authentication', 'width=600,height=535');
          return undefined;
        case 'authentication.authenticate.success': return window.pendingAuthentication(true, message.args[0]);
        case 'authentication.authenticate.failure': return window.pendingAuthentication(false, message.args[0]);
        default: return undefined;
      }
    });`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Microsoft Teams (simulated)</title></head>
<body style="margin:0"><iframe id="tab" src="${APP_ORIGIN}${tab.path}" style="width:${tab.frameContext === 'content' ? 900 : 420}px;height:${tab.frameContext === 'content' ? 1800 : 1000}px;border:0"></iframe>
<script>${script}</script></body></html>`;
}

/**
 * Closes contexts routed by `routeTeamsHost`. The tab's requests still on their way are dropped
 * first, as Playwright advises: one fulfilled after its context closed fails whichever test runs then.
 */
export async function closeTeamsHosts(contexts: BrowserContext[]): Promise<void> {
  await Promise.all(
    contexts.map(async (context) => {
      await context.unrouteAll({ behavior: 'ignoreErrors' });
      await context.close();
    }),
  );
}
