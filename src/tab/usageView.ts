import type { Messages } from '../domain/messages';
import type { NotificationKind } from '../domain/notificationKinds';
import type { NumberOutcome } from '../domain/sendReceipt';
import type { TenantUsage } from '../domain/usage';

/** What became of texts, as the chart stacks them and the tables name them (`usage.outcomes`). */
const OUTCOMES: Array<{ outcomes: NumberOutcome[]; group: keyof Messages['usage']['outcomes']; colour: string }> = [
  { outcomes: ['accepted', 'duplicate'], group: 'accepted', colour: 'var(--accent)' },
  { outcomes: ['held'], group: 'held', colour: 'var(--subtle)' },
  { outcomes: ['refused'], group: 'refused', colour: 'var(--attention)' },
  { outcomes: ['notSent', 'unknown'], group: 'notSent', colour: 'var(--border)' },
];

const SENDS: ReadonlyArray<keyof TenantUsage['sends']> = ['sent', 'held', 'refused', 'failed', 'uncertain'];

/** The usage as the admin reads it: totals, a chart of texts per day with the same numbers as a table, refusals and failures. */
export function usageView(usage: TenantUsage, say: Pick<Messages, 'usage' | 'kinds'>): HTMLElement {
  const words = say.usage;
  const view = document.createElement('div');
  view.className = 'usage';
  view.append(
    heading(words.sendsHeading),
    totals([
      ...SENDS.map((status): [string, number] => [words.sends[status], usage.sends[status]]),
      [words.capsReached, usage.capsReached],
      [words.missed, usage.missed],
    ]),
    heading(words.perDay),
  );
  if (usage.days.length === 0) view.append(paragraph(words.noTexts));
  else view.append(chart(usage, say), legend(say), textsTable(usage, say));
  view.append(heading(words.refusals));
  view.append(
    usage.refusals.length === 0
      ? paragraph(words.noRefusals)
      : table(
          [words.reason, words.sendsColumn],
          usage.refusals.map((refusal) => [words.reasons[refusal.reason] ?? refusal.reason, String(refusal.sends)]),
        ),
  );
  view.append(heading(words.failures));
  if (usage.failures.length === 0) view.append(paragraph(words.noFailures));
  else {
    const list = document.createElement('ul');
    for (const failure of usage.failures) {
      const item = document.createElement('li');
      const count = document.createElement('strong');
      count.textContent = `${failure.sends} × ${failure.reason}: `;
      item.append(count, failure.meaning);
      list.append(item);
    }
    view.append(list);
  }
  return view;
}

function countOf(texts: Partial<Record<NumberOutcome, number>>, outcomes: NumberOutcome[]): number {
  return outcomes.reduce((sum, outcome) => sum + (texts[outcome] ?? 0), 0);
}

/** Stacked bars, one per day; the table after it holds the same numbers for screen readers and copying. */
function chart(usage: TenantUsage, say: Pick<Messages, 'usage' | 'kinds'>): SVGSVGElement {
  const perDay = usage.days.map((day) => {
    const all: Partial<Record<NumberOutcome, number>> = {};
    for (const texts of Object.values(day.texts))
      for (const [outcome, count] of Object.entries(texts) as Array<[NumberOutcome, number]>) all[outcome] = (all[outcome] ?? 0) + count;
    return { date: day.date, counts: OUTCOMES.map((group) => countOf(all, group.outcomes)) };
  });
  const highest = Math.max(1, ...perDay.map((day) => day.counts.reduce((sum, count) => sum + count, 0)));
  const [width, height, bar] = [Math.max(240, perDay.length * 28 + 40), 150, 18];
  const svg = svgElement('svg', {
    viewBox: `0 0 ${width} ${height + 24}`,
    width: String(width),
    role: 'img',
    'aria-labelledby': 'chart-title',
  });
  const title = svgElement('title', { id: 'chart-title' });
  title.textContent = say.usage.chartTitle(usage.from, usage.to);
  svg.append(title);
  perDay.forEach((day, index) => {
    let top = height;
    const x = 30 + index * 28;
    day.counts.forEach((count, group) => {
      if (count === 0) return;
      const tall = (count / highest) * (height - 10);
      top -= tall;
      svg.append(
        svgElement('rect', {
          x: String(x),
          y: String(top),
          width: String(bar),
          height: String(tall),
          style: `fill: ${OUTCOMES[group]?.colour ?? 'none'}`,
        }),
      );
    });
    const label = svgElement('text', {
      x: String(x + bar / 2),
      y: String(height + 16),
      'text-anchor': 'middle',
      'font-size': '11',
      style: 'fill: var(--text)',
    });
    label.textContent = day.date.slice(5);
    svg.append(label);
  });
  return svg;
}

/** What each colour of the chart stands for. */
function legend(say: Pick<Messages, 'usage' | 'kinds'>): HTMLUListElement {
  const list = document.createElement('ul');
  list.className = 'legend';
  for (const group of OUTCOMES) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = group.colour;
    item.append(swatch, say.usage.outcomes[group.group]);
    list.append(item);
  }
  return list;
}

function textsTable(usage: TenantUsage, say: Pick<Messages, 'usage' | 'kinds'>): HTMLTableElement {
  const words = say.usage;
  const rows = usage.days.flatMap((day) =>
    Object.entries(day.texts).map(([kind, texts]) => [
      day.date,
      Object.hasOwn(say.kinds, kind) ? say.kinds[kind as NotificationKind] : kind,
      ...OUTCOMES.map((group) => String(countOf(texts, group.outcomes))),
    ]),
  );
  return table([words.day, words.kind, ...OUTCOMES.map((group) => words.outcomes[group.group])], rows, words.tableCaption);
}

function totals(entries: Array<[string, number]>): HTMLDListElement {
  const list = document.createElement('dl');
  list.className = 'totals';
  for (const [label, count] of entries) {
    const term = document.createElement('dt');
    term.textContent = label;
    const value = document.createElement('dd');
    value.textContent = String(count);
    list.append(term, value);
  }
  return list;
}

function table(head: string[], rows: string[][], caption?: string): HTMLTableElement {
  const element = document.createElement('table');
  if (caption) element.createCaption().textContent = caption;
  const headRow = element.createTHead().insertRow();
  for (const text of head) {
    const cell = document.createElement('th');
    cell.scope = 'col';
    cell.textContent = text;
    headRow.append(cell);
  }
  const body = element.createTBody();
  for (const row of rows) {
    const line = body.insertRow();
    for (const text of row) line.insertCell().textContent = text;
  }
  return element;
}

function heading(text: string): HTMLHeadingElement {
  const element = document.createElement('h3');
  element.textContent = text;
  return element;
}

function paragraph(text: string): HTMLParagraphElement {
  const element = document.createElement('p');
  element.textContent = text;
  return element;
}

function svgElement<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string>): SVGElementTagNameMap[K] {
  const element = document.createElementNS('http://www.w3.org/2000/svg', name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  return element;
}
