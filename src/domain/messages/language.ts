/** The languages every string a person reads comes in; the first is the one for anyone else. */
export const LANGUAGES = ['en-US', 'es-US'] as const;

export type Language = (typeof LANGUAGES)[number];

/**
 * The language for a person, from the tags their client gave in order of preference (Teams'
 * `locale`, teams-js `app.locale`, `Accept-Language` already ordered by weight): the first whose
 * language we write, by its language alone (`es-MX` reads `es-US`); English otherwise.
 */
export function languageOf(tags: string | readonly string[] | undefined | null): Language {
  for (const tag of tagsOf(tags)) {
    const written = LANGUAGES.find((known) => known.toLowerCase().startsWith(`${spokenIn(tag)}-`));
    if (written) return written;
  }
  return LANGUAGES[0];
}

/**
 * A page's `lang` when its words are in `language`: the reader's own tag when it is that language
 * (`es-MX`, so a screen reader speaks as they do), else the language written (a French client
 * reading English gets `en-US`, never `fr-FR`).
 */
export function langOf(language: Language, tags: string | readonly string[] | undefined | null): string {
  const own = tagsOf(tags).find((tag) => spokenIn(tag) === spokenIn(language));
  if (!own) return language;
  try {
    return Intl.getCanonicalLocales(own.trim().replace(/_/g, '-'))[0] ?? language;
  } catch {
    return language;
  }
}

function tagsOf(tags: string | readonly string[] | undefined | null): readonly string[] {
  return typeof tags === 'string' ? [tags] : (tags ?? []);
}

/** The language a tag names, without its region: `es` for `es-MX`. */
function spokenIn(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/** Chooses the plural form `count` takes in `language` (Spanish and English: one, other). */
export function plural(language: Language, count: number, forms: { one: string; other: string }): string {
  const { rules, numbers } = countingIn(language);
  return (rules.select(count) === 'one' ? forms.one : forms.other).replace('#', numbers.format(count));
}

/** Each language's plural rules and number format, made once (making them costs more than using them). */
const counting = new Map<Language, { rules: Intl.PluralRules; numbers: Intl.NumberFormat }>();
function countingIn(language: Language): { rules: Intl.PluralRules; numbers: Intl.NumberFormat } {
  let found = counting.get(language);
  if (!found) counting.set(language, (found = { rules: new Intl.PluralRules(language), numbers: new Intl.NumberFormat(language) }));
  return found;
}
