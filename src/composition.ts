import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import { registerBookRoutes } from './api/bookRoutes';
import { registerCardRoutes } from './api/cardRoutes';
import { registerMeetingRoutes } from './api/meetingRoutes';
import { PageTokens } from './api/pageTokens';
import { registerSmsRoutes } from './api/smsRoutes';
import { registerTabRoutes } from './api/tabRoutes';
import { AttendeeBook } from './app/AttendeeBook';
import { DoNotTextList } from './app/DoNotTextList';
import { NotificationSender } from './app/NotificationSender';
import { EntraTokenValidator } from './auth/EntraTokenValidator';
import { OnBehalfOfExchanger } from './auth/OnBehalfOfExchanger';
import { AppointmentSmsBot } from './bot/AppointmentSmsBot';
import { registerBotRoute } from './bot/botHost';
import { PlaygroundCardSignIn, SsoCardSignIn, type CardSignIn } from './bot/cardSignIn';
import { MeetingDirectory, PlaygroundMeeting, type MeetingSource } from './bot/meetingDirectory';
import type { AppConfig } from './config';
import { GraphSmsClient } from './graph/GraphSmsClient';
import { closeServer, createHttpServer, listen } from './server';
import { openStores } from './store/openStores';

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

const DAY_MS = 24 * 3600 * 1000;
const SETTLE_EVERY_MS = 5_000;

/** Composition root: configuration → storage → identity → Graph → use cases → HTTP and the bot. */
export async function startApp(config: AppConfig, logger: Logger): Promise<RunningApp> {
  const { entra, audit } = config;
  const stores = await openStores(config.storage);
  const { ledger } = stores;
  const validator = new EntraTokenValidator({ authorityHost: entra.authorityHost, clientId: entra.clientId, appIdUri: config.sso.appIdUri, allowedTenantIds: entra.allowedTenantIds });
  const exchanger = new OnBehalfOfExchanger(entra);
  const hashNumber = (number: string) => createHmac('sha256', audit.hashKey).update(number).digest('base64url');
  const doNotText = new DoNotTextList(stores.state, hashNumber);
  const book = new AttendeeBook(stores.state);
  const graph = new GraphSmsClient(config.graph);
  const onRecordFailure = (error: unknown) => logger.error({ reason: error instanceof Error ? error.message : String(error) }, 'could not record a send attempt');
  const sender = new NotificationSender({ graph, ledger, doNotText, hashNumber, onRecordFailure });

  const settleAbandoned = async () => {
    const interrupted = await sender.settleAbandoned();
    if (interrupted > 0) logger.warn({ interrupted }, 'sends cut off by a stop were marked "unknown: check before resending"');
  };
  await settleAbandoned();
  // Another instance may stop mid-send at any time; its sends are settled by whoever sees them first.
  const settleTimer = setInterval(() => void settleAbandoned().catch((error: unknown) => logger.error({ err: error }, 'settling abandoned sends failed')), SETTLE_EVERY_MS);
  settleTimer.unref();
  const purge = async () => logger.info({ purged: await ledger.purgeBefore(new Date(Date.now() - audit.retentionDays * DAY_MS)) }, 'audit retention');
  await purge();
  const purgeTimer = setInterval(() => void purge().catch((error: unknown) => logger.error({ err: error }, 'audit purge failed')), DAY_MS);
  purgeTimer.unref();

  const server = createHttpServer(logger, () => ledger.ready());
  registerSmsRoutes(server, { validator, exchanger, sender, ledger, pageTokens: new PageTokens(audit.hashKey), logger });
  registerBookRoutes(server, { validator, book, doNotText });
  registerCardRoutes(server, { validator, book, ledger });
  registerTabRoutes(server, { clientId: entra.clientId, authorityHost: entra.authorityHost, tenantId: entra.tenantId });
  const adminConsentUrl = (tenantId: string) => `${entra.authorityHost}/${tenantId || entra.tenantId}/adminconsent?client_id=${entra.clientId}`;
  const { meetings, signIn } = botIdentity(config, { validator, exchanger, logger });
  const bot = new AppointmentSmsBot({ sender, ledger, book, meetings, signIn, graph, adminConsentUrl, logger, userSpecificViews: config.mode !== 'playground' });
  const botHost = registerBotRoute(server, config, { state: stores.state, meetings, logger }, (context) => bot.run(context));
  registerMeetingRoutes(server, { validator, meetingOfChat: (chatId) => botHost.meetingOfChat(chatId) });
  const port = await listen(server, config.port, config.host);
  return {
    url: urlOf(config.host, port),
    close: async () => {
      clearInterval(purgeTimer);
      clearInterval(settleTimer);
      await closeServer(server);
      await stores.close();
    },
  };
}

/** Where this machine reaches the app: a wildcard address is reached on loopback. */
function urlOf(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '::') return `http://127.0.0.1:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Teams (the meeting API and SSO), or the Agents Playground's stand-ins for both. */
function botIdentity(
  config: AppConfig,
  deps: { validator: EntraTokenValidator; exchanger: OnBehalfOfExchanger; logger: Logger },
): { meetings: MeetingSource; signIn: CardSignIn } {
  const { playground } = config;
  if (config.mode === 'playground' && playground) {
    return {
      meetings: new PlaygroundMeeting({ onlineMeetingId: playground.onlineMeetingId, title: playground.title }),
      signIn: new PlaygroundCardSignIn({ oid: playground.organizerId, tenantId: config.entra.tenantId }),
    };
  }
  return { meetings: new MeetingDirectory(), signIn: new SsoCardSignIn({ ...deps, sso: config.sso }) };
}
