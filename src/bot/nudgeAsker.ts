import { wordsOf } from '../domain/messages';
import { CardFactory } from 'botbuilder';
import type { NudgeAsker } from '../app/meetingNudges';
import { nudgeCard, nudgeQuestionCard } from '../cards/chatCards';
import type { ScheduledSend } from '../store/schedule';
import type { BotHost } from './botHost';

/**
 * Asks in the appointment's chat: a card everyone sees as a neutral line, refreshed into the
 * question for the organizer alone; where cards have no user-specific views (the Playground),
 * the question itself.
 */
export function nudgeAskerIn(host: Pick<BotHost, 'postToChat'>, userSpecificViews: boolean): NudgeAsker {
  return {
    ask: async (nudge: ScheduledSend) => {
      if (!nudge.chat) return;
      const { id, organizerUserId, title } = nudge.chat;
      const say = wordsOf(nudge);
      const card = userSpecificViews ? nudgeCard(title, organizerUserId, say) : nudgeQuestionCard(title, say);
      await host.postToChat(id, { type: 'message', attachments: [CardFactory.adaptiveCard(card)] });
    },
  };
}
