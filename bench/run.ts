import { fork, spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { startCommandAt } from '../dev/package/startCommand';
import { processCpuMs } from '../dev/processCpu';
import { teamsMeetingId } from '../dev/teams-connector/teamsConnector';
import { BENCH_BOT_ID, BENCH_TENANT_ID, type BenchOrganizer, type StandInCounts, type StandInsReady } from './standIns';
import { messagesFor } from '../src/domain/messages';
import { burstScenario, printScale, storageScenario } from './scale';

/**
 * `npm run bench`: three processes besides this one, so each is measured alone: the app (as
 * `npm start` runs it, real JWT validation on), the bare botbuilder echo bot (the framework's
 * floor), and the stand-ins for Graph, Entra and Teams. autocannon, here, drives the load. Prints a
 * table and writes bench/results.json. Bounded: a few seconds per run, loopback only.
 */
const ROOT = join(__dirname, '..', '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** BENCH_LEVELS=100: only those organizer levels (for profiling one). */
const LEVELS = (process.env.BENCH_LEVELS ?? '1,10,100').split(',').map(Number);
/** BENCH_SCENARIOS=card: only those scenarios (card, echo, rest, storage, burst), e.g. to profile the card send alone. */
const SCENARIOS = new Set((process.env.BENCH_SCENARIOS ?? 'card,echo,rest,storage,burst').split(','));
/** BENCH_STORED=1000,10000: the store sizes (texts) of the storage scenario; BENCH_STORED_SENDS: sends stored, at most. */
const STORED = (process.env.BENCH_STORED ?? '1000,10000').split(',').map(Number);
const STORED_SENDS = Number(process.env.BENCH_STORED_SENDS ?? 1000);
/** BENCH_BURST_TEXTS=10000: the 8 o'clock burst's held texts (20 per organizer), at BENCH_GRAPH_RATE texts a second. */
const BURST_TEXTS = Number(process.env.BENCH_BURST_TEXTS ?? 1000);
const GRAPH_RATE = Number(process.env.BENCH_GRAPH_RATE ?? 6);
const SECRET = `bench-${Date.now()}`;
/**
 * Every answer's latency, split: the first answer on each connection also pays for connecting, and
 * autocannon opens a run's connections one after another from one thread (a bare Node server shows
 * the same staircase), so those are reported apart from answers on established connections.
 */
const latencies = { first: [] as number[], established: [] as number[] };

interface RunFigures {
  concurrency: number;
  requests: number;
  requestsPerSecond: number;
  /** On established connections (see `latencies`). */
  p50Ms: number;
  p99Ms: number;
  /** The first answer on each new connection, connecting included. */
  firstAnswerP99Ms: number;
  /** Non-2xx answers, transport errors, and invoke bodies that are not what a good send answers. */
  failed: number;
  /** CPU (user + system) the measured process spent per request. */
  cpuMsPerRequest: number;
  /** The same for the stand-ins and for autocannon: on 2 cores, all three share the machine. */
  standInsCpuMsPerRequest: number;
  loadGeneratorCpuMsPerRequest: number;
  peakRssMb: number;
  /** Graph send calls the stand-ins received during the run. */
  graphSends?: number;
}

/** Each connection acts as its own organizer; `isGood` reads each answer's body. */
function perOrganizer(
  organizers: readonly BenchOrganizer[],
  build: (organizer: BenchOrganizer) => { path: string; body: string; headers: Record<string, string> },
  isGood: (status: number, body: string) => boolean,
  failures: { count: number },
): Pick<autocannon.Options, 'setupClient'> {
  let next = 0;
  return {
    setupClient: (client) => {
      const organizer = organizers[next++ % organizers.length];
      if (!organizer) throw new Error('no organizers');
      let answered = 0;
      client.on('response', (_status: number, _bytes: number, responseTime: number) => {
        (answered++ === 0 ? latencies.first : latencies.established).push(responseTime);
      });
      client.setRequests([
        {
          method: 'POST',
          setupRequest: (request) => ({ ...request, ...build(organizer) }),
          onResponse: (status: number, body: string) => {
            if (!isGood(status, body)) failures.count += 1;
          },
        },
      ]);
    },
  };
}

async function startProcess(
  script: string,
  env: Record<string, string>,
  nodeOptions: string[] = [],
): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(process.execPath, [...nodeOptions, script], {
    env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS ?? '', ...env },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /"url":"([^"]+)"/.exec(output);
      if (!found?.[1]) return;
      // From here on the output is read and dropped, never kept.
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

/** The stand-ins, forked, and a way to ask them what they counted. */
async function startStandIns(): Promise<{ child: ChildProcess; ready: StandInsReady; counts: () => Promise<StandInCounts> }> {
  const child = fork(join(__dirname, 'standIns.js'), [], {
    execArgv: process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}/stand-ins`] : [],
    env: {
      PATH: process.env.PATH ?? '',
      NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS ?? '',
      BENCH_SECRET: SECRET,
      BENCH_ORGANIZERS: String(Math.max(...LEVELS)),
    },
  });
  const ready = await new Promise<StandInsReady>((resolve, reject) => {
    child.once('message', (message) => resolve(message as StandInsReady));
    child.once('exit', (code) => reject(new Error(`the stand-ins exited (${code})`)));
  });
  const counts = () =>
    new Promise<StandInCounts>((resolve) => {
      child.once('message', (message) => resolve(message as StandInCounts));
      child.send({ type: 'counts' });
    });
  return { child, ready, counts };
}

/** Graph's send count once sends still in flight from the last run have landed. */
async function settled(counts: () => Promise<StandInCounts>): Promise<number> {
  let last = -1;
  for (;;) {
    const now = (await counts()).graphSendCalls;
    if (now === last) return now;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

function percentile(samples: readonly number[], share: number): number {
  const sorted = [...samples].sort((left, right) => left - right);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0);
}

/**
 * The RSS once the process has been idle long enough for V8's memory reducer to run (about 10 s
 * after the last activity it shrinks the young generation it grew while starting or under load):
 * sampled every half second until it has fallen and then held for 2 s, or 30 s have passed.
 */
async function rssAtRest(pid: number): Promise<number> {
  const samples = [rssMb(pid)];
  const first = samples[0] ?? 0;
  for (let waited = 0; waited < 30_000; waited += 500) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    samples.push(rssMb(pid));
    const recent = samples.slice(-5);
    const fell = Math.min(...samples) < first * 0.9;
    if (fell && recent.length === 5 && Math.max(...recent) - Math.min(...recent) <= 1) break;
  }
  return samples.at(-1) ?? first;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/** User + system CPU the process has used, in ms (/proc/<pid>/stat fields 14 and 15). */
/** Not measured: each organizer's first send exchanges its token with Entra, once per token lifetime. */
const WARMUP_SECONDS = 1;

async function load(
  options: autocannon.Options,
  pids: { measured: number; standIns: number },
  failures: { count: number },
): Promise<Omit<RunFigures, 'concurrency' | 'graphSends'>> {
  const { measured: pid } = pids;
  let peak = rssMb(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 200);
  const cpuBefore = processCpuMs(pid);
  const standInsBefore = processCpuMs(pids.standIns);
  const loadBefore = process.cpuUsage();
  latencies.first = [];
  latencies.established = [];
  const result = await autocannon({ ...options, duration: SECONDS });
  const cpu = processCpuMs(pid) - cpuBefore;
  const standInsCpu = processCpuMs(pids.standIns) - standInsBefore;
  const loadCpu = process.cpuUsage(loadBefore);
  clearInterval(sampler);
  const requests = result.requests.total;
  return {
    requests,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: percentile(latencies.established, 0.5),
    p99Ms: percentile(latencies.established, 0.99),
    firstAnswerP99Ms: percentile(latencies.first, 0.99),
    failed: failures.count + result.errors + result.timeouts,
    cpuMsPerRequest: requests ? +(cpu / requests).toFixed(2) : 0,
    standInsCpuMsPerRequest: requests ? +(standInsCpu / requests).toFixed(2) : 0,
    loadGeneratorCpuMsPerRequest: requests ? +((loadCpu.user + loadCpu.system) / 1000 / requests).toFixed(2) : 0,
    peakRssMb: peak,
  };
}

async function main(): Promise<void> {
  // Several instances on Azure storage: run first, on a machine nothing else of the bench is using yet.
  const log = (line: string) => console.log(line);
  const storage = SCENARIOS.has('storage') ? await storageScenario(STORED, STORED_SENDS, log) : [];
  const burst = SCENARIOS.has('burst')
    ? await burstScenario(
        {
          texts: BURST_TEXTS,
          organizers: Math.max(1, Math.round(BURST_TEXTS / 20)),
          instances: 3,
          graphPerSecond: GRAPH_RATE,
          killOneHalfway: true,
        },
        log,
      )
    : undefined;
  if (!['card', 'echo', 'rest'].some((scenario) => SCENARIOS.has(scenario))) {
    writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify({ storage, burst }, null, 2)}\n`);
    printScale(storage, burst);
    return;
  }
  const standIns = await startStandIns();
  const { ready } = standIns;
  const botEnv = {
    BOT_ID: BENCH_BOT_ID,
    BOT_PASSWORD: SECRET,
    BOT_TYPE: 'SingleTenant',
    BOT_TENANT_ID: BENCH_TENANT_ID,
    BOT_OPENID_METADATA_URL: ready.openIdMetadataUrl,
    BOT_OAUTH_URL: ready.teams,
  };
  const started = performance.now();
  const app = await startProcess(
    join(ROOT, 'dist', 'src', 'index.js'),
    {
      ...botEnv,
      PORT: '0',
      AAD_APP_CLIENT_ID: BENCH_BOT_ID,
      AAD_APP_CLIENT_SECRET: SECRET,
      AAD_APP_TENANT_ID: BENCH_TENANT_ID,
      AAD_APP_OAUTH_AUTHORITY_HOST: ready.entra,
      GRAPH_BASE_URL: ready.graph,
      SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'bench-')), 'bench.db'),
      LOG_LEVEL: 'info',
      // The benchmark texts a few numbers thousands of times at any hour: measured without the send policy's limits.
      SENDING_HOURS: '00:00-24:00',
      TEXT_CAP_PER_DAY: '0',
      TEXT_CAP_PER_WEEK: '0',
    },
    // BENCH_CPU_PROF=dir: a V8 CPU profile of the app for the whole benchmark, written when it stops.
    [
      // The Node and V8 settings `npm start` gives the app, so what is measured is what ships.
      ...startCommandAt(ROOT).nodeFlags,
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      // BENCH_APP_FLAGS="--max-old-space-size=160": try V8 settings on the app alone.
      ...(process.env.BENCH_APP_FLAGS ?? '').split(' ').filter(Boolean),
    ],
  );
  while ((await fetch(`${app.url}/readyz`).catch(() => undefined))?.status !== 200) await new Promise((resolve) => setTimeout(resolve, 10));
  const coldStartMs = Math.round(performance.now() - started);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const appPid = app.child.pid ?? 0;
  const rssAfterStartMb = rssMb(appPid);
  const rssAtRestMb = await rssAtRest(appPid);
  const echo = await startProcess(join(ROOT, 'dist', 'bench', 'echoBot.js'), { ...botEnv, PORT: '0' });
  const echoPid = echo.child.pid ?? 0;

  const cardSend = (organizer: BenchOrganizer) => {
    const cardId = randomUUID();
    return {
      path: '/api/messages',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ready.channelToken}` },
      body: JSON.stringify({
        type: 'invoke',
        name: 'adaptiveCard/action',
        id: cardId,
        channelId: 'msteams',
        serviceUrl: ready.teams,
        replyToId: 'activity-1',
        from: { id: `29:organizer-${organizer.oid}`, aadObjectId: organizer.oid, name: organizer.name },
        recipient: { id: `28:${BENCH_BOT_ID}` },
        conversation: { id: organizer.chatThreadId, conversationType: 'groupChat', tenantId: BENCH_TENANT_ID },
        channelData: { tenant: { id: BENCH_TENANT_ID }, meeting: { id: teamsMeetingId(organizer.chatThreadId) } },
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'send',
            data: { cardId, extraNumbers: '+13129224122', kind: 'reminder', timeZone: 'Eastern Standard Time' },
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
  // A card send went well when its invoke answer is the receipt; HTTP 200 alone says nothing.
  const receiptAnswer = (status: number, body: string) =>
    status === 200 && body.includes('"statusCode":200') && body.includes(messagesFor('en-US').receipt.sent);
  const echoAnswer = (status: number, body: string) => status === 200 && body.includes('"statusCode":200');
  const accepted = (status: number) => status === 202;

  const results: Record<'cardSendInvokes' | 'echoBotInvokes' | 'restSends', RunFigures[]> = {
    cardSendInvokes: [],
    echoBotInvokes: [],
    restSends: [],
  };
  for (const connections of LEVELS) {
    const active = ready.organizers.slice(0, connections);
    const measure = async (url: string, pid: number, build: typeof cardSend, isGood: (status: number, body: string) => boolean) => {
      const failures = { count: 0 };
      const options = { url, connections, ...perOrganizer(active, build, isGood, failures) };
      await autocannon({ ...options, duration: WARMUP_SECONDS });
      failures.count = 0;
      const before = await settled(standIns.counts);
      const figures = await load(options, { measured: pid, standIns: standIns.child.pid ?? 0 }, failures);
      return { concurrency: connections, ...figures, graphSends: (await settled(standIns.counts)) - before };
    };
    if (SCENARIOS.has('card')) results.cardSendInvokes.push(await measure(app.url, appPid, cardSend, receiptAnswer));
    if (SCENARIOS.has('echo')) results.echoBotInvokes.push(await measure(echo.url, echoPid, cardSend, echoAnswer));
    if (SCENARIOS.has('rest')) results.restSends.push(await measure(app.url, appPid, restSend, accepted));
  }
  const counts = await standIns.counts();
  const floor = results.echoBotInvokes;
  const summary = {
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    secondsPerRun: SECONDS,
    coldStartToReadyMs: coldStartMs,
    /** 1 s after ready: what starting left in the young generation, not yet given back. */
    rssAfterStartMb,
    rssAtRestMb,
    /** At rest again after every run: what load left behind. */
    rssAtRestAfterLoadMb: await rssAtRest(appPid),
    graphCallsPerAcceptedSend: counts.accepted ? +(counts.graphSendCalls / counts.accepted).toFixed(3) : 0,
    organizers: ready.organizers.length,
    entraOnBehalfOfCallsPerOrganizer: +(counts.onBehalfOfCalls / ready.organizers.length).toFixed(2),
    againstTheFloor: results.cardSendInvokes.map((run, index) => ({
      concurrency: run.concurrency,
      cardCpuPerRequestRatio: +(run.cpuMsPerRequest / Math.max(floor[index]?.cpuMsPerRequest ?? 0, 0.01)).toFixed(1),
      cardThroughputShare: +(run.requestsPerSecond / Math.max(floor[index]?.requestsPerSecond ?? 0, 1)).toFixed(2),
      restThroughputShare: +(
        (results.restSends[index]?.requestsPerSecond ?? 0) / Math.max(floor[index]?.requestsPerSecond ?? 0, 1)
      ).toFixed(2),
    })),
    ...results,
    storage,
    burst,
  };
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);
  printTable(summary);
  printScale(storage, burst);
  await new Promise((resolve) => {
    app.child.once('exit', resolve);
    app.child.kill();
  });
  echo.child.kill();
  standIns.child.send({ type: 'stop' });
}

function printTable(summary: {
  coldStartToReadyMs: number;
  rssAfterStartMb: number;
  rssAtRestMb: number;
  rssAtRestAfterLoadMb: number;
  graphCallsPerAcceptedSend: number;
  entraOnBehalfOfCallsPerOrganizer: number;
  againstTheFloor: unknown;
  cardSendInvokes: RunFigures[];
  echoBotInvokes: RunFigures[];
  restSends: RunFigures[];
}): void {
  const columns = [
    'orgs',
    'req/s',
    'p50 ms',
    'p99 ms',
    '1st p99',
    'failed',
    'CPU ms/req',
    'stand-ins',
    'autocannon',
    'peak RSS',
    'Graph sends',
  ];
  const rows = (name: string, runs: RunFigures[]) =>
    runs.map((run) =>
      [
        name.padEnd(24),
        ...[
          run.concurrency,
          run.requestsPerSecond,
          run.p50Ms,
          run.p99Ms,
          run.firstAnswerP99Ms,
          run.failed,
          run.cpuMsPerRequest,
          run.standInsCpuMsPerRequest,
          run.loadGeneratorCpuMsPerRequest,
          run.peakRssMb,
          run.graphSends ?? '-',
        ].map((value, index) => String(value).padStart((columns[index] ?? '').length + 2)),
      ].join(''),
    );
  console.log(`\n${'scenario'.padEnd(24)}${columns.map((column) => column.padStart(column.length + 2)).join('')}`);
  console.log(
    [
      ...rows('card send (invoke)', summary.cardSendInvokes),
      ...rows('botbuilder echo (floor)', summary.echoBotInvokes),
      ...rows('REST send', summary.restSends),
    ].join('\n'),
  );
  console.log(
    `\ncold start to ready: ${summary.coldStartToReadyMs} ms; app RSS 1 s after ready: ${summary.rssAfterStartMb} MB, at rest (after V8's idle collection): ${summary.rssAtRestMb} MB, at rest after the load: ${summary.rssAtRestAfterLoadMb} MB`,
  );
  console.log(
    `Graph calls per accepted send: ${summary.graphCallsPerAcceptedSend}; Entra on-behalf-of calls per organizer, all runs: ${summary.entraOnBehalfOfCallsPerOrganizer}`,
  );
  console.log('p50/p99: answers on established connections; 1st p99: the first answer on each new connection, connecting included');
  console.log(`against the botbuilder floor: ${JSON.stringify(summary.againstTheFloor)}`);
  console.log('written: bench/results.json');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
