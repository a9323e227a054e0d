import type { TenantPolicy } from '../domain/tenantPolicy';
import type { TenantUsage } from '../domain/usage';
import { ApiClient, type ApiAnswer } from './apiClient';

/** The tenant's policy as stored: who changed it last, and when. */
export interface StoredPolicy {
  policy: TenantPolicy;
  updatedAt?: string;
  updatedBy?: string;
}

/** Whole days, in the admin's browser zone. */
export interface Period {
  from: string;
  to: string;
}

/** The app's REST API for the tenant's admins (`/api/admin/…`, app role AppointmentSms.Admin). */
export class AdminApi extends ApiClient {
  policy(): Promise<ApiAnswer<StoredPolicy>> {
    return this.call('GET', '/api/admin/policy');
  }

  savePolicy(policy: TenantPolicy): Promise<ApiAnswer<StoredPolicy & { heldTextsMoved: number }>> {
    return this.call('PUT', '/api/admin/policy', policy);
  }

  usage(period: Period, timeZone: string): Promise<ApiAnswer<TenantUsage>> {
    return this.call('GET', `/api/admin/usage?${periodQuery(period, timeZone)}`);
  }

  auditCsv(period: Period, timeZone: string): Promise<ApiAnswer<Blob>> {
    return this.download(`/api/admin/audit.csv?${periodQuery(period, timeZone)}`);
  }
}

function periodQuery(period: Period, timeZone: string): string {
  return new URLSearchParams({ from: period.from, to: period.to, timeZone }).toString();
}
