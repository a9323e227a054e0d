import Negotiator from 'negotiator';
import type { Request } from 'restify';
import { messagesFor, type Messages } from '../domain/messages';

/** The words of a REST answer: in the caller's `Accept-Language`, its preferences in order of weight; English otherwise. */
export function wordsFor(req: Request): Messages {
  let words = wordsOfRequest.get(req);
  if (!words) {
    words = messagesFor(new Negotiator({ headers: { 'accept-language': req.header('accept-language') } }).languages());
    wordsOfRequest.set(req, words);
  }
  return words;
}

/** Each request's words, weighed once however many steps of its answer ask. */
const wordsOfRequest = new WeakMap<Request, Messages>();
