import { NOTIFICATION_KINDS, type NotificationKind } from '../domain/notificationKinds';
import { asTypedLine, type NumberOutcome, type ReceiptPolicy, type SendReceipt, type SendStatus } from '../domain/sendReceipt';
import { timeZoneLabel, type WindowsTimeZone } from '../domain/timeZones';
import history from './templates/history.json';
import numbers from './templates/numbers.json';
import receipt from './templates/receipt.json';
import scheduledTemplate from './templates/scheduled.json';
import { type AdaptiveCardJson, expand, when } from './cardJson';

const OUTCOME_LABELS: Record<NumberOutcome, string> = {
  accepted: 'Accepted by Microsoft',
  duplicate: 'Entered twice; sent once',
  refused: 'Refused',
  notSent: 'Not sent',
  unknown: 'Unknown: check before resending',
  held: 'Waiting for the sending hours',
};

/** What a receipt says when Graph accepted the texts (202): accepted, never "delivered". */
export const RECEIPT_SENT_HEADLINE = 'Accepted by Microsoft for sending';

function headline(sent: SendReceipt): { headline: string; color: string; detail: string } {
  if (sent.repeat && sent.status === 'sent')
    return { headline: 'Already sent: not sent again', color: 'Good', detail: 'This card was sent before; here is what happened then.' };
  // Graph's 202 means accepted for sending; Microsoft reports no delivery back, so none is promised.
  if (sent.status === 'sent')
    return {
      headline: RECEIPT_SENT_HEADLINE,
      color: 'Good',
      detail: `Microsoft writes and sends the texts; it does not report delivery to each phone.${sent.policy?.note ? ` ${sent.policy.note}` : ''}`,
    };
  if (sent.status === 'uncertain')
    return { headline: 'The texts may or may not have been sent', color: 'Warning', detail: sent.failure?.message ?? '' };
  if (sent.status === 'held')
    return {
      headline: 'Held for the sending hours',
      color: 'Warning',
      detail: sent.policy?.note ?? 'It goes by itself when the sending hours start. List or cancel it with "scheduled".',
    };
  return {
    headline: 'Nothing was sent',
    color: 'Attention',
    detail: sent.failure?.message ?? sent.problems.map((problem) => problem.message).join(' '),
  };
}

/** The zones a send's texts were written in: one, or each of several (an attendee each). */
function zonesOf(sent: Pick<SendReceipt, 'timeZone' | 'timeZones'>): string {
  const zones = sent.timeZones ?? (sent.timeZone ? [sent.timeZone] : []);
  return zones.length > 0 ? zones.map(timeZoneLabel).join('; ') : 'Not understood';
}

/**
 * The card after a send: per number, what happened, with masked numbers only (everyone sees it).
 * Its rows are plain text runs, not a FactSet: FactSet values are Markdown, and these hold a Teams
 * name and reasons that quote what was typed.
 */
export function receiptCard(sent: SendReceipt, senderName: string, timeZone?: string, shownTo: Viewers = 'everyone'): AdaptiveCardJson {
  return expand(receipt, {
    ...headline(sent),
    facts: [
      { title: 'Text', value: sent.kind ? NOTIFICATION_KINDS[sent.kind].label : 'Not understood' },
      { title: 'Time zone', value: zonesOf(sent) },
      { title: 'Sent by', value: senderName },
      { title: 'When', value: when(sent.at, timeZone) },
    ],
    numbers: numberRows(sent.numbers, shownTo),
  });
}

/** What happened to a whole send, in the history's words. */
export const STATUS_WORDS: Record<SendStatus | 'pending', string> = {
  sent: 'accepted by Microsoft',
  refused: 'refused, nothing sent',
  failed: 'not sent',
  uncertain: 'unknown, check before resending',
  held: 'held for the sending hours',
  pending: 'sending',
};

/** Who sees a card: the whole chat (masked numbers only), or its organizer alone (a refused entry as typed). */
type Viewers = 'everyone' | 'organizer';

/** Each number once, with what happened to it: a number entered twice is listed where it was sent. */
function numberRows(
  lines: ReadonlyArray<{ masked: string; outcome?: NumberOutcome; reason?: string; typed?: string }>,
  shownTo: Viewers,
): Array<{ masked: string; outcome: string }> {
  return lines
    .filter((line) => line.outcome !== 'duplicate')
    .map((stored) => (shownTo === 'organizer' ? asTypedLine(stored) : stored))
    .map((line) => ({
      masked: line.masked,
      outcome:
        line.outcome === undefined ? '' : line.outcome === 'refused' ? `Refused: ${line.reason ?? ''}` : OUTCOME_LABELS[line.outcome],
    }));
}

export function historyCard(
  entries: ReadonlyArray<{
    createdAt: string;
    kind?: NotificationKind;
    status: SendStatus | 'pending';
    numbers: ReadonlyArray<{ masked: string; outcome?: NumberOutcome; reason?: string; typed?: string }>;
    policy?: ReceiptPolicy;
  }>,
  timeZone?: string,
  shownTo: Viewers = 'everyone',
): AdaptiveCardJson {
  return expand(history, {
    entries: entries.map((entry) => ({
      title: `${entry.kind ? NOTIFICATION_KINDS[entry.kind].label : 'A text of no known kind'}: ${STATUS_WORDS[entry.status]}`,
      when: when(entry.createdAt, timeZone),
      numbers: numberRows(entry.numbers, shownTo),
      // Why the send policy let it go (or held it), and an organizer's override with its reason.
      note: entry.policy?.note ?? '',
    })),
  });
}

