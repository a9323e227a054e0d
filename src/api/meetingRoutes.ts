import type { Request, Response, Server } from 'restify';
import type { EntraTokenValidator } from '../auth/entraTokenValidator';
import { asyncHandler, pathParam } from '../http/requests';
import { authenticateWith, refuseNonOrganizer } from './authenticate';
import { errorEnvelope } from '../http/errors';

/** What the side panel needs to know about its meeting chat's appointment. */
export interface ChatAppointment {
  onlineMeetingId: string;
  organizerAadObjectId: string;
  title: string;
}

/**
 * `GET /api/me/chats/{chatId}/appointment`: the side panel knows only its chat; Teams (asked as
 * the bot) knows the chat's meeting, its Graph id and its organizer.
 */
export function registerMeetingRoutes(
  server: Server,
  deps: { validator: EntraTokenValidator; meetingOfChat: (chatId: string) => Promise<ChatAppointment | undefined> },
): void {
  server.get(
    '/api/me/chats/:chatId/appointment',
    authenticateWith(deps.validator),
    asyncHandler(async (req: Request, res: Response) => {
      const meeting = await deps.meetingOfChat(pathParam(req, 'chatId'));
      if (!meeting) {
        const message =
          "Teams knows no appointment for this chat that Appointment SMS was added to. Open Appointment SMS from the appointment's meeting, or add the app to it.";
        res.send(404, errorEnvelope('meetingNotFound', message, req.getId()));
        return;
      }
      if (refuseNonOrganizer(req, res, meeting.organizerAadObjectId)) return;
      res.send(200, { onlineMeetingId: meeting.onlineMeetingId, title: meeting.title });
    }),
  );
}
