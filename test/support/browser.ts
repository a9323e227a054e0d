import { existsSync } from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_MISSING = `No Chromium at ${CHROMIUM}: run "apt-get install chromium" (.ci/run does) or set CHROMIUM_PATH.`;

/**
 * Debian's Chromium, headless, with nothing reaching out to the network on its own. A stand-in the
 * pages must reach directly (not through the simulated Teams host) is named in `publicAddresses`
 * (`127.0.0.1:port`): Chromium keeps public pages off this machine's addresses otherwise.
 */
export async function launchChromium(publicAddresses: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(CHROMIUM_MISSING);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(publicAddresses.length > 0
        ? [`--ip-address-space-overrides=${publicAddresses.map((address) => `${address}=public`).join(',')}`]
        : []),
    ],
  });
}

/**
 * Why a picture's subject would not be all there: outside the view (clipped) at any edge, or
 * under something else (covered) at a corner or its centre; empty when it is all there.
 */
export function subjectHidden(subject: Locator): Promise<string> {
  return subject.evaluate((element) => {
    const box = element.getBoundingClientRect();
    if (box.top < 0 || box.left < 0 || box.bottom > window.innerHeight || box.right > window.innerWidth)
      return `clipped: ${Math.round(box.left)},${Math.round(box.top)} to ${Math.round(box.right)},${Math.round(box.bottom)} in a ${window.innerWidth}x${window.innerHeight} view`;
    const inset = 3;
    const points: Array<[number, number]> = [
      [box.left + inset, box.top + inset],
      [box.right - inset, box.top + inset],
      [box.left + inset, box.bottom - inset],
      [box.right - inset, box.bottom - inset],
      [(box.left + box.right) / 2, (box.top + box.bottom) / 2],
    ];
    for (const [x, y] of points) {
      const top = document.elementFromPoint(x, y);
      if (top && top !== element && !element.contains(top))
        return `covered at ${Math.round(x)},${Math.round(y)} by <${top.tagName.toLowerCase()} class="${top.className}">`;
    }
    return '';
  });
}

/**
 * A picture for people to look at (test/artifacts, the README's docs/images): taken only when its
 * subject is all there. `subjectOnly`: the picture is the subject itself, so nothing else in it
 * can be cut in half by the view's edge.
 */
export async function pictureOf(page: Page, subject: Locator, path: string, options: { subjectOnly?: boolean } = {}): Promise<void> {
  const hidden = await subjectHidden(subject);
  if (hidden) throw new Error(`The picture ${path} would not show its subject whole: ${hidden}`);
  if (options.subjectOnly) await subject.screenshot({ path });
  else await page.screenshot({ path });
}
