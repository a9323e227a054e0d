import { langOf, type Messages } from '../domain/messages';

/**
 * Says a page in the reader's language: each element marked `data-say="key"` gets that key's
 * words, and the page its `lang` from the reader's `tags` (its HTML holds no words of its own; a key
 * without words throws).
 */
export function sayOnPage(
  page: Document,
  words: Readonly<Record<string, unknown>>,
  say: Pick<Messages, 'language'>,
  tags: string | readonly string[],
): void {
  page.documentElement.lang = langOf(say.language, tags);
  for (const element of page.querySelectorAll<HTMLElement>('[data-say]')) {
    const said = words[element.dataset.say ?? ''];
    if (typeof said !== 'string') throw new Error(`The page has no words for data-say="${element.dataset.say ?? ''}"`);
    element.textContent = said;
  }
}
