import { EntraStandIn } from '../dev/entra-standin/entraStandIn';
import { GraphSandbox } from '../dev/graph-sandbox/graphSandbox';
import type { SandboxSeed } from '../dev/graph-sandbox/sandboxTypes';
import { TeamsConnectorStandIn } from '../dev/teams-connector/teamsConnector';
import { ensureDevCertificate } from '../dev/tls/devCertificate';

/**
 * The benchmark's remote parties (Graph, Entra, the Teams connector) in a process of their own, so
 * neither they nor the load generator share an event loop with what is measured. Forked by
 * bench/run.ts; talks to it over IPC.
 */
export const BENCH_TENANT_ID = 'b3cdf1c8-024a-49e2-a994-f67f830b02f3';
export const BENCH_BOT_ID = '4d4b5a1e-8f3c-4b2a-9e6d-1c2b3a4d5e6f';

export interface BenchOrganizer {
  oid: string;
  name: string;
  onlineMeetingId: string;
  chatThreadId: string;
  ssoToken: string;
}

export interface StandInsReady {
  type: 'ready';
  graph: string;
  entra: string;
  teams: string;
  openIdMetadataUrl: string;
  channelToken: string;
  organizers: BenchOrganizer[];
}

/** What the stand-ins counted so far: Graph send calls, texts accepted, on-behalf-of exchanges. */
export interface StandInCounts {
  type: 'counts';
  graphSendCalls: number;
  accepted: number;
  onBehalfOfCalls: number;
}

/** One Teams Premium organizer per connection at the highest level, each with an appointment. */
function benchSeed(organizers: number): SandboxSeed {
  const seed: SandboxSeed = { organizers: [], meetings: [] };
  for (let index = 0; index < organizers; index += 1) {
    const id = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
    const thread = `19:meeting_bench${index}@thread.v2`;
    seed.organizers.push({
      id,
      displayName: `Organizer ${index}`,
      userPrincipalName: `organizer${index}@contoso-clinic.example`,
      teamsPremium: true,
    });
    seed.meetings.push({
      id: Buffer.from(`1*${id}*0**${thread}`).toString('base64'),
      organizerId: id,
      subject: `Appointment ${index}`,
      chatThreadId: thread,
      joinWebUrl: `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(thread)}/0`,
      attendeeJoinWebUrl: `https://visit.teams.microsoft.com/webrtc-svc/api/route?convId=${thread}`,
    });
  }
  return seed;
}

async function main(): Promise<void> {
  const { cert, key } = await ensureDevCertificate();
  const seed = benchSeed(Number(process.env.BENCH_ORGANIZERS ?? 100));
  const graph = new GraphSandbox({ tls: { cert, key }, seed });
  const entra = new EntraStandIn({
    tls: { cert, key },
    tenantId: BENCH_TENANT_ID,
    clients: [{ clientId: BENCH_BOT_ID, clientSecret: process.env.BENCH_SECRET ?? '' }],
  });
  const teams = new TeamsConnectorStandIn(seed, BENCH_TENANT_ID);
  await Promise.all([graph.start(), entra.start(), teams.start()]);
  const organizers = await Promise.all(
    seed.meetings.map(async (meeting, index) => {
      const name = seed.organizers[index]?.displayName ?? '';
      const ssoToken = await entra.issueUserToken({ oid: meeting.organizerId, name, expiresInSeconds: 3600 });
      return { oid: meeting.organizerId, name, onlineMeetingId: meeting.id, chatThreadId: meeting.chatThreadId, ssoToken };
    }),
  );
  const ready: StandInsReady = {
    type: 'ready',
    graph: graph.url,
    entra: entra.url,
    teams: teams.url,
    openIdMetadataUrl: teams.openIdMetadataUrl,
    channelToken: await teams.tokenFor(BENCH_BOT_ID),
    organizers,
  };
  process.send?.(ready);
  process.on('message', (message: { type: string }) => {
    if (message.type === 'counts') {
      const counts: StandInCounts = {
        type: 'counts',
        graphSendCalls: graph.graphCalls('sendVirtual').length,
        accepted: graph.sent.length,
        onBehalfOfCalls: entra.onBehalfOfCalls().length,
      };
      process.send?.(counts);
    }
    if (message.type === 'stop') void Promise.all([graph.stop(), entra.stop(), teams.stop()]).then(() => process.exit(0));
  });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
}
