import type { ChannelAccount, ConversationAccount, TurnContext } from 'botbuilder';
import type { AttendeeBook } from '../app/attendeeBook';
import type { NotificationSender } from '../app/notificationSender';
import type { OrganizerZones } from '../app/organizerZones';
import type { Organizer, UnsignedOrganizer } from '../domain/organizer';
import { toIanaTimeZone } from '../domain/timeZones';
import { confirmCard } from '../cards/sendFormCards';
import { consentCard } from '../cards/chatCards';
import { receiptCard } from '../cards/receiptCards';
import { type AdaptiveCardJson } from '../cards/cardJson';
import { sendFormFor } from '../cards/sendForm';
import {
  attendeesOnForm,
  chosenSavedNumbers,
  isSavedZoneInput,
  overrideOf,
  savedZoneInput,
  type SendFormInputs,
} from '../cards/sendFormInputs';
import { formatUsNumber } from '../domain/phoneNumbers';
import { problemsToFix, toStoredReceipt, type SendReceipt } from '../domain/sendReceipt';
import type { SendPlan, SendRequestInput } from '../domain/sendPolicy';
import type { ResolvedMeeting } from './meetingDirectory';
import { wordsFor } from './turnWords';

/** The send form for the chat's meeting, in the organizer's time zone as Teams reports it. */
export async function formForMeeting(
  book: AttendeeBook,
  meeting: ResolvedMeeting,
  context: TurnContext,
  form: { cardId: string; data: SendFormInputs; problems?: Array<{ message: string }> },
): Promise<AdaptiveCardJson> {
  return sendFormFor(
    await book.list(meeting.onlineMeetingId),
    meeting,
    { ...form, localTimezone: localTimezoneOf(context) },
    wordsFor(context),
  );
}

/** Sends what the form holds, once per card (`cardId` makes a repeated submit the same send). */
export function sendFromForm(
  sender: NotificationSender,
  context: TurnContext,
  send: { meeting: ResolvedMeeting; organizer: Organizer; cardId: string; data: SendFormInputs },
): Promise<SendReceipt> {
  const { meeting, organizer, cardId, data } = send;
  const override = overrideOf(data);
  return sender.send({
    onlineMeetingId: meeting.onlineMeetingId,
    instance: cardId,
    request: requestFromForm(data),
    ...(override ? { override } : {}),
    organizer: { ...organizer, locale: context.activity.locale, ...organizerZoneOf(context) },
  });
}

/** What the form asks to send: the ticked and typed numbers, each saved one in its zone, the typed ones' zone, the kind. */
function requestFromForm(data: SendFormInputs): SendRequestInput {
  return { attendees: attendeesOnForm(data), kind: data.kind ?? '', ...(data.timeZone ? { timeZone: data.timeZone } : {}) };
}

/** After Review: the form again with what to fix, or who will be texted, to confirm. */
export type StepAfterReview = { step: 'fixForm'; problems: Array<{ message: string }> } | { step: 'confirm'; card: AdaptiveCardJson };

/**
 * Every check a send makes, before anything is sent: the confirmation names each number and how
 * many people get the text, and its Send carries exactly those numbers (sent is checked again).
 */
export async function reviewForm(
  sender: NotificationSender,
  context: TurnContext,
  form: { cardId: string; data: SendFormInputs; meeting: ResolvedMeeting },
): Promise<StepAfterReview> {
  const { cardId, data, meeting } = form;
  const tenantId = (context.activity.conversation as Partial<ConversationAccount> | undefined)?.tenantId ?? '';
  const reviewed = await sender.review({
    onlineMeetingId: meeting.onlineMeetingId,
    request: requestFromForm(data),
    organizer: { oid: meeting.organizerAadObjectId, tenantId, locale: context.activity.locale, ...organizerZoneOf(context) },
  });
  const say = wordsFor(context);
  if (!reviewed.ok) {
    const receipt = reviewed.error;
    const problems = receipt.status === 'refused' ? problemsToFix(receipt) : [{ message: receipt.failure?.message ?? say.bot.tryAgain }];
    return { step: 'fixForm', problems };
  }
  const { kind, attendees } = reviewed.value.plan;
  const card = confirmCard(
    {
      kind,
      attendees,
      sendData: { ...carriedFrom(cardId, data), kind, ...exactlyTheseNumbers(reviewed.value.plan, data) },
      changeData: asEntered(cardId, data),
    },
    say,
  );
  return { step: 'confirm', card };
}

