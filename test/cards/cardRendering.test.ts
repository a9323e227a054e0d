import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { paletteOf } from '../../src/tab/theme';
import { seriousViolations } from '../support/axe';
import { launchChromium } from '../support/browser';
import { everyCard, everyCardInSpanish } from './everyCard';

const ARTIFACTS = join(__dirname, '..', 'artifacts', 'cards');
const renderer = readFileSync(require.resolve('adaptivecards/dist/adaptivecards.min.js'), 'utf8');
const THEMES = ['default', 'dark', 'contrast'] as const;

let browser: Browser;
beforeAll(async () => {
  mkdirSync(join(ARTIFACTS, 'es-US'), { recursive: true });
  browser = await launchChromium();
});
afterAll(() => browser?.close());

/** The page Teams would give cards: their renderer, a card-width column each, the theme's fonts and colours (Teams' own). */
function page(cards: ReadonlyArray<Record<string, unknown>>, theme: (typeof THEMES)[number], language: string): string {
  const palette = paletteOf(theme);
  const colour = (value: string) => ({ default: value, subtle: value });
  const hostConfig = {
    fontFamily: "'Segoe UI', 'DejaVu Sans', sans-serif",
    textBlock: { headingLevel: 2 },
    containerStyles: {
      default: {
        backgroundColor: palette.background,
        foregroundColors: {
          default: { default: palette.text, subtle: palette.subtle },
          accent: colour(palette.accent),
          attention: colour(palette.attention),
          good: colour(palette.good),
          warning: colour(palette.warning),
        },
      },
    },
  };
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>cards</title><style>
    body { margin: 0; background: ${palette.emphasis}; font-family: 'Segoe UI', 'DejaVu Sans', sans-serif; }
    .card { width: 440px; margin: 12px; background: ${palette.background}; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.2); }
    .ac-pushButton { background: ${palette.button}; color: ${palette.onAccent}; border: 1px solid ${palette.border}; }
    input, select, textarea { background: ${palette.background}; color: ${palette.text}; }
  </style></head><body><main></main>
  <script>${renderer}</script>
  <script>
    const hostConfig = new AdaptiveCards.HostConfig(${JSON.stringify(hostConfig)});
    for (const [index, json] of ${JSON.stringify(cards)}.entries()) {
      const card = new AdaptiveCards.AdaptiveCard();
      card.hostConfig = hostConfig;
      card.parse(json);
      const holder = document.createElement('section');
      holder.className = 'card';
      holder.id = 'card-' + index;
      holder.appendChild(card.render());
      document.querySelector('main').appendChild(holder);
    }
  </script></body></html>`;
}

/** The cards rendered one under the other, on one page (each `#card-N`, in the order given). */
async function rendered(cards: ReadonlyArray<Record<string, unknown>>, theme: (typeof THEMES)[number], language = 'en-US'): Promise<Page> {
  const tab = await browser.newPage({ viewport: { width: 480, height: 800 } });
  await tab.setContent(page(cards, theme, language));
  await tab.locator(`#card-${cards.length - 1} .ac-adaptiveCard`).waitFor();
  return tab;
}

const fileOf = (name: string) => `${name.replace(/[^a-z0-9]+/gi, '-')}.png`;

describe('the Adaptive Cards in a real browser', () => {
  it.each([
    ['English', everyCard, 'en-US', ARTIFACTS],
    ['Spanish', everyCardInSpanish, 'es-US', join(ARTIFACTS, 'es-US')],
  ] as const)('render in Chromium, in %s, each taken as a picture', async (_language, cards, language, folder) => {
    const tab = await rendered(
      cards.map(([, card]) => card),
      'default',
      language,
    );
    try {
      for (const [index, [name, card]] of cards.entries()) {
        const shown = tab.locator(`#card-${index}`);
        const firstText = JSON.stringify(card).match(/"type":"TextBlock","text":"([^"$]{6,40})/)?.[1];
        if (firstText) expect(await shown.innerText()).toContain(firstText.slice(0, 20));
        const file = join(folder, fileOf(name));
        await shown.screenshot({ path: file });
        expect(statSync(file).size).toBeGreaterThan(1000);
      }
    } finally {
      await tab.close();
    }
  });

  // Labels, names, headings, and text that reads at 4.5:1 on the theme's background (axe's color-contrast).
  it.each(THEMES)('every card passes axe (WCAG 2.1 A/AA, no serious or critical finding) in the %s theme', async (theme) => {
    const tab = await rendered(
      everyCard.map(([, card]) => card),
      theme,
    );
    try {
      const cardOf = (target: string) => everyCard[Number(/#card-(\d+)/.exec(target)?.[1])]?.[0] ?? target;
      const findings = (await seriousViolations(tab.mainFrame())).map((finding) => ({ ...finding, cards: finding.targets.map(cardOf) }));
      expect(findings).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
