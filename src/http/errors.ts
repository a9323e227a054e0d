import type { Request, Response } from 'restify';

export interface ErrorDetail {
  code: string;
  target: string;
  message: string;
}

/** Graph's error envelope, so clients written for Graph read ours unchanged. */
export function errorEnvelope(code: string, message: string, requestId: string, details?: ErrorDetail[], extra: object = {}) {
  return {
    error: {
      code,
      message,
      ...(details && details.length > 0 ? { details } : {}),
      ...extra,
      innerError: { 'request-id': requestId, date: new Date().toISOString() },
    },
  };
}

/** 400 with one detail per problem, the sentence first (what did not happen), then each reason. */
export function refuseDetails(req: Request, res: Response, details: ErrorDetail[], nothingDone: string): void {
  res.send(
    400,
    errorEnvelope('invalidRequest', `${nothingDone} ${details.map((detail) => detail.message).join(' ')}`, req.getId(), details),
  );
}

/** Answers 400 for one field the caller must fix, naming it in `details` as Graph does. */
export function refuseField(req: Request, res: Response, target: string, message: string, code = 'invalidValue'): void {
  res.send(400, errorEnvelope('invalidRequest', message, req.getId(), [{ code, target, message }]));
}
