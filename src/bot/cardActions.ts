import type { Messages } from '../domain/messages';
import { randomUUID } from 'node:crypto';
import { CardFactory, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { AttendeeBook } from '../app/attendeeBook';
import type { NotificationSender } from '../app/notificationSender';
import type { ScheduledSends } from '../app/scheduledSends';
import type { StandingReminders } from '../app/standingReminders';
import { ADAPTIVE_CARD_CONTENT_TYPE, withoutRefresh, type AdaptiveCardJson } from '../cards/cardJson';
import { dayActionCard, dayPreviewCard } from '../cards/dayActionCards';
import { messageCard, nudgeQuestionCard } from '../cards/chatCards';
import { summaryCard } from '../cards/sendFormCards';
import type { SendFormInputs } from '../cards/sendFormInputs';
import type { DayActions } from '../app/dayActions';
import type { BotIdentity } from './botIdentity';
import { preconditionFailed, type SignInCredentials } from './cardSignIn';
import { chatCardUpdates } from './chatCardUpdates';
import type { ResolvedMeeting } from './meetingDirectory';
import { refusalWords, type Guarded, type OrganizerGuard, type Stopped } from './organizerGuard';
import { wordsFor } from './turnWords';
import { scheduledCardFor } from './scheduledCard';
import { formForMeeting, localTimezoneOf, reviewForm, sendFromForm, stepAfterSend } from './sendFormSteps';
import type { OrganizerZones } from '../app/organizerZones';
import { refusalMessage, sendRequestFor, type RequestRefusal } from '../domain/sendPolicy';

/** What an Action.Execute invoke carries. */
/** A day card's data: the date, the kind, the organizer's zone. */
interface DayInputs {
  date?: string;
}

/** A waiting text's card button: which one. */
interface ScheduledInputs {
  scheduleId?: string;
  /** The standing reminders' switch: on or off. */
  enabled?: boolean;
}

interface CardActionValue {
  action?: { verb?: string; data?: SendFormInputs & DayInputs & ScheduledInputs };
  authentication?: { token?: string };
  /** The magic code after the sign-in button's OAuth page (the fallback when SSO is not available). */
  state?: string;
}

interface CardAction {
  context: TurnContext;
  data: SendFormInputs & DayInputs & ScheduledInputs;
  cardId: string;
  credentials: SignInCredentials;
}

const CARD_VERBS = [
  'showForm',
  'review',
  'send',
  'previewDayAction',
  'runDayAction',
  'cancelScheduled',
  'remindBefore',
  'standingReminders',
  'showNudge',
  'sendNudgeReminder',
] as const;
/** Verbs of cards posted before the day action had one name: those cards stay in chats and still work. */
const EARLIER_VERBS: Partial<Record<string, CardVerb>> = { previewDay: 'previewDayAction', notifyDay: 'runDayAction' };
type CardVerb = (typeof CARD_VERBS)[number];

function isCardVerb(verb: string): verb is CardVerb {
  return (CARD_VERBS as readonly string[]).includes(verb);
}

export interface CardActionsDependencies extends BotIdentity {
  scheduled: ScheduledSends;
  standing: StandingReminders;
  /** The bot's app id, for updating a card after its turn (empty for an anonymous local bot). */
  botAppId: string;
  guard: OrganizerGuard;
  days: DayActions;
  book: AttendeeBook;
  sender: NotificationSender;
  zones: OrganizerZones;
  adminConsentUrl: (tenantId: string) => string;
  logger: Logger;
}

/** The organizer's card (Universal Actions): one handler per verb, each behind the organizer guard. */
export class CardActions {
  private readonly verbs: Record<CardVerb, (action: CardAction) => Promise<InvokeResponse>> = {
    showForm: (action) => this.showForm(action),
    review: (action) => this.review(action),
    send: (action) => this.send(action),
    previewDayAction: (action) => this.dayAction(action, 'preview'),
    runDayAction: (action) => this.dayAction(action, 'run'),
    cancelScheduled: (action) => this.cancelScheduled(action),
    remindBefore: (action) => this.remindBefore(action),
    standingReminders: (action) => this.standingReminders(action),
    showNudge: (action) => this.showNudge(action),
    sendNudgeReminder: (action) => this.sendNudgeReminder(action),
  };

  constructor(private readonly deps: CardActionsDependencies) {}

  run(context: TurnContext): Promise<InvokeResponse> {
    const value = (context.activity.value ?? {}) as CardActionValue;
    const data = value.action?.data ?? {};
    const credentials: SignInCredentials = { token: value.authentication?.token, ...(value.state ? { magicCode: value.state } : {}) };
    const action = { context, data, cardId: data.cardId ?? randomUUID(), credentials };
    const asked = value.action?.verb ?? '';
    const verb = EARLIER_VERBS[asked] ?? asked;
    if (!isCardVerb(verb)) {
      const say = wordsFor(context);
      return Promise.resolve(cardResponse(messageCard(say.bot.updateCard, say.bot.unknownVerb(asked))));
    }
    return this.verbs[verb](action);
  }

  /** The refresh Teams runs for the organizer: the form, from the shared summary; others keep the summary. */
  private async showForm(action: CardAction): Promise<InvokeResponse> {
    const found = await this.organizersMeeting(action);
    return found.ok ? cardResponse(await this.formFor(action, found.value.meeting)) : this.refused(action, found.error);
  }

  /** Who will be texted and how many, before anything is sent; or the form with what to fix. */
  private async review(action: CardAction): Promise<InvokeResponse> {
    const found = await this.organizersMeeting(action);
    if (!found.ok) return this.refused(action, found.error);
    const { meeting } = found.value;
    const next = await reviewForm(this.deps.sender, action.context, { ...action, meeting });
    return cardResponse(next.step === 'confirm' ? next.card : await this.formFor(action, meeting, next.problems));
  }

  /** The chat's meeting for its organizer; outside the chat, theirs by join link, which needs sign-in. */
  private async organizersMeeting(action: CardAction): Promise<Guarded<{ meeting: ResolvedMeeting }>> {
    const { context, data } = action;
    const inChat = await this.deps.guard.meetingOf(context);
    if (inChat.ok || !(inChat.error.refusal === 'notInMeeting' && data.joinUrl)) return inChat;
    return this.deps.guard.signedIn(context, action.credentials, data.joinUrl);
  }

  private async send(action: CardAction): Promise<InvokeResponse> {
    const { context, data, cardId } = action;
    const guarded = await this.deps.guard.signedIn(context, action.credentials, data.joinUrl);
    if (!guarded.ok) return this.refused(action, guarded.error);
    const { meeting, organizer } = guarded.value;
    const receipt = await sendFromForm(this.deps.sender, context, { meeting, organizer, cardId, data });
    const next = await stepAfterSend(receipt, context, { ...this.deps, organizer, form: { cardId, data } });
    switch (next.step) {
      case 'fixForm':
        return cardResponse(await this.formFor(action, meeting, next.problems));
      case 'consent':
        return cardResponse(next.card);
      case 'signInAgain':
        return this.deps.signIn.signInAgain(context);
      case 'receipt':
        // Everyone in the chat sees the receipt (masked numbers only), so nobody sends it again by accident.
        if (context.activity.replyToId) await this.updateCard(context, context.activity.replyToId, next.card);
        return cardResponse(next.card);
    }
  }

  /**
   * A whole day from the organizer's own calendar: not one meeting's organizer check but the
   * signed-in user's calendar; each appointment is then checked and sent by the same sender.
   */
  private async dayAction(action: CardAction, step: 'preview' | 'run'): Promise<InvokeResponse> {
    const { context, data } = action;
    const signedIn = await this.deps.signIn.organizer(context, action.credentials);
    if (!signedIn.ok) return this.refused(action, { refusal: signedIn.error });
    // The day in the zone the card was made for; the organizer's own (Outlook's) when Teams gave none.
    const request = { date: data.date ?? '', ...(data.timeZone ? { timeZone: data.timeZone } : {}), kind: data.kind ?? '' };
    const organizer = { ...signedIn.value, locale: context.activity.locale };
    const say = wordsFor(context);
    if (step === 'preview') {
      const preview = await this.deps.days.preview(request, organizer);
      return preview.ok ? cardResponse(dayPreviewCard(preview.value, { ...data }, say)) : dayUnreadable(preview.error, say);
    }
    // The card answers at once and then follows the day as each appointment completes.
    const progress = chatCardUpdates(context, this.deps.botAppId, this.deps.logger);
    const started = await this.deps.days.start(request, organizer, progress && ((now) => progress(dayActionCard(now, say))));
    if (!started.ok) return dayUnreadable(started.error, say);
    const { first, done } = started.value;
    if (!progress) return cardResponse(dayActionCard(await done, say));
    done.catch((error: unknown) => {
      this.deps.logger.error({ reason: error instanceof Error ? error.message : String(error) }, 'a day action stopped part-way');
      progress(messageCard(say.bot.dayStopped, say.bot.dayStoppedText));
    });
    return cardResponse(dayActionCard(first, say));
  }

  /** The organizer cancels a text still waiting; the card shows what is waiting now. */
  private async cancelScheduled(action: CardAction): Promise<InvokeResponse> {
    const found = await this.deps.guard.meetingOf(action.context);
    if (!found.ok) return this.refused(action, found.error);
    const { meeting } = found.value;
    await this.deps.scheduled.cancel(meeting.organizerAadObjectId, action.data.scheduleId ?? '');
    return cardResponse(await scheduledCardFor(this.deps, meeting, action.context));
  }

  /** The automatic reminder needs the appointment's start from Graph, as the organizer: sign-in first. */
  private async remindBefore(action: CardAction): Promise<InvokeResponse> {
    const { context } = action;
    const guarded = await this.deps.guard.signedIn(context, action.credentials, action.data.joinUrl);
    if (!guarded.ok) return this.refused(action, guarded.error);
    const { meeting, organizer } = guarded.value;
    // Numbers saved without a zone of their own get the organizer's: Teams' here, else Outlook's.
    const result = await this.deps.scheduled.remindBefore(organizer, meeting.onlineMeetingId, localTimezoneOf(context));
    if (!result.ok) return cardResponse(messageCard(wordsFor(context).bot.reminderNotOn, refusalMessage(result.error)));
    return cardResponse(await scheduledCardFor(this.deps, meeting, context));
  }

  /** The standing reminders' switch: turning them on reads the organizer's calendar at once, so sign-in first. */
  private async standingReminders(action: CardAction): Promise<InvokeResponse> {
    const { context } = action;
    const guarded = await this.deps.guard.signedIn(context, action.credentials, action.data.joinUrl);
    if (!guarded.ok) return this.refused(action, guarded.error);
    const { meeting, organizer } = guarded.value;
    if (action.data.enabled === false) await this.deps.standing.turnOff(organizer.oid);
    else {
      // Numbers saved without a zone of their own get the organizer's: Teams' here, else Outlook's.
      const zone = localTimezoneOf(context);
      const result = await this.deps.standing.turnOn({ ...organizer, ...(zone ? { timeZone: zone } : {}) }, zone);
      if (!result.ok) return cardResponse(messageCard(wordsFor(context).bot.standingNotOn, refusalMessage(result.error)));
    }
    return cardResponse(await scheduledCardFor(this.deps, meeting, context));
  }

  /** Teams refreshes the nudge for the organizer alone: the question; anyone else keeps the neutral line. */
  private async showNudge(action: CardAction): Promise<InvokeResponse> {
    const found = await this.deps.guard.meetingOf(action.context);
    const say = wordsFor(action.context);
    if (!found.ok) return cardResponse(messageCard(say.bot.waitingToJoin, ' '));
    return cardResponse(nudgeQuestionCard(found.value.meeting.title, say));
  }

  /** One click: the reminder to the appointment's saved numbers, through the same sender, once (the instance names the appointment and day). */
  private async sendNudgeReminder(action: CardAction): Promise<InvokeResponse> {
    const { context, cardId, data } = action;
    const guarded = await this.deps.guard.signedIn(context, action.credentials);
    if (!guarded.ok) return this.refused(action, guarded.error);
    const { meeting, organizer } = guarded.value;
    const saved = await this.deps.book.list(meeting.onlineMeetingId);
    const zone = localTimezoneOf(context);
    const receipt = await this.deps.sender.send({
      onlineMeetingId: meeting.onlineMeetingId,
      instance: `nudge:${meeting.onlineMeetingId}:${new Date().toISOString().slice(0, 10)}`,
      request: sendRequestFor(
        saved.map((attendee) => attendee.phoneNumber),
        'reminder',
        zone,
      ),
      organizer: { ...organizer, locale: context.activity.locale, ...(zone ? { timeZone: zone } : {}) },
    });
    const next = await stepAfterSend(receipt, context, { ...this.deps, organizer, form: { cardId, data } });
    if (next.step === 'signInAgain') return this.deps.signIn.signInAgain(context);
    if (next.step === 'fixForm')
      return cardResponse(messageCard(wordsFor(context).bot.nothingSent, next.problems.map((problem) => problem.message).join(' ')));
    return cardResponse(next.card);
  }

  private async refused({ context, cardId }: CardAction, { refusal, meeting }: Stopped): Promise<InvokeResponse> {
    if (refusal === 'signInNeeded') return this.deps.signIn.signInAgain(context);
    const say = wordsFor(context);
    if (refusal === 'signInInvalid') return preconditionFailed(say);
    // The refresh reached someone else: they see the summary everyone sees.
    if (refusal === 'notOrganizer' && meeting)
      return cardResponse(summaryCard({ cardId, organizerUserId: meeting.organizerUserId, meetingTitle: meeting.title }, say));
    const words = refusalWords(refusal, say);
    return cardResponse(messageCard(words.title, words.text));
  }

  /** The card in the chat becomes the receipt; if Teams refuses (message deleted, app removed), the organizer still gets it. */
  private async updateCard(context: TurnContext, activityId: string, card: AdaptiveCardJson): Promise<void> {
    try {
      await context.updateActivity({ id: activityId, type: 'message', attachments: [CardFactory.adaptiveCard(card)] });
    } catch (error) {
      this.deps.logger.warn(
        { reason: error instanceof Error ? error.message : String(error) },
        'could not update the card in the chat; the organizer got the receipt',
      );
    }
  }

  private async formFor(
    { context, cardId, data }: CardAction,
    meeting: ResolvedMeeting,
    problems?: Array<{ message: string }>,
  ): Promise<AdaptiveCardJson> {
    const form = await formForMeeting(this.deps.book, meeting, context, { cardId, data, problems });
    // Without user-specific views the host would show its "not supported" warning for the refresh.
    return this.deps.userSpecificViews ? form : withoutRefresh(form);
  }
}

function dayUnreadable(refusal: RequestRefusal, say: Messages): InvokeResponse {
  return cardResponse(messageCard(say.bot.dayUnreadable, refusalMessage(refusal)));
}

function cardResponse(card: AdaptiveCardJson): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card } };
}
