import type { StateStorage } from '../store/stateStorage';
import { updateStoreItem } from '../store/updateStoreItem';

interface CountDocument {
  /** When each text to this number was accepted (or may have been), with its send. */
  texts: Array<{ at: string; sendId: string }>;
}

/** The caps look back a week; older entries are dropped as new ones are added. */
const KEPT_MS = 7 * 24 * 3600_000;

/**
 * How many texts each number got recently, for the tenant's caps; kept per tenant under the
 * number's keyed hash (never the number), across every organizer and appointment of that tenant
 * and of no other: one tenant's texts never count against, or show in, another's caps.
 */
export class TextCounts {
  constructor(private readonly storage: StateStorage) {}

  /**
   * Counts one text to a number unless `overCap` says its texts so far are too many: atomic per
   * number (a conditional write, retried on a race), so concurrent sends cannot pass a cap together.
   * Returns what `overCap` found; nothing is counted then.
   */
  async reserve<T>(
    tenantId: string,
    numberHash: string,
    sendId: string,
    at: Date,
    overCap: (textedAt: Date[]) => T | undefined,
  ): Promise<T | undefined> {
    let refused: T | undefined;
    await updateStoreItem<CountDocument>(
      this.storage,
      key(tenantId, numberHash),
      () => ({ texts: [] }),
      (current) => {
        const texts = current.texts.filter((text) => at.getTime() - Date.parse(text.at) < KEPT_MS && text.sendId !== sendId);
        refused = overCap(texts.map((text) => new Date(text.at)));
        return refused === undefined ? { texts: [...texts, { at: at.toISOString(), sendId }] } : { texts };
      },
    );
    return refused;
  }

  /** Takes back what `reserve` counted for a send that did not go. */
  async release(tenantId: string, numberHashes: readonly string[], sendId: string): Promise<void> {
    for (const hash of new Set(numberHashes)) {
      await updateStoreItem<CountDocument>(
        this.storage,
        key(tenantId, hash),
        () => ({ texts: [] }),
        (current) => ({ texts: current.texts.filter((text) => text.sendId !== sendId) }),
      );
    }
  }
}

const key = (tenantId: string, numberHash: string) => `textCount/${tenantId}/${numberHash}`;
