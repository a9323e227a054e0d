/** Every card the bot produced in these tests, for the card validity check. */
export const cardsSeen: Array<Record<string, unknown>> = [];

export function collectCard<T extends Record<string, unknown>>(card: T): T {
  cardsSeen.push(card);
  return card;
}
