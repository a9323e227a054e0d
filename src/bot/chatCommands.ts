import { parseNotificationKind, type NotificationKind } from '../domain/notificationKinds';
import { splitNumberList } from '../domain/numberLists';

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
  const args = rest.join(' ');
  switch (word.toLowerCase()) {
    case '':
    case 'help':
    case '?':
      return { name: 'help' };
    case 'sms':
    case 'text':
      return smsCommand(args);
    case 'remind':
    case 'reminder':
      return { name: 'sms', kind: 'reminder', numbers: splitNumberList(args) };
    case 'numbers':
      return numbersCommand(args);
    case 'history':
      return { name: 'history' };
    case 'scheduled':
    case 'waiting':
    case 'held':
      return { name: 'scheduled' };
    case 'close':
    case 'move':
      return dayCommand(word.toLowerCase(), args);
    default:
      return { name: 'unknown', text };
  }
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

function dayCommand(word: string, args: string): ChatCommand {
  const [what = '', date = ''] = args.split(' ');
  if (!/^day$/i.test(what)) return { name: 'unknown', text: `${word} ${args}` };
  return { name: 'day', kind: word === 'close' ? 'cancellation' : 'reschedule', date };
}

function numbersCommand(args: string): ChatCommand {
  const [verb = '', ...rest] = args.split(' ');
  const numbers = splitNumberList(rest.join(' '));
  if (/^(add|save)$/i.test(verb)) return { name: 'numbersAdd', numbers };
  if (/^(remove|delete|forget)$/i.test(verb)) return { name: 'numbersRemove', numbers };
  return verb === '' ? { name: 'numbers' } : { name: 'unknown', text: `numbers ${args}` };
}
