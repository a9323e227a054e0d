import type { Browser } from 'playwright-core';
import { launchChromium, subjectHidden } from '../support/browser';

/** The check every README picture passes before it is taken: its subject is neither clipped nor covered. */
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 30_000);
afterAll(() => browser.close());

async function hiddenIn(html: string): Promise<string> {
  const page = await browser.newPage({ viewport: { width: 400, height: 300 } });
  try {
    await page.setContent(html);
    return await subjectHidden(page.locator('#subject'));
  } finally {
    await page.close();
  }
}

describe("a picture's subject", () => {
  it('is all there when nothing covers it and the view holds it', async () => {
    expect(await hiddenIn('<div id="subject" style="margin:20px;height:100px">Hello</div>')).toBe('');
  });

  it('is clipped when the view cuts it (a button half below the bottom edge)', async () => {
    expect(
      await hiddenIn('<div style="height:280px"></div><button id="subject" style="height:40px">Close or move a whole day…</button>'),
    ).toMatch(/^clipped: /);
  });

  it('is covered when something is drawn over it (a list opened over a chat)', async () => {
    const html =
      '<div id="subject" style="margin:20px;height:100px;width:300px">Hi!</div>' +
      '<nav style="position:fixed;left:0;top:0;width:200px;height:300px;background:white">Chat list</nav>';
    expect(await hiddenIn(html)).toMatch(/^covered at .* by <nav/);
  });
});
