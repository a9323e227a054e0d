import { CATALOG } from './messages';
import { sendFailureOf } from './sendReceipt';

describe('a failure as the organizer reads it', () => {
  const say = CATALOG['en-US'];

  it("names the tenant that never consented to the app's own sending", () => {
    const failure = sendFailureOf({ kind: 'consentRequired', code: 'AADSTS700016', tenantId: 'contoso-tenant' }, say);
    expect(failure).toMatchObject({ reason: 'consentRequired', code: 'AADSTS700016' });
    expect(failure.message).toContain('(tenant contoso-tenant)');
  });

  it('asks for consent in general words when which tenant is not known, never naming a placeholder', () => {
    const failure = sendFailureOf({ kind: 'consentRequired', code: 'AADSTS700016' }, say);
    expect(failure.message).toBe(say.failures.consentRequired);
  });
});
