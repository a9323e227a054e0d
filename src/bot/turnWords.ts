import type { TurnContext } from 'botbuilder';
import { messagesFor, type Messages } from '../domain/messages';

/** The words of a turn: in the language of the Teams client that sent it (the activity's `locale`). */
export function wordsFor(context: TurnContext): Messages {
  return messagesFor(context.activity.locale);
}
