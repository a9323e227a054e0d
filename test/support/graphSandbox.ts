import { ensureDevCertificate } from '../../dev/tls/devCertificate';
import { GraphSandbox } from '../../dev/graph-sandbox/graphSandbox';
import { unsignedSandboxToken } from '../../dev/graph-sandbox/accessToken';
import defaultSeed from '../../dev/graph-sandbox/seed.json';
import type { Organizer } from '../../src/domain/organizer';
import { ok } from '../../src/domain/result';

export const seed = defaultSeed;
export const dana = seed.organizers[0]; // Teams Premium
export const sam = seed.organizers[1]; // no Teams Premium
export const danasMeeting = seed.meetings[0];
export const samsMeeting = seed.meetings[1];

/** The Graph sandbox on a free port, over TLS trusted through NODE_EXTRA_CA_CERTS. */
export async function startGraphSandbox(): Promise<GraphSandbox> {
  if (!process.env.NODE_EXTRA_CA_CERTS) {
    throw new Error("Run the tests with `npm test`: it trusts the stand-ins' dev certificate (NODE_EXTRA_CA_CERTS).");
  }
  const { cert, key } = await ensureDevCertificate();
  const sandbox = new GraphSandbox({ tls: { cert, key } });
  await sandbox.start();
  return sandbox;
}

export function tokenFor(oid: string, claims: { scp?: string; roles?: string[]; exp?: number } = {}): string {
  return unsignedSandboxToken({ oid, ...claims });
}

/** Dana as the use cases see her once signed in: her tenant, and a Graph token on her behalf. */
export const danaSignedIn: Organizer = { oid: dana.id, tenantId: seed.tenantId, graphToken: async () => ok(tokenFor(dana.id)) };
