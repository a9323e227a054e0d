import { messagesFor } from '../domain/messages';
import { sayOnPage } from './pageWords';
import { app, pages } from '@microsoft/teams-js';

/** The tab's configuration page: adding the app to a meeting points the tab at the side panel. */
async function configure(): Promise<void> {
  await app.initialize();
  const { locale } = (await app.getContext()).app;
  const say = messagesFor(locale);
  sayOnPage(document, say.configure, say, locale);
  const contentUrl = `${window.location.origin}/tab/index.html`;
  pages.config.registerOnSaveHandler((save) => {
    void pages.config
      .setConfig({ contentUrl, websiteUrl: contentUrl, entityId: 'appointment-sms', suggestedDisplayName: 'Appointment SMS' })
      .then(
        () => save.notifySuccess(),
        (error: unknown) => save.notifyFailure(error instanceof Error ? error.message : String(error)),
      );
  });
  pages.config.setValidityState(true);
  await app.notifySuccess();
}

void configure();
