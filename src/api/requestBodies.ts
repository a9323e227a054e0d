import type { Messages } from '../domain/messages';
import { wordsFor } from '../http/requestWords';
import type { Request, Response } from 'restify';
import { z } from 'zod';
import { ok, refused, type Result } from '../domain/result';
import type { SendRequestInput } from '../domain/sendPolicy';
import type { PolicyOverride } from '../domain/tenantPolicy';
import { readJsonBody } from '../http/requests';
import { refuseDetails } from '../http/errors';

export interface BodyProblem {
  target: string;
  message: string;
}

/** A send's body: the request, and `numberField(i)`, the i-th number's field as the caller wrote it (`attendees[i].phoneNumber` or `phoneNumbers[i]`). */
export interface SmsBody {
  request: SendRequestInput;
  numberField: (index: number) => string;
  override?: PolicyOverride;
}

/** How a body is read: a schema, or a reading of its own (a body in two shapes) saying each problem. */
type BodyReading<T> = Schema<T> | ((body: unknown, say: Messages) => Result<T, BodyProblem[]>);

const FIELD_WORDS = 'rest.fields.';

/** What a schema says of a field that fails it: a key of `rest.fields`, said in the caller's language when the body is read. */
export function fieldWords(key: keyof Messages['rest']['fields']): string {
  return `${FIELD_WORDS}${key}`;
}

const MESSAGE_TYPES = ['confirmation', 'reschedule', 'cancellation'] as const;
const attendee = z.strictObject({ phoneNumber: z.string(), timeZone: z.string().optional() });
const attendees = z.array(attendee).min(1).max(100);
const phoneNumbers = z.array(z.string()).min(1).max(100);
/** Our extension to Graph's body: send outside the sending hours or over a cap, saying why (the audit keeps it). */
const override = z.strictObject({ reason: z.string().trim().min(5, fieldWords('sayWhy')).max(500) }).optional();
const kindOf = (allowed: readonly string[]) =>
  z.string().refine((value) => allowed.includes(value), { message: fieldWords('oneOf'), params: { value: allowed.join(', ') } });

/**
 * The current Graph body, and the obsolete beta body people still copy from the original docs
 * page (`phoneNumbers` + `virtualAppointmentSmsType`). Both may add `timeZone` for attendees
 * without their own. Unknown keys are refused, as Graph refuses them.
 */
const SMS_BODIES = {
  current: z.strictObject({ attendees, messageType: kindOf(MESSAGE_TYPES), timeZone: z.string().optional(), override }),
  legacy: z.strictObject({ phoneNumbers, virtualAppointmentSmsType: kindOf(MESSAGE_TYPES), timeZone: z.string().optional(), override }),
};
const REMINDER_BODIES = {
  current: z.strictObject({ attendees, remindBeforeTimeInMinutesType: kindOf(['mins15']), timeZone: z.string().optional(), override }),
  legacy: z.strictObject({ phoneNumbers, remindBeforeTimeInMinutesType: kindOf(['mins15']), timeZone: z.string().optional(), override }),
};

export function parseSmsBody(body: unknown, say: Messages): Result<SmsBody, BodyProblem[]> {
  return parseWith(body, say, SMS_BODIES, (data) => ('messageType' in data ? data.messageType : data.virtualAppointmentSmsType));
}

export function parseReminderBody(body: unknown, say: Messages): Result<SmsBody, BodyProblem[]> {
  return parseWith(body, say, REMINDER_BODIES, () => 'reminder');
}

/** A schema by what it yields; what it takes is whatever the caller sent. */
type Schema<T> = z.ZodType<T, z.ZodTypeDef, unknown>;

