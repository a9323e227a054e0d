import type { SendReceipt } from '../domain/sendReceipt';

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

const FAILURE_ANSWERS: Record<string, { status: number; code: string }> = {
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
  uncertain: { status: 502, code: 'outcomeUnknown' },
};

export interface HttpAnswer {
  status: number;
  body: object;
  headers: Record<string, string>;
}

/** 202 with the receipt when Graph accepted; otherwise the envelope saying why, with the receipt beside it. */
export function answerForReceipt(receipt: SendReceipt, requestId: string): HttpAnswer {
  if (receipt.status === 'sent') return { status: 202, body: receipt, headers: {} };
  if (receipt.status === 'refused') {
    const details: ErrorDetail[] = [
      ...receipt.problems.map((problem) => ({ code: 'invalidValue', target: problem.field, message: problem.message })),
      ...receipt.numbers.flatMap((line, index) =>
        line.outcome === 'refused' ? [{ code: 'invalidPhoneNumber', target: `attendees[${index}].phoneNumber`, message: line.reason ?? '' }] : [],
      ),
    ];
    const message = `Nothing was sent: ${details.length} problem${details.length === 1 ? '' : 's'} to fix. ${details.map((detail) => detail.message).join(' ')}`;
    return { status: 400, body: { ...errorEnvelope('invalidRequest', message, requestId, details), receipt }, headers: {} };
  }
  const failure = receipt.failure!;
  const { status, code } = FAILURE_ANSWERS[failure.reason] ?? { status: 502, code: 'graphRejected' };
  const headers: Record<string, string> = failure.retryAfterSeconds !== undefined ? { 'Retry-After': String(Math.ceil(failure.retryAfterSeconds)) } : {};
  const extra = { ...(failure.claims ? { claims: failure.claims } : {}), ...(failure.requestId ? { graphRequestId: failure.requestId } : {}) };
  return { status, body: { ...errorEnvelope(code, failure.message, requestId, undefined, extra), receipt }, headers };
}
