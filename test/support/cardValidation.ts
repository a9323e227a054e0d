import { JSDOM } from 'jsdom';

type AdaptiveCardsModule = typeof import('adaptivecards');

let adaptiveCards: AdaptiveCardsModule | undefined;

/** The adaptivecards renderer's parser needs a DOM; jsdom provides one. */
function loadAdaptiveCards(): AdaptiveCardsModule {
  if (!adaptiveCards) {
    const dom = new JSDOM('<!doctype html><html><body></body></html>');
    Object.assign(globalThis, { window: dom.window, document: dom.window.document, HTMLElement: dom.window.HTMLElement });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    adaptiveCards = require('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsModule;
  }
  return adaptiveCards;
}

/** Schema versions that introduced what our cards use; the parser does not check versions itself. */
const INTRODUCED_IN: Record<string, number> = {
  'Action.Execute': 1.4,
  refresh: 1.4,
  label: 1.3,
  isRequired: 1.3,
  errorMessage: 1.3,
  Table: 1.5,
};

/** Every problem the Adaptive Cards parser and validator report, plus features newer than the card's version. */
export function cardProblems(card: Record<string, unknown>): string[] {
  const AC = loadAdaptiveCards();
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const problems = Array.from({ length: context.eventCount }, (_, index) => context.getEventAt(index).message);
  problems.push(...parsed.validateProperties().validationEvents.map((event) => event.message));
  const version = Number(card.version);
  for (const feature of featuresIn(card)) {
    const since = INTRODUCED_IN[feature];
    if (since !== undefined && since > version) problems.push(`${feature} needs schema ${since}, the card says ${version}`);
  }
  return problems;
}

function featuresIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(featuresIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    key,
    ...(key === 'type' && typeof inner === 'string' ? [inner] : []),
    ...featuresIn(inner),
  ]);
}

/**
 * Every string a Teams client renders as Markdown: TextBlock text and FactSet values (a
 * RichTextBlock's TextRuns are plain text). Text a user typed must never be among them.
 */
export function markdownRendered(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(markdownRendered);
  if (typeof value !== 'object' || value === null) return [];
  const element = value as Record<string, unknown>;
  const own = element.type === 'TextBlock' && typeof element.text === 'string' ? [element.text] : [];
  const facts =
    element.type === 'FactSet' && Array.isArray(element.facts) ? element.facts.map((fact: { value?: unknown }) => String(fact.value)) : [];
  return [...own, ...facts, ...Object.values(element).flatMap(markdownRendered)];
}
