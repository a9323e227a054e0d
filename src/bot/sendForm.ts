import type { ChannelAccount, ConversationAccount, TurnContext } from 'botbuilder';
import type { AttendeeBook } from '../app/AttendeeBook';
import type { NotificationSender } from '../app/NotificationSender';
import { confirmCard, consentCard, receiptCard, type AdaptiveCardJson } from '../cards/cards';
import { defaultAttendeeZone } from '../domain/timeZones';
import { sendFormFor } from '../cards/sendForm';
import { numbersToText, overrideOf, type SendFormInputs } from '../cards/sendFormInputs';
import { problemsToFix, toStoredReceipt, type SendReceipt } from '../domain/sendReceipt';
import { sendRequestFor, type SendRequestInput } from '../domain/sendPolicy';
import type { SignedInOrganizer } from './cardSignIn';
import type { ResolvedMeeting } from './meetingDirectory';

/** The send form for the chat's meeting, in the organizer's time zone as Teams reports it. */
export async function formForMeeting(
  book: AttendeeBook,
  meeting: ResolvedMeeting,
  context: TurnContext,
  form: { cardId: string; data: SendFormInputs; problems?: Array<{ message: string }> },
): Promise<AdaptiveCardJson> {
  return sendFormFor(await book.list(meeting.onlineMeetingId), meeting, {
    ...form,
    localTimezone: localTimezoneOf(context),
    locale: context.activity.locale,
  });
}

/** Sends what the form holds, once per card (`cardId` makes a repeated submit the same send). */
export function sendFromForm(
  sender: NotificationSender,
  context: TurnContext,
  send: { meeting: ResolvedMeeting; organizer: SignedInOrganizer; cardId: string; data: SendFormInputs },
): Promise<SendReceipt> {
  const { meeting, organizer, cardId, data } = send;
  const override = overrideOf(data);
  return sender.send({
    onlineMeetingId: meeting.onlineMeetingId,
    instance: cardId,
    request: requestFromForm(data),
    ...(override ? { override } : {}),
    sender: { oid: organizer.oid, tenantId: organizer.tenantId, locale: context.activity.locale, graphToken: organizer.graphToken },
  });
}

/** What the form asks to send: the ticked and typed numbers, the kind, the attendees' time zone. */
function requestFromForm(data: SendFormInputs): SendRequestInput {
  return sendRequestFor(numbersToText(data), data.kind ?? '', data.timeZone);
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
  form: { cardId: string; data: SendFormInputs },
): Promise<StepAfterReview> {
  const { cardId, data } = form;
  const tenantId = (context.activity.conversation as Partial<ConversationAccount> | undefined)?.tenantId ?? '';
  const reviewed = await sender.review(requestFromForm(data), tenantId);
  if (!reviewed.ok) {
    const { receipt } = reviewed;
    const problems =
      receipt.status === 'refused' ? problemsToFix(receipt) : [{ message: receipt.failure?.message ?? 'Nothing was sent; try again.' }];
    return { step: 'fixForm', problems };
  }
  const { kind, attendees } = reviewed.plan;
  const numbers = attendees.map((attendee) => attendee.phoneNumber);
  const timeZone = attendees[0]?.timeZone ?? defaultAttendeeZone(data.timeZone);
  const carried = {
    cardId,
    ...(data.joinUrl ? { joinUrl: data.joinUrl } : {}),
    kind,
    timeZone,
    ...(data.overrideReason ? { overrideReason: data.overrideReason } : {}),
  };
  const card = confirmCard({
    kind,
    timeZone,
    numbers,
    sendData: { ...carried, extraNumbers: numbers.join(', ') },
    changeData: { ...carried, savedNumbers: data.savedNumbers ?? '', extraNumbers: data.extraNumbers ?? '' },
  });
  return { step: 'confirm', card };
}

/** What follows a send, whichever surface it came from (the chat's card, the compose box's dialog). */
export type StepAfterSend =
  | { step: 'fixForm'; problems: Array<{ message: string }> }
  | { step: 'consent'; card: AdaptiveCardJson }
  | { step: 'signInAgain' }
  | { step: 'receipt'; card: AdaptiveCardJson; sent: boolean };

/** The one after-send decision: fix the form, ask for consent, sign in again (MFA), or show the receipt. */
export function stepAfterSend(
  receipt: SendReceipt,
  context: TurnContext,
  show: { organizer: SignedInOrganizer; adminConsentUrl: (tenantId: string) => string },
): StepAfterSend {
  if (receipt.status === 'refused') return { step: 'fixForm', problems: problemsToFix(receipt) };
  if (receipt.failure?.reason === 'consentRequired')
    return { step: 'consent', card: consentCard(show.adminConsentUrl(context.activity.conversation.tenantId ?? '')) };
  // MFA or conditional access: asking Teams for a fresh token makes it prompt the organizer.
  if (receipt.failure?.reason === 'interactionRequired') return { step: 'signInAgain' };
  const senderName = show.organizer.name ?? (context.activity.from as Partial<ChannelAccount>).name ?? 'the organizer';
  return {
    step: 'receipt',
    card: receiptCard(toStoredReceipt(receipt), senderName, localTimezoneOf(context)),
    sent: receipt.status === 'sent',
  };
}

/** The organizer's own time zone, which Teams puts on activities (IANA). */
export function localTimezoneOf(context: TurnContext): string | undefined {
  return (context.activity as { localTimezone?: string }).localTimezone;
}
