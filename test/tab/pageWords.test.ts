import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG, LANGUAGES } from '../../src/domain/messages';

const PAGES = join(__dirname, '..', '..', 'src', 'tab', 'pages');

/** Each page whose words come from a catalog section, filled in by `sayOnPage` as the page opens. */
const SAID: ReadonlyArray<[string, 'admin' | 'configure' | 'consentPage']> = [
  ['admin.html', 'admin'],
  ['config.html', 'configure'],
  ['auth.html', 'consentPage'],
];

describe("the tab's pages", () => {
  it.each(SAID)('%s holds no words of its own: each is a key of the catalog, in every language', (page, section) => {
    const html = readFileSync(join(PAGES, page), 'utf8');
    const keys = [...html.matchAll(/data-say="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(keys.length).toBeGreaterThan(0);
    for (const language of LANGUAGES) {
      const words = CATALOG[language][section] as Record<string, unknown>;
      expect(keys.filter((key) => typeof words[key] !== 'string')).toEqual([]);
    }
    // Left once each element's words are taken out, with the tags and the app's name: nothing to read.
    const left = html
      .replace(/<script[\s\S]*?<\/script>/g, '')
      .replace(/(<[^>]*data-say="[^"]+"[^>]*>)[^<]*/g, '$1')
      .replace(/<[^>]+>/g, '')
      .replaceAll('Appointment SMS', '');
    expect(left.match(/\p{L}[\p{L}\s’'.,:()-]*/gu) ?? []).toEqual([]);
  });
});
