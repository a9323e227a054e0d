/**
 * The 8 o'clock burst: every text held overnight comes due at once, three instances on Azurite
 * drain them through a Graph that takes a fixed rate and answers 429 with Retry-After beyond it,
 * and one instance is killed half-way. (`npm run bench` runs the same shape with 10,000 texts.)
 */
import { eightOClockBurst, type BurstOutcome } from '../support/eightOClock';

const SHAPE = { texts: 240, organizers: 24, instances: 3, graphPerSecond: 20, killOneHalfway: true };
/** What one instance has in flight at most (ScheduledSends' concurrency): all a kill can leave unknown. */
const IN_FLIGHT = 8;

describe("the 8 o'clock burst on three instances, one killed half-way", () => {
  let outcome: BurstOutcome;
  beforeAll(async () => {
    outcome = await eightOClockBurst(SHAPE);
    console.log(
      `drained ${SHAPE.texts} texts in ${outcome.drainMs} ms (Graph's rate allows ${outcome.bestMs} ms); ` +
        `${outcome.graphCalls} Graph calls, ${outcome.throttled} of them 429; per instance ${outcome.settledByInstance.join(', ')}`,
    );
  }, 300_000);

  it('texts everyone at most once, and loses nobody: each text sent, or said unknown if the killed instance had it in flight', () => {
    expect([...outcome.acceptedPerText.values()].filter((times) => times > 1)).toEqual([]);
    const states = [...outcome.endStates.values()];
    expect(states).toHaveLength(SHAPE.texts);
    expect(states.filter((end) => end.state !== 'done')).toEqual([]);
    const sent = states.filter((end) => end.status === 'sent').length;
    const unknown = states.filter((end) => end.status === 'uncertain').length;
    expect(sent + unknown).toBe(SHAPE.texts);
    expect(unknown).toBeLessThanOrEqual(IN_FLIGHT);
    expect(outcome.acceptedPerText.size).toBeGreaterThanOrEqual(sent);
  });

  it("keeps every instance working, and honours Graph's Retry-After together: no storm of 429s", () => {
    expect(outcome.settledByInstance.every((settled) => settled > 0)).toBe(true);
    // Each text is one call, plus the 429s the rate forces; those stay a fraction of the texts.
    expect(outcome.graphCalls).toBe(outcome.acceptedPerText.size + outcome.throttled);
    expect(outcome.throttled).toBeLessThan(SHAPE.texts / 2);
  });

  it('shows each organizer all their texts while they drain', () => {
    expect(outcome.seenMidway.listed).toBe(outcome.seenMidway.organizerTexts);
  });
});
