import { DEFAULT_TENANT_POLICY, type TenantPolicy } from '../../src/domain/tenantPolicy';

/**
 * The send policy for tests about something else: any time of day, no practical cap. The suite
 * runs at every hour and texts the same numbers many times; the policy's own tests set theirs.
 */
export const ANY_TIME_NO_CAPS: TenantPolicy = {
  ...DEFAULT_TENANT_POLICY,
  sendingHours: { from: '00:00', to: '24:00' },
  caps: { perDay: 0, perWeek: 0 },
};

/** The same as settings for an app started by a test (its environment). */
export const ANY_TIME_NO_CAPS_ENV: Record<string, string> = {
  SENDING_HOURS: '00:00-24:00',
  TEXT_CAP_PER_DAY: '0',
  TEXT_CAP_PER_WEEK: '0',
};
