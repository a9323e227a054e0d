import * as ACData from 'adaptivecards-templating';
import { LRUCache } from 'lru-cache';
import { NOTIFICATION_KINDS, NOTIFICATION_KIND_IDS, type NotificationKind } from '../domain/notificationKinds';
import { formatUsNumber, type UsPhoneNumber } from '../domain/phoneNumbers';
import type { DayAction, DayAppointment, DayPreview } from '../domain/dayAction';
import { asTypedLine, type NumberOutcome, type ReceiptPolicy, type SendReceipt, type SendStatus } from '../domain/sendReceipt';
import { timeZoneLabel, zoneChoices, type WindowsTimeZone } from '../domain/timeZones';
import { peopleLabel, savedZoneInput, sendToTitle } from './sendFormInputs';
import confirm from './templates/confirm.json';
import dayTemplate from './templates/day.json';
import help from './templates/help.json';
import history from './templates/history.json';
import consent from './templates/consent.json';
import message from './templates/message.json';
import numbers from './templates/numbers.json';
import receipt from './templates/receipt.json';
import sendForm from './templates/sendForm.json';
import scheduledTemplate from './templates/scheduled.json';
import summary from './templates/summary.json';

/** An Adaptive Card as JSON, ready for an attachment or an invoke response. */
export type AdaptiveCardJson = Record<string, unknown>;

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/**
 * One prepared Template per card template: preparing parses every `${…}` expression, which cost
 * more than the expansion itself; a Template is made to be expanded with different data again and
 * again (expansion is synchronous, so sharing it is safe).
 */
const prepared = new Map<object, ACData.Template>();

function expand(template: object, data: object): AdaptiveCardJson {
  let ready = prepared.get(template);
  if (!ready) {
    ready = new ACData.Template(template);
    prepared.set(template, ready);
  }
  return ready.expand({ $root: data }) as AdaptiveCardJson;
}

/** One formatter per zone as Teams names it (Intl takes any letter case, so the names are bounded here, not by the zones). */
const dateTimes = new LRUCache<string, Intl.DateTimeFormat>({ max: 1_000 });

