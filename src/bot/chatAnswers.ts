import { randomUUID } from 'node:crypto';
import { CardFactory, type TurnContext } from 'botbuilder';
import type { AttendeeBook } from '../app/attendeeBook';
import type { ScheduledSends } from '../app/scheduledSends';
import type { StandingReminders } from '../app/standingReminders';
import { dayChoiceCard, dayStartCard } from '../cards/dayActionCards';
import { helpCard, messageCard } from '../cards/chatCards';
import { historyCardFor, numbersCard } from '../cards/receiptCards';
import { summaryCard } from '../cards/sendFormCards';
import { withoutRefresh, type AdaptiveCardJson } from '../cards/cardJson';
import type { SendLedger } from '../store/sendLedger';
import type { NotificationKind } from '../domain/notificationKinds';
import type { ChatCommand } from './chatCommands';
import type { ResolvedMeeting } from './meetingDirectory';
import { refusalWords, type OrganizerGuard } from './organizerGuard';
import { wordsFor } from './turnWords';
import { scheduledCardFor } from './scheduledCard';
import { formForMeeting, localTimezoneOf } from './sendFormSteps';
import { toWindowsTimeZone } from '../domain/timeZones';

type CommandName = ChatCommand['name'];
type Command<N extends CommandName> = Extract<ChatCommand, { name: N }>;
type MeetingCommandName = Exclude<CommandName, 'help' | 'unknown' | 'day'>;

/** What the form's refresh carries into the organizer's first view: what was typed after `sms`. */
interface FormPrefill {
  kind?: string;
  numbers?: string[];
  joinUrl?: string;
}

export interface ChatAnswersDependencies {
  guard: OrganizerGuard;
  scheduled: ScheduledSends;
  standing: StandingReminders;
  book: AttendeeBook;
  ledger: SendLedger;
  userSpecificViews: boolean;
}

/** Answers typed commands: one handler per command; those about an appointment behind the organizer guard. */
export class ChatAnswers {
  private readonly meetingCommands: {
    [N in MeetingCommandName]: (context: TurnContext, meeting: ResolvedMeeting, command: Command<N>) => Promise<void>;
  } = {
    sms: (context, meeting, command) => this.sms(context, meeting, command),
    numbers: async (context, meeting) =>
      this.sendCard(context, numbersCard(await this.deps.book.list(meeting.onlineMeetingId), wordsFor(context))),
    numbersAdd: (context, meeting, command) => this.editBook(context, meeting, command),
    numbersRemove: (context, meeting, command) => this.editBook(context, meeting, command),
    history: async (context, meeting) => {
      const page = await this.deps.ledger.history(meeting.onlineMeetingId, { limit: 10 });
      await this.sendCard(context, historyCardFor(page.records, wordsFor(context), localTimezoneOf(context)));
    },
    scheduled: async (context, meeting) => this.sendCard(context, await scheduledCardFor(this.deps, meeting, context)),
  };

  constructor(private readonly deps: ChatAnswersDependencies) {}

  /** When the app joins a chat: what it does and how to talk to it there. */
  welcome(context: TurnContext): Promise<void> {
    const say = wordsFor(context);
    return this.sendCard(context, helpCard(say, say.bot.hello));
  }

