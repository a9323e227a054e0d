import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import type { NotificationSender } from '../app/NotificationSender';
import type { AuthenticatedUser, EntraTokenValidator } from '../auth/EntraTokenValidator';
import type { OnBehalfOfExchanger } from '../auth/OnBehalfOfExchanger';
import type { SendReceipt } from '../domain/sendReceipt';
import { asyncHandler } from '../server';
import { answerForReceipt, errorEnvelope } from './httpAnswers';
import { parseReminderBody, parseSmsBody, type ParsedBody } from './requestBodies';

export interface SmsRouteDependencies {
  validator: EntraTokenValidator;
  exchanger: OnBehalfOfExchanger;
  sender: NotificationSender;
  logger: Logger;
}

const users = new WeakMap<Request, AuthenticatedUser>();

/** The Graph paths, mirrored under /api, so the documented request works against us unchanged. */
export function registerSmsRoutes(server: Server, deps: SmsRouteDependencies): void {
  const authenticate = asyncHandler(async (req: Request, res: Response) => {
    const validation = await deps.validator.validate(req.header('authorization'));
    if (!validation.ok) {
      res.send(401, errorEnvelope('InvalidAuthenticationToken', validation.reason, req.getId()));
      return false;
    }
    users.set(req, validation.user);
    return true;
  });
  const sendWith = (parse: (body: unknown) => ParsedBody) => asyncHandler(async (req: Request, res: Response) => {
    const user = users.get(req)!;
    const body = parseJsonBody(req);
    const parsed = body.ok ? parse(body.value) : { ok: false as const, problems: [{ target: 'body', message: body.message }] };
    if (!parsed.ok) {
      const details = parsed.problems.map((problem) => ({ code: 'invalidValue', ...problem }));
      res.send(400, errorEnvelope('invalidRequest', `Nothing was sent. ${details.map((detail) => detail.message).join(' ')}`, req.getId(), details));
      return;
    }
    const onlineMeetingId = req.params.onlineMeetingId as string;
    const receipt = await deps.sender.send({
      onlineMeetingId,
      request: parsed.request,
      sender: { oid: user.oid, locale: req.header('accept-language') || undefined, graphToken: () => deps.exchanger.graphTokenFor(user.ssoToken) },
    });
    logSend(deps.logger, req, user, onlineMeetingId, receipt);
    const answer = answerForReceipt(receipt, req.getId());
    for (const [name, value] of Object.entries(answer.headers)) res.header(name, value);
    res.send(answer.status, answer.body);
  });
  const base = '/api/me/onlineMeetings/:onlineMeetingId';
  server.post(`${base}/sendVirtualAppointmentSms`, authenticate, sendWith(parseSmsBody));
  server.post(`${base}/sendVirtualAppointmentReminderSms`, authenticate, sendWith(parseReminderBody));
}

function parseJsonBody(req: Request): { ok: true; value: unknown } | { ok: false; message: string } {
  const raw: unknown = req.body;
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : typeof raw === 'string' ? raw : '';
  if (text.trim() === '') return { ok: false, message: 'The request has no body. Send JSON such as {"attendees":[{"phoneNumber":"+13129224122","timeZone":"Pacific Standard Time"}],"messageType":"confirmation"}.' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, message: 'The body is not valid JSON.' };
  }
}

/** Masked numbers only; never a token. */
function logSend(logger: Logger, req: Request, user: AuthenticatedUser, onlineMeetingId: string, receipt: SendReceipt): void {
  logger.info(
    {
      requestId: req.getId(),
      organizer: user.oid,
      meeting: `${onlineMeetingId.slice(0, 12)}…`,
      kind: receipt.kind,
      status: receipt.status,
      numbers: receipt.numbers.map((line) => `${line.masked}:${line.outcome}`),
      failure: receipt.failure?.reason,
      graphRequestId: receipt.graphRequestId ?? receipt.failure?.requestId,
    },
    'sms send',
  );
}
