import type { StoragePipelineOptions } from '@azure/storage-blob';
import type { AppConfig } from '../config';
import type { Schedule } from './schedule';
import type { SendLedger } from './sendLedger';
import type { StateStorage } from './stateStorage';
import { openSqlite } from './sqlite/openSqlite';
import { SqliteSchedule } from './sqlite/sqliteSchedule';
import { SqliteSendLedger } from './sqlite/sqliteSendLedger';
import { SqliteStorage } from './sqlite/sqliteStorage';

export interface Stores {
  ledger: SendLedger;
  /** Held texts and automatic reminders, for every instance. */
  schedule: Schedule;
  /** botbuilder's Storage: bot state, SSO de-duplication, attendee books, do-not-text lists. */
  state: StateStorage;
  /** One-time work on a store an earlier version wrote (run in the background, never awaited at start). */
  upgrades: Array<{ job: string; run: () => Promise<number> }>;
  close(): Promise<void>;
}

/**
 * The SDK's default retries wait minutes on an unreachable account; a send or a card answer
 * cannot wait that long (Teams gives invokes about 5 s), so storage fails fast and says so.
 */
const STORAGE_PIPELINE: StoragePipelineOptions = {
  retryOptions: { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 1000, tryTimeoutInMs: 10_000 },
};

/** The configured backend, ready to use. */
export async function openStores(storage: AppConfig['storage']): Promise<Stores> {
  if (storage.kind === 'sqlite') {
    const db = openSqlite(storage.path);
    return {
      ledger: new SqliteSendLedger(db),
      schedule: new SqliteSchedule(db),
      state: new SqliteStorage(db),
      upgrades: [],
      close: async () => void db.close(),
    };
  }
  // Loaded only for Azure Blob: the Azure SDKs cost the embedded default memory it never uses.
  const [{ BlobSendLedger }, { BlobStateStorage }, { BlobSchedule }] = await Promise.all([
    import('./blob/blobSendLedger'),
    import('./blob/blobStateStorage'),
    import('./blob/blobSchedule'),
  ]);
  const ledger = new BlobSendLedger(storage.connectionString, storage.container, STORAGE_PIPELINE);
  await ledger.initialize();
  // A container of its own: BlobsStorage keeps "/" in keys, which could meet the ledger's names.
  const state = new BlobStateStorage(storage.connectionString, `${storage.container}-state`, STORAGE_PIPELINE);
  // BlobsStorage creates its container on first use and keeps that first promise, even a failed
  // one: first used during a storage outage, it would fail for ever. Using it now settles it.
  await state.read(['startup']);
  const schedule = new BlobSchedule(storage.connectionString, storage.container, STORAGE_PIPELINE);
  const upgrades = [
    { job: 'scheduled texts stored before the index, indexed', run: () => schedule.indexEarlierTexts() },
    { job: 'sends stored before the retention index, indexed', run: () => ledger.indexEarlierSends() },
    { job: "finished sends stored before the tenants' index, indexed", run: () => ledger.indexTenants() },
  ];
  return { ledger, schedule, state, upgrades, close: async () => {} };
}
