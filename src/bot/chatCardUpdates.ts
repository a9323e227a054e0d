import { CardFactory, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { AdaptiveCardJson } from '../cards/cardJson';

/** Teams throttles message updates per conversation; a progress card needs no more than one a second. */
const AT_MOST_EVERY_MS = 1_000;

/**
 * Keeps the card a turn was invoked from up to date after the turn has ended (a proactive update
 * through the adapter): at most one update a second, always the latest card, the last one never
 * dropped. Undefined when the invoke names no card to update.
 */
export function chatCardUpdates(context: TurnContext, botAppId: string, logger: Logger): ((card: AdaptiveCardJson) => void) | undefined {
  const activityId = context.activity.replyToId;
  if (!activityId) return undefined;
  const reference = TurnContext.getConversationReference(context.activity);
  const adapter = context.adapter;
  let latest: AdaptiveCardJson | undefined;
  let pumping = false;
  let refused = false;
  const update = (card: AdaptiveCardJson) =>
    adapter.continueConversationAsync(botAppId, reference, async (proactive) => {
      await proactive.updateActivity({ id: activityId, type: 'message', attachments: [CardFactory.adaptiveCard(card)] });
    });
  const pump = async () => {
    pumping = true;
    while (latest && !refused) {
      await new Promise((resolve) => setTimeout(resolve, AT_MOST_EVERY_MS));
      const card = latest;
      latest = undefined;
      await update(card).catch((error: unknown) => {
        // The message was deleted or the app removed: the outcome stays in the day action's record.
        refused = true;
        logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'could not update the day card in the chat');
      });
    }
    pumping = false;
  };
  return (card) => {
    latest = card;
    if (!pumping) void pump();
  };
}
