import { wordsFor } from '../http/requestWords';
import type { Request, Response } from 'restify';
import type { RequestRefusal } from '../domain/sendPolicy';
import type { SendFailure, SendFailureReason, SendReceipt } from '../domain/sendReceipt';
import { errorEnvelope, refuseDetails, type ErrorDetail } from '../http/errors';

interface FailureAnswer {
  status: number;
  code: string;
}

/** Every failure reason's answer; no default, so an unmapped reason is a compile error. */
const FAILURE_ANSWERS: Record<SendFailureReason, FailureAnswer> = {
  notOrganizer: { status: 403, code: 'notOrganizer' },
  consentRequired: { status: 403, code: 'consentRequired' },
  interactionRequired: { status: 403, code: 'interactionRequired' },
  forbidden: { status: 403, code: 'forbidden' },
  signInAgain: { status: 401, code: 'InvalidAuthenticationToken' },
  meetingNotFound: { status: 404, code: 'meetingNotFound' },
  throttled: { status: 429, code: 'throttled' },
  unavailable: { status: 503, code: 'graphUnavailable' },
  identityUnavailable: { status: 503, code: 'identityUnavailable' },
  storageUnavailable: { status: 503, code: 'storageUnavailable' },
  badRequest: { status: 502, code: 'graphRejected' },
  unauthorized: { status: 502, code: 'graphRejected' },
  // The texts may have gone: a client must not resend under a new key, so these never read as a refusal.
  uncertain: { status: 502, code: 'outcomeUnknown' },
  interrupted: { status: 502, code: 'outcomeUnknown' },
  inProgress: { status: 502, code: 'outcomeUnknown' },
};

/** When Graph throttles without saying for how long, the caller still hears when to come back. */
const THROTTLED_RETRY_AFTER_SECONDS = 10;

export interface HttpAnswer {
  status: number;
  body: object;
  headers: Record<string, string>;
}

/**
 * 202 with the receipt when Graph accepted; otherwise the envelope saying why, with the receipt
 * beside it. `numberField` names each number's field as the caller's body wrote it.
 */
export function answerForReceipt(receipt: SendReceipt, req: Request, numberField: (index: number) => string): HttpAnswer {
  const requestId = req.getId();
  const say = wordsFor(req);
  // Held for the sending hours: accepted by us, and it goes by itself (the receipt says when).
  if (receipt.status === 'sent' || receipt.status === 'held') return { status: 202, body: receipt, headers: {} };
  if (receipt.status === 'refused') {
    const details: ErrorDetail[] = [
      ...receipt.problems.map((problem) => ({ code: 'invalidValue', target: problem.field, message: problem.message })),
      ...receipt.numbers.flatMap((line, index) =>
        line.outcome === 'refused' ? [{ code: 'invalidPhoneNumber', target: numberField(index), message: line.reason ?? '' }] : [],
      ),
    ];
    const message = say.rest.nothingSent(details.length, details.map((detail) => detail.message).join(' '));
    return { status: 400, body: { ...errorEnvelope('invalidRequest', message, requestId, details), receipt }, headers: {} };
  }
  // A receipt that is neither sent nor refused always carries its failure; unknown is the safe reading.
  const failure: SendFailure = receipt.failure ?? { reason: 'interrupted', message: say.rest.outcomeUnknown };
  const answer = answerForFailure(failure, requestId);
  return { ...answer, body: { ...answer.body, receipt } };
}

/** A request not taken: 400 naming each field to fix, or the failure's own answer (identity, Graph, storage). */
export function refuseRequest(req: Request, res: Response, refusal: RequestRefusal): void {
  if ('failure' in refusal) {
    sendAnswer(res, answerForFailure(refusal.failure, req.getId()));
    return;
  }
  const details = refusal.problems.map((problem) => ({ code: 'invalidValue', target: problem.field, message: problem.message }));
  refuseDetails(req, res, details, wordsFor(req).rest.nothingDone.sent);
}

export function sendAnswer(res: Response, answer: HttpAnswer): void {
  res.send(answer.status, answer.body, answer.headers);
}

/** A failure (identity, Graph, storage) in Graph's envelope, with its status from the one table and Retry-After on 429. */
function answerForFailure(failure: SendFailure, requestId: string): HttpAnswer {
  const { status, code } = FAILURE_ANSWERS[failure.reason];
  const retryAfter = failure.retryAfterSeconds ?? (status === 429 ? THROTTLED_RETRY_AFTER_SECONDS : undefined);
  const headers: Record<string, string> = retryAfter !== undefined ? { 'Retry-After': String(Math.max(1, Math.ceil(retryAfter))) } : {};
  const extra = {
    ...(failure.claims ? { claims: failure.claims } : {}),
    ...(failure.requestId ? { graphRequestId: failure.requestId } : {}),
  };
  return { status, body: errorEnvelope(code, failure.message, requestId, undefined, extra), headers };
}
