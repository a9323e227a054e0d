import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** Draws appPackage/color.png (192×192) and outline.png (32×32, white on transparent) with Chromium. */
const bubble = (stroke: string, fill: string, text: string) => `
  <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="100%" height="100%">
    <path d="M6 7h20a3 3 0 0 1 3 3v10a3 3 0 0 1-3 3H14l-6 5v-5H6a3 3 0 0 1-3-3V10a3 3 0 0 1 3-3z" fill="${fill}" stroke="${stroke}" stroke-width="2" stroke-linejoin="round"/>
    <circle cx="11" cy="15" r="1.6" fill="${text}"/><circle cx="16" cy="15" r="1.6" fill="${text}"/><circle cx="21" cy="15" r="1.6" fill="${text}"/>
  </svg>`;

async function draw(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const page = await browser.newPage();
  const out = join(__dirname, '..', '..', '..', 'appPackage');
  await page.setViewportSize({ width: 192, height: 192 });
  await page.setContent(
    `<body style="margin:0;background:#5B5FC7"><div style="width:192px;height:192px;padding:36px;box-sizing:border-box">${bubble('#ffffff', '#ffffff', '#5B5FC7')}</div></body>`,
  );
  await page.screenshot({ path: join(out, 'color.png') });
  await page.setViewportSize({ width: 32, height: 32 });
  await page.setContent(
    `<body style="margin:0;background:transparent"><div style="width:32px;height:32px">${bubble('#ffffff', 'transparent', '#ffffff')}</div></body>`,
  );
  await page.screenshot({ path: join(out, 'outline.png'), omitBackground: true });
  await browser.close();
}

void draw();
