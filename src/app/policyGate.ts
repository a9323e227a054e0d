import type { Messages } from '../domain/messages';
import { maskPhoneNumber, type UsPhoneNumber } from '../domain/phoneNumbers';
import type { ReceiptPolicy } from '../domain/sendReceipt';
import type { SendPlan } from '../domain/sendPolicy';
import { capExceeded, timingOf, type CapExceeded, type PolicyOverride, type TimingDecision } from '../domain/tenantPolicy';
import { momentInZone, toIanaTimeZone } from '../domain/timeZones';
import type { TenantPolicies } from './tenantPolicies';
import type { TextCounts } from './textCounts';

/** What the tenant's policy says about one send: go now (saying why, if it bent a rule), wait, or not to these numbers. */
export type PolicyDecision =
  | { go: 'now'; policy?: ReceiptPolicy }
  | { go: 'later'; until: Date; why: string }
  | { go: 'never'; overCap: Array<{ index: number; reason: string }> };

export interface PolicyQuestion {
  tenantId: string;
  /** The send's record: what it counts against each number's caps is kept under it. */
  sendId: string;
  plan: SendPlan;
  override?: PolicyOverride;
  /** A scheduled text is already at its time: only the caps are checked again. */
  scheduled?: boolean;
  /** Asked only when the answer depends on it (a cancellation or reminder outside the hours). */
  appointmentStart: () => Promise<Date | undefined>;
  /** The zone the organizer reads times in (IANA), for when a number may be texted again. */
  viewerZone: () => Promise<string>;
  /** The organizer's words: what the policy did is said in them. */
  say: Messages;
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
      hashNumber: (number: UsPhoneNumber) => string;
      now: () => Date;
    },
  ) {}

  async decide(question: PolicyQuestion): Promise<PolicyDecision> {
    const { policy } = await this.deps.policies.get(question.tenantId);
    const now = this.deps.now();
    const override = policy.overridesAllowed ? question.override : undefined;
    const { say } = question;
    const unused = question.override && !override ? ` ${say.policy.overridesOff}` : '';
    const attendees = question.plan.attendees;
    // Every planned zone was checked: each is a known Windows name with its IANA twin.
    const zones = attendees.map((attendee) => toIanaTimeZone(attendee.timeZone) ?? attendee.timeZone);
    const capsOn = policy.caps.perDay > 0 || policy.caps.perWeek > 0;
    const hashes = attendees.map((attendee) => this.deps.hashNumber(attendee.phoneNumber));
    // Counted first, number by number, each checked against its caps in the same conditional
    // write: a send racing this one cannot pass a cap too. An override counts a number over its cap.
    const overridden = new Set<number>();
    const overCapOf = (index: number) => (textedAt: Date[]) => {
      const exceeded = capExceeded(textedAt, now, policy.caps);
      if (!exceeded) return undefined;
      if (override) {
        overridden.add(index);
        return undefined;
      }
      return exceeded;
    };
    if (capsOn) {
      const overCap = await this.count(question.tenantId, hashes, question.sendId, now, overCapOf);
      if (overCap.length > 0) {
        // Said in the organizer's own zone, which is looked for only when there is something to say.
        const viewerZone = await question.viewerZone();
        const reasonOf = ({ index, exceeded }: { index: number; exceeded: CapExceeded }) =>
          capReasonFor(attendees[index]?.phoneNumber ?? '', exceeded, viewerZone, say) + unused;
        return { go: 'never', overCap: overCap.map((entry) => ({ index: entry.index, reason: reasonOf(entry) })) };
      }
    }
    const rules: Array<'sendingHours' | 'caps'> = overridden.size > 0 ? ['caps'] : [];
    let timing: TimingDecision = { go: 'now' };
    if (!question.scheduled) {
      const asked = { kind: question.plan.kind, attendeeZones: zones, now, policy, override, say };
      timing = timingOf(asked);
      // Whether the appointment itself is before the hours open matters only for these two kinds.
      if (timing.go === 'later' && (asked.kind === 'cancellation' || asked.kind === 'reminder')) {
        const appointmentStart = await question.appointmentStart();
        if (appointmentStart) timing = timingOf({ ...asked, appointmentStart });
      }
      if (timing.go === 'later') {
        // A held text is counted when it goes.
        if (capsOn) await this.deps.counts.release(question.tenantId, hashes, question.sendId);
        return { ...timing, why: timing.why + unused };
      }
    }
    return decided(timing, timing.override ? [...rules, 'sendingHours'] : rules, override, say);
  }

  /** Takes back the counts of a send that did not go (refused or failed at Graph). */
  async release(tenantId: string, plan: SendPlan, sendId: string): Promise<void> {
    await this.deps.counts.release(
      tenantId,
      plan.attendees.map((attendee) => this.deps.hashNumber(attendee.phoneNumber)),
      sendId,
    );
  }

  /** Counts the send against every number's caps; when one is over, none is counted and each over its cap is returned with how. */
  private async count(
    tenantId: string,
    hashes: readonly string[],
    sendId: string,
    now: Date,
    overCapOf: (index: number) => (textedAt: Date[]) => CapExceeded | undefined,
  ): Promise<Array<{ index: number; exceeded: CapExceeded }>> {
    const overCap: Array<{ index: number; exceeded: CapExceeded }> = [];
    for (const [index, hash] of hashes.entries()) {
      const exceeded = await this.deps.counts.reserve(tenantId, hash, sendId, now, overCapOf(index));
      if (exceeded) overCap.push({ index, exceeded });
    }
    if (overCap.length > 0) await this.deps.counts.release(tenantId, hashes, sendId);
    return overCap;
  }
}

function capReasonFor(phoneNumber: string, exceeded: CapExceeded, zone: string, say: Messages): string {
  return say.policy.capReached(maskPhoneNumber(phoneNumber), exceeded.count, exceeded.window, momentInZone(exceeded.until, zone, say));
}

function decided(
  timing: Extract<TimingDecision, { go: 'now' }>,
  rules: Array<'sendingHours' | 'caps'>,
  override: PolicyOverride | undefined,
  say: Messages,
): PolicyDecision {
  const notes = [timing.note, rules.includes('caps') ? say.policy.overCapOverride(override?.reason ?? '') : undefined];
  const note = notes.filter(Boolean).join(' ');
  const policy: ReceiptPolicy = {
    ...(note ? { note } : {}),
    ...(override && rules.length > 0 ? { override: { reason: override.reason, rules } } : {}),
  };
  return Object.keys(policy).length > 0 ? { go: 'now', policy } : { go: 'now' };
}
