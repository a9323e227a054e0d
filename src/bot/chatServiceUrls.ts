import type { Storage } from 'botbuilder';
import { LRUCache } from 'lru-cache';

/**
 * Where each chat's Bot Framework connector lives (the activity's serviceUrl, which depends on
 * the tenant's region). The bot learns it from activities it receives; the side panel, which
 * receives none, needs it to ask Teams about the chat's meeting. Kept in storage so every
 * instance knows what any instance learned.
 */
export class ChatServiceUrls {
  /** The chats seen last (a plain map kept every chat ever seen); any other is read from storage. */
  private readonly known = new LRUCache<string, string>({ max: 10_000 });

  constructor(private readonly storage: Storage) {}

  async remember(conversationId: string | undefined, serviceUrl: string | undefined): Promise<void> {
    if (!conversationId || !serviceUrl || this.known.get(conversationId) === serviceUrl) return;
    this.known.set(conversationId, serviceUrl);
    await this.storage.write({ [keyOf(conversationId)]: { serviceUrl, eTag: '*' } });
  }

  async lookup(conversationId: string): Promise<string | undefined> {
    const cached = this.known.get(conversationId);
    if (cached) return cached;
    const stored = (await this.storage.read([keyOf(conversationId)]))[keyOf(conversationId)] as { serviceUrl?: string } | undefined;
    if (stored?.serviceUrl) this.known.set(conversationId, stored.serviceUrl);
    return stored?.serviceUrl;
  }
}

function keyOf(conversationId: string): string {
  return `serviceUrl/${conversationId}`;
}
