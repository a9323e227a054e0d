import { pathTemplate } from './signals';

describe('a called URL as a span names it', () => {
  it.each([
    [
      'https://graph.microsoft.com/v1.0/users/6f1c2b1e-9a1d-4c2b-8e1f-2a3b4c5d6e7f/onlineMeetings/MSo1N2Y5ZGFjYy03MWJmLTQ3NDMtYjQxMy01M2EzZGQyZTgzOTAqMCoqMTk6bWVldGluZ19OVGc0/sendVirtualAppointmentSms',
      '/v1.0/users/{id}/onlineMeetings/{id}/sendVirtualAppointmentSms',
    ],
    ['https://login.microsoftonline.com/b3cdf1c8-024a-49e2-a994-f67f830b02f3/oauth2/v2.0/token', '/{id}/oauth2/v2.0/token'],
    [
      'https://smba.trafficmanager.net/amer/v3/conversations/19:meeting_abc@thread.v2/activities/1712?to=+13129224122',
      '/amer/v3/conversations/{id}/activities/{id}',
    ],
    ['https://graph.microsoft.com/v1.0/users/dana@contoso.com/calendarView/delta?$deltatoken=abc', '/v1.0/users/{id}/calendarView/delta'],
  ])('%s as %s: words kept; ids, people and queries never', (url, template) => {
    expect(pathTemplate(new URL(url))).toBe(template);
  });
});
