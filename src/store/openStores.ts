import type { Storage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import type { AppConfig } from '../config';
import { BlobSendLedger } from './blob/BlobSendLedger';
import type { SendLedger } from './sendLedger';
import { openSqlite } from './sqlite/openSqlite';
import { SqliteSendLedger } from './sqlite/SqliteSendLedger';
import { SqliteStorage } from './sqlite/SqliteStorage';

export interface Stores {
  ledger: SendLedger;
  /** botbuilder's Storage: bot state, SSO de-duplication, attendee books, do-not-text lists. */
  state: Storage;
  close(): Promise<void>;
}

/** The configured backend, ready to use. */
export async function openStores(storage: AppConfig['storage']): Promise<Stores> {
  if (storage.kind === 'sqlite') {
    const db = openSqlite(storage.path);
    return { ledger: new SqliteSendLedger(db), state: new SqliteStorage(db), close: async () => void db.close() };
  }
  const ledger = new BlobSendLedger(storage.connectionString, storage.container);
  await ledger.initialize();
  // A container of its own: BlobsStorage keeps "/" in keys, which could meet the ledger's names.
  return { ledger, state: new BlobsStorage(storage.connectionString, `${storage.container}-state`), close: async () => {} };
}
