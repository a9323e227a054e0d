import { existsSync } from 'node:fs';
import { CHROMIUM, CHROMIUM_MISSING } from './browser';

/**
 * Jest's global setup: the browser tests need Debian's Chromium. Without it the run stops once,
 * first, with the line that fixes it, instead of failing every browser test with the same message
 * (a thrown error would come wrapped in jest's own lines and its stack).
 */
export default function requireChromium(): void {
  if (existsSync(CHROMIUM)) return;
  process.stderr.write(`${CHROMIUM_MISSING}\n`);
  process.exit(1);
}
