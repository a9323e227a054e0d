import { performance } from 'node:perf_hooks';

/** After a 429, the rate drops to this share of what was accepted: under Graph's, with room to grow. */
const DECREASE = 0.85;
/** While Graph accepts, the rate grows by this share a second: back to Graph's rate in about ten seconds. */
const GROWTH_PER_SECOND = 0.015;
const SLOWEST_PER_SECOND = 0.5;

interface TenantPace {
  /** Calls a second; undefined until Graph first throttles the tenant (as fast as the work goes). */
  rate?: number;
  nextAt: number;
  /** When Graph accepted this instance's recent calls (the last second's). */
  accepted: number[];
}

/**
 * How fast this instance calls Graph for a tenant's scheduled texts. As fast as the work goes until
 * Graph throttles the tenant; then a little under what Graph accepted from this instance in the last
 * second, growing slowly while Graph accepts and dropping again at the next 429 (as TCP shares a
 * link): several instances settle on shares of the tenant's rate without a storm of 429s. Real
 * time, whatever clock the use cases run on: it spaces calls, it dates nothing.
 */
export class GraphPace {
  private readonly tenants = new Map<string, TenantPace>();

  /** Resolves when this instance may make its next Graph call for the tenant. */
  async turn(tenantId: string): Promise<void> {
    const pace = this.of(tenantId);
    if (pace.rate === undefined) return;
    const now = performance.now();
    const at = Math.max(now, pace.nextAt);
    pace.nextAt = at + 1000 / pace.rate;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }

  accepted(tenantId: string): void {
    const pace = this.of(tenantId);
    const now = performance.now();
    pace.accepted = [...pace.accepted.filter((at) => at > now - 1000), now];
    if (pace.rate !== undefined) pace.rate *= 1 + GROWTH_PER_SECOND / pace.rate;
  }

  throttled(tenantId: string): void {
    const pace = this.of(tenantId);
    const now = performance.now();
    const lastSecond = pace.accepted.filter((at) => at > now - 1000).length;
    pace.rate = Math.max(
      SLOWEST_PER_SECOND,
      (pace.rate === undefined ? lastSecond : Math.min(pace.rate, Math.max(lastSecond, 1))) * DECREASE,
    );
  }

  private of(tenantId: string): TenantPace {
    let pace = this.tenants.get(tenantId);
    if (!pace) {
      pace = { nextAt: 0, accepted: [] };
      this.tenants.set(tenantId, pace);
    }
    return pace;
  }
}
