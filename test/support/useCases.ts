import type { GraphSandbox } from '../../dev/graph-sandbox/graphSandbox';
import type { NudgeAsker } from '../../src/app/meetingNudges';
import { composeUseCases } from '../../src/app/useCases';
import type { ScheduledSend } from '../../src/store/schedule';
import { ok } from '../../src/domain/result';
import type { TenantPolicy } from '../../src/domain/tenantPolicy';
import { GraphSmsClient } from '../../src/graph/graphSmsClient';
import type { Stores } from '../../src/store/openStores';
import { openSqlite } from '../../src/store/sqlite/openSqlite';
import { SqliteSchedule } from '../../src/store/sqlite/sqliteSchedule';
import { SqliteSendLedger } from '../../src/store/sqlite/sqliteSendLedger';
import { SqliteStorage } from '../../src/store/sqlite/sqliteStorage';
import { tokenFor } from './graphSandbox';
import { ANY_TIME_NO_CAPS } from './sendPolicy';

/**
 * The app's use cases as the composition root wires them (`composeUseCases`), on one in-memory
 * database and the Graph sandbox, with the clock and the tenant's policy where a test puts them.
 * The app's own Graph token carries `appRoles` (what the tenant's admin consented to), in every
 * tenant. `databasePath` shares one store between two calls (two instances).
 */
export function useCasesOn(
  sandbox: GraphSandbox,
  options: {
    policy?: TenantPolicy;
    now?: () => Date;
    appRoles?: string[];
    databasePath?: string;
    /** Stores opened elsewhere (Azure Blob on Azurite) instead of SQLite. */
    stores?: Pick<Stores, 'ledger' | 'schedule' | 'state'>;
    nudgeAfterMs?: number;
  } = {},
) {
  // A file shared by two calls stands for two instances on one store.
  const db = openSqlite(options.databasePath ?? ':memory:');
  const storage = options.stores?.state ?? new SqliteStorage(db);
  const ledger = options.stores?.ledger ?? new SqliteSendLedger(db);
  const schedule = options.stores?.schedule ?? new SqliteSchedule(db);
  const graph = new GraphSmsClient({ baseUrl: sandbox.url, apiVersion: 'v1.0' });
  const appRoles = options.appRoles ?? ['VirtualAppointmentNotification.Send'];
  // Where the organizer would be asked (the bot host's chat): the nudges asked, in order.
  const nudgesAsked: ScheduledSend[] = [];
  const asked: NudgeAsker = { ask: async (nudge) => void nudgesAsked.push(nudge) };
  const useCases = composeUseCases({
    state: storage,
    ledger,
    schedule,
    graph,
    defaultPolicy: options.policy ?? ANY_TIME_NO_CAPS,
    appGraphToken: async () => ok(tokenFor('app-service-principal', { roles: appRoles })),
    hashNumber: (number) => `hash(${number})`,
    now: options.now ?? (() => new Date()),
    nudges: { afterMs: options.nudgeAfterMs ?? 5 * 60_000, asker: () => asked },
  });
  return { db, storage, ledger, schedule, graph, ...useCases, nudgesAsked };
}
