import { PublicClientApplication, type Configuration } from '@azure/msal-browser';
import { app, authentication } from '@microsoft/teams-js';
import { knownAuthoritiesFor } from '../auth/authority';
import { messagesFor } from '../domain/messages';
import { sayOnPage } from './pageWords';

interface TabSettings {
  clientId: string;
  authorityHost: string;
  tenantId: string;
  scopes: string[];
}

/**
 * The consent pop-up (authentication.authenticate), one page for both legs: it sends the organizer
 * to Entra to approve the app's Graph permissions, and on the way back reports to the side panel.
 */
async function run(): Promise<void> {
  // Said before Teams answers (a pop-up may open slowly): the browser's language until then.
  const say = messagesFor(navigator.languages);
  sayOnPage(document, say.consentPage, say, navigator.languages);
  await app.initialize();
  const settings = (await (await fetch('/tab/settings.json')).json()) as TabSettings;
  const tenant = new URLSearchParams(window.location.search).get('tenant') || settings.tenantId;
  const msal = new PublicClientApplication(msalConfiguration(settings, tenant));
  await msal.initialize();
  try {
    // Back from Entra: report to the side panel. First visit: go to Entra's consent page.
    const result = await msal.handleRedirectPromise();
    if (result) {
      authentication.notifySuccess();
      return;
    }
    const context = await app.getContext();
    await msal.acquireTokenRedirect({ scopes: settings.scopes, loginHint: context.user?.loginHint, prompt: 'consent', state: tenant });
  } catch (error) {
    authentication.notifyFailure(error instanceof Error ? error.message : String(error));
  }
}

function msalConfiguration(settings: TabSettings, tenant: string): Configuration {
  return {
    auth: {
      clientId: settings.clientId,
      authority: `${settings.authorityHost}/${tenant}`,
      redirectUri: `${window.location.origin}/tab/auth.html`,
      ...knownAuthoritiesFor(settings.authorityHost),
    },
    cache: { cacheLocation: 'sessionStorage' },
  };
}

void run();