/** What a scheduled text shows: masked numbers only (never the numbers it will text). */
interface ScheduledEntry {
  id: string;
  kind: NotificationKind;
  why: 'held' | 'reminder' | 'calendar' | 'nudge';
  standing?: boolean;
  state: 'scheduled' | 'sending' | 'done' | 'missed' | 'cancelled';
  dueAt: string;
  reason: string;
  maskedNumbers: readonly string[];
  outcome?: { status: SendStatus; message?: string };
}

const STANDING_WORDS = {
  true: 'Standing reminders are on: each of your Teams appointments gets a reminder 15 minutes before, to the numbers saved for it.',
  false: 'Standing reminders are off: turn them on to remind the attendees of every appointment of yours, 15 minutes before.',
};

/** Who an entry texts when it lists no numbers of its own. */
const SCHEDULED_NUMBERS: Record<ScheduledEntry['why'], string> = {
  held: 'The numbers saved for the appointment when it goes',
  reminder: 'The numbers saved for the appointment when it goes',
  calendar: "Each appointment's saved numbers",
  nudge: "The appointment's saved numbers",
};

const SCHEDULED_WHEN: Record<ScheduledEntry['why'], string> = {
  held: 'Held until',
  reminder: 'Goes at',
  calendar: 'Reads your calendar again at',
  nudge: 'Looks at',
};

const SCHEDULED_STATE_WORDS: Record<ScheduledEntry['state'], string> = {
  scheduled: 'waiting',
  sending: 'going now',
  done: 'done',
  missed: 'missed while the app was stopped',
  cancelled: 'cancelled',
};

/**
 * The appointment's held texts and automatic reminders: when each goes, why it waits, to whom
 * (masked), and a Cancel button while it waits; while no reminder waits, a button to
 * turn it on 15 minutes before.
 */
export function scheduledCard(entries: readonly ScheduledEntry[], timeZone?: string, standing?: { enabled: boolean }): AdaptiveCardJson {
  const reminderWaiting = entries.some((entry) => entry.why === 'reminder' && entry.state === 'scheduled');
  const remindOnce = reminderWaiting || standing?.enabled ? [] : [{ title: 'Remind 15 minutes before', verb: 'remindBefore', data: {} }];
  const switchStanding = standing
    ? [
        standing.enabled
          ? { title: 'Turn off standing reminders', verb: 'standingReminders', data: { enabled: false } }
          : { title: 'Remind before each of my appointments', verb: 'standingReminders', data: { enabled: true } },
      ]
    : [];
  return expand(scheduledTemplate, {
    entries: entries.map((entry) => ({
      id: entry.id,
      title:
        entry.why === 'calendar'
          ? 'Standing reminders: on'
          : entry.why === 'nudge'
            ? `A nudge if nobody joins: ${SCHEDULED_STATE_WORDS[entry.state]}`
            : `${NOTIFICATION_KINDS[entry.kind].label}${entry.standing ? ' · standing' : ''}: ${entry.outcome ? STATUS_WORDS[entry.outcome.status] : SCHEDULED_STATE_WORDS[entry.state]}`,
      when: `${SCHEDULED_WHEN[entry.why]} ${when(entry.dueAt, timeZone)}`,
      detail: entry.outcome?.message ?? entry.reason,
      numbers: entry.maskedNumbers.join(', ') || SCHEDULED_NUMBERS[entry.why],
      cancellable: entry.state === 'scheduled',
    })),
    actions: [...remindOnce, ...switchStanding],
    standing: standing ? STANDING_WORDS[String(standing.enabled) as 'true' | 'false'] : '',
  });
}

/** The history card from audit records, as the ledger keeps them (masked numbers only). */
export function historyCardFor(
  records: ReadonlyArray<{
    createdAt: string;
    kind?: NotificationKind;
    maskedNumbers: readonly string[];
    receipt?: SendReceipt;
  }>,
  timeZone?: string,
  shownTo: Viewers = 'everyone',
): AdaptiveCardJson {
  return historyCard(
    records.map((record) => ({
      createdAt: record.createdAt,
      kind: record.kind ?? record.receipt?.kind,
      status: record.receipt?.status ?? 'pending',
      numbers: record.receipt?.numbers ?? record.maskedNumbers.map((masked) => ({ masked })),
      policy: record.receipt?.policy,
    })),
    timeZone,
    shownTo,
  );
}

/** The saved numbers as the whole chat sees them: masked, with each attendee's zone. */
export function numbersCard(
  saved: ReadonlyArray<{ masked: string; name?: string; timeZone?: WindowsTimeZone }>,
  note = '',
): AdaptiveCardJson {
  return expand(numbers, {
    note,
    numbers: saved.map((entry) => ({
      masked: entry.masked,
      name: entry.name ?? ' ',
      zone: entry.timeZone ? timeZoneLabel(entry.timeZone) : "the organizer's time zone",
    })),
  });
}
