/**
 * A container an earlier version wrote (schedule documents with their state in metadata, pending
 * pointers named by id, no index blobs) is indexed once, in the background, and then works as if
 * this version had written it: its due text is claimed, its organizer lists it, its send cut off by
 * a stop is found. The indexing runs once: a second start lists nothing.
 */
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { startAzurite, type Azurite } from '../../dev/storage/azurite';
import { BlobSchedule } from '../../src/store/blob/blobSchedule';
import { BlobSendLedger } from '../../src/store/blob/blobSendLedger';
import { newestFirstId, type SendRecord } from '../../src/store/sendLedger';
import { heldText } from '../support/storeWork';
import { blobDigest as digestOf } from '../../src/store/blob/blobJson';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
}, 60_000);
afterAll(() => azurite.stop());

const put = async (container: ContainerClient, name: string, value: object, metadata: Record<string, string> = {}) => {
  const text = JSON.stringify(value);
  await container.getBlockBlobClient(name).upload(text, Buffer.byteLength(text), { metadata });
};

it('indexes what an earlier version stored, once, and then finds it like anything else', async () => {
  const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('earlier');
  await container.create();
  const at = '2026-11-25T03:00:00.000Z';
  const waiting = heldText('6c2f3a52-4b6e-4d8e-9a57-3c1e2f9b7d10', '2026-11-25T13:00:00.000Z');
  await put(container, `schedule/${waiting.id}.json`, waiting, { state: 'scheduled', dueat: waiting.dueAt, organizer: 'dana' });
  const cutOff: SendRecord = {
    id: newestFirstId(new Date(at), 'cut-off'),
    key: 'key',
    meetingId: 'meeting',
    organizerId: 'dana',
    maskedNumbers: ['+1312•••4122'],
    numberHashes: [],
    state: 'pending',
    createdAt: at,
    updatedAt: at,
  };
  const ledger = new BlobSendLedger(azurite.connectionString, 'earlier');
  const schedule = new BlobSchedule(azurite.connectionString, 'earlier');
  // The earlier layout: the record under its meeting, a pointer to it named by its id.
  await ledger.finish(cutOff);
  const sent: SendRecord = {
    ...cutOff,
    id: newestFirstId(new Date(at), 'sent'),
    key: 'sent',
    tenantId: 'tenant',
    kind: 'confirmation',
    state: 'done',
    receipt: { status: 'sent', numbers: [{ masked: '+1312•••4122', outcome: 'accepted' }], problems: [], at },
  };
  // Before the tenants' index: the record alone.
  await put(container, `sends/${digestOf('meeting')}/${sent.id}.json`, sent);
  await put(container, `pending/${cutOff.id}.json`, { meetingId: 'meeting', id: cutOff.id });

  expect(await schedule.indexEarlierTexts()).toBe(1);
  expect(await ledger.indexEarlierSends()).toBe(2);
  expect(await schedule.indexEarlierTexts()).toBe(0);
  expect(await ledger.indexEarlierSends()).toBe(0);
  expect(await ledger.indexTenants()).toBe(1);
  expect(await ledger.indexTenants()).toBe(0);
  const november = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-12-01T00:00:00Z') };
  const summaries = [];
  for await (const summary of ledger.tenantSummaries('tenant', november)) summaries.push(summary);
  expect(summaries).toEqual([{ at, kind: 'confirmation', status: 'sent', texts: { accepted: 1 } }]);

  expect((await schedule.list('dana')).map((item) => item.id)).toEqual([waiting.id]);
  expect((await ledger.pending()).map((record) => record.id)).toEqual([cutOff.id]);
  const now = new Date('2026-11-25T13:00:01Z');
  const claimed = await schedule.claimDue({
    now,
    owner: { host: 'h', pid: 1, instance: 'a' },
    leaseMs: 60_000,
    limit: 20,
    abandoned: () => false,
  });
  expect(claimed.map((item) => item.id)).toEqual([waiting.id]);
});
