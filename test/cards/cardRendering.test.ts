import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { everyCard } from './everyCard';

const ARTIFACTS = join(__dirname, '..', 'artifacts', 'cards');
const renderer = readFileSync(require.resolve('adaptivecards/dist/adaptivecards.min.js'), 'utf8');

let browser: Browser;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});
afterAll(() => browser?.close());

/** The page Teams would give the card: its renderer, a card-width column, Teams-like fonts and colours. */
function page(card: Record<string, unknown>): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body { margin: 0; background: #f5f5f5; font-family: 'Segoe UI', 'DejaVu Sans', sans-serif; }
    #card { width: 440px; margin: 12px; background: #fff; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.2); }
  </style></head><body><div id="card"></div>
  <script>${renderer}</script>
  <script>
    const card = new AdaptiveCards.AdaptiveCard();
    card.hostConfig = new AdaptiveCards.HostConfig({ fontFamily: "'Segoe UI', 'DejaVu Sans', sans-serif", containerStyles: { default: { foregroundColors: {
      default: { default: '#242424', subtle: '#616161' }, attention: { default: '#c4314b' }, good: { default: '#237b4b' }, warning: { default: '#835c00' } } } } });
    card.parse(${JSON.stringify(card)});
    document.getElementById('card').appendChild(card.render());
  </script></body></html>`;
}

describe('the Adaptive Cards in a real browser', () => {
  it.each(everyCard)('%s renders in Chromium', async (name, card) => {
    const tab = await browser.newPage({ viewport: { width: 480, height: 800 } });
    try {
      await tab.setContent(page(card));
      const rendered = tab.locator('#card .ac-adaptiveCard');
      await rendered.waitFor();
      const firstText = JSON.stringify(card).match(/"type":"TextBlock","text":"([^"$]{6,40})/)?.[1];
      if (firstText) expect(await rendered.innerText()).toContain(firstText.slice(0, 20));
      const file = join(ARTIFACTS, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
      await tab.locator('#card').screenshot({ path: file });
      expect(statSync(file).size).toBeGreaterThan(1000);
    } finally {
      await tab.close();
    }
  });
});
