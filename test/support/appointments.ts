import type { SandboxMeeting } from '../../dev/graph-sandbox/sandboxTypes';
import { dana } from './graphSandbox';

/** A virtual appointment of Dana's, as Graph knows it, starting at `start`. */
export function danasAppointment(name: string, start: Date): SandboxMeeting {
  return appointmentOf(dana.id, name, start);
}

/** A virtual appointment of any organizer's, as Graph knows it (its id names the organizer), starting at `start`. */
export function appointmentOf(organizerId: string, name: string, start: Date): SandboxMeeting {
  const thread = `19:meeting_${name}@thread.v2`;
  return {
    id: Buffer.from(`1*${organizerId}*0**${thread}`).toString('base64'),
    organizerId,
    subject: `Appointment ${name}`,
    chatThreadId: thread,
    joinWebUrl: `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(thread)}/0`,
    attendeeJoinWebUrl: `https://visit.teams.microsoft.com/webrtc-svc/api/route?convId=${thread}`,
    startDateTime: start.toISOString(),
    endDateTime: new Date(start.getTime() + 30 * 60_000).toISOString(),
  };
}

/** The hour of day now in `zone` (0-23). */
function hourNowIn(zone: string): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' }).format(new Date()));
}

/** An hour of sending that does not include now in `zone` (New York's), and how it reads in New York when it opens. */
export function sendingHoursExcludingNow(zone = 'America/New_York'): { from: string; to: string; opensAt: RegExp } {
  return hourNowIn(zone) <= 11
    ? { from: '13:00', to: '14:00', opensAt: /1:00 PM E[SD]T/ }
    : { from: '03:00', to: '04:00', opensAt: /3:00 AM E[SD]T/ };
}
