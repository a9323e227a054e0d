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

/** The page Teams would give the card: its renderer, a card-width column, the theme's fonts and colours (Teams' own). */
function page(card: Record<string, unknown>, theme: (typeof THEMES)[number], language: string): string {
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
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>card</title><style>
    body { margin: 0; background: ${palette.emphasis}; font-family: 'Segoe UI', 'DejaVu Sans', sans-serif; }
    #card { width: 440px; margin: 12px; background: ${palette.background}; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.2); }
    .ac-pushButton { background: ${palette.button}; color: ${palette.onAccent}; border: 1px solid ${palette.border}; }
    input, select, textarea { background: ${palette.background}; color: ${palette.text}; }
  </style></head><body><main id="card"></main>
  <script>${renderer}</script>
  <script>
    const card = new AdaptiveCards.AdaptiveCard();
    card.hostConfig = new AdaptiveCards.HostConfig(${JSON.stringify(hostConfig)});
    card.parse(${JSON.stringify(card)});
    document.getElementById('card').appendChild(card.render());
  </script></body></html>`;
}

async function rendered(card: Record<string, unknown>, theme: (typeof THEMES)[number], language = 'en-US'): Promise<Page> {
  const tab = await browser.newPage({ viewport: { width: 480, height: 800 } });
  await tab.setContent(page(card, theme, language));
  await tab.locator('#card .ac-adaptiveCard').waitFor();
  return tab;
}

const fileOf = (name: string) => `${name.replace(/[^a-z0-9]+/gi, '-')}.png`;

describe('the Adaptive Cards in a real browser', () => {
  it.each(everyCard)('%s renders in Chromium', async (name, card) => {
    const tab = await rendered(card, 'default');
    try {
      const firstText = JSON.stringify(card).match(/"type":"TextBlock","text":"([^"$]{6,40})/)?.[1];
      if (firstText) expect(await tab.locator('#card').innerText()).toContain(firstText.slice(0, 20));
      const file = join(ARTIFACTS, fileOf(name));
      await tab.locator('#card').screenshot({ path: file });
      expect(statSync(file).size).toBeGreaterThan(1000);
    } finally {
      await tab.close();
    }
  });

  it.each(everyCardInSpanish)('%s renders in Spanish too (pictures in test/artifacts/cards/es-US)', async (name, card) => {
    const tab = await rendered(card, 'default', 'es-US');
    try {
      const file = join(ARTIFACTS, 'es-US', fileOf(name));
      await tab.locator('#card').screenshot({ path: file });
      expect(statSync(file).size).toBeGreaterThan(1000);
    } finally {
      await tab.close();
    }
  });

  // Labels, names, headings, and text that reads at 4.5:1 on the theme's background (axe's color-contrast).
  it.each(THEMES)('every card passes axe (WCAG 2.1 A/AA, no serious or critical finding) in the %s theme', async (theme) => {
    const findings = [];
    for (const [name, card] of everyCard) {
      const tab = await rendered(card, theme);
      try {
        findings.push(...(await seriousViolations(tab.mainFrame())).map((finding) => ({ card: name, ...finding })));
      } finally {
        await tab.close();
      }
    }
    expect(findings).toEqual([]);
  });
});
