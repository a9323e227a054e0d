import { LRUCache } from 'lru-cache';
import { DEFAULT_TENANT_POLICY, type TenantPolicy } from '../domain/tenantPolicy';
import type { StateStorage } from '../store/stateStorage';
import { updateStoreItem } from '../store/updateStoreItem';

/** A tenant's policy as its admins last set it; the defaults until they do. */
export interface StoredTenantPolicy {
  policy: TenantPolicy;
  updatedAt?: string;
  /** The admin's object id. */
  updatedBy?: string;
}

const REMEMBERED_MS = 10_000;

/** Each tenant's send policy (sending hours, caps, overrides), set by its admins. */
export class TenantPolicies {
  /**
   * Every send reads its tenant's policy: kept a few seconds, so an admin's change reaches this
   * instance at once and every other instance within `REMEMBERED_MS`.
   */
  private readonly remembered = new LRUCache<string, StoredTenantPolicy>({ max: 10_000, ttl: REMEMBERED_MS });

  /** `defaults`: the deployment's (configuration), for tenants whose admins set none. */
  constructor(
    private readonly storage: StateStorage,
    private readonly defaults: TenantPolicy = DEFAULT_TENANT_POLICY,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(tenantId: string): Promise<StoredTenantPolicy> {
    const known = this.remembered.get(tenantId);
    if (known) return known;
    const stored = (await this.storage.read([key(tenantId)]))[key(tenantId)] as StoredTenantPolicy | undefined;
    const current = stored ? { ...stored, policy: { ...this.defaults, ...stored.policy } } : { policy: this.defaults };
    this.remembered.set(tenantId, current);
    return current;
  }

  async set(tenantId: string, policy: TenantPolicy, adminOid: string): Promise<StoredTenantPolicy> {
    const next: StoredTenantPolicy = { policy, updatedAt: this.now().toISOString(), updatedBy: adminOid };
    const saved = await updateStoreItem<StoredTenantPolicy>(
      this.storage,
      key(tenantId),
      () => ({ policy: this.defaults }),
      () => next,
    );
    this.remembered.set(tenantId, saved);
    return saved;
  }
}

const key = (tenantId: string) => `tenantPolicy/${tenantId}`;
