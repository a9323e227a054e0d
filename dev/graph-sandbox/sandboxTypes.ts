export interface SandboxOrganizer {
  id: string;
  displayName: string;
  userPrincipalName: string;
  /** Graph answers 403 to organizers without a Teams Premium licence. */
  teamsPremium: boolean;
  /** The organizer's tenant; the seed's home tenant when absent. A token from another tenant finds nobody here. */
  tenantId?: string;
  /** The time zone set in Outlook (`mailboxSettings.timeZone`, a Windows name as Outlook keeps it). */
  timeZone?: string;
}

export interface SandboxMeeting {
  /** The Graph onlineMeetingId. */
  id: string;
  organizerId: string;
  subject: string;
  chatThreadId: string;
  joinWebUrl: string;
  attendeeJoinWebUrl: string;
  /** When the appointment starts and ends (UTC); tests set them where times matter. */
  startDateTime?: string;
  endDateTime?: string;
}

/** An event in an organizer's calendar, as `calendarView` returns it (times in UTC). */
export interface SandboxEvent {
  id: string;
  /** Whose calendar holds it. */
  calendarOf: string;
  subject: string;
  start: string;
  end: string;
  isAllDay?: boolean;
  isCancelled?: boolean;
  /** False when someone else organizes it (the calendar's owner is an attendee). */
  isOrganizer?: boolean;
  /** The Teams meeting's join link, for online meetings. */
  joinUrl?: string;
}

/** An appointment booked in a Microsoft Bookings business: its Teams meeting, customers, and whether Bookings texts them. */
interface SandboxBooking {
  id: string;
  start: string;
  end: string;
  joinWebUrl?: string;
  smsNotificationsEnabled: boolean;
  customers: Array<{ name: string; phone?: string; timeZone?: string }>;
}

export interface SandboxBookingBusiness {
  id: string;
  displayName: string;
  appointments: SandboxBooking[];
}

export interface SandboxSeed {
  /** The tenant of organizers that name none. */
  tenantId?: string;
  organizers: SandboxOrganizer[];
  meetings: SandboxMeeting[];
  events?: SandboxEvent[];
  bookingBusinesses?: SandboxBookingBusiness[];
}

/** One text Graph accepted: what a person would see arrive on the attendees' phones. */
export interface SentSms {
  requestId: string;
  receivedAt: string;
  apiVersion: string;
  action: 'sendVirtualAppointmentSms' | 'sendVirtualAppointmentReminderSms';
  onlineMeetingId: string;
  organizerId: string;
  callerId: string;
  acceptLanguage?: string;
  /** The request body exactly as received. */
  body: Record<string, unknown>;
}

export interface SandboxRequest {
  at: string;
  method: string;
  path: string;
  status: number;
  requestId: string;
}

/** Misbehaviour on demand; each applies to the next `times` matching Graph requests (default 1). */
export type SandboxFault = { times?: number; match?: string } & (
  { type: 'status'; status: number; retryAfter?: string; code?: string } | { type: 'drop' } | { type: 'delay'; ms: number }
);
