import { app, authentication } from '@microsoft/teams-js';

/** What the side panel learns from Teams about where it runs and for whom. */
export interface TeamsTabContext {
  userOid: string;
  userName: string;
  tenantId: string;
  locale: string;
  theme: string;
  chatId?: string;
}

/** Undefined outside Teams: not framed by a host, or no host answered in time. */
export async function connectToTeams(timeoutMs = 5000): Promise<TeamsTabContext | undefined> {
  if (window.parent === window.self && !window.opener) return undefined;
  const ready = await Promise.race([
    app.initialize().then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs)),
  ]);
  if (!ready) return undefined;
  const context = await app.getContext();
  await app.notifySuccess();
  return {
    userOid: context.user?.id ?? '',
    userName: context.user?.displayName || context.user?.userPrincipalName || 'the organizer',
    tenantId: context.user?.tenant?.id ?? '',
    locale: context.app.locale,
    theme: context.app.theme,
    chatId: context.chat?.id ?? context.meeting?.id,
  };
}

export function onThemeChange(handler: (theme: string) => void): void {
  app.registerOnThemeChangeHandler(handler);
}

/** The organizer's Teams SSO token for this app; `claims` answers an MFA or conditional-access challenge. */
export function ssoToken(claims?: string): Promise<string> {
  return authentication.getAuthToken(claims ? { claims: [claims] } : undefined);
}

/** Teams opens the consent page in a pop-up and resolves when it reports back. */
export async function askForConsent(tenantId: string): Promise<void> {
  await authentication.authenticate({
    url: `${window.location.origin}/tab/auth.html?tenant=${encodeURIComponent(tenantId)}`,
    width: 600,
    height: 535,
  });
}
