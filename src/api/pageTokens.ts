import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `$skiptoken`s this API issues: the storage's own cursor, sealed with a keyed MAC over the list it
 * pages through. A token the API did not issue for that list never reaches the storage.
 */
export class PageTokens {
  constructor(private readonly key: string) {}

  issue(list: string, cursor: string): string {
    return `${Buffer.from(cursor).toString('base64url')}.${this.mac(list, cursor)}`;
  }

  /** The cursor inside `token`, or undefined when this API did not issue it for `list`. */
  read(list: string, token: string): string | undefined {
    const parts = token.split('.');
    if (parts.length !== 2) return undefined;
    const [encoded = '', mac = ''] = parts;
    const cursor = Buffer.from(encoded, 'base64url').toString('utf8');
    const expected = Buffer.from(this.mac(list, cursor));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected) ? cursor : undefined;
  }

  private mac(list: string, cursor: string): string {
    return createHmac('sha256', this.key).update(`page-token\n${list}\n${cursor}`).digest('base64url');
  }
}
