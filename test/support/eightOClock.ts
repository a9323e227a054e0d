import { randomUUID } from 'node:crypto';
import { ContainerClient } from '@azure/storage-blob';
import { startAzurite } from '../../dev/storage/azurite';
import { CountingStorageProxy } from '../../dev/storage/countingProxy';
import { processCpuMs } from '../../dev/processCpu';
import { eachAtMost } from '../../src/app/eachAtMost';
import { BlobSchedule } from '../../src/store/blob/blobSchedule';
import { BlobSendLedger } from '../../src/store/blob/blobSendLedger';
import type { ScheduledSend } from '../../src/store/schedule';
import { startAppProcess, type AppProcess } from './appProcess';
import { appointmentOf } from './appointments';
import { startStandIns, TENANT_ID } from './processStack';

/** What one instance has in flight at most (ScheduledSends' batch): all a kill can leave unknown. */
const IN_FLIGHT = 20;

export interface BurstShape {
  texts: number;
  organizers: number;
  instances: number;
  /** Graph's rate for the tenant (texts a second); beyond it, 429 with Retry-After. */
  graphPerSecond: number;
  /** Kill (SIGKILL) one instance once half the texts reached Graph. */
  killOneHalfway: boolean;
}

/** What became of the texts, from Graph's side and the store's. */
export interface BurstOutcome {
  /** From the hours opening to the last text Graph accepted. */
  drainMs: number;
  /** The least `drainMs` Graph's rate allows (its one-second bucket is full at 8:00). */
  bestMs: number;
  /** Texts Graph accepted per meeting: every value should be 1. */
  acceptedPerText: Map<string, number>;
  /** SMS calls that reached Graph (429s included). */
  graphCalls: number;
  throttled: number;
  /** Requests the instances made of storage from the hours opening to the end (idle polls included), per text. */
  storageRequestsPerText: number;
  /** CPU (user + system) all instances spent from the hours opening to the end, per text. */
  appCpuMsPerText: number;
  /** Each instance's texts (sent or settled), from its own log; the killed one's until it died. */
  settledByInstance: number[];
  /** The organizers' view at the end, per text (meeting): its state and outcome. */
  endStates: Map<string, { state: string; status?: string }>;
  /** What one organizer saw of their own texts through the API while the drain ran. */
  seenMidway: { organizerTexts: number; listed: number; waitingOrSending: number };
}

/**
 * Sending hours open at 8:00 and every text held overnight comes due at once: `texts` held texts of
 * `organizers` organizers, written through the schedule's port on Azurite, due together; several
 * app instances (their own processes, as `npm start` runs them) drain them through a Graph sandbox
 * throttling the tenant. The figures are for the caller to judge (the test) or print (the bench).
 */
export async function eightOClockBurst(shape: BurstShape, log: (line: string) => void = () => undefined): Promise<BurstOutcome> {
  const azurite = await startAzurite();
  // The instances reach Azurite through a counting proxy: storage requests per text are a figure of their own.
  const proxy = new CountingStorageProxy(new URL(/BlobEndpoint=([^;]+)/.exec(azurite.connectionString)?.[1] ?? ''));
  await proxy.start();
  const container = `burst-${randomUUID().slice(0, 8)}`;
  const storage = {
    STORAGE: 'blob',
    AZURE_STORAGE_CONNECTION_STRING: proxy.through(azurite.connectionString),
    AZURE_STORAGE_CONTAINER: container,
  };
  const standIns = await startStandIns(storage);
  const running: AppProcess[] = [];
  try {
    const ledger = new BlobSendLedger(azurite.connectionString, container);
    await ledger.initialize();
    const schedule = new BlobSchedule(azurite.connectionString, container);
    const organizers = Array.from({ length: shape.organizers }, (_, index) => ({
      id: randomUUID(),
      displayName: `Organizer ${index}`,
      userPrincipalName: `organizer${index}@contoso.example`,
      teamsPremium: true,
    }));
    for (const organizer of organizers) standIns.graph.setOrganizer(organizer);
    const opensAt = Date.now() + 60 * 60_000;
    const texts = Array.from({ length: shape.texts }, (_, index) =>
      heldText(index, organizers[index % organizers.length]?.id ?? '', opensAt),
    );
    standIns.graph.addAppointments(
      texts.map((text, index) => ({
        ...appointmentOf(text.organizerId, `burst-${index}`, new Date(opensAt + 3600_000)),
        id: text.meetingId,
      })),
      [],
    );
    await eachAtMost(24, texts, (text) => schedule.add(text));
    log(`${shape.texts} texts held`);
    for (let index = 0; index < shape.instances; index += 1)
      running.push(await startAppProcess({ ...standIns.env, ...storage, SCHEDULE_POLL_SECONDS: '1' }));
    standIns.graph.limitRate(shape.graphPerSecond);
    proxy.reset();
    const cpuAtOpen = running.map((app) => processCpuMs(app.child.pid ?? 0));
    const cpuSpent = (apps: AppProcess[]) =>
      apps.reduce((sum, app) => sum + processCpuMs(app.child.pid ?? 0) - (cpuAtOpen[running.indexOf(app)] ?? 0), 0);
    // 8:00: the hours open for every text at once (moved through the port, as a policy change would).
    const opened = Date.now();
    await eachAtMost(
      24,
      texts,
      async (text) => void schedule.reschedule(text.id, new Date(opened).toISOString(), 'The sending hours opened.', new Date()),
    );
    log('hours opened');
    const accepted = () => standIns.graph.sent.length;
    await until(() => accepted() >= shape.texts / 2);
    const organizer = organizers[0];
    const seenMidway = organizer ? await listedFor(running[running.length - 1], standIns, organizer.id, texts) : undefined;
    let killedCpuMs = 0;
    if (shape.killOneHalfway) {
      killedCpuMs = cpuSpent(running.slice(0, 1));
      await running[0]?.stop('SIGKILL');
      log(`one instance killed at ${accepted()} accepted`);
    }
    const blobs = new ContainerClient(azurite.connectionString, container);
    // Over when no text is claimed and every one has ended (an instance killed mid-step can leave a spare
    // index entry). Storage is asked only near the end, and seldom: its listings would slow the drain.
    await until(() => accepted() >= shape.texts - shape.instances * IN_FLIGHT);
    await until(async () => (await nothingUnder(blobs, 'sending/')) && (await endedTexts(blobs)) >= shape.texts, 1000);
    const storageRequests = proxy.counted().requests;
    const appCpuMs = killedCpuMs + cpuSpent(running.slice(shape.killOneHalfway ? 1 : 0));
    const lastAccepted = Math.max(...standIns.graph.sent.map((sms) => Date.parse(sms.receivedAt)));
    const acceptedPerText = new Map<string, number>();
    for (const sms of standIns.graph.sent) acceptedPerText.set(sms.onlineMeetingId, (acceptedPerText.get(sms.onlineMeetingId) ?? 0) + 1);
    const endStates = new Map<string, { state: string; status?: string }>();
    for (const { id } of organizers)
      for (const item of await schedule.list(id))
        endStates.set(item.meetingId, { state: item.state, ...(item.outcome ? { status: item.outcome.status } : {}) });
    return {
      drainMs: lastAccepted - opened,
      bestMs: (Math.max(0, shape.texts - shape.graphPerSecond) / shape.graphPerSecond) * 1000,
      acceptedPerText,
      graphCalls: standIns.graph.arrivals.filter((path) => path.endsWith('Sms')).length,
      throttled: standIns.graph.rateLimit?.throttled ?? 0,
      storageRequestsPerText: +(storageRequests / shape.texts).toFixed(1),
      appCpuMsPerText: +(appCpuMs / shape.texts).toFixed(2),
      settledByInstance: running.map((app) => settledIn(app.output())),
      endStates,
      seenMidway: seenMidway ?? { organizerTexts: 0, listed: 0, waitingOrSending: 0 },
    };
  } finally {
    await Promise.all(running.map((app) => app.stop()));
    await standIns.stop();
    await proxy.stop();
    await azurite.stop();
  }
}

