import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import { registerAdminRoutes } from './api/adminRoutes';
import { registerBookRoutes } from './api/bookRoutes';
import { registerCardRoutes } from './api/cardRoutes';
import { registerDayActionRoutes } from './api/dayActionRoutes';
import { registerMeetingRoutes } from './api/meetingRoutes';
import { PageTokens } from './api/pageTokens';
import { registerScheduleRoutes } from './api/scheduleRoutes';
import { registerSmsRoutes } from './api/smsRoutes';
import { registerTabRoutes } from './api/tabRoutes';
import { BackgroundJobs } from './app/backgroundJobs';
import { composeUseCases } from './app/useCases';
import { EntraTokenValidator } from './auth/entraTokenValidator';
import { OnBehalfOfExchanger } from './auth/onBehalfOfExchanger';
import type { GraphToken } from './domain/organizer';
import { AppointmentSmsBot } from './bot/appointmentSmsBot';
import { registerBotRoute } from './bot/botHost';
import { nudgeAskerIn } from './bot/nudgeAsker';
import type { BotIdentity } from './bot/botIdentity';
import { SsoCardSignIn } from './bot/cardSignIn';
import { MeetingDirectory } from './bot/meetingDirectory';
import type { AppConfig } from './config';
import { GraphSmsClient } from './graph/graphSmsClient';
import { closeServer, createHttpServer, listen } from './http/server';
import { openStores } from './store/openStores';
import { countWaitingWith, recordStorageError } from './telemetry/signals';
import { startTelemetry } from './telemetry/startTelemetry';

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

const DAY_MS = 24 * 3600 * 1000;
const SETTLE_EVERY_MS = 5_000;
/** Texts and sends forgotten per step of the retention purge: a long backlog is many short steps. */
const PURGE_BATCH = 500;

/** Composition root: configuration → storage → identity → Graph → use cases → HTTP and the bot. */
/**
 * What a local host (dev/playground) hands in instead of Teams and Entra: who the bot's users are,
 * and the app's own Graph token for texts that go later.
 */
interface LocalHost {
  botIdentity?: BotIdentity;
  appGraphToken?: (tenantId: string) => Promise<GraphToken>;
}

