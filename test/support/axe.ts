import { readFileSync } from 'node:fs';
import type { Frame } from 'playwright-core';

/** axe-core (the npm package), as the browser runs it: injected into the page under test. */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  rule: string;
  impact: string;
  /** Where, as CSS selectors, and what axe says of the first. */
  targets: string[];
  summary: string;
}

/** The WCAG 2.1 A and AA violations axe finds in `frame` as it stands, serious and critical only. */
export async function seriousViolations(frame: Frame): Promise<AxeFinding[]> {
  await frame.evaluate(AXE_SOURCE);
  return frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: Array<{ id: string; impact?: string; nodes: Array<{ target: string[]; failureSummary?: string }> }>;
    }
    const results = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        rule: violation.id,
        impact: violation.impact ?? '',
        targets: violation.nodes.map((node) => node.target.join(' ')),
        summary: violation.nodes[0]?.failureSummary ?? '',
      }));
  });
}
