import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CardFactory, type MessagingExtensionAction, type MessagingExtensionActionResponse, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { AttendeeBook } from '../app/attendeeBook';
import type { NotificationSender } from '../app/notificationSender';
import { asDialogCard, type AdaptiveCardJson } from '../cards/cardJson';
import { messageCard } from '../cards/chatCards';
import type { Organizer } from '../domain/organizer';
import { refused, type Result } from '../domain/result';
import type { SendReceipt } from '../domain/sendReceipt';
import type { CardSignIn } from './cardSignIn';
import type { ResolvedMeeting } from './meetingDirectory';
import { refusalWords, type OrganizerGuard } from './organizerGuard';
import { wordsFor } from './turnWords';
import type { SendFormInputs } from '../cards/sendFormInputs';
import { formForMeeting, reviewForm, sendFromForm, stepAfterSend } from './sendFormSteps';
import type { OrganizerZones } from '../app/organizerZones';

export interface TextAttendeesExtensionDependencies {
  guard: OrganizerGuard;
  sender: NotificationSender;
  book: AttendeeBook;
  signIn: CardSignIn;
  zones: OrganizerZones;
  adminConsentUrl: (tenantId: string) => string;
  logger: Logger;
  /** Teams waits about 5 s for a submit and then retries it; answer before that. */
  submitDeadlineMs?: number;
}

export const TEXT_ATTENDEES_COMMAND = 'textAttendees';

/**
 * The "Text attendees" message extension: the organizer's send form as a dialog from the compose
 * box, and the receipt card inserted into the compose box after sending. Action commands get no
 * Teams SSO, so the organizer signs in once through the bot's OAuth connection.
 */
export class TextAttendeesExtension {
  constructor(private readonly deps: TextAttendeesExtensionDependencies) {}

  async fetchTask(context: TurnContext): Promise<MessagingExtensionActionResponse> {
    const checked = await this.organizerAndMeeting(context);
    if (!checked.ok) return checked.error;
    return dialog(context, asDialogCard(await this.form(context, checked.value.meeting, { cardId: randomUUID(), data: {} })));
  }

  async submitAction(context: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    const checked = await this.organizerAndMeeting(context);
    if (!checked.ok) return checked.error;
    const { meeting, organizer } = checked.value;
    const data = (action.data ?? {}) as SendFormInputs & { verb?: string };
    // The card id makes a retried submit (Teams retries slow ones) the same send, never a second.
    const cardId = data.cardId ?? randomUUID();
    // The dialog's buttons carry their verb in the data (Action.Submit): Review, Change, Send.
    if (data.verb === 'showForm') return dialog(context, asDialogCard(await this.form(context, meeting, { cardId, data })));
    if (data.verb === 'review') {
      const next = await reviewForm(this.deps.sender, context, { cardId, data, meeting });
      if (next.step === 'confirm') return dialog(context, asDialogCard(next.card));
      return dialog(context, asDialogCard(await this.form(context, meeting, { cardId, data, problems: next.problems })));
    }
    const sending = sendFromForm(this.deps.sender, context, { meeting, organizer, cardId, data });
    const receipt = await withinDeadline(sending, this.deps.submitDeadlineMs ?? 4000);
    if (!receipt) {
      sending.catch((error: unknown) =>
        this.deps.logger.error(
          { reason: error instanceof Error ? error.message : String(error) },
          'message extension send failed after its answer',
        ),
      );
      const say = wordsFor(context);
      return dialog(context, messageCard(say.bot.stillSending, say.bot.stillSendingText));
    }
    return this.afterSend(context, meeting, organizer, cardId, data, receipt);
  }

  private async afterSend(
    context: TurnContext,
    meeting: ResolvedMeeting,
    organizer: Organizer,
    cardId: string,
    data: SendFormInputs,
    receipt: SendReceipt,
  ): Promise<MessagingExtensionActionResponse> {
    const next = await stepAfterSend(receipt, context, { ...this.deps, organizer, form: { cardId, data } });
    switch (next.step) {
      case 'fixForm':
        return dialog(context, asDialogCard(await this.form(context, meeting, { cardId, data, problems: next.problems })));
      case 'consent':
        return dialog(context, next.card);
      case 'signInAgain':
        return this.signInResponse(context);
      case 'receipt':
        if (!next.sent) return dialog(context, next.card);
        // Into the compose box: the organizer posts it so the chat sees what was sent (masked numbers only).
        return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [CardFactory.adaptiveCard(next.card)] } };
    }
  }

  /** The organizer guard, with the token service's token (action commands get no SSO). */
  private async organizerAndMeeting(
    context: TurnContext,
  ): Promise<Result<{ meeting: ResolvedMeeting; organizer: Organizer }, MessagingExtensionActionResponse>> {
    const guarded = await this.deps.guard.signedIn(context, { magicCode: magicCodeOf(context) ?? '' });
    if (guarded.ok) return guarded;
    const { refusal } = guarded.error;
    if (refusal === 'signInNeeded' || refusal === 'signInInvalid') return refused(await this.signInResponse(context));
    const words = refusalWords(refusal, wordsFor(context));
    return refused(dialog(context, messageCard(words.title, words.text)));
  }

  /** Teams shows a sign-in link; after it, Teams repeats the request with the magic code in `state`. */
  private async signInResponse(context: TurnContext): Promise<MessagingExtensionActionResponse> {
    const signInLink = await this.deps.signIn.signInLink(context);
    const say = wordsFor(context);
    if (!signInLink) return dialog(context, messageCard(say.bot.signInUnavailable, say.bot.signInUnavailableText));
    return {
      composeExtension: {
        type: 'auth',
        suggestedActions: { actions: [{ type: 'openUrl', value: signInLink, title: say.bot.signInToSend }] },
      },
    };
  }

  private form(
    context: TurnContext,
    meeting: ResolvedMeeting,
    form: { cardId: string; data: SendFormInputs; problems?: Array<{ message: string }> },
  ): Promise<AdaptiveCardJson> {
    return formForMeeting(this.deps.book, meeting, context, form);
  }
}

function dialog(context: TurnContext, card: AdaptiveCardJson): MessagingExtensionActionResponse {
  const title = wordsFor(context).bot.dialogTitle;
  return { task: { type: 'continue', value: { title, card: CardFactory.adaptiveCard(card), width: 'medium', height: 'medium' } } };
}

/** After the sign-in page, Teams repeats the request with the magic code in `value.state`. */
function magicCodeOf(context: TurnContext): string | undefined {
  return (context.activity.value as { state?: string } | undefined)?.state;
}

async function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  const stopTimer = new AbortController();
  const late = sleep(ms, undefined, { signal: stopTimer.signal }).catch(() => undefined);
  try {
    return await Promise.race([work, late]);
  } finally {
    stopTimer.abort();
  }
}
