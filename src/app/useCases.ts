import type { TenantPolicy } from '../domain/tenantPolicy';
import type { GraphToken } from '../domain/organizer';
import type { UsPhoneNumber } from '../domain/phoneNumbers';
import type { GraphSmsClient } from '../graph/graphSmsClient';
import type { Schedule } from '../store/schedule';
import type { SendLedger } from '../store/sendLedger';
import type { StateStorage } from '../store/stateStorage';
import { AttendeeBook } from './attendeeBook';
import { DayActionLog } from './dayActionLog';
import { DayActions } from './dayActions';
import { DoNotTextList } from './doNotTextList';
import { MeetingNudges, type NudgeAsker } from './meetingNudges';
import { NotificationSender, type NotificationSenderOptions } from './notificationSender';
import { OrganizerZones } from './organizerZones';
import { PolicyGate } from './policyGate';
import { ScheduledSends } from './scheduledSends';
import { StandingReminders } from './standingReminders';
import { TenantPolicies } from './tenantPolicies';
import { TenantUsageReports } from './tenantUsage';
import { TextCounts } from './textCounts';

/** What the use cases stand on: the stores, Graph, the app's own token, the clock. */
export interface UseCaseParts {
  state: StateStorage;
  ledger: SendLedger;
  schedule: Schedule;
  graph: GraphSmsClient;
  /** The policy of a tenant whose admin set none. */
  defaultPolicy: TenantPolicy;
  /** The app's own Graph token in a tenant: texts that go later go without the organizer. */
  appGraphToken: (tenantId: string) => Promise<GraphToken>;
  /** Keyed hash of a number, so records can find an attendee's texts without storing the number. */
  hashNumber: (number: UsPhoneNumber) => string;
  now: () => Date;
  /** The nudge when nobody joins: after how long, and where the organizer is asked (the bot host, once it is up). */
  nudges: { afterMs: number; asker: () => NudgeAsker };
  onRecordFailure?: (error: unknown) => void;
}

/** The use cases wired to each other, once: the app's composition root and the use-case tests both start here. */
export function composeUseCases(parts: UseCaseParts) {
  const { state, ledger, schedule, graph, appGraphToken, hashNumber, now, onRecordFailure } = parts;
  const book = new AttendeeBook(state, now);
  const doNotText = new DoNotTextList(state, hashNumber, now);
  const policies = new TenantPolicies(state, parts.defaultPolicy, now);
  const zones = new OrganizerZones(graph);
  const gate = new PolicyGate({ policies, counts: new TextCounts(state), hashNumber, now });
  // The sender holds texts in the schedule, whose poller sends them through the sender: each needs the other.
  const holds: NotificationSenderOptions['holds'] = { hold: (text) => scheduled.hold(text) };
  const sender = new NotificationSender({ graph, ledger, doNotText, book, zones, gate, holds, hashNumber, onRecordFailure, now });
  const standing = new StandingReminders({ schedule, state, graph, book, zones, appGraphToken, now });
  const nudges = new MeetingNudges({ schedule, book, ...parts.nudges, now });
  const scheduled = new ScheduledSends({ schedule, sender, book, policies, graph, zones, appGraphToken, standing, nudges, now });
  const dayLog = new DayActionLog(state, now);
  const days = new DayActions({ graph, book, sender, log: dayLog, zones, now });
  const usage = new TenantUsageReports({ ledger, schedule, now });
  return { book, doNotText, policies, zones, sender, scheduled, standing, nudges, dayLog, days, usage };
}
