import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm run readme-pictures`: the README's pictures are the ones the tests took (test/artifacts),
 * copied under docs/images, so they always show what the code renders today. Run `npm test` first.
 */
const ROOT = join(__dirname, '..', '..', '..');

/** docs/images name ← test/artifacts path. */
export const README_PICTURES: Readonly<Record<string, string>> = {
  'card-form-refused.png': 'cards/form-with-saved-numbers-and-problems.png',
  'card-confirm.png': 'cards/confirm.png',
  'card-receipt.png': 'cards/receipt-sent.png',
  'card-history.png': 'cards/history.png',
  'card-day-preview.png': 'cards/day-preview.png',
  'side-panel-receipt.png': 'side-panel-receipt.png',
  'side-panel-day.png': 'side-panel-day.png',
  'side-panel-scheduled.png': 'side-panel-scheduled.png',
  'card-scheduled.png': 'cards/scheduled.png',
  'card-scheduled-standing.png': 'cards/scheduled-standing-reminders-on.png',
  'card-nudge.png': 'cards/nudge-for-the-organizer.png',
  'playground-day.png': 'playground-day.png',
  'playground-group-chat.png': 'playground-group-chat.png',
  'admin-page.png': 'admin-page.png',
  'side-panel-es-receipt.png': 'side-panel-es-receipt.png',
  'card-form-refused-es.png': 'cards/es-US/form-with-saved-numbers-and-problems.png',
};

function main(): void {
  const missing = Object.values(README_PICTURES).filter((artifact) => !existsSync(join(ROOT, 'test', 'artifacts', artifact)));
  if (missing.length > 0) {
    console.error(`Run npm test first: it takes these pictures (${missing.join(', ')}).`);
    process.exit(1);
  }
  mkdirSync(join(ROOT, 'docs', 'images'), { recursive: true });
  for (const [picture, artifact] of Object.entries(README_PICTURES)) {
    copyFileSync(join(ROOT, 'test', 'artifacts', artifact), join(ROOT, 'docs', 'images', picture));
  }
  console.log(`docs/images: ${Object.keys(README_PICTURES).length} pictures from test/artifacts`);
}

if (require.main === module) main();
