import { CATALOG, LANGUAGES, langOf, languageOf, messagesFor, wordsOf } from '.';

/** Every entry of a catalog by its path (`receipt.outcomes.accepted`): a string, or a function of values. */
function entriesOf(words: unknown, path = ''): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  if (typeof words === 'string' || typeof words === 'function') return entries.set(path, words);
  for (const [key, value] of Object.entries(words as object)) {
    for (const entry of entriesOf(value, path ? `${path}.${key}` : key)) entries.set(...entry);
  }
  return entries;
}

/** What a function entry says given a sample value for each parameter (2 reads as a count and as words). */
function saidBy(entry: (...values: never[]) => string): string {
  return entry(...(Array.from({ length: entry.length }, () => 2) as never[]));
}

/**
 * Entries the same in both languages because they hold no words: the app's name, a place's, two
 * values joined by a colon; and the chat commands, which Teams users type as they are.
 */
const NO_WORDS = new Set(['appName', 'configure.heading', 'zones.Alaskan Standard Time', 'history.entry', 'scheduled.entry']);

describe('the message catalog', () => {
  const english = entriesOf(CATALOG['en-US']);

  it.each(LANGUAGES.filter((language) => language !== 'en-US'))('%s says everything English says, and nothing else', (language) => {
    const other = entriesOf(CATALOG[language]);
    expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [path, words] of english) {
      const translated = other.get(path);
      expect([path, typeof translated]).toEqual([path, typeof words]);
      if (typeof words === 'function') expect([path, (translated as () => string).length]).toEqual([path, words.length]);
    }
  });

  it.each(LANGUAGES)('%s has no empty entry, no unfilled value, and its own words', (language) => {
    for (const [path, words] of entriesOf(CATALOG[language])) {
      const said = typeof words === 'function' ? saidBy(words as () => string) : String(words);
      expect([path, said.trim().length > 0, /undefined|NaN|\[object/.test(said)]).toEqual([path, true, false]);
      const sameAsEnglish = language !== 'en-US' && said === (english.get(path) as string);
      if (!NO_WORDS.has(path) && !/^help\.commands\.\d+\.name$/.test(path)) expect([path, sameAsEnglish]).toEqual([path, false]);
    }
  });

  it('gives each person the language their client asked for, by its language alone, and English to anyone else', () => {
    expect(languageOf('es-MX')).toBe('es-US');
    expect(languageOf('ES')).toBe('es-US');
    expect(languageOf(['fr-FR', 'es-419', 'en'])).toBe('es-US');
    expect(languageOf(['en-GB', 'es'])).toBe('en-US');
    expect(languageOf('fr-CA')).toBe('en-US');
    expect(languageOf(undefined)).toBe('en-US');
    expect(messagesFor('es-US').form.send).toBe('Enviar');
  });

  it("marks a page with the reader's own region when it is in their language, and with the language written when it is not", () => {
    expect(langOf('es-US', 'es-MX')).toBe('es-MX');
    expect(langOf('es-US', ['fr-FR', 'es_419'])).toBe('es-419');
    expect(langOf('en-US', 'fr-FR')).toBe('en-US');
    expect(langOf('en-US', ['en-gb'])).toBe('en-GB');
    expect(langOf('en-US', 'en-not a tag')).toBe('en-US');
    expect(langOf('en-US', undefined)).toBe('en-US');
  });

  it('counts in each language its own way', () => {
    expect(CATALOG['en-US'].form.sendTo(1)).toBe('Send to 1 person');
    expect(CATALOG['en-US'].form.sendTo(1200)).toBe('Send to 1,200 people');
    expect(CATALOG['es-US'].form.sendTo(1)).toBe('Enviar a 1 persona');
    expect(CATALOG['es-US'].form.sendTo(3)).toBe('Enviar a 3 personas');
  });

  it('reads a record in the language it was written in; a record from before languages, in English', () => {
    expect(wordsOf({ language: 'es-US' })).toBe(CATALOG['es-US']);
    expect(wordsOf({})).toBe(CATALOG['en-US']);
  });
});
