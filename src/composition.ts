import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { registerSmsRoutes } from './api/smsRoutes';
import { NotificationSender } from './app/NotificationSender';
import { EntraTokenValidator } from './auth/EntraTokenValidator';
import { OnBehalfOfExchanger } from './auth/OnBehalfOfExchanger';
import type { AppConfig } from './config';
import { GraphSmsClient } from './graph/GraphSmsClient';
import { createHttpServer } from './server';

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/** Composition root: configuration → identity → Graph → use cases → HTTP. */
export async function startApp(config: AppConfig, logger: Logger, host = '0.0.0.0'): Promise<RunningApp> {
  const { entra } = config;
  const validator = new EntraTokenValidator({ authorityHost: entra.authorityHost, clientId: entra.clientId, allowedTenantIds: entra.allowedTenantIds });
  const exchanger = new OnBehalfOfExchanger(entra);
  const sender = new NotificationSender(new GraphSmsClient(config.graph));

  const server = createHttpServer(logger);
  registerSmsRoutes(server, { validator, exchanger, sender, logger });
  await new Promise<void>((resolve) => server.listen(config.port, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    close: async () => {
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
