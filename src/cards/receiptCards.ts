import type { Messages } from '../domain/messages';
import type { NotificationKind } from '../domain/notificationKinds';
import { asTypedLine, type NumberOutcome, type ReceiptPolicy, type SendReceipt, type SendStatus } from '../domain/sendReceipt';
import { momentInZone, timeZoneLabel, type WindowsTimeZone } from '../domain/timeZones';
import history from './templates/history.json';
import numbers from './templates/numbers.json';
import receipt from './templates/receipt.json';
import scheduledTemplate from './templates/scheduled.json';
import { type AdaptiveCardJson, expand, fixedWords } from './cardJson';

function headline(sent: SendReceipt, say: Messages): { headline: string; color: string; detail: string } {
  const words = say.receipt;
  if (sent.repeat && sent.status === 'sent') return { headline: words.repeat, color: 'Good', detail: words.repeatDetail };
  // Graph's 202 means accepted for sending; Microsoft reports no delivery back, so none is promised.
  if (sent.status === 'sent')
    return { headline: words.sent, color: 'Good', detail: `${words.sentDetail}${sent.policy?.note ? ` ${sent.policy.note}` : ''}` };
  if (sent.status === 'uncertain') return { headline: words.uncertain, color: 'Warning', detail: sent.failure?.message ?? '' };
  if (sent.status === 'held') return { headline: words.held, color: 'Warning', detail: sent.policy?.note ?? words.heldDetail };
  return {
    headline: words.nothingSent,
    color: 'Attention',
    detail: sent.failure?.message ?? sent.problems.map((problem) => problem.message).join(' '),
  };
}

/** The zones a send's texts were written in: one, or each of several (an attendee each). */
function zonesOf(sent: Pick<SendReceipt, 'timeZone' | 'timeZones'>, say: Messages): string {
  const zones = sent.timeZones ?? (sent.timeZone ? [sent.timeZone] : []);
  return zones.length > 0 ? zones.map((zone) => timeZoneLabel(zone, say)).join('; ') : say.receipt.notUnderstood;
}

/**
 * The card after a send: per number, what happened, with masked numbers only (everyone sees it).
 * Its rows are plain text runs, not a FactSet: FactSet values are Markdown, and these hold a Teams
 * name and reasons that quote what was typed.
 */
export function receiptCard(
  sent: SendReceipt,
  senderName: string,
  say: Messages,
  timeZone = 'UTC',
  shownTo: Viewers = 'everyone',
): AdaptiveCardJson {
  const words = say.receipt;
  return expand(receipt, {
    ...headline(sent, say),
    facts: [
      { title: words.text, value: sent.kind ? say.kinds[sent.kind] : words.notUnderstood },
      { title: words.timeZone, value: zonesOf(sent, say) },
      { title: words.sentBy, value: senderName },
      { title: words.when, value: momentInZone(sent.at, timeZone, say, 'dated') },
    ],
    numbers: numberRows(sent.numbers, shownTo, say),
  });
}

/** Who sees a card: the whole chat (masked numbers only), or its organizer alone (a refused entry as typed). */
type Viewers = 'everyone' | 'organizer';

/** Each number once, with what happened to it: a number entered twice is listed where it was sent. */
function numberRows(
  lines: ReadonlyArray<{ masked: string; outcome?: NumberOutcome; reason?: string; typed?: string }>,
  shownTo: Viewers,
  say: Messages,
): Array<{ masked: string; outcome: string }> {
  return lines
    .filter((line) => line.outcome !== 'duplicate')
    .map((stored) => (shownTo === 'organizer' ? asTypedLine(stored) : stored))
    .map((line) => ({
      masked: line.masked,
      outcome:
        line.outcome === undefined
          ? ''
          : line.outcome === 'refused'
            ? say.receipt.refusedBecause(line.reason ?? '')
            : say.receipt.outcomes[line.outcome],
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
  say: Messages,
  timeZone = 'UTC',
  shownTo: Viewers = 'everyone',
): AdaptiveCardJson {
  return expand(history, {
    t: fixedWords(say.history),
    entries: entries.map((entry) => ({
      title: say.history.entry(entry.kind ? say.kinds[entry.kind] : say.history.unknownKind, say.statusWords[entry.status]),
      when: momentInZone(entry.createdAt, timeZone, say, 'dated'),
      numbers: numberRows(entry.numbers, shownTo, say),
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

/**
 * The appointment's held texts and automatic reminders: when each goes, why it waits, to whom
 * (masked), and a Cancel button while it waits; while no reminder waits, a button to
 * turn it on 15 minutes before.
 */
export function scheduledCard(
  entries: readonly ScheduledEntry[],
  say: Messages,
  timeZone = 'UTC',
  standing?: { enabled: boolean },
): AdaptiveCardJson {
  const words = say.scheduled;
  const reminderWaiting = entries.some((entry) => entry.why === 'reminder' && entry.state === 'scheduled');
  const remindOnce = reminderWaiting || standing?.enabled ? [] : [{ title: words.remindOnce, verb: 'remindBefore', data: {} }];
  const switchStanding = standing
    ? [
        standing.enabled
          ? { title: words.standingOff, verb: 'standingReminders', data: { enabled: false } }
          : { title: words.standingOn, verb: 'standingReminders', data: { enabled: true } },
      ]
    : [];
  return expand(scheduledTemplate, {
    t: fixedWords(words),
    entries: entries.map((entry) => ({
      id: entry.id,
      title: scheduledTitle(entry, say),
      when: words.when[entry.why](momentInZone(entry.dueAt, timeZone, say, 'dated')),
      detail: entry.outcome?.message ?? entry.reason,
      numbers: entry.maskedNumbers.join(', ') || words.numbers[entry.why],
      cancellable: entry.state === 'scheduled',
    })),
    actions: [...remindOnce, ...switchStanding],
    standing: standing ? (standing.enabled ? words.standingAreOn : words.standingAreOff) : '',
  });
}

function scheduledTitle(entry: ScheduledEntry, say: Messages): string {
  const words = say.scheduled;
  if (entry.why === 'calendar') return words.standingEntry;
  if (entry.why === 'nudge') return words.nudgeEntry(words.states[entry.state]);
  const kind = `${say.kinds[entry.kind]}${entry.standing ? words.standingTag : ''}`;
  return words.entry(kind, entry.outcome ? say.statusWords[entry.outcome.status] : words.states[entry.state]);
}

/** The history card from audit records, as the ledger keeps them (masked numbers only). */
export function historyCardFor(
  records: ReadonlyArray<{
    createdAt: string;
    kind?: NotificationKind;
    maskedNumbers: readonly string[];
    receipt?: SendReceipt;
  }>,
  say: Messages,
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
    say,
    timeZone,
    shownTo,
  );
}

/** The saved numbers as the whole chat sees them: masked, with each attendee's zone. */
export function numbersCard(
  saved: ReadonlyArray<{ masked: string; name?: string; timeZone?: WindowsTimeZone }>,
  say: Messages,
  note = '',
): AdaptiveCardJson {
  return expand(numbers, {
    t: fixedWords(say.saved),
    note,
    numbers: saved.map((entry) => ({
      masked: entry.masked,
      name: entry.name ?? ' ',
      zone: entry.timeZone ? timeZoneLabel(entry.timeZone, say) : say.saved.organizerZone,
    })),
  });
}
