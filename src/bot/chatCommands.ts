import { parseNotificationKind, type NotificationKind } from '../domain/notificationKinds';
import { splitNumberList } from '../domain/numberLists';
import { foldedWord } from '../domain/typedWords';

export type ChatCommand =
  | { name: 'help' }
  | { name: 'sms'; kind?: NotificationKind; numbers: string[]; joinUrl?: string }
  | { name: 'numbers' }
  | { name: 'numbersAdd'; numbers: string[] }
  | { name: 'numbersRemove'; numbers: string[] }
  | { name: 'history' }
  /** Texts waiting: held for the sending hours, and automatic reminders. */
  | { name: 'scheduled' }
  /** Close (cancellation) or move (reschedule) every appointment of a date. */
  | { name: 'day'; kind: NotificationKind; date: string }
  | { name: 'unknown'; text: string };

/**
 * Reads what a person typed to the bot. Teams leaves `<at>…</at>` mentions in the text; case and
 * extra spaces do not matter. Unknown text is answered with help, never silence.
 */
export function parseChatCommand(rawText: string): ChatCommand {
  const text = rawText
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  const [word = '', ...rest] = text.split(' ');
  const read = COMMANDS.get(foldedWord(word));
  return read ? read(rest.join(' '), word) : { name: 'unknown', text };
}

/**
 * Each command's words, in English and in Spanish (the Spanish help and command menu list the
 * Spanish ones); accents may be left out (`numeros`, `dia`).
 */
const COMMANDS = new Map<string, (args: string, word: string) => ChatCommand>(
  Object.entries({
    '': help,
    help,
    '?': help,
    ayuda: help,
    sms: smsCommand,
    text: smsCommand,
    mensaje: smsCommand,
    remind: reminderCommand,
    reminder: reminderCommand,
    recordatorio: reminderCommand,
    numbers: numbersCommand,
    numeros: numbersCommand,
    history: () => ({ name: 'history' }),
    historial: () => ({ name: 'history' }),
    scheduled: () => ({ name: 'scheduled' }),
    waiting: () => ({ name: 'scheduled' }),
    held: () => ({ name: 'scheduled' }),
    pendientes: () => ({ name: 'scheduled' }),
    close: (args, word) => dayCommand('cancellation', word, args),
    cerrar: (args, word) => dayCommand('cancellation', word, args),
    move: (args, word) => dayCommand('reschedule', word, args),
    mover: (args, word) => dayCommand('reschedule', word, args),
  } satisfies Record<string, (args: string, word: string) => ChatCommand>),
);

function help(): ChatCommand {
  return { name: 'help' };
}

function reminderCommand(args: string): ChatCommand {
  return { name: 'sms', kind: 'reminder', numbers: splitNumberList(args) };
}

const JOIN_LINK = /https:\/\/teams\.microsoft\.com\/l\/meetup-join\/[^\s<>"]+/i;

function smsCommand(args: string): ChatCommand {
  const joinUrl = JOIN_LINK.exec(args)?.[0];
  const rest = joinUrl ? args.replace(joinUrl, ' ').trim() : args;
  const [first = '', ...others] = rest.split(' ');
  const kind = parseNotificationKind(first);
  const numbers = splitNumberList(kind ? others.join(' ') : rest);
  return { name: 'sms', numbers, ...(kind ? { kind } : {}), ...(joinUrl ? { joinUrl } : {}) };
}

function dayCommand(kind: NotificationKind, word: string, args: string): ChatCommand {
  const [what = '', date = ''] = args.split(' ');
  if (!['day', 'dia'].includes(foldedWord(what))) return { name: 'unknown', text: `${word} ${args}` };
  return { name: 'day', kind, date };
}

function numbersCommand(args: string, word: string): ChatCommand {
  const [verb = '', ...rest] = args.split(' ');
  const numbers = splitNumberList(rest.join(' '));
  const asked = foldedWord(verb);
  if (/^(add|save|agregar|guardar|anadir)$/.test(asked)) return { name: 'numbersAdd', numbers };
  if (/^(remove|delete|forget|quitar|borrar|olvidar|eliminar)$/.test(asked)) return { name: 'numbersRemove', numbers };
  return verb === '' ? { name: 'numbers' } : { name: 'unknown', text: `${word} ${args}` };
}
