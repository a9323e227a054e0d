import { en, type Messages } from './en';
import { es } from './es';
import { LANGUAGES, languageOf, type Language } from './language';

export type { Messages } from './en';
export { LANGUAGES, langOf, languageOf, type Language } from './language';

/** The one catalog: every language's words, keyed by language (`Messages` makes each fill every key). */
export const CATALOG: Readonly<Record<Language, Messages>> = { 'en-US': en, 'es-US': es };

/** The words for a person, from the language tags their client gave (see `languageOf`). */
export function messagesFor(tags: string | readonly string[] | undefined | null): Messages {
  return CATALOG[languageOf(tags)];
}

/** The words of a record kept in its organizer's language (records from before languages were kept are in English). */
export function wordsOf(record: { language?: Language }): Messages {
  return CATALOG[record.language ?? LANGUAGES[0]];
}
