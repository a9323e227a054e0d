import { wordsFor } from '../http/requestWords';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { AttendeeBook } from '../app/attendeeBook';
import type { ScheduledSends } from '../app/scheduledSends';
import type { StandingReminders } from '../app/standingReminders';
import type { EntraTokenValidator } from '../auth/entraTokenValidator';
import { asDialogCard } from '../cards/cardJson';
import { historyCardFor, receiptCard, scheduledCard } from '../cards/receiptCards';
import { sendFormFor } from '../cards/sendForm';
import { isFormInput, isSavedZoneInput, peopleToText, sendToTitle } from '../cards/sendFormInputs';
import { isOwnRecord, type SendLedger } from '../store/sendLedger';
import { asyncHandler, pathParam } from '../http/requests';
import { authenticateWith, refuseNonOrganizer, userOf } from './authenticate';
import { errorEnvelope } from '../http/errors';
import { bodyOf, fieldWords } from './requestBodies';

const text = (max: number) => z.string().max(max);

/** What the side panel asks the form for: what the organizer entered, and what to fix. */
const SEND_FORM_REQUEST = z.strictObject({
  cardId: text(100).min(1),
  meetingTitle: text(200),
  localTimeZone: text(100).optional(),
  inputs: z
    .object({
      savedNumbers: text(2000).optional(),
      extraNumbers: text(4000).optional(),
      timeZone: text(100).optional(),
      kind: text(40).optional(),
      overrideReason: text(500).optional(),
    })
    // Each saved number's zone (`zone:+13129224122`), and nothing else.
    .catchall(text(100))
    .superRefine((inputs, context) => {
      const zones = Object.keys(inputs).filter(isSavedZoneInput);
      for (const key of Object.keys(inputs))
        if (!isFormInput(key)) context.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: fieldWords('notAFormInput') });
      if (zones.length > 50) context.addIssue({ code: z.ZodIssueCode.custom, message: fieldWords('tooManyZones') });
    })
    .default({}),
  problems: z.array(text(500)).max(40).default([]),
});

/**
 * The side panel's cards, expanded here from the same templates the bot and the message
 * extension send (the templating engine stays on the server, off the side panel's bundle).
 */
export function registerCardRoutes(
  server: Server,
  deps: { validator: EntraTokenValidator; book: AttendeeBook; ledger: SendLedger; scheduled: ScheduledSends; standing: StandingReminders },
): void {
  const authenticate = authenticateWith(deps.validator);
  const base = '/api/me/onlineMeetings/:onlineMeetingId/cards';
  server.post(
    `${base}/sendForm`,
    authenticate,
    asyncHandler(async (req: Request, res: Response) => {
      if (refuseNonOrganizer(req, res)) return;
      const form = bodyOf(req, res, SEND_FORM_REQUEST, { nothingDone: 'form' });
      if (!form) return;
      const say = wordsFor(req);
      const { cardId, meetingTitle, localTimeZone, inputs, problems } = form;
      const saved = await deps.book.list(pathParam(req, 'onlineMeetingId'));
      const card = sendFormFor(
        saved,
        { title: meetingTitle, organizerUserId: '' },
        {
          cardId,
          localTimezone: localTimeZone,
          data: inputs,
          problems: problems.map((message) => ({ message })),
          // The side panel sends from the form: its button counts the people as the organizer ticks and types.
          submit: { verb: 'send', title: sendToTitle(peopleToText(inputs), say) },
        },
        say,
      );
      res.send(200, asDialogCard(card));
    }),
  );
  server.get(
    `${base}/history`,
    authenticate,
    asyncHandler(async (req: Request, res: Response) => {
      if (refuseNonOrganizer(req, res)) return;
      const page = await deps.ledger.history(pathParam(req, 'onlineMeetingId'), { limit: 10 });
      res.send(
        200,
        historyCardFor(
          page.records.filter((record) => isOwnRecord(record, userOf(req))),
          wordsFor(req),
          viewerTimeZone(req),
          'organizer',
        ),
      );
    }),
  );
  server.get(
    `${base}/scheduled`,
    authenticate,
    asyncHandler(async (req: Request, res: Response) => {
      if (refuseNonOrganizer(req, res)) return;
      const { oid } = userOf(req);
      const [entries, standing] = await Promise.all([
        deps.scheduled.list(oid, pathParam(req, 'onlineMeetingId')),
        deps.standing.setting(oid),
      ]);
      res.send(200, scheduledCard(entries, wordsFor(req), viewerTimeZone(req), standing));
    }),
  );
  server.get(
    `${base}/receipts/:sendId`,
    authenticate,
    asyncHandler(async (req: Request, res: Response) => {
      if (refuseNonOrganizer(req, res)) return;
      const user = userOf(req);
      const record = await deps.ledger.get(pathParam(req, 'onlineMeetingId'), pathParam(req, 'sendId'));
      if (!record?.receipt || !isOwnRecord(record, user)) {
        res.send(404, errorEnvelope('notFound', wordsFor(req).rest.noSuchSend, req.getId()));
        return;
      }
      res.send(
        200,
        receiptCard(record.receipt, user.name ?? wordsFor(req).rest.theOrganizer, wordsFor(req), viewerTimeZone(req), 'organizer'),
      );
    }),
  );
}

/** The side panel's own time zone (`?timeZone=`, IANA, from the browser), for the times its cards show. */
function viewerTimeZone(req: Request): string | undefined {
  const zone = (req.query as Record<string, unknown> | undefined)?.timeZone;
  return typeof zone === 'string' && zone !== '' ? zone : undefined;
}
