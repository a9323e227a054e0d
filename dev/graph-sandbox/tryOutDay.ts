import { dayInZone } from '../../src/domain/timeZones';
import type { SandboxEvent, SandboxMeeting } from './sandboxTypes';

/** A try-out appointment: its name, the day (0 today, 1 tomorrow), the local time, and its attendee's made-up number. */
const DAY: Array<{ subject: string; day: number; at: string; number?: string }> = [
  { subject: 'Blood test review', day: 0, at: '09:00', number: '+13125550101' },
  { subject: 'Physiotherapy follow-up', day: 0, at: '10:30', number: '+13125550102' },
  { subject: 'Nutrition consultation', day: 0, at: '14:00' },
  { subject: 'Dental check-up', day: 1, at: '09:30', number: '+13125550103' },
  { subject: 'Mortgage review', day: 1, at: '11:00', number: '+13125550104' },
];

/**
 * Today's and tomorrow's appointments for the try-out organizer, in their zone, so `close day`,
 * standing reminders and the side panel's day show a whole day without a tenant: Teams
 * appointments (all but one with a saved number), an all-day event and a lunch that is no Teams meeting.
 */
export function tryOutDay(organizerId: string, zone: string, now: Date) {
  const dateIn = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toLocaleDateString('en-CA', { timeZone: zone });
  const at = (offset: number, time: string) => {
    const [hours, minutes] = time.split(':').map(Number);
    const midnight = dayInZone(dateIn(offset), zone)?.start ?? now;
    return new Date(midnight.getTime() + ((hours ?? 0) * 60 + (minutes ?? 0)) * 60_000);
  };
  const meetings: SandboxMeeting[] = [];
  const events: SandboxEvent[] = [];
  const numbers: Array<{ meetingId: string; phoneNumber: string }> = [];
  for (const [index, appointment] of DAY.entries()) {
    const thread = `19:meeting_tryout${index}@thread.v2`;
    const joinWebUrl = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(thread)}/0`;
    const start = at(appointment.day, appointment.at);
    const end = new Date(start.getTime() + 30 * 60_000);
    const id = Buffer.from(`1*${organizerId}*0**${thread}`).toString('base64');
    meetings.push({
      id,
      organizerId,
      subject: appointment.subject,
      chatThreadId: thread,
      joinWebUrl,
      attendeeJoinWebUrl: `https://visit.teams.microsoft.com/webrtc-svc/api/route?convId=${thread}`,
      startDateTime: start.toISOString(),
      endDateTime: end.toISOString(),
    });
    events.push({
      id: `tryout-${index}`,
      calendarOf: organizerId,
      subject: appointment.subject,
      start: start.toISOString(),
      end: end.toISOString(),
      joinUrl: joinWebUrl,
    });
    if (appointment.number) numbers.push({ meetingId: id, phoneNumber: appointment.number });
  }
  const today = dayInZone(dateIn(0), zone);
  if (today) {
    events.push({
      id: 'tryout-open-day',
      calendarOf: organizerId,
      subject: 'Clinic open day',
      start: today.start.toISOString(),
      end: today.end.toISOString(),
      isAllDay: true,
    });
    events.push({
      id: 'tryout-lunch',
      calendarOf: organizerId,
      subject: 'Team lunch',
      start: at(0, '12:00').toISOString(),
      end: at(0, '13:00').toISOString(),
    });
  }
  return { meetings, events, numbers };
}
