import * as AdaptiveCards from 'adaptivecards';
import type { AdaptiveCardJson } from '../cards/cardJson';
import { paletteOf } from './theme';

/** A button pressed on a card: its verb (Action.Execute) and the data with the inputs' values. */
export type CardActionHandler = (verb: string, data: Record<string, unknown>) => void;

const FONT = '"Segoe UI", system-ui, -apple-system, sans-serif';

function hostConfigFor(theme: string): AdaptiveCards.HostConfig {
  const palette = paletteOf(theme);
  const colour = (value: string) => ({ default: value, subtle: value });
  const foregroundColors = {
    default: { default: palette.text, subtle: palette.subtle },
    accent: colour(palette.accent),
    good: colour(palette.good),
    warning: colour(palette.warning),
    attention: colour(palette.attention),
  };
  return new AdaptiveCards.HostConfig({
    fontFamily: FONT,
    supportsInteractivity: true,
    // A card's title is a heading its sections hang under (the panel's own headings are h1).
    textBlock: { headingLevel: 2 },
    containerStyles: {
      default: { backgroundColor: palette.background, foregroundColors },
      emphasis: { backgroundColor: palette.emphasis, foregroundColors },
    },
    actions: {
      actionsOrientation: 'horizontal',
      actionAlignment: 'left',
      buttonSpacing: 8,
      maxActions: 5,
      spacing: 'default',
      showCard: { actionMode: 'inline' },
    },
  });
}

/** A button title that follows the inputs (the form's Send says to how many people as they are ticked and typed). */
export type LiveTitle = { verb: string; title: (inputs: Record<string, string>) => string };

/** Renders one of the app's cards (the same templates the bot sends) into `container`. */
export function renderCard(
  container: HTMLElement,
  card: AdaptiveCardJson,
  theme: string,
  onAction?: CardActionHandler,
  liveTitle?: LiveTitle,
): void {
  const adaptive = new AdaptiveCards.AdaptiveCard();
  adaptive.hostConfig = hostConfigFor(theme);
  adaptive.onExecuteAction = (action) => {
    const verb = verbOfAction(action);
    const data = (
      action instanceof AdaptiveCards.SubmitAction || action instanceof AdaptiveCards.ExecuteAction ? (action.data ?? {}) : {}
    ) as Record<string, unknown>;
    if (verb !== undefined) onAction?.(verb, data);
    else if (action instanceof AdaptiveCards.OpenUrlAction && action.url) window.open(action.url, '_blank', 'noopener');
  };
  adaptive.parse(card);
  const element = adaptive.render();
  if (!element) return;
  // Not a tab stop of its own (the renderer makes the card one, with no name): its inputs and buttons are.
  // Focusable from script, so focus can move to an outcome.
  element.tabIndex = -1;
  container.replaceChildren(element);
  if (liveTitle) followInputs(adaptive, element, liveTitle);
}

function followInputs(adaptive: AdaptiveCards.AdaptiveCard, rendered: HTMLElement, live: LiveTitle): void {
  const button = Array.from({ length: adaptive.getActionCount() }, (_, index) => adaptive.getActionAt(index)).find(
    (action) => verbOfAction(action) === live.verb,
  )?.renderedElement;
  if (!button) return;
  const update = () => {
    const inputs = Object.fromEntries(
      adaptive.getAllInputs().map((input) => [input.id ?? '', input.value === undefined ? '' : String(input.value)]),
    );
    const title = live.title(inputs);
    const label = button.querySelector('div') ?? button;
    label.textContent = title;
    button.setAttribute('aria-label', title);
  };
  // The DOM's own events: every keystroke and every tick.
  rendered.addEventListener('input', update);
  rendered.addEventListener('change', update);
  update();
}

/** Action.Execute names its verb; Action.Submit carries it in its data (see asDialogCard). */
function verbOfAction(action: AdaptiveCards.Action | undefined): string | undefined {
  if (action instanceof AdaptiveCards.ExecuteAction) return action.verb;
  if (!(action instanceof AdaptiveCards.SubmitAction)) return undefined;
  const verb = (action.data as { verb?: unknown } | undefined)?.verb;
  return typeof verb === 'string' ? verb : '';
}
