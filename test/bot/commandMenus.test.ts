/**
 * The commands Teams offers in its menu (the manifest's, and the Spanish file's) and the ones the
 * help lists, in each language, are all commands the bot reads: picking one never gets "I did
 * not understand".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseChatCommand } from '../../src/bot/chatCommands';
import { CATALOG, LANGUAGES } from '../../src/domain/messages';

const APP_PACKAGE = join(__dirname, '..', '..', 'appPackage');
const json = (name: string) => JSON.parse(readFileSync(join(APP_PACKAGE, name), 'utf8')) as Record<string, unknown>;

const manifestTitles = (json('manifest.json') as { bots: Array<{ commandLists: Array<{ commands: Array<{ title: string }> }> }> }).bots
  .flatMap((bot) => bot.commandLists)
  .flatMap((list) => list.commands.map((command) => command.title));
const spanishTitles = Object.entries(json('es-US.json'))
  .filter(([key]) => /^bots\[0\]\.commandLists\[\d\]\.commands\[\d+\]\.title$/.test(key))
  .map(([, title]) => String(title));

describe('the command menu and the help', () => {
  it('offers each command in Spanish too', () => {
    expect(spanishTitles).toHaveLength(manifestTitles.length);
  });

  it.each([...manifestTitles, ...spanishTitles])('offers %p, which the bot reads', (title) => {
    expect(parseChatCommand(title).name).not.toBe('unknown');
  });

  it.each(LANGUAGES)('lists in %s only commands the bot reads', (language) => {
    for (const { name } of CATALOG[language].help.commands) {
      // What the help shows in brackets is for the organizer to fill in: a date, numbers, a kind.
      const typed = name.replace(/\s*[([][^)\]]*[)\]]/g, '');
      expect({ name, read: parseChatCommand(typed).name }).not.toEqual({ name, read: 'unknown' });
    }
  });
});