export async function startApp(config: AppConfig, logger: Logger, host: LocalHost = {}): Promise<RunningApp> {
  // An anonymous bot with Teams' identity would let anyone claim to be an organizer.
  if (config.mode === 'playground' && !host.botIdentity) throw new Error('APP_MODE=playground runs only through npm run playground');
  const { entra, audit } = config;
  // First: everything after it reports through it.
  const telemetry = await startTelemetry(config.telemetry);
  const stores = await openStores(config.storage);
  const { ledger } = stores;
  const validator = new EntraTokenValidator({
    authorityHost: entra.authorityHost,
    clientId: entra.clientId,
    appIdUri: config.sso.appIdUri,
    allowedTenantIds: entra.allowedTenantIds,
  });
  const exchanger = new OnBehalfOfExchanger(entra);
  const hashNumber = (number: string) => createHmac('sha256', audit.hashKey).update(number).digest('base64url');
  const graph = new GraphSmsClient(config.graph);
  const onRecordFailure = (error: unknown) => {
    recordStorageError('record');
    logger.error({ reason: error instanceof Error ? error.message : String(error) }, 'could not record a send attempt');
  };
  countWaitingWith(() => stores.schedule.countWaiting());
  const appGraphToken = host.appGraphToken ?? ((tenantId: string) => exchanger.appGraphToken(tenantId));
  const identity = host.botIdentity ?? teamsIdentity(config, { validator, exchanger, logger });
  const { book, doNotText, policies, zones, sender, scheduled, standing, nudges, dayLog, days, usage } = composeUseCases({
    ...stores,
    graph,
    defaultPolicy: config.defaultPolicy,
    appGraphToken,
    hashNumber,
    now: () => new Date(),
    // The organizer is asked in the chat, through the bot host (registered below, before any nudge can be due).
    nudges: { afterMs: config.nudgeAfterMs, asker: () => nudgeAskerIn(botHost, identity.userSpecificViews) },
    onRecordFailure,
  });

  const settleAbandoned = async () => {
    const interrupted = await sender.settleAbandoned();
    if (interrupted > 0) logger.warn({ interrupted }, 'sends cut off by a stop were marked "unknown: check before resending"');
  };
  // Only the sends in flight are read: a restarted app shows a cut-off send as such from its first answer.
  await settleAbandoned();
  const server = createHttpServer(logger, { storage: () => ledger.ready(), identity: () => validator.keysReachable() });
  registerSmsRoutes(server, { validator, exchanger, sender, ledger, pageTokens: new PageTokens(audit.hashKey), logger });
  registerBookRoutes(server, { validator, exchanger, book, doNotText, zones });
  registerAdminRoutes(server, { validator, policies, scheduled, usage });
  registerScheduleRoutes(server, { validator, exchanger, scheduled, standing });
  registerDayActionRoutes(server, { validator, exchanger, days, dayLog });
  registerCardRoutes(server, { validator, book, ledger, scheduled, standing });
  registerTabRoutes(server, { clientId: entra.clientId, authorityHost: entra.authorityHost, tenantId: entra.tenantId });
  const adminConsentUrl = (tenantId: string) =>
    `${entra.authorityHost}/${tenantId || entra.tenantId}/adminconsent?client_id=${entra.clientId}`;
  const { meetings } = identity;
  const bot = new AppointmentSmsBot({
    ...identity,
    botAppId: config.bot.id ?? '',
    sender,
    ledger,
    book,
    graph,
    days,
    scheduled,
    standing,
    nudges,
    zones,
    adminConsentUrl,
    logger,
  });
  const botHost = registerBotRoute(server, config, { state: stores.state, meetings, logger }, (context) => bot.run(context));
  registerMeetingRoutes(server, { validator, meetingOfChat: (chatId) => botHost.meetingOfChat(chatId) });
  const port = await listen(server, config.port, config.host);
  // Background work starts once the app answers: a start never waits for it, whatever the store holds.
  const jobs = new BackgroundJobs((job, error) => logger.error({ err: error, job }, 'a background job failed'));
  // Another instance may stop mid-send at any time; its sends are settled by whoever sees them first.
  jobs.every(
    'settle abandoned sends',
    SETTLE_EVERY_MS,
    async () => {
      await settleAbandoned();
      return { moreWaiting: false };
    },
    // The start settled them just now.
    { startNow: false },
  );
  // Every instance looks for due texts; the schedule hands each to one of them.
  jobs.every('scheduled texts', config.schedulePollMs, async () => {
    const { settled, ...next } = await scheduled.runDue();
    if (settled > 0) logger.info({ settled }, 'scheduled texts sent or settled');
    return next;
  });
  jobs.every('audit retention', DAY_MS, async () => {
    const before = new Date(Date.now() - audit.retentionDays * DAY_MS);
    const [purged, scheduledPurged] = [
      await ledger.purgeBefore(before, PURGE_BATCH),
      await stores.schedule.purgeBefore(before, PURGE_BATCH),
    ];
    if (purged + scheduledPurged > 0) logger.info({ purged, scheduledPurged }, 'audit retention');
    return { moreWaiting: purged === PURGE_BATCH || scheduledPurged === PURGE_BATCH };
  });
  for (const upgrade of stores.upgrades)
    jobs.once(upgrade.job, async () => {
      const indexed = await upgrade.run();
      if (indexed > 0) logger.info({ indexed }, upgrade.job);
    });

  return {
    url: urlOf(config.host, port),
    close: async () => {
      await closeServer(server);
      await jobs.stop();
      // Its last export still counts what waits in the schedule.
      await telemetry.shutdown();
      await stores.close();
    },
  };
}

/** Where this machine reaches the app: a wildcard address is reached on loopback. */
function urlOf(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '::') return `http://127.0.0.1:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Teams itself: the Bot Framework meeting API and Teams SSO. */
function teamsIdentity(
  config: AppConfig,
  deps: { validator: EntraTokenValidator; exchanger: OnBehalfOfExchanger; logger: Logger },
): BotIdentity {
  return { meetings: new MeetingDirectory(), signIn: new SsoCardSignIn({ ...deps, sso: config.sso }), userSpecificViews: true };
}
