import Negotiator from 'negotiator';
import type { Request } from 'restify';
import { messagesFor, type Messages } from '../domain/messages';

/** The words of a REST answer: in the caller's `Accept-Language`, its preferences in order of weight; English otherwise. */
export function wordsFor(req: Request): Messages {
  return messagesFor(new Negotiator({ headers: { 'accept-language': req.header('accept-language') } }).languages());
}
