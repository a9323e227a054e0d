import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { EntraStandIn } from '../dev/entra-standin/entraStandIn';
import { GraphSandbox } from '../dev/graph-sandbox/graphSandbox';
import type { SandboxSeed } from '../dev/graph-sandbox/sandboxTypes';
import { TeamsConnectorStandIn, teamsMeetingId } from '../dev/teams-connector/teamsConnector';
import { ensureDevCertificate } from '../dev/tls/devCertificate';

/**
 * `npm run bench`: the app as its own process, real JWT validation on, every remote party a
 * stand-in on 127.0.0.1; autocannon drives it. Prints a table and writes bench/results.json.
 * Bounded: a few seconds per run, loopback only.
 */
const ROOT = join(__dirname, '..', '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const LEVELS = [1, 10, 100];
const TENANT_ID = 'b3cdf1c8-024a-49e2-a994-f67f830b02f3';
const BOT_ID = '4d4b5a1e-8f3c-4b2a-9e6d-1c2b3a4d5e6f';
const SECRET = `bench-${Date.now()}`;
const ORGANIZERS = Math.max(...LEVELS);

/** One Teams Premium organizer per connection at the highest level, each with an appointment. */
function benchSeed(): SandboxSeed {
  const seed: SandboxSeed = { organizers: [], meetings: [] };
  for (let index = 0; index < ORGANIZERS; index += 1) {
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

/** What one benchmark connection acts as: its own organizer, meeting and tokens. */
interface BenchOrganizer {
  oid: string;
  name: string;
  onlineMeetingId: string;
  chatThreadId: string;
  ssoToken: string;
}

/**
 * Each autocannon connection acts as its own organizer: `setupClient` runs once per connection,
 * so `connections` concurrent connections are that many different organizers.
 */
function perOrganizer(
  organizers: BenchOrganizer[],
  build: (organizer: BenchOrganizer) => { path: string; body: string; headers: Record<string, string> },
): Pick<autocannon.Options, 'setupClient'> {
  let next = 0;
  return {
    setupClient: (client) => {
      const organizer = organizers[next++ % organizers.length];
      client.setRequests([{ method: 'POST', setupRequest: (request) => ({ ...request, ...build(organizer) }) }]);
    },
  };
}

interface RunFigures {
  concurrency: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  peakRssMb?: number;
}

async function startProcess(script: string, env: Record<string, string>): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS ?? '', ...env },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /"url":"([^"]+)"/.exec(output);
      if (!found?.[1]) return;
      // From here on the output (one log line per send) is read and dropped, never kept.
      child.stdout.off('data', read);
      child.stdout.resume();
      resolve(found[1]);
    };
    child.stdout.on('data', read);
    child.stderr.resume();
    child.on('exit', (code) => reject(new Error(`${script} exited (${code}): ${output}`)));
  });
  return { child, url };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function load(options: autocannon.Options, pid?: number): Promise<Omit<RunFigures, 'concurrency'>> {
  let peak = 0;
  const sampler = pid ? setInterval(() => (peak = Math.max(peak, rssMb(pid))), 200) : undefined;
  const result = await autocannon({ ...options, duration: SECONDS });
  if (sampler) clearInterval(sampler);
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    ...(pid ? { peakRssMb: peak } : {}),
  };
}

