import { maskPhoneNumber } from '../domain/phoneNumbers';
import type { ReceiptPolicy } from '../domain/sendReceipt';
import type { SendPlan } from '../domain/sendPolicy';
import { capExceeded, timingOf, type PolicyOverride, type TimingDecision } from '../domain/tenantPolicy';
import { momentInZone, toIanaTimeZone } from '../domain/timeZones';
import type { TenantPolicies } from './TenantPolicies';
import type { TextCounts } from './TextCounts';

/** What the tenant's policy says about one send: go now (saying why, if it bent a rule), wait, or not to these numbers. */
export type PolicyDecision =
  | { go: 'now'; policy?: ReceiptPolicy }
  | { go: 'later'; until: Date; why: string }
  | { go: 'never'; overCap: Array<{ index: number; reason: string }> };

export interface PolicyQuestion {
  tenantId: string;
  plan: SendPlan;
  override?: PolicyOverride;
  /** A scheduled text is already at its time: only the caps are checked again. */
  scheduled?: boolean;
  /** Asked only when the answer depends on it (a cancellation or reminder outside the hours). */
  appointmentStart: () => Promise<Date | undefined>;
}

/**
 * The tenant's send policy applied to a send: caps per number first (a number over a cap is
 * refused by name with when it may be texted again), then the sending hours in each attendee's
 * zone. An organizer's override with a reason bends either, when the tenant allows overrides.
 */
export class PolicyGate {
  constructor(
    private readonly deps: {
      policies: TenantPolicies;
      counts: TextCounts;
      hashNumber: (number: string) => string;
      now: () => Date;
    },
  ) {}

  async decide(question: PolicyQuestion): Promise<PolicyDecision> {
    const { policy } = await this.deps.policies.get(question.tenantId);
    const now = this.deps.now();
    const override = policy.overridesAllowed ? question.override : undefined;
    const attendees = question.plan.attendees;
    const zones = attendees.map((attendee) => toIanaTimeZone(attendee.timeZone) ?? 'America/New_York');
    const noCaps = policy.caps.perDay === 0 && policy.caps.perWeek === 0;
    const textedAt = noCaps
      ? new Map<string, Date[]>()
      : await this.deps.counts.textedAt(attendees.map((attendee) => this.deps.hashNumber(attendee.phoneNumber)));
    const overCap = attendees.flatMap((attendee, index) => {
      const exceeded = capExceeded(textedAt.get(this.deps.hashNumber(attendee.phoneNumber)) ?? [], now, policy.caps);
      if (!exceeded) return [];
      const window = exceeded.window === 'day' ? '24 hours' : '7 days';
      const reason =
        `${maskPhoneNumber(attendee.phoneNumber)} has had ${exceeded.count === 1 ? '1 text' : `${exceeded.count} texts`} in the last ${window}, the tenant's limit. ` +
        `It may be texted again after ${momentInZone(exceeded.until, zones[index] ?? 'America/New_York')}.`;
      return [{ index, reason }];
    });
    if (overCap.length > 0 && !override) return { go: 'never', overCap };
    const rules: Array<'sendingHours' | 'caps'> = overCap.length > 0 ? ['caps'] : [];
    if (question.scheduled) return decided({ go: 'now' }, rules, override);
    const asked = { kind: question.plan.kind, attendeeZones: zones, now, policy, override };
    let timing = timingOf(asked);
    // Whether the appointment itself is before the hours open matters only for these two kinds.
    if (timing.go === 'later' && (asked.kind === 'cancellation' || asked.kind === 'reminder')) {
      const appointmentStart = await question.appointmentStart();
      if (appointmentStart) timing = timingOf({ ...asked, appointmentStart });
    }
    if (timing.go === 'later') return timing;
    return decided(timing, timing.override ? [...rules, 'sendingHours'] : rules, override);
  }

  /** Counts an accepted (or possibly accepted) send against each number's caps, if the tenant has any. */
  async counted(tenantId: string, plan: SendPlan, sendId: string, at: Date): Promise<void> {
    const { caps } = (await this.deps.policies.get(tenantId)).policy;
    if (caps.perDay === 0 && caps.perWeek === 0) return;
    await this.deps.counts.count(
      plan.attendees.map((attendee) => this.deps.hashNumber(attendee.phoneNumber)),
      sendId,
      at,
    );
  }
}

function decided(
  timing: Extract<TimingDecision, { go: 'now' }>,
  rules: Array<'sendingHours' | 'caps'>,
  override: PolicyOverride | undefined,
): PolicyDecision {
  const notes = [
    timing.note,
    rules.includes('caps') ? `Over a cap, sent by the organizer's override: ${override?.reason ?? ''}` : undefined,
  ];
  const note = notes.filter(Boolean).join(' ');
  const policy: ReceiptPolicy = {
    ...(note ? { note } : {}),
    ...(override && rules.length > 0 ? { override: { reason: override.reason, rules } } : {}),
  };
  return Object.keys(policy).length > 0 ? { go: 'now', policy } : { go: 'now' };
}
