import { confirmCard, sendFormCard, summaryCard } from '../../src/cards/sendFormCards';
import { dayActionCard, dayChoiceCard, dayPreviewCard, dayStartCard } from '../../src/cards/dayActionCards';
import { scheduledCard, historyCard, numbersCard, receiptCard } from '../../src/cards/receiptCards';
import { consentCard, helpCard, messageCard, nudgeCard, nudgeQuestionCard } from '../../src/cards/chatCards';
import type { SendReceipt } from '../../src/domain/sendReceipt';
import type { UsPhoneNumber } from '../../src/domain/phoneNumbers';
import { momentInZone, type WindowsTimeZone } from '../../src/domain/timeZones';
import { CATALOG, type Messages } from '../../src/domain/messages';

const sent: SendReceipt = {
  status: 'sent',
  kind: 'reminder',
  timeZone: 'Hawaiian Standard Time' as WindowsTimeZone,
  numbers: [
    { masked: '+1312•••4122', outcome: 'accepted' },
    { masked: '+1415•••0133', outcome: 'duplicate' },
  ],
  problems: [],
  at: '2026-11-24T15:00:00.000Z',
};

/** Every card the app can produce, in each of its states, in `say`'s language (validated, and rendered for people to look at). */
function cardsIn(say: Messages): Array<[string, Record<string, unknown>]> {
  /** A moment in Chicago, as the organizer reads it. */
  const at = (iso: string) => momentInZone(new Date(iso), 'America/Chicago', say);
  return [
    ['help', helpCard(say)],
    ['message', messageCard(say.guard.organizerOnly, say.failures.notOrganizer)],
    ['summary', summaryCard({ cardId: 'c1', organizerUserId: '29:organizer', meetingTitle: 'Annual check-up' }, say)],
    [
      'form, nothing saved',
      sendFormCard(
        {
          cardId: 'c1',
          organizerUserId: '29:o',
          meetingTitle: 'Annual check-up',
          savedNumbers: [],
          timeZone: 'Eastern Standard Time' as WindowsTimeZone,
        },
        say,
      ),
    ],
    [
      'form with saved numbers and problems',
      sendFormCard(
        {
          cardId: 'c1',
          organizerUserId: '29:o',
          meetingTitle: 'Annual check-up',
          savedNumbers: [
            { phoneNumber: '+13129224122' as UsPhoneNumber, name: 'Alex Rivera', timeZone: 'Pacific Standard Time' as WindowsTimeZone },
            { phoneNumber: '+14155550133' as UsPhoneNumber, timeZone: 'Central Standard Time' as WindowsTimeZone },
          ],
          extraNumbers: '+1242421412',
          timeZone: 'Pacific Standard Time' as WindowsTimeZone,
          kind: 'cancellation',
          problems: [{ message: say.numbers.digitCount('+1242421412', 9, true) }],
        },
        say,
      ),
    ],
    [
      'confirm',
      confirmCard(
        {
          kind: 'cancellation',
          attendees: [
            { phoneNumber: '+13129224122' as UsPhoneNumber, timeZone: 'Pacific Standard Time' as WindowsTimeZone },
            { phoneNumber: '+16465550100' as UsPhoneNumber, timeZone: 'Central Standard Time' as WindowsTimeZone },
          ],
          sendData: { cardId: 'c1', kind: 'cancellation', extraNumbers: '+13129224122, +16465550100' },
          changeData: { cardId: 'c1', kind: 'cancellation', extraNumbers: '(312) 922-4122, 646 555 0100' },
        },
        say,
      ),
    ],
    [
      'day, start',
      dayStartCard('cancellation', '2026-12-01', { date: '2026-12-01', kind: 'cancellation', timeZone: 'America/Chicago' }, say),
    ],
    [
      'day, preview',
      dayPreviewCard(
        {
          date: '2026-12-01',
          timeZone: 'America/Chicago',
          kind: 'cancellation',
          appointments: [
            { subject: 'Annual check-up', start: '2026-12-01T15:00:00Z', status: 'ready', numbers: ['+1312•••4122', '+1646•••0100'] },
            {
              subject: 'Follow-up',
              start: '2026-12-01T15:30:00Z',
              status: 'noNumbers',
              reason: say.day.reasons.noNumbers,
              numbers: [],
            },
            {
              subject: 'Cancelled visit',
              start: '2026-12-01T16:00:00Z',
              status: 'skipped',
              reason: say.day.reasons.cancelled,
              numbers: [],
            },
          ],
        },
        { date: '2026-12-01', kind: 'cancellation', timeZone: 'America/Chicago' },
        say,
      ),
    ],
    [
      'scheduled',
      scheduledCard(
        [
          {
            id: 'held-1',
            kind: 'confirmation',
            why: 'held',
            state: 'scheduled',
            dueAt: '2026-11-26T14:00:00Z',
            reason: say.policy.heldNote(say.policy.outsideHours('08:00–21:00'), at('2026-11-26T14:00:00Z')),
            maskedNumbers: ['+1312•••4122'],
          },
          {
            id: 'reminder-1',
            kind: 'reminder',
            why: 'reminder',
            state: 'scheduled',
            dueAt: '2026-12-01T14:45:00Z',
            reason: say.schedule.remindsAt(at('2026-12-01T14:45:00Z')),
            maskedNumbers: ['+1312•••4122', '+1415•••0133'],
          },
          {
            id: 'done-1',
            kind: 'cancellation',
            why: 'held',
            state: 'done',
            dueAt: '2026-11-25T14:00:00Z',
            reason: say.policy.outsideHours('08:00–21:00'),
            maskedNumbers: ['+1646•••0100'],
            outcome: { status: 'sent' },
          },
        ],
        say,
        'America/Chicago',
      ),
    ],
    ['scheduled, nothing waiting', scheduledCard([], say, 'America/Chicago')],
    [
      'scheduled, standing reminders on',
      scheduledCard(
        [
          {
            id: 'standing-1',
            kind: 'reminder',
            why: 'reminder',
            standing: true,
            state: 'scheduled',
            dueAt: '2026-12-01T14:45:00Z',
            reason: say.schedule.standingRemindsAt('Annual check-up', at('2026-12-01T14:45:00Z')),
            maskedNumbers: ['+1312•••4122'],
          },
        ],
        say,
        'America/Chicago',
        { enabled: true },
      ),
    ],
    ['nudge, for everyone', nudgeCard('Annual check-up', '29:organizer', say)],
    ['nudge, for the organizer', nudgeQuestionCard('Annual check-up', say)],
    ['day, choice', dayChoiceCard('2026-12-01', 'America/Chicago', say)],
    [
      'day, texting',
      dayActionCard(
        {
          date: '2026-12-01',
          timeZone: 'America/Chicago',
          kind: 'cancellation',
          state: 'running',
          appointments: [
            {
              subject: 'Annual check-up',
              start: '2026-12-01T15:00:00Z',
              status: 'ready',
              numbers: ['+1312•••4122'],
              receipt: { status: 'sent' },
            },
            { subject: 'Second visit', start: '2026-12-01T15:15:00Z', status: 'ready', numbers: ['+1415•••0133'], texting: true },
            { subject: 'Third visit', start: '2026-12-01T15:30:00Z', status: 'ready', numbers: ['+1646•••0100'] },
            {
              subject: 'Cancelled visit',
              start: '2026-12-01T16:00:00Z',
              status: 'skipped',
              reason: say.day.reasons.cancelled,
              numbers: [],
            },
          ],
        },
        say,
      ),
    ],
    [
      'day, outcome',
      dayActionCard(
        {
          date: '2026-12-01',
          timeZone: 'America/Chicago',
          kind: 'cancellation',
          state: 'done',
          appointments: [
            {
              subject: 'Annual check-up',
              start: '2026-12-01T15:00:00Z',
              status: 'ready',
              numbers: ['+1312•••4122'],
              receipt: { status: 'sent' },
            },
            {
              subject: 'Second visit',
              start: '2026-12-01T15:15:00Z',
              status: 'ready',
              numbers: ['+1415•••0133'],
              receipt: { status: 'failed', failure: { reason: 'meetingNotFound', message: say.failures.meetingNotFound } },
            },
            {
              subject: 'Cancelled visit',
              start: '2026-12-01T16:00:00Z',
              status: 'skipped',
              reason: say.day.reasons.cancelled,
              numbers: [],
            },
          ],
        },
        say,
      ),
    ],
    ['receipt, sent', receiptCard(sent, 'Dana Whitfield', say)],
    ['receipt, repeat', receiptCard({ ...sent, repeat: true }, 'Dana Whitfield', say)],
    [
      'receipt, failed',
      receiptCard(
        {
          ...sent,
          status: 'failed',
          numbers: [{ masked: '+1312•••4122', outcome: 'notSent' }],
          failure: { reason: 'forbidden', message: say.failures.forbidden },
        },
        'Dana',
        say,
      ),
    ],
    [
      'receipt, uncertain',
      receiptCard(
        {
          ...sent,
          status: 'uncertain',
          numbers: [{ masked: '+1312•••4122', outcome: 'unknown' }],
          failure: { reason: 'uncertain', message: say.failures.uncertain },
        },
        'Dana',
        say,
      ),
    ],
    ['history, empty', historyCard([], say)],
    [
      'history',
      historyCard(
        [
          {
            createdAt: sent.at,
            kind: 'cancellation',
            status: 'refused',
            numbers: [{ masked: '+1242•••1412', outcome: 'refused', reason: say.numbers.otherRegion('+1242•••1412', 'Bahamas', '242') }],
          },
          {
            createdAt: sent.at,
            kind: 'confirmation',
            status: 'sent',
            numbers: [
              { masked: '+1312•••4122', outcome: 'accepted' },
              { masked: '+1312•••4122', outcome: 'duplicate' },
              { masked: '+1646•••0100', outcome: 'accepted' },
            ],
          },
        ],
        say,
        'America/Chicago',
      ),
    ],
    [
      'consent',
      consentCard(
        'https://login.microsoftonline.com/b3cdf1c8-024a-49e2-a994-f67f830b02f3/adminconsent?client_id=4d4b5a1e-8f3c-4b2a-9e6d-1c2b3a4d5e6f',
        { cardId: 'c1', kind: 'confirmation', savedNumbers: '+13129224122', extraNumbers: '', timeZone: 'Central Standard Time' },
        say,
      ),
    ],
    ['numbers, empty', numbersCard([], say)],
    [
      'numbers',
      numbersCard(
        [{ masked: '+1312•••4122', name: 'Alex Rivera', timeZone: 'Pacific Standard Time' as WindowsTimeZone }, { masked: '+1415•••0133' }],
        say,
        say.bot.saved,
      ),
    ],
  ];
}

export const everyCard = cardsIn(CATALOG['en-US']);

/** The same cards in Spanish: every string from the catalog's other language. */
export const everyCardInSpanish = cardsIn(CATALOG['es-US']);