/** A moment as the viewer reads it: in their own IANA zone when known, else UTC, the zone always named ("3:20 AM CST"). */
function when(iso: string, timeZone = 'UTC'): string {
  let format = dateTimes.get(timeZone);
  if (!format) {
    try {
      const parts = { month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' } as const;
      format = new Intl.DateTimeFormat('en-US', { ...parts, timeZone });
    } catch {
      // Not a zone this runtime knows: say UTC rather than guess.
      return when(iso);
    }
    dateTimes.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

const CHAT_COMMANDS: ReadonlyArray<{ name: string; does: string }> = [
  { name: 'sms', does: 'Open the card to text the attendees (only the organizer can send).' },
  { name: 'sms (kind) (numbers…)', does: 'The same card, filled in: sms cancel (312) 922-4122, 415 555 0133' },
  { name: 'remind', does: 'The card set to the 15-minute reminder.' },
  { name: 'numbers', does: "List this appointment's saved numbers." },
  { name: 'numbers add (numbers…)', does: 'Save numbers, separated by commas.' },
  { name: 'numbers remove (numbers…)', does: 'Forget numbers.' },
  { name: 'history', does: 'What was sent for this appointment, newest first.' },
  {
    name: 'scheduled',
    does: 'Texts waiting to go (held for the sending hours, the automatic reminder): cancel one, or turn the reminder on.',
  },
  {
    name: 'close day [YYYY-MM-DD]',
    does: 'Cancel every appointment of that day: see them first, then text them all (no date: the card asks).',
  },
  { name: 'move day [YYYY-MM-DD]', does: 'The same with the reschedule text.' },
  { name: 'help', does: 'This list.' },
];

export function helpCard(intro = 'Text the external attendees of a Teams Premium virtual appointment.'): AdaptiveCardJson {
  return expand(help, { intro, commands: CHAT_COMMANDS });
}

/** A short message; `actions` are buttons whose verb the surface showing it handles (the side panel). */
export function messageCard(title: string, text: string, actions: ReadonlyArray<{ title: string; verb: string }> = []): AdaptiveCardJson {
  return expand(message, { title, text, actions });
}

export interface SendFormData {
  cardId: string;
  /** Outside a meeting chat: the join link the meeting was found by, carried to the next action. */
  joinUrl?: string;
  organizerUserId: string;
  meetingTitle: string;
  /** The appointment's saved numbers, each with the zone it will be texted in (the organizer sees them in full). */
  savedNumbers: ReadonlyArray<{ phoneNumber: UsPhoneNumber; name?: string; timeZone: WindowsTimeZone }>;
  selectedNumbers?: readonly string[];
  extraNumbers?: string;
  overrideReason?: string;
  /** The zone of the typed numbers. */
  timeZone: WindowsTimeZone;
  kind?: string;
  /** Shown above the form: each refused number and each field problem. */
  problems?: ReadonlyArray<{ message: string }>;
  /** The form's button: review first (cards in Teams), or send (the side panel counts as it goes). */
  submit?: { verb: 'review' | 'send'; title: string };
  /** The organizer's language (`es-US`): says in it too that Microsoft's texts are in English. */
  locale?: string;
}

/** What everyone in the chat sees; the organizer's client refreshes it into the form. */
export function summaryCard(data: Pick<SendFormData, 'cardId' | 'organizerUserId' | 'meetingTitle'>): AdaptiveCardJson {
  return expand(summary, data);
}

/** A saved number as the organizer reads it: the name, and the number as people write it. */
function savedNumberTitle(saved: { phoneNumber: UsPhoneNumber; name?: string }): string {
  const number = formatUsNumber(saved.phoneNumber);
  return saved.name ? `${saved.name} · ${number}` : number;
}

export function sendFormCard(data: SendFormData): AdaptiveCardJson {
  const chosenZones = [data.timeZone, ...data.savedNumbers.map((saved) => saved.timeZone)];
  return expand(sendForm, {
    ...data,
    notice: whatMicrosoftSends(data.locale),
    joinUrl: data.joinUrl ?? '',
    savedNumbers: data.savedNumbers.map((saved) => ({ title: savedNumberTitle(saved), value: saved.phoneNumber })),
    // Each saved number keeps its attendee's zone, shown and changeable here.
    savedZones: data.savedNumbers.map((saved) => ({
      id: savedZoneInput(saved.phoneNumber),
      label: `Time zone of ${savedNumberTitle(saved)}`,
      value: saved.timeZone,
    })),
    typedZoneLabel: data.savedNumbers.length > 0 ? 'Time zone of the numbers typed above' : "Attendees' time zone",
    // Nothing is ticked unless the organizer chose it for this send: a saved number is not a standing order.
    selectedNumbers: (data.selectedNumbers ?? []).join(','),
    extraNumbers: data.extraNumbers ?? '',
    overrideReason: data.overrideReason ?? '',
    kind: data.kind ?? 'confirmation',
    timeZones: zoneChoices(...chosenZones).map((zone) => ({ title: zone.label, value: zone.windows })),
    kinds: NOTIFICATION_KIND_IDS.map((kind) => ({ title: NOTIFICATION_KINDS[kind].label, value: kind })),
    problems: data.problems ?? [],
    submit: data.submit ?? { verb: 'review', title: 'Review and send' },
  });
}

const WHAT_MICROSOFT_SENDS =
  'Microsoft writes these texts, in English, and sends them only to US numbers. It confirms it accepted them, not that each phone got them.';
const WHAT_MICROSOFT_SENDS_ES = 'Microsoft redacta estos mensajes en inglés y solo los envía a números de EE. UU.';

/** Graph's texts are Microsoft's, in English, US only: said on every form, and in Spanish too to a Spanish-speaking organizer. */
function whatMicrosoftSends(locale: string | undefined): string {
  return locale?.toLowerCase().startsWith('es') ? `${WHAT_MICROSOFT_SENDS_ES} ${WHAT_MICROSOFT_SENDS}` : WHAT_MICROSOFT_SENDS;
}

/**
 * Who will be texted, before anything is sent: Adaptive Cards cannot count ticked boxes as they
 * change, so the count is said here, on the button that sends.
 */
export function confirmCard(review: {
  kind: NotificationKind;
  /** Each number to text, in the zone its text is written in; shown in full, to the organizer alone. */
  attendees: ReadonlyArray<{ phoneNumber: UsPhoneNumber; timeZone: WindowsTimeZone }>;
  /** What Send carries: exactly the numbers shown. */
  sendData: Record<string, unknown>;
  /** What Change carries back to the form: the entries as they were. */
  changeData: Record<string, unknown>;
}): AdaptiveCardJson {
  const people = review.attendees.length;
  return expand(confirm, {
    headline: `Send a ${NOTIFICATION_KINDS[review.kind].label.toLowerCase()} to ${peopleLabel(people)}?`,
    numbers: review.attendees.map((attendee) => ({ number: formatUsNumber(attendee.phoneNumber), zone: timeZoneLabel(attendee.timeZone) })),
    sendTitle: sendToTitle(people),
    sendData: review.sendData,
    changeData: review.changeData,
  });
}

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
const STATUS_WORDS: Record<SendStatus | 'pending', string> = {
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
  why: 'held' | 'reminder';
  state: 'scheduled' | 'sending' | 'done' | 'missed' | 'cancelled';
  dueAt: string;
  reason: string;
  maskedNumbers: readonly string[];
  outcome?: { status: SendStatus; message?: string };
}

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
export function scheduledCard(entries: readonly ScheduledEntry[], timeZone?: string): AdaptiveCardJson {
  const reminderWaiting = entries.some((entry) => entry.why === 'reminder' && entry.state === 'scheduled');
  return expand(scheduledTemplate, {
    entries: entries.map((entry) => ({
      id: entry.id,
      title: `${NOTIFICATION_KINDS[entry.kind].label}: ${entry.outcome ? STATUS_WORDS[entry.outcome.status] : SCHEDULED_STATE_WORDS[entry.state]}`,
      when: `${entry.why === 'held' ? 'Held until' : 'Goes at'} ${when(entry.dueAt, timeZone)}`,
      detail: entry.outcome?.message ?? entry.reason,
      numbers: entry.maskedNumbers.join(', ') || 'The numbers saved for the appointment when it goes',
      cancellable: entry.state === 'scheduled',
    })),
    actions: reminderWaiting ? [] : [{ title: 'Remind 15 minutes before', verb: 'remindBefore', data: {} }],
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

/**
 * When the organization has not yet consented to the app sending texts for its users: ask an admin,
 * then come back to the form as it was (`formData`: what the form's Change would carry).
 */
export function consentCard(consentUrl: string, formData: Record<string, unknown>): AdaptiveCardJson {
  return expand(consent, { consentUrl, formData });
}

/** The card without its Universal Actions refresh: for hosts that have no user-specific views (Agents Playground, dialogs). */
export function withoutRefresh(card: AdaptiveCardJson): AdaptiveCardJson {
  const { refresh: _refresh, ...rest } = card;
  return rest;
}

/**
 * The same card for a dialog (message extension task module): dialogs submit with Action.Submit,
 * carrying the verb in the data, and have no Universal Actions refresh.
 */
export function asDialogCard(card: AdaptiveCardJson): AdaptiveCardJson {
  const { actions, ...rest } = withoutRefresh(card) as AdaptiveCardJson & { actions?: Array<Record<string, unknown>> };
  if (!actions) return rest;
  return {
    ...rest,
    actions: actions.map((action) => {
      if (action.type !== 'Action.Execute') return action;
      const { verb, data, ...rest } = action;
      return { ...rest, type: 'Action.Submit', data: { ...(data as object | undefined), verb } };
    }),
  };
}

/** What a day card shows of the day (the app's DayActions preview or record, masked numbers only). */
type DayView = Pick<DayPreview, 'date' | 'timeZone' | 'kind'> & { appointments: readonly DayCardRow[] };
type DayCardRow = Pick<DayAppointment, 'subject' | 'start' | 'status' | 'reason' | 'numbers' | 'timeZones' | 'texting' | 'receipt'>;

/** An appointment's masked numbers, each with the zone its text will be written in: "+1312•••4122 (Pacific (Los Angeles))". */
function numbersWithZones(appointment: Pick<DayAppointment, 'numbers' | 'timeZones'>): string {
  return appointment.numbers
    .map((masked, index) => {
      const zone = appointment.timeZones?.[index];
      return zone ? `${masked} (${timeZoneLabel(zone)})` : masked;
    })
    .join(', ');
}

const DAY_VERBS = { cancellation: 'Close', reschedule: 'Move', confirmation: 'Confirm', reminder: 'Remind' } as const;

/** What `close day` posts: the day is read from the organizer's calendar once they sign in. */
export function dayStartCard(kind: NotificationKind, date: string, carried: Record<string, unknown>): AdaptiveCardJson {
  return expand(dayTemplate, {
    choose: false,
    title: `${DAY_VERBS[kind]} ${date}?`,
    text: `See that day's appointments from your calendar and who would get the ${NOTIFICATION_KINDS[kind].label.toLowerCase()} text. Nothing is sent until you confirm.`,
    rows: [],
    actions: [{ title: "Show the day's appointments", verb: 'previewDay', data: carried }],
  });
}

/** The side panel's way in: which day, and whether it closes or moves; nothing is read or sent yet. */
export function dayChoiceCard(date: string, timeZone: string, kind: 'cancellation' | 'reschedule' = 'cancellation'): AdaptiveCardJson {
  return expand(dayTemplate, {
    choose: true,
    date,
    kind,
    title: 'Close or move a whole day',
    text: "See the day's appointments from your calendar and who would be texted. Nothing is sent until you confirm.",
    rows: [],
    actions: [{ title: "Show the day's appointments", verb: 'previewDay', data: { timeZone } }],
  });
}

/** Before anything goes out: the day's appointments, what each gets, and one button for them all. */
export function dayPreviewCard(day: DayView, carried: Record<string, unknown>): AdaptiveCardJson {
  const ready = day.appointments.filter((appointment) => appointment.status === 'ready').length;
  const label = NOTIFICATION_KINDS[day.kind].label.toLowerCase();
  return expand(dayTemplate, {
    choose: false,
    title: `${DAY_VERBS[day.kind]} ${day.date}: ${appointmentsLabel(ready)} to text`,
    text: ready > 0 ? `Each gets the ${label} text once. Nothing has been sent yet.` : 'No appointment of that day has numbers to text.',
    rows: dayRows(day, (appointment) => (appointment.status === 'ready' ? numbersWithZones(appointment) : (appointment.reason ?? ''))),
    actions: ready > 0 ? [{ title: `Text ${appointmentsLabel(ready)}`, verb: 'notifyDay', data: carried }] : [],
  });
}

const DAY_ACTION_TEXT: Record<DayAction['state'], string> = {
  running: 'Each appointment is texted once. This card updates as they complete.',
  done: 'Accepted by Microsoft for sending. Each appointment below says what happened to it.',
  interrupted:
    'The app stopped while texting this day. Each appointment says where it stands; run the day again to text the rest (nobody is texted twice).',
};

/** A day action as it stands: while texting (how many are done), after (each outcome), or cut off by a stop. */
export function dayActionCard(action: Pick<DayAction, 'state'> & DayView): AdaptiveCardJson {
  const ready = action.appointments.filter((appointment) => appointment.status === 'ready');
  const finished = ready.filter((appointment) => appointment.receipt).length;
  const sent = ready.filter((appointment) => appointment.receipt?.status === 'sent').length;
  const titles: Record<DayAction['state'], string> = {
    running: `Texting ${action.date}: ${finished} of ${ready.length} done`,
    done: `${action.date}: ${appointmentsLabel(sent)} texted`,
    interrupted: `${action.date}: stopped part-way, ${finished} of ${ready.length} done`,
  };
  return expand(dayTemplate, {
    choose: false,
    title: titles[action.state],
    text: DAY_ACTION_TEXT[action.state],
    rows: dayRows(action, (appointment) => dayAppointmentWords(appointment, action.state)),
    actions: [],
  });
}

/** One row per appointment: its time in the day's zone, its subject, and `detail`. */
function dayRows(day: DayView, detail: (appointment: DayCardRow) => string) {
  return day.appointments.map((appointment) => ({
    time: whenOnly(appointment.start, day.timeZone),
    subject: appointment.subject,
    detail: detail(appointment),
  }));
}

function appointmentsLabel(count: number): string {
  return count === 1 ? '1 appointment' : `${count} appointments`;
}

function dayAppointmentWords(appointment: DayCardRow, state: DayAction['state']): string {
  if (appointment.receipt) return dayOutcomeWords(appointment.receipt);
  if (appointment.texting) return 'Texting now…';
  if (appointment.status === 'ready' && state === 'running') return 'Waiting to be texted';
  return appointment.reason ?? '';
}

function dayOutcomeWords(receipt: {
  status: SendStatus;
  repeat?: boolean;
  failure?: { message: string };
  refused?: ReadonlyArray<{ reason: string }>;
}): string {
  const words = `${STATUS_WORDS[receipt.status]}${receipt.repeat ? ' (earlier)' : ''}`;
  const why = [receipt.failure?.message, ...(receipt.refused ?? []).map((line) => line.reason)].filter(Boolean);
  return why.length > 0 ? `${words}: ${why.join(' ')}` : words;
}

/** The time of day alone, in the zone, named ("9:00 AM CST"). */
function whenOnly(iso: string, timeZone: string): string {
  return when(iso, timeZone).replace(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, /, '');
}
