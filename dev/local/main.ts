import { curlSamples } from './samples';
import pino from 'pino';
import { startApp } from '../../src/composition';
import { loadConfig } from '../../src/config';
import { EntraStandIn } from '../entra-standin/entraStandIn';
import { GraphSandbox } from '../graph-sandbox/graphSandbox';
import defaultSeed from '../graph-sandbox/seed.json';
import { ensureDevCertificate } from '../tls/devCertificate';

/**
 * `npm run dev`: the app on its embedded default (SQLite under ./data) with the Graph sandbox and
 * the Entra stand-in, all on 127.0.0.1. Prints a token for the seeded organizer and a request to try.
 */
async function main(): Promise<void> {
  const { cert, key, certPath } = await ensureDevCertificate();
  const tenantId = 'b3cdf1c8-024a-49e2-a994-f67f830b02f3';
  const clientId = '4d4b5a1e-8f3c-4b2a-9e6d-1c2b3a4d5e6f';
  const clientSecret = `local-${Date.now()}`;
  const graph = new GraphSandbox({ tls: { cert, key }, port: Number(process.env.GRAPH_SANDBOX_PORT ?? 3980) });
  const entra = new EntraStandIn({
    tls: { cert, key },
    tenantId,
    clients: [{ clientId, clientSecret }],
    port: Number(process.env.ENTRA_STANDIN_PORT ?? 3981),
  });
  await graph.start();
  await entra.start();
  const loaded = loadConfig({
    // The local try-outs stay on this machine unless HOST says otherwise.
    HOST: '127.0.0.1',
    ...process.env,
    BOT_ID: clientId,
    BOT_PASSWORD: clientSecret,
    BOT_TYPE: 'SingleTenant',
    BOT_TENANT_ID: tenantId,
    AAD_APP_CLIENT_ID: clientId,
    AAD_APP_CLIENT_SECRET: clientSecret,
    AAD_APP_TENANT_ID: tenantId,
    AAD_APP_OAUTH_AUTHORITY_HOST: entra.url,
    GRAPH_BASE_URL: graph.url,
  });
  if (!loaded.ok) throw new Error(loaded.error.join('\n'));
  const app = await startApp(loaded.value, pino({ level: loaded.value.logLevel }));
  const dana = defaultSeed.organizers[0];
  const meeting = defaultSeed.meetings[0];
  const token = await entra.issueUserToken({
    oid: dana.id,
    name: dana.displayName,
    preferred_username: dana.userPrincipalName,
    expiresInSeconds: 8 * 3600,
  });
  console.log(`
Appointment SMS on ${app.url}  (Graph sandbox ${graph.url}, Entra stand-in ${entra.url})
Signed in as ${dana.displayName}, organizer of "${meeting.subject}" (token valid 8 h):

  TOKEN=${token}
${curlSamples({ appUrl: app.url, meetingId: meeting.id, graphUrl: graph.url, certPath })}
`);
  const stop = () => void Promise.all([app.close(), graph.stop(), entra.stop()]).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
