import { existsSync } from 'node:fs';
import { CHROMIUM, CHROMIUM_MISSING } from './browser';

/**
 * Jest's global setup: the browser tests need Debian's Chromium. Without it the run stops once,
 * first, with the line that fixes it, instead of failing every browser test with the same message.
 */
export default function requireChromium(): void {
  if (!existsSync(CHROMIUM)) throw new Error(CHROMIUM_MISSING);
}
