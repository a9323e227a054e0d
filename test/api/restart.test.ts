import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntraStandIn } from '../../dev/entra-standin/entraStandIn';
import type { GraphSandbox } from '../../dev/graph-sandbox/graphSandbox';
import { ensureDevCertificate } from '../../dev/tls/devCertificate';
import { startAppProcess } from '../support/appProcess';
import { startAzurite, type Azurite } from '../../dev/storage/azurite';
import { dana, danasMeeting, startGraphSandbox } from '../support/graphSandbox';
import { CLIENT_ID, TENANT_ID } from '../support/stack';

interface HistoryEntry {
  state: string;
  status: string;
  numbers: Array<{ masked: string; outcome: string }>;
  failure?: { reason: string; message: string };
}

describe.each(['sqlite', 'blob'] as const)('a restart in the middle of a send (%s)', (storage) => {
  let graph: GraphSandbox;
  let entra: EntraStandIn;
  let azurite: Azurite | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    graph = await startGraphSandbox();
    const { cert, key } = await ensureDevCertificate();
    entra = new EntraStandIn({ tls: { cert, key }, tenantId: TENANT_ID, clients: [{ clientId: CLIENT_ID, clientSecret: 'restart-test' }] });
    await entra.start();
    azurite = storage === 'blob' ? await startAzurite() : undefined;
    env = {
      BOT_ID: CLIENT_ID,
      BOT_PASSWORD: 'restart-test',
      AAD_APP_CLIENT_ID: CLIENT_ID,
      AAD_APP_CLIENT_SECRET: 'restart-test',
      AAD_APP_TENANT_ID: TENANT_ID,
      AAD_APP_OAUTH_AUTHORITY_HOST: entra.url,
      GRAPH_BASE_URL: graph.url,
      ...(azurite
        ? { STORAGE: 'blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString }
        : { SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'restart-')), 'app.db') }),
    };
  });
  afterAll(async () => {
    await graph.stop();
    await entra.stop();
    await azurite?.stop();
  });

  it('keeps the history, shows the cut-off send as "unknown: check before resending" at once, and never sends it again', async () => {
    const token = await entra.issueUserToken({ oid: dana.id });
    const meetingPath = `/api/me/onlineMeetings/${encodeURIComponent(danasMeeting.id)}`;
    const post = (url: string, phoneNumber: string) =>
      fetch(`${url}${meetingPath}/sendVirtualAppointmentSms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ attendees: [{ phoneNumber }], messageType: 'confirmation' }),
      });
    const history = async (url: string) =>
      (
        (await (await fetch(`${url}${meetingPath}/notifications`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
          value: HistoryEntry[];
        }
      ).value;

    const first = await startAppProcess(env);
    expect((await post(first.url, '+13129224122')).status).toBe(202);
    graph.injectFault({ type: 'delay', ms: 1500, match: 'sendVirtualAppointmentSms' });
    const cutOff = post(first.url, '+14155550133').catch(() => 'connection lost');
    // Stop the app while Graph holds the request: the moment the outcome is truly unknown.
    const smsArrivals = () => graph.arrivals.filter((path) => path.endsWith('/sendVirtualAppointmentSms')).length;
    while (smsArrivals() < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    await first.stop('SIGKILL');
    expect(await cutOff).toBe('connection lost');

    const second = await startAppProcess(env);
    try {
      const entries = await history(second.url);
      expect(entries.map((entry) => [entry.state, entry.status])).toEqual([
        ['unknown', 'uncertain'],
        ['done', 'sent'],
      ]);
      expect(entries[0]).toMatchObject({
        numbers: [{ masked: '+1415•••0133', outcome: 'unknown' }],
        failure: { reason: 'interrupted', message: expect.stringContaining('check with the attendees before sending again') },
      });
      // The same submit again: the dead process's send is not "still in progress", and is not repeated.
      const resubmit = await post(second.url, '+14155550133');
      expect(resubmit.status).toBe(502);
      expect(await resubmit.json()).toMatchObject({
        error: { code: 'outcomeUnknown' },
        receipt: { repeat: true, failure: { reason: 'interrupted' } },
      });
      // Why "unknown" is the honest answer: Graph did receive the cut-off request, once.
      while (graph.sent.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(graph.arrivals.filter((path) => path.endsWith('/sendVirtualAppointmentSms'))).toHaveLength(2);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
