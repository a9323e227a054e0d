import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, type KeyLike } from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  /** As published in a JWKS; `extra` adds fields such as Bot Framework's `endorsements`. */
  publicJwk: JWK;
}

/** A fresh RS256 key for a stand-in that issues tokens. */
export async function newSigningKey(extra: Record<string, unknown> = {}): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256', ...extra } };
}