async function main(): Promise<void> {
  const { cert, key } = await ensureDevCertificate();
  const seed = benchSeed();
  const graph = new GraphSandbox({ tls: { cert, key }, seed });
  const entra = new EntraStandIn({ tls: { cert, key }, tenantId: TENANT_ID, clients: [{ clientId: BOT_ID, clientSecret: SECRET }] });
  const teams = new TeamsConnectorStandIn(seed, TENANT_ID);
  await Promise.all([graph.start(), entra.start(), teams.start()]);
  const botEnv = {
    BOT_ID,
    BOT_PASSWORD: SECRET,
    BOT_TYPE: 'SingleTenant',
    BOT_TENANT_ID: TENANT_ID,
    BOT_OPENID_METADATA_URL: teams.openIdMetadataUrl,
    BOT_OAUTH_URL: teams.url,
  };

  const started = performance.now();
  const app = await startProcess(join(ROOT, 'dist', 'src', 'index.js'), {
    ...botEnv,
    PORT: '0',
    AAD_APP_CLIENT_ID: BOT_ID,
    AAD_APP_CLIENT_SECRET: SECRET,
    AAD_APP_TENANT_ID: TENANT_ID,
    AAD_APP_OAUTH_AUTHORITY_HOST: entra.url,
    GRAPH_BASE_URL: graph.url,
    SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'bench-')), 'bench.db'),
    LOG_LEVEL: 'info',
  });
  while ((await fetch(`${app.url}/readyz`).catch(() => undefined))?.status !== 200) await new Promise((resolve) => setTimeout(resolve, 10));
  const coldStartMs = Math.round(performance.now() - started);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const rssAtRestMb = rssMb(app.child.pid!);
  const echo = await startProcess(join(ROOT, 'dist', 'bench', 'echoBot.js'), { ...botEnv, PORT: '0' });

  const organizers: BenchOrganizer[] = await Promise.all(
    seed.meetings.map(async (meeting, index) => ({
      oid: meeting.organizerId,
      name: seed.organizers[index].displayName,
      onlineMeetingId: meeting.id,
      chatThreadId: meeting.chatThreadId,
      ssoToken: await entra.issueUserToken({ oid: meeting.organizerId, name: seed.organizers[index].displayName, expiresInSeconds: 3600 }),
    })),
  );
  const channelToken = await teams.tokenFor(BOT_ID);
  const cardSend = (organizer: BenchOrganizer) => {
    const cardId = randomUUID();
    return {
      path: '/api/messages',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${channelToken}` },
      body: JSON.stringify({
        type: 'invoke',
        name: 'adaptiveCard/action',
        id: cardId,
        channelId: 'msteams',
        serviceUrl: teams.url,
        replyToId: 'activity-1',
        from: { id: `29:organizer-${organizer.oid}`, aadObjectId: organizer.oid, name: organizer.name },
        recipient: { id: `28:${BOT_ID}` },
        conversation: { id: organizer.chatThreadId, conversationType: 'groupChat', tenantId: TENANT_ID },
        channelData: { tenant: { id: TENANT_ID }, meeting: { id: teamsMeetingId(organizer.chatThreadId) } },
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'send',
            data: { cardId, savedNumbers: '+13129224122', kind: 'reminder', timeZone: 'Eastern Standard Time' },
          },
          authentication: { token: organizer.ssoToken },
        },
      }),
    };
  };
  const restSend = (organizer: BenchOrganizer) => ({
    path: `/api/me/onlineMeetings/${encodeURIComponent(organizer.onlineMeetingId)}/sendVirtualAppointmentSms`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${organizer.ssoToken}`, 'idempotency-key': randomUUID() },
    body: JSON.stringify({ attendees: [{ phoneNumber: '+13129224122', timeZone: 'Pacific Standard Time' }], messageType: 'confirmation' }),
  });

  const results: Record<string, RunFigures[]> = { cardSendInvokes: [], echoBotInvokes: [], restSends: [] };
  for (const connections of LEVELS) {
    const graphBefore = graph.graphCalls('sendVirtual').length;
    const active = organizers.slice(0, connections);
    results.cardSendInvokes.push({
      concurrency: connections,
      ...(await load({ url: app.url, connections, ...perOrganizer(active, cardSend) }, app.child.pid)),
    });
    results.echoBotInvokes.push({
      concurrency: connections,
      ...(await load({ url: echo.url, connections, ...perOrganizer(active, cardSend) })),
    });
    results.restSends.push({
      concurrency: connections,
      ...(await load({ url: app.url, connections, ...perOrganizer(active, restSend) }, app.child.pid)),
    });
    console.error(`  ${connections} organizers: ${graph.graphCalls('sendVirtual').length - graphBefore} Graph sends`);
  }
  const sends = graph.sent.length;
  const graphCalls = graph.graphCalls('sendVirtual').length;
  const summary = {
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    secondsPerRun: SECONDS,
    coldStartToReadyMs: coldStartMs,
    rssAtRestMb,
    graphCallsPerAcceptedSend: sends ? +(graphCalls / sends).toFixed(3) : 0,
    organizers: ORGANIZERS,
    entraOnBehalfOfCallsPerUser: +(entra.onBehalfOfCalls().length / ORGANIZERS).toFixed(2),
    overheadOverBotbuilderFloor: results.cardSendInvokes.map((run, index) => ({
      concurrency: run.concurrency,
      p50Ratio: +(run.p50Ms / Math.max(results.echoBotInvokes[index].p50Ms, 1)).toFixed(1),
      throughputRatio: +(results.echoBotInvokes[index].requestsPerSecond / Math.max(run.requestsPerSecond, 1)).toFixed(1),
    })),
    ...results,
  };
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);
  printTable(summary);
  app.child.kill();
  echo.child.kill();
  await Promise.all([graph.stop(), entra.stop(), teams.stop()]);
}

function printTable(
  summary: {
    coldStartToReadyMs: number;
    rssAtRestMb: number;
    graphCallsPerAcceptedSend: number;
    entraOnBehalfOfCallsPerUser: number;
  } & Record<string, unknown>,
): void {
  const rows = (name: string, runs: RunFigures[]) =>
    runs.map(
      (run) =>
        `${name.padEnd(24)} ${String(run.concurrency).padStart(5)} ${String(run.requestsPerSecond).padStart(8)} ${String(run.p50Ms).padStart(7)} ${String(run.p99Ms).padStart(7)} ${String(run.non2xx + run.errors).padStart(7)} ${String(run.peakRssMb ?? '-').padStart(8)}`,
    );
  console.log(
    `\n${'scenario'.padEnd(24)} ${'orgs'.padStart(5)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'failed'.padStart(7)} ${'RSS MB'.padStart(8)}`,
  );
  console.log(
    [
      ...rows('card send (invoke)', summary.cardSendInvokes as RunFigures[]),
      ...rows('botbuilder echo (floor)', summary.echoBotInvokes as RunFigures[]),
      ...rows('REST send', summary.restSends as RunFigures[]),
    ].join('\n'),
  );
  console.log(`\ncold start to ready: ${summary.coldStartToReadyMs} ms; RSS at rest: ${summary.rssAtRestMb} MB`);
  console.log(
    `Graph calls per accepted send: ${summary.graphCallsPerAcceptedSend}; Entra on-behalf-of calls per organizer, all runs: ${summary.entraOnBehalfOfCallsPerUser}`,
  );
  console.log(`overhead over the botbuilder floor: ${JSON.stringify(summary.overheadOverBotbuilderFloor)}`);
  console.log('written: bench/results.json');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
