import { curlSamples } from '../../dev/local/samples';
import { dana, danasMeeting } from '../support/graphSandbox';
import { useStack, type Stack } from '../support/stack';

const stackNow = useStack();
let stack: Stack;
beforeAll(() => {
  stack = stackNow();
});

/** The request bodies of the samples `npm run dev` prints, in order. */
const bodies = (text: string) => [...text.matchAll(/-d '([^']+)'/g)].map((match) => JSON.parse(match[1]) as Record<string, unknown>);

describe('the requests npm run dev prints', () => {
  it('shows the current Graph body first, prints the status code, and each sample answers as its comment says', async () => {
    const samples = curlSamples({
      appUrl: stack.app.url,
      meetingId: danasMeeting.id,
      graphUrl: stack.graph.url,
      certPath: 'dev/.certs/localhost.pem',
    });
    const [current, obsolete] = bodies(samples);
    expect(Object.keys(current)).toEqual(['attendees', 'messageType']);
    expect(Object.keys(obsolete)).toEqual(['phoneNumbers', 'virtualAppointmentSmsType']);
    expect(samples).toContain("-w '%{http_code}\\n'");

    const token = await stack.entra.issueUserToken({ oid: dana.id });
    const post = (body: object) =>
      fetch(`${stack.app.url}/api/me/onlineMeetings/${danasMeeting.id}/sendVirtualAppointmentSms`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post(current)).status).toBe(202);
    expect((await post(obsolete)).status).toBe(400);
  });
});