/** What every button of the form's steps carries: the card, the meeting's link, the override. */
function carriedFrom(cardId: string, data: SendFormInputs): Record<string, string> {
  return {
    cardId,
    ...(data.joinUrl ? { joinUrl: data.joinUrl } : {}),
    ...(data.overrideReason ? { overrideReason: data.overrideReason } : {}),
  };
}

/** The form's entries as the organizer left them (Change, Back to my form). */
function asEntered(cardId: string, data: SendFormInputs): Record<string, unknown> {
  const zones = Object.fromEntries(Object.entries(data).filter(([name]) => isSavedZoneInput(name)));
  return {
    ...carriedFrom(cardId, data),
    ...zones,
    kind: data.kind ?? '',
    timeZone: data.timeZone ?? '',
    savedNumbers: data.savedNumbers ?? '',
    extraNumbers: data.extraNumbers ?? '',
  };
}

/**
 * Send carries exactly the reviewed numbers, each with the zone shown: the ticked saved ones stay
 * ticked and the typed ones typed (so a refusal at Send shows the form as it was).
 */
function exactlyTheseNumbers(plan: SendPlan, data: SendFormInputs): Record<string, string> {
  const ticked = new Set(chosenSavedNumbers(data) ?? []);
  const saved = plan.attendees.filter((attendee) => ticked.has(attendee.phoneNumber));
  const typed = plan.attendees.filter((attendee) => !ticked.has(attendee.phoneNumber));
  return {
    savedNumbers: saved.map((attendee) => attendee.phoneNumber).join(','),
    extraNumbers: typed.map((attendee) => formatUsNumber(attendee.phoneNumber)).join(', '),
    timeZone: data.timeZone ?? '',
    ...Object.fromEntries(plan.attendees.map((attendee) => [savedZoneInput(attendee.phoneNumber), attendee.timeZone])),
  };
}

/** What follows a send, whichever surface it came from (the chat's card, the compose box's dialog). */
export type StepAfterSend =
  | { step: 'fixForm'; problems: Array<{ message: string }> }
  | { step: 'consent'; card: AdaptiveCardJson }
  | { step: 'signInAgain' }
  | { step: 'receipt'; card: AdaptiveCardJson; sent: boolean };

/** The one after-send decision: fix the form, ask for consent, sign in again (MFA), or show the receipt. */
export async function stepAfterSend(
  receipt: SendReceipt,
  context: TurnContext,
  show: {
    organizer: Organizer;
    adminConsentUrl: (tenantId: string) => string;
    form: { cardId: string; data: SendFormInputs };
    /** Where the organizer's own zone is found, for the receipt's time (UTC, named, when unknown). */
    zones: OrganizerZones;
  },
): Promise<StepAfterSend> {
  if (receipt.status === 'refused') return { step: 'fixForm', problems: problemsToFix(receipt) };
  if (receipt.failure?.reason === 'consentRequired') {
    const consentUrl = show.adminConsentUrl(context.activity.conversation.tenantId ?? '');
    return { step: 'consent', card: consentCard(consentUrl, asEntered(show.form.cardId, show.form.data), wordsFor(context)) };
  }
  // MFA or conditional access: asking Teams for a fresh token makes it prompt the organizer.
  if (receipt.failure?.reason === 'interactionRequired') return { step: 'signInAgain' };
  const senderName = show.organizer.name ?? (context.activity.from as Partial<ChannelAccount>).name ?? 'the organizer';
  const viewerZone = await viewerZoneOf(context, show.zones, show.organizer);
  return {
    step: 'receipt',
    card: receiptCard(toStoredReceipt(receipt), senderName, wordsFor(context), viewerZone),
    sent: receipt.status === 'sent',
  };
}

/** The organizer's own time zone, which Teams puts on activities (IANA). */
export function localTimezoneOf(context: TurnContext): string | undefined {
  return (context.activity as { localTimezone?: string }).localTimezone;
}

/**
 * The zone the organizer reads times in: Teams' on this activity, else the one remembered or set in
 * Outlook; undefined (times said in UTC, named) when none is known.
 */
async function viewerZoneOf(context: TurnContext, zones: OrganizerZones, organizer: UnsignedOrganizer): Promise<string | undefined> {
  const zone = await zones.of({ ...organizer, timeZone: localTimezoneOf(context) }).catch(() => undefined);
  return zone && toIanaTimeZone(zone);
}

/** The sender's hint of the organizer's zone, when Teams gave one. */
function organizerZoneOf(context: TurnContext): { timeZone?: string } {
  const zone = localTimezoneOf(context);
  return zone ? { timeZone: zone } : {};
}
