import type { GraphSandbox } from '../../dev/graph-sandbox/graphSandbox';
import { AttendeeBook } from '../../src/app/attendeeBook';
import { DayActionLog } from '../../src/app/dayActionLog';
import { DayActions } from '../../src/app/dayActions';
import { DoNotTextList } from '../../src/app/doNotTextList';
import { NotificationSender } from '../../src/app/notificationSender';
import { OrganizerZones } from '../../src/app/organizerZones';
import { PolicyGate } from '../../src/app/policyGate';
import { ScheduledSends } from '../../src/app/scheduledSends';
import { TenantPolicies } from '../../src/app/tenantPolicies';
import { TextCounts } from '../../src/app/textCounts';
import type { TenantPolicy } from '../../src/domain/tenantPolicy';
import { GraphSmsClient } from '../../src/graph/graphSmsClient';
import { openSqlite } from '../../src/store/sqlite/openSqlite';
import { SqliteSchedule } from '../../src/store/sqlite/sqliteSchedule';
import { SqliteSendLedger } from '../../src/store/sqlite/sqliteSendLedger';
import { SqliteStorage } from '../../src/store/sqlite/sqliteStorage';
import { tokenFor } from './graphSandbox';
import { ANY_TIME_NO_CAPS } from './sendPolicy';

/**
 * The app's use cases as the composition root wires them, on one in-memory database and the Graph
 * sandbox, with the clock and the tenant's policy where a test puts them. The app's own Graph token
 * carries `appRoles` (what the tenant's admin consented to), in every tenant. `databasePath` shares
 * one store between two calls (two instances).
 */
export function useCasesOn(
  sandbox: GraphSandbox,
  options: { policy?: TenantPolicy; now?: () => Date; appRoles?: string[]; databasePath?: string } = {},
) {
  // A file shared by two calls stands for two instances on one store.
  const db = openSqlite(options.databasePath ?? ':memory:');
  const storage = new SqliteStorage(db);
  const ledger = new SqliteSendLedger(db);
  const schedule = new SqliteSchedule(db);
  const graph = new GraphSmsClient({ baseUrl: sandbox.url, apiVersion: 'v1.0' });
  const hashNumber = (number: string) => `hash(${number})`;
  const now = options.now ?? (() => new Date());
  const policies = new TenantPolicies(storage, options.policy ?? ANY_TIME_NO_CAPS);
  const book = new AttendeeBook(storage);
  const zones = new OrganizerZones(graph);
  const appRoles = options.appRoles ?? ['VirtualAppointmentNotification.Send'];
  const appGraphToken = async () => ({ ok: true as const, accessToken: tokenFor('app-service-principal', { roles: appRoles }) });
  const sender = new NotificationSender({
    graph,
    ledger,
    doNotText: new DoNotTextList(storage, hashNumber),
    book,
    zones,
    appGraphToken,
    gate: new PolicyGate({ policies, counts: new TextCounts(storage), hashNumber, now }),
    schedule,
    hashNumber,
    ...(options.now ? { now: options.now } : {}),
  });
  const scheduled = new ScheduledSends({ schedule, sender, book, policies, graph, zones, appGraphToken, now });
  const days = new DayActions({ graph, book, sender, log: new DayActionLog(storage), zones });
  return { db, storage, ledger, schedule, graph, policies, book, zones, sender, scheduled, days };
}
