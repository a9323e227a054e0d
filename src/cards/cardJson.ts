import * as ACData from 'adaptivecards-templating';

/** An Adaptive Card as JSON, ready for an attachment or an invoke response. */
export type AdaptiveCardJson = Record<string, unknown>;

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/**
 * One prepared Template per card template: preparing parses every `${…}` expression, which cost
 * more than the expansion itself; a Template is made to be expanded with different data again and
 * again (expansion is synchronous, so sharing it is safe).
 */
const prepared = new Map<object, ACData.Template>();

export function expand(template: object, data: object): AdaptiveCardJson {
  let ready = prepared.get(template);
  if (!ready) {
    ready = new ACData.Template(template);
    prepared.set(template, ready);
  }
  return ready.expand({ $root: data }) as AdaptiveCardJson;
}

/**
 * A catalog section's fixed words, for a template's `${t.…}`: what depends on a value is said by
 * the card's code, which calls the catalog's function itself.
 */
export function fixedWords(section: object): Record<string, string> {
  let words = fixedWordsOf.get(section);
  if (!words) {
    words = Object.fromEntries(Object.entries(section).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    fixedWordsOf.set(section, words);
  }
  return words;
}

/** A catalog section's fixed words, found once: the sections are the same objects for every card. */
const fixedWordsOf = new WeakMap<object, Record<string, string>>();

/** The card without its Universal Actions refresh: for hosts that have no user-specific views (Agents Playground, dialogs). */
export function withoutRefresh(card: AdaptiveCardJson): AdaptiveCardJson {
  const { refresh: _refresh, ...rest } = card;
  return rest;
}

/**
 * The same card for a dialog (message extension task module): dialogs submit with Action.Submit,
 * carrying the verb in the data, and have no Universal Actions refresh.
 */
export function asDialogCard(card: AdaptiveCardJson): AdaptiveCardJson {
  const { actions, ...rest } = withoutRefresh(card) as AdaptiveCardJson & { actions?: Array<Record<string, unknown>> };
  if (!actions) return rest;
  return {
    ...rest,
    actions: actions.map((action) => {
      if (action.type !== 'Action.Execute') return action;
      const { verb, data, ...rest } = action;
      return { ...rest, type: 'Action.Submit', data: { ...(data as object | undefined), verb } };
    }),
  };
}
