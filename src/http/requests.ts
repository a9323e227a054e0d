import { wordsFor } from './requestWords';
import type { Next, Request, Response } from 'restify';
import { ok, refused, type Result } from '../domain/result';

/** A path parameter restify matched (its typings say `any`); empty when the route has none by that name. */
export function pathParam(req: Request, name: string): string {
  const value: unknown = (req.params as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** The body as JSON, or why not (`empty`: there was none). */
export type JsonBody = Result<unknown, { message: string; empty?: true }>;

/** The request's body as JSON (restify hands it over raw: bodyReader), or why it is not. */
export function readJsonBody(req: Request): JsonBody {
  const say = wordsFor(req);
  const raw: unknown = req.body;
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : typeof raw === 'string' ? raw : '';
  if (text.trim() === '') return refused({ message: say.rest.noBody, empty: true });
  try {
    return ok(JSON.parse(text));
  } catch {
    return refused({ message: say.rest.notJson });
  }
}

/**
 * A restify handler from an async function. Restify refuses async functions that take `next`;
 * this one ends the chain when the function returns false.
 */
export function asyncHandler(handle: (req: Request, res: Response) => Promise<unknown>) {
  return (req: Request, res: Response, next: Next): void => {
    handle(req, res).then(
      (proceed) => next(proceed === false ? false : undefined),
      (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
    );
  };
}
