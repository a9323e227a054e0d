import type { AppConfig } from '../config';
import { BlobSendLedger } from './blob/BlobSendLedger';
import type { SendLedger } from './sendLedger';
import { SqliteSendLedger } from './sqlite/SqliteSendLedger';

/** The configured backend, ready to use. */
export async function openLedger(storage: AppConfig['storage']): Promise<SendLedger> {
  if (storage.kind === 'sqlite') return new SqliteSendLedger(storage.path);
  const ledger = new BlobSendLedger(storage.connectionString, storage.container);
  await ledger.initialize();
  return ledger;
}