function heldText(index: number, organizerId: string, dueAt: number): ScheduledSend {
  const at = new Date().toISOString();
  const phoneNumber = `+1312922${String(1000 + (index % 9000)).padStart(4, '0')}`;
  return {
    id: randomUUID(),
    tenantId: TENANT_ID,
    organizerId,
    meetingId: Buffer.from(`burst-meeting-${index}-${organizerId}`).toString('base64'),
    kind: 'confirmation',
    why: 'held',
    attendees: [{ phoneNumber, timeZone: 'Eastern Standard Time' }],
    maskedNumbers: [`+1312•••${phoneNumber.slice(-4)}`],
    organizerZone: 'America/New_York',
    dueAt: new Date(dueAt).toISOString(),
    reason: 'Outside the sending hours: it goes at 8:00 AM EST.',
    state: 'scheduled',
    createdAt: at,
    updatedAt: at,
  };
}

/** One organizer's texts as they list them (`GET /api/me/scheduledSends`) on a running instance. */
async function listedFor(
  app: AppProcess | undefined,
  standIns: Awaited<ReturnType<typeof startStandIns>>,
  organizerId: string,
  texts: ScheduledSend[],
): Promise<BurstOutcome['seenMidway']> {
  const token = await standIns.entra.issueUserToken({ oid: organizerId, name: 'Organizer' });
  const answer = await fetch(`${app?.url ?? ''}/api/me/scheduledSends`, { headers: { authorization: `Bearer ${token}` } });
  const listed = ((await answer.json()) as { value: Array<{ state: string }> }).value;
  return {
    organizerTexts: texts.filter((text) => text.organizerId === organizerId).length,
    listed: listed.length,
    waitingOrSending: listed.filter((item) => item.state === 'scheduled' || item.state === 'sending').length,
  };
}

/** The texts an instance says it sent or settled (its "scheduled texts sent or settled" lines). */
function settledIn(output: string): number {
  return [...output.matchAll(/"settled":(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
}

/** Distinct texts with an "ended" index entry. */
async function endedTexts(container: ContainerClient): Promise<number> {
  const ids = new Set<string>();
  for await (const blob of container.listBlobsFlat({ prefix: 'ended/' })) ids.add(blob.name.split('/')[2] ?? '');
  return ids.size;
}

async function nothingUnder(container: ContainerClient, prefix: string): Promise<boolean> {
  const page = (await container.listBlobsFlat({ prefix }).byPage({ maxPageSize: 1 }).next()).value as
    { segment: { blobItems: unknown[] } } | undefined;
  return (page?.segment.blobItems.length ?? 0) === 0;
}

async function until(done: () => boolean | Promise<boolean>, everyMs = 200): Promise<void> {
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, everyMs));
}
