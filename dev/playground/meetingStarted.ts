import { randomUUID } from 'node:crypto';
import defaultSeed from '../graph-sandbox/seed.json';

/**
 * `npm run playground:meeting-started`: tells the Playground's app that the try-out appointment
 * started, as Teams tells a subscribed bot (the meeting start event in the appointment's chat);
 * the Playground cannot send meeting events itself. With nobody else joining, the organizer is
 * asked in that chat after NUDGE_AFTER_MINUTES (the Playground's default: half a minute).
 */
export async function tellAppointmentStarted(appUrl: string, playgroundUrl: string): Promise<number> {
  const meeting = defaultSeed.meetings[0];
  const organizer = defaultSeed.organizers[0];
  const response = await fetch(`${appUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: randomUUID(),
      type: 'event',
      name: 'application/vnd.microsoft.meetingStart',
      channelId: 'msteams',
      serviceUrl: `${playgroundUrl}/_connector`,
      timestamp: new Date().toISOString(),
      from: { id: `29:organizer-${organizer.id}`, aadObjectId: organizer.id, name: organizer.displayName },
      recipient: { id: 'playground-bot', name: 'Appointment SMS' },
      conversation: { id: meeting.chatThreadId, conversationType: 'groupChat', isGroup: true, tenantId: defaultSeed.tenantId },
      channelData: { tenant: { id: defaultSeed.tenantId } },
      value: {
        Id: randomUUID(),
        JoinUrl: meeting.joinWebUrl,
        MeetingType: 'Scheduled',
        StartTime: new Date().toISOString(),
        Title: meeting.subject,
      },
    }),
  });
  return response.status;
}

if (require.main === module) {
  const appUrl = `http://127.0.0.1:${process.env.PORT ?? '3978'}`;
  const playgroundUrl = `http://127.0.0.1:${process.env.PLAYGROUND_PORT ?? '56150'}`;
  tellAppointmentStarted(appUrl, playgroundUrl).then(
    (status) =>
      console.log(status < 300 ? `Told ${appUrl} that "${defaultSeed.meetings[0].subject}" started.` : `The app answered ${status}.`),
    (error: unknown) => {
      console.error(
        `Could not reach the app at ${appUrl} (is npm run playground running?): ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exit(1);
    },
  );
}
