import { performance } from 'node:perf_hooks';

/**
 * Graph's throttling of the SMS actions, as the sandbox plays it: a bucket per tenant, refilled at
 * `perSecond` and one second deep. An empty bucket answers 429 with a whole-second Retry-After.
 */
export class SmsRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  /** 429s answered so far. */
  throttled = 0;

  constructor(readonly perSecond: number) {}

  /** undefined: the call goes through; else the seconds to wait before the tenant's next call. */
  take(tenant: string, now = performance.now()): number | undefined {
    const bucket = this.buckets.get(tenant) ?? { tokens: this.perSecond, at: now };
    bucket.tokens = Math.min(this.perSecond, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(tenant, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    this.throttled += 1;
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }
}
