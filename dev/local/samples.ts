/** The ready-to-paste requests `npm run dev` prints: the current Graph body first, the obsolete seed body as the compatibility example. */
export function curlSamples(options: { appUrl: string; meetingId: string; graphUrl: string; certPath: string }): string {
  const { appUrl, meetingId, graphUrl, certPath } = options;
  const send = `${appUrl}/api/me/onlineMeetings/${meetingId}/sendVirtualAppointmentSms`;
  const post = (body: object) => `  curl -s -w '%{http_code}\\n' -X POST ${send} \\
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
    -d '${JSON.stringify(body)}'`;
  return [
    '  # The current Graph body (what Graph itself takes):',
    post({ attendees: [{ phoneNumber: '+13129224122', timeZone: 'Pacific Standard Time' }], messageType: 'confirmation' }),
    '  # The obsolete beta body, still accepted (this one is refused: +1242421412 is not a valid US number):',
    post({ phoneNumbers: ['+13129224122', '+1242421412'], virtualAppointmentSmsType: 'confirmation' }),
    `  curl -s ${appUrl}/api/me/onlineMeetings/${meetingId}/notifications -H "Authorization: Bearer $TOKEN"`,
    `  curl -s --cacert ${certPath} ${graphUrl}/_sandbox/sms        # what Graph "sent"`,
  ].join('\n');
}
