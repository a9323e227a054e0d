import { maskPhoneNumber, type UsPhoneNumber } from '../domain/phoneNumbers';
import type { StateStorage } from '../store/stateStorage';
import { updateStoreItem } from '../store/updateStoreItem';

interface BlockedEntry {
  hash: string;
  masked: string;
  addedAt: string;
  addedBy: string;
}

interface DoNotTextDocument {
  entries: BlockedEntry[];
}

/** Numbers a tenant must never text, kept as keyed hashes: the list itself holds no number. */
export class DoNotTextList {
  constructor(
    private readonly storage: StateStorage,
    private readonly hashNumber: (number: UsPhoneNumber) => string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async blockedAmong(tenantId: string, numbers: readonly UsPhoneNumber[]): Promise<Set<UsPhoneNumber>> {
    if (numbers.length === 0) return new Set();
    const hashes = new Set((await this.read(tenantId)).entries.map((entry) => entry.hash));
    return new Set(numbers.filter((number) => hashes.has(this.hashNumber(number))));
  }

  async add(tenantId: string, number: UsPhoneNumber, addedBy: string): Promise<void> {
    const hash = this.hashNumber(number);
    await updateStoreItem<DoNotTextDocument>(this.storage, key(tenantId), empty, (list) => ({
      entries: list.entries.some((entry) => entry.hash === hash)
        ? list.entries
        : [...list.entries, { hash, masked: maskPhoneNumber(number), addedAt: this.now().toISOString(), addedBy }],
    }));
  }

  /** False when the number was not on the list. */
  async remove(tenantId: string, number: UsPhoneNumber): Promise<boolean> {
    const hash = this.hashNumber(number);
    let found = false;
    await updateStoreItem<DoNotTextDocument>(this.storage, key(tenantId), empty, (list) => {
      found = list.entries.some((entry) => entry.hash === hash);
      return { entries: list.entries.filter((entry) => entry.hash !== hash) };
    });
    return found;
  }

  async list(tenantId: string): Promise<Array<Omit<BlockedEntry, 'hash'>>> {
    return (await this.read(tenantId)).entries.map(({ masked, addedAt, addedBy }) => ({ masked, addedAt, addedBy }));
  }

  private async read(tenantId: string): Promise<DoNotTextDocument> {
    return ((await this.storage.read([key(tenantId)]))[key(tenantId)] as DoNotTextDocument | undefined) ?? empty();
  }
}

const key = (tenantId: string) => `doNotText/${tenantId}`;
const empty = (): DoNotTextDocument => ({ entries: [] });
