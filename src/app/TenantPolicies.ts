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

/** Each tenant's send policy (sending hours, caps, overrides), set by its admins. */
export class TenantPolicies {
  /** `defaults`: the deployment's (configuration), for tenants whose admins set none. */
  constructor(
    private readonly storage: StateStorage,
    private readonly defaults: TenantPolicy = DEFAULT_TENANT_POLICY,
  ) {}

  async get(tenantId: string): Promise<StoredTenantPolicy> {
    const stored = (await this.storage.read([key(tenantId)]))[key(tenantId)] as StoredTenantPolicy | undefined;
    return stored ? { ...stored, policy: { ...this.defaults, ...stored.policy } } : { policy: this.defaults };
  }

  async set(tenantId: string, policy: TenantPolicy, adminOid: string): Promise<StoredTenantPolicy> {
    const next: StoredTenantPolicy = { policy, updatedAt: new Date().toISOString(), updatedBy: adminOid };
    return updateStoreItem<StoredTenantPolicy>(
      this.storage,
      key(tenantId),
      () => ({ policy: this.defaults }),
      () => next,
    );
  }
}

const key = (tenantId: string) => `tenantPolicy/${tenantId}`;
