import { confirmCard, sendFormCard, summaryCard } from '../../src/cards/sendFormCards';
import { dayActionCard, dayChoiceCard, dayPreviewCard, dayStartCard } from '../../src/cards/dayActionCards';
import { scheduledCard, historyCard, numbersCard, receiptCard } from '../../src/cards/receiptCards';
import { consentCard, helpCard, messageCard, nudgeCard, nudgeQuestionCard } from '../../src/cards/chatCards';
import type { SendReceipt } from '../../src/domain/sendReceipt';
import type { UsPhoneNumber } from '../../src/domain/phoneNumbers';
import type { WindowsTimeZone } from '../../src/domain/timeZones';

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

/** Every card the app can produce, in each of its states (validated, and rendered for people to look at). */
export const everyCard: Array<[string, Record<string, unknown>]> = [
  ['help', helpCard()],
  ['message', messageCard('Organizer only', "Only the appointment's organizer can text its attendees.")],
  ['summary', summaryCard({ cardId: 'c1', organizerUserId: '29:organizer', meetingTitle: 'Annual check-up' })],
  [
    'form, nothing saved',
    sendFormCard({
      cardId: 'c1',
      organizerUserId: '29:o',
      meetingTitle: 'Annual check-up',
      savedNumbers: [],
      timeZone: 'Eastern Standard Time' as WindowsTimeZone,
    }),
  ],
  [
    'form with saved numbers and problems',
    sendFormCard({
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
      problems: [{ message: '"+1242421412" has 9 digits after +1; a US number has 10.' }],
    }),
  ],
  [
    'confirm',
    confirmCard({
      kind: 'cancellation',
      attendees: [
        { phoneNumber: '+13129224122' as UsPhoneNumber, timeZone: 'Pacific Standard Time' as WindowsTimeZone },
        { phoneNumber: '+16465550100' as UsPhoneNumber, timeZone: 'Central Standard Time' as WindowsTimeZone },
      ],
      sendData: { cardId: 'c1', kind: 'cancellation', extraNumbers: '+13129224122, +16465550100' },
      changeData: { cardId: 'c1', kind: 'cancellation', extraNumbers: '(312) 922-4122, 646 555 0100' },
    }),
  ],
  ['day, start', dayStartCard('cancellation', '2026-12-01', { date: '2026-12-01', kind: 'cancellation', timeZone: 'America/Chicago' })],
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
            reason: 'No numbers are saved for this appointment: nobody will be texted.',
            numbers: [],
          },
          {
            subject: 'Cancelled visit',
            start: '2026-12-01T16:00:00Z',
            status: 'skipped',
            reason: 'Already cancelled in your calendar.',
            numbers: [],
          },
        ],
      },
      { date: '2026-12-01', kind: 'cancellation', timeZone: 'America/Chicago' },
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
          reason:
            "Outside the sending hours (08:00–21:00 in the attendee's time zone). It goes by itself at Nov 26, 8:00 AM CST; nothing has been sent yet.",
          maskedNumbers: ['+1312•••4122'],
        },
        {
          id: 'reminder-1',
          kind: 'reminder',
          why: 'reminder',
          state: 'scheduled',
          dueAt: '2026-12-01T14:45:00Z',
          reason: 'Reminds the attendees at Dec 1, 8:45 AM CST, 15 minutes before the appointment, to the numbers saved for it then.',
          maskedNumbers: ['+1312•••4122', '+1415•••0133'],
        },
        {
          id: 'done-1',
          kind: 'cancellation',
          why: 'held',
          state: 'done',
          dueAt: '2026-11-25T14:00:00Z',
          reason: 'Held overnight.',
          maskedNumbers: ['+1646•••0100'],
          outcome: { status: 'sent' },
        },
      ],
      'America/Chicago',
    ),
  ],
  ['scheduled, nothing waiting', scheduledCard([], 'America/Chicago')],
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
          reason:
            'Reminds the attendees of "Annual check-up" at Dec 1, 8:45 AM CST, 15 minutes before it (your standing reminders), to the numbers saved for it then.',
          maskedNumbers: ['+1312•••4122'],
        },
      ],
      'America/Chicago',
      { enabled: true },
    ),
  ],
  ['nudge, for everyone', nudgeCard('Annual check-up', '29:organizer')],
  ['nudge, for the organizer', nudgeQuestionCard('Annual check-up')],
  ['day, choice', dayChoiceCard('2026-12-01', 'America/Chicago')],
  [
    'day, texting',
    dayActionCard({
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
          reason: 'Already cancelled in your calendar.',
          numbers: [],
        },
      ],
    }),
  ],
  [
    'day, outcome',
    dayActionCard({
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
          receipt: { status: 'failed', failure: { reason: 'meetingNotFound', message: 'The onlineMeeting was not found.' } },
        },
        {
          subject: 'Cancelled visit',
          start: '2026-12-01T16:00:00Z',
          status: 'skipped',
          reason: 'Already cancelled in your calendar.',
          numbers: [],
        },
      ],
    }),
  ],
  ['receipt, sent', receiptCard(sent, 'Dana Whitfield')],
  ['receipt, repeat', receiptCard({ ...sent, repeat: true }, 'Dana Whitfield')],
  [
    'receipt, failed',
    receiptCard(
      {
        ...sent,
        status: 'failed',
        numbers: [{ masked: '+1312•••4122', outcome: 'notSent' }],
        failure: { reason: 'forbidden', message: 'Teams Premium is needed.' },
      },
      'Dana',
    ),
  ],
  [
    'receipt, uncertain',
    receiptCard(
      {
        ...sent,
        status: 'uncertain',
        numbers: [{ masked: '+1312•••4122', outcome: 'unknown' }],
        failure: { reason: 'uncertain', message: 'Check before resending.' },
      },
      'Dana',
    ),
  ],
  ['history, empty', historyCard([])],
  [
    'history',
    historyCard(
      [
        {
          createdAt: sent.at,
          kind: 'cancellation',
          status: 'refused',
          numbers: [
            { masked: '+1242•••1412', outcome: 'refused', reason: '+1242•••1412 is a Bahamas number; Microsoft texts US numbers only.' },
          ],
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
      'America/Chicago',
    ),
  ],
  [
    'consent',
    consentCard(
      'https://login.microsoftonline.com/b3cdf1c8-024a-49e2-a994-f67f830b02f3/adminconsent?client_id=4d4b5a1e-8f3c-4b2a-9e6d-1c2b3a4d5e6f',
      { cardId: 'c1', kind: 'confirmation', savedNumbers: '+13129224122', extraNumbers: '', timeZone: 'Central Standard Time' },
    ),
  ],
  ['numbers, empty', numbersCard([])],
  [
    'numbers',
    numbersCard(
      [{ masked: '+1312•••4122', name: 'Alex Rivera', timeZone: 'Pacific Standard Time' as WindowsTimeZone }, { masked: '+1415•••0133' }],
      'Saved.',
    ),
  ],
];