  async answer(context: TurnContext, command: ChatCommand): Promise<void> {
    const say = wordsFor(context);
    if (command.name === 'help') return this.sendCard(context, helpCard(say));
    if (command.name === 'unknown') return this.sendCard(context, helpCard(say, say.bot.notUnderstood(command.text)));
    // A day is the organizer's own calendar, not one meeting: any chat, after sign-in.
    if (command.name === 'day') {
      // The organizer's zone as Teams gave it; without one, the day is read in their Outlook zone once they sign in.
      const timeZone = localTimezoneOf(context) ?? '';
      // Without a date: the card asks for it (today where the organizer is), the kind already chosen.
      if (!command.date) return this.sendCard(context, dayChoiceCard(todayIn(timeZone), timeZone, say, dayKindOf(command.kind)));
      const carried = { date: command.date, kind: command.kind, ...(timeZone ? { timeZone } : {}) };
      return this.sendCard(context, dayStartCard(command.kind, command.date, carried, say));
    }
    const guarded = await this.deps.guard.meetingOf(context);
    if (!guarded.ok && guarded.error.refusal === 'notInMeeting' && command.name === 'sms' && command.joinUrl)
      return this.smsByLink(context, command);
    if (!guarded.ok) {
      const words = refusalWords(guarded.error.refusal, say);
      return this.sendCard(context, messageCard(words.title, words.text));
    }
    // Each handler takes its own command: the map is keyed by the command's name.
    const handler = this.meetingCommands[command.name] as (
      context: TurnContext,
      meeting: ResolvedMeeting,
      command: ChatCommand,
    ) => Promise<void>;
    return handler(context, guarded.value.meeting, command);
  }

  private async sms(context: TurnContext, meeting: ResolvedMeeting, command: Command<'sms'>): Promise<void> {
    const cardId = randomUUID();
    const prefill = { kind: command.kind, numbers: command.numbers };
    if (!this.deps.userSpecificViews) {
      const form = await formForMeeting(this.deps.book, meeting, context, { cardId, data: prefill });
      return this.sendCard(context, withoutRefresh(form));
    }
    const summary = summaryCard({ cardId, organizerUserId: meeting.organizerUserId, meetingTitle: meeting.title }, wordsFor(context));
    return this.sendCard(context, summary, prefill);
  }

  /** Outside the meeting chat: the card signs the organizer in, then finds the meeting by its link. */
  private smsByLink(context: TurnContext, command: Command<'sms'>): Promise<void> {
    const say = wordsFor(context);
    const card = summaryCard(
      { cardId: randomUUID(), organizerUserId: context.activity.from.id, meetingTitle: say.guard.linkedMeeting },
      say,
    );
    return this.sendCard(context, card, { kind: command.kind, numbers: command.numbers, joinUrl: command.joinUrl });
  }

  private async editBook(context: TurnContext, meeting: ResolvedMeeting, command: Command<'numbersAdd' | 'numbersRemove'>): Promise<void> {
    const say = wordsFor(context);
    if (command.numbers.length === 0) return this.sendCard(context, messageCard(say.bot.whichNumbers, say.bot.whichNumbersText));
    const edit =
      command.name === 'numbersAdd'
        ? await this.deps.book.add(
            meeting.onlineMeetingId,
            command.numbers.map((phoneNumber) => ({ phoneNumber })),
            say,
            // Saved in the organizer's own zone: changeable per number on the form.
            toWindowsTimeZone(localTimezoneOf(context) ?? ''),
          )
        : await this.deps.book.remove(meeting.onlineMeetingId, command.numbers, say);
    const refused = edit.checks.flatMap((check) => (check.status === 'refused' ? [check.message] : []));
    const done = command.name === 'numbersAdd' ? say.bot.saved : say.bot.removed;
    const note = refused.length > 0 ? say.bot.nothingChanged(refused.join(' ')) : done;
    await this.sendCard(context, numbersCard(edit.attendees, say, note));
  }

  private async sendCard(context: TurnContext, card: AdaptiveCardJson, prefill?: FormPrefill): Promise<void> {
    const refresh = (card.refresh as { action: { data: Record<string, unknown> } } | undefined)?.action;
    if (prefill && refresh) refresh.data = { ...refresh.data, ...prefill };
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
  }
}

/** Today's date (`2026-12-01`) where the organizer is; in UTC when the zone Teams reported is unknown. */
function todayIn(timeZone: string): string {
  try {
    return new Date().toLocaleDateString('en-CA', { timeZone });
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

function dayKindOf(kind: NotificationKind): 'cancellation' | 'reschedule' {
  return kind === 'reschedule' ? 'reschedule' : 'cancellation';
}
