/**
 * The organizer's own zone, the default for attendees nobody gave one: what a surface saw wins and
 * is remembered; else Outlook's, asked of Graph once; never Eastern by default.
 */
import type { GraphSandbox } from '../../dev/graph-sandbox/graphSandbox';
import { ok, refused } from '../../src/domain/result';
import { dana, startGraphSandbox, danaSignedIn } from '../support/graphSandbox';
import { useCasesOn } from '../support/useCases';

let sandbox: GraphSandbox;
beforeAll(async () => {
  sandbox = await startGraphSandbox();
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.reset());

const TENANT = danaSignedIn.tenantId;
const signedIn = danaSignedIn;

describe("the organizer's own time zone", () => {
  it('is the one Teams or the browser saw, remembered for the surfaces that did not see one, and Graph is not asked', async () => {
    const { zones } = useCasesOn(sandbox);

    expect(await zones.lookUp({ ...signedIn, timeZone: 'America/Chicago' })).toEqual(ok('Central Standard Time'));
    expect(await zones.lookUp(signedIn)).toEqual(ok('Central Standard Time'));
    expect(await zones.readingZone({ oid: dana.id, tenantId: TENANT })).toBe('America/Chicago');
    expect(sandbox.graphCalls()).toHaveLength(0);
  });

  it("is Outlook's when no surface saw one, asked once", async () => {
    const { zones } = useCasesOn(sandbox);

    expect(await zones.lookUp(signedIn)).toEqual(ok(dana.timeZone));
    expect(await zones.lookUp(signedIn)).toEqual(ok(dana.timeZone));
    expect(sandbox.graphCalls('/mailboxSettings')).toHaveLength(1);
  });

  it('is unknown, not Eastern, for a text that goes later (the app does not read Outlook) and before sign-in', async () => {
    const { zones } = useCasesOn(sandbox);

    expect(await zones.lookUp({ ...signedIn, appOnly: true })).toEqual(refused(undefined));
    expect(await zones.lookUp({ oid: dana.id, tenantId: TENANT })).toEqual(refused(undefined));
    expect(await zones.readingZone({ oid: dana.id, tenantId: TENANT })).toBe('UTC');
  });

  it('says why when signing in failed, so the organizer can act on it', async () => {
    const { zones } = useCasesOn(sandbox);
    const consent = { kind: 'consentRequired' as const, message: 'The app needs consent.' };

    expect(await zones.lookUp({ ...signedIn, graphToken: async () => refused(consent) })).toEqual(refused(consent));
  });
});
