/** The languages every string a person reads comes in; the first is the one for anyone else. */
export const LANGUAGES = ['en-US', 'es-US'] as const;

export type Language = (typeof LANGUAGES)[number];

/**
 * The language for a person, from the tags their client gave in order of preference (Teams'
 * `locale`, teams-js `app.locale`, `Accept-Language` already ordered by weight): the first whose
 * language we write, by its language alone (`es-MX` reads `es-US`); English otherwise.
 */
export function languageOf(tags: string | readonly string[] | undefined | null): Language {
  const preferred = typeof tags === 'string' ? [tags] : (tags ?? []);
  for (const tag of preferred) {
    const language = tag.trim().toLowerCase().split(/[-_]/)[0];
    const written = LANGUAGES.find((known) => known.toLowerCase().startsWith(`${language}-`));
    if (written) return written;
  }
  return LANGUAGES[0];
}

/** Chooses the plural form `count` takes in `language` (Spanish and English: one, other). */
export function plural(language: Language, count: number, forms: { one: string; other: string }): string {
  const form = pluralRules(language).select(count) === 'one' ? forms.one : forms.other;
  return form.replace('#', new Intl.NumberFormat(language).format(count));
}

const rules = new Map<Language, Intl.PluralRules>();
function pluralRules(language: Language): Intl.PluralRules {
  let found = rules.get(language);
  if (!found) rules.set(language, (found = new Intl.PluralRules(language)));
  return found;
}