function parseWith<C, L>(
  body: unknown,
  say: Messages,
  schemas: { current: Schema<C>; legacy: Schema<L> },
  kindOf_: (data: C | L) => string,
): Result<SmsBody, BodyProblem[]> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return refused([{ target: 'body', message: say.rest.bodyNotJson }]);
  }
  const legacy = 'phoneNumbers' in body;
  const schema: Schema<C | L> = legacy ? schemas.legacy : schemas.current;
  const parsed = schema.safeParse(body);
  if (!parsed.success) return refused(bodyProblems(parsed.error, say));
  const data = parsed.data as {
    attendees?: Array<{ phoneNumber: string; timeZone?: string }>;
    phoneNumbers?: string[];
    timeZone?: string;
    override?: PolicyOverride;
  };
  const list = data.attendees ?? (data.phoneNumbers ?? []).map((phoneNumber) => ({ phoneNumber }));
  const numberField = legacy ? (index: number) => `phoneNumbers[${index}]` : (index: number) => `attendees[${index}].phoneNumber`;
  const request = { attendees: list, kind: kindOf_(parsed.data), timeZone: data.timeZone };
  return ok({ request, numberField, ...(data.override ? { override: data.override } : {}) });
}

/**
 * The request's JSON body read as `reading` says; otherwise answers 400 naming each field to fix
 * (or that the body is not JSON, with `example` of one that is) and returns undefined.
 * `emptyAs`: what a missing body means.
 */
export function bodyOf<T>(
  req: Request,
  res: Response,
  reading: BodyReading<T>,
  options: { nothingDone?: keyof Messages['rest']['nothingDone']; emptyAs?: unknown; example?: string } = {},
): T | undefined {
  const say = wordsFor(req);
  const body = readJsonBody(req);
  const value = body.ok ? body.value : body.error.empty ? options.emptyAs : undefined;
  const read =
    !body.ok && value === undefined
      ? refused([{ target: 'body', message: options.example ? `${body.error.message} ${options.example}` : body.error.message }])
      : readWith(reading, value, say);
  if (read.ok) return read.value;
  refuseDetails(
    req,
    res,
    read.error.map((problem) => ({ code: 'invalidValue', ...problem })),
    say.rest.nothingDone[options.nothingDone ?? 'sent'],
  );
  return undefined;
}

function readWith<T>(reading: BodyReading<T>, value: unknown, say: Messages): Result<T, BodyProblem[]> {
  if (typeof reading === 'function') return reading(value, say);
  const parsed = reading.safeParse(value);
  return parsed.success ? ok(parsed.data) : refused(bodyProblems(parsed.error, say));
}

/** What is wrong with a body, per field, in words a caller can act on. */
function bodyProblems(error: z.ZodError, say: Messages): BodyProblem[] {
  return error.issues.flatMap((issue) => problemsOf(issue, say));
}

function problemsOf(issue: z.ZodIssue, say: Messages): BodyProblem[] {
  const target = targetOf(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      target: target ? `${target}.${key}` : key,
      message: say.rest.notAParameter(key),
    }));
  }
  if (issue.code === 'invalid_type') return [{ target, message: say.rest.wrongType(target, issue.expected) }];
  return [{ target, message: `${target} ${whatIsWrong(issue, say.rest.fields)}` }];
}

/**
 * A schema names what it says by a key of `rest.fields` (`fieldWords`), said here in the caller's
 * language; zod's own checks (lengths, bounds, enums) are said from the catalog too.
 */
function whatIsWrong(issue: z.ZodIssue, fields: Messages['rest']['fields']): string {
  const keyed = issue.message.startsWith(FIELD_WORDS) ? issue.message.slice(FIELD_WORDS.length) : undefined;
  const said = keyed === undefined ? undefined : (fields as Record<string, unknown>)[keyed];
  if (typeof said === 'string') return said;
  // Words about a value: the schema put it in the issue's params (`{ value }`).
  if (typeof said === 'function')
    return (said as (value: string) => string)((issue as { params?: { value?: string } }).params?.value ?? '');
  if (issue.code === 'too_small') return boundWords(issue.type, fields.tooFew, fields.tooShort, fields.tooSmall)(String(issue.minimum));
  if (issue.code === 'too_big') return boundWords(issue.type, fields.tooMany, fields.tooLong, fields.tooBig)(String(issue.maximum));
  if (issue.code === 'invalid_enum_value') return fields.oneOf(issue.options.join(', '));
  return fields.invalid;
}

function boundWords<T>(type: string, forArray: T, forString: T, forNumber: T): T {
  if (type === 'array') return forArray;
  return type === 'string' ? forString : forNumber;
}

function targetOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)),
    '',
  );
}
