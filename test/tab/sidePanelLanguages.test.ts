import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { danasMeeting } from '../support/graphSandbox';
import { useSidePanels } from '../support/sidePanel';
import type { Stack } from '../support/stack';

const ARTIFACTS = join(__dirname, '..', 'artifacts');
const panels = useSidePanels(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
});
let stack: Stack;

/** What an English-speaking organizer reads on the panel: none of it may reach a Spanish-speaking one. */
const ENGLISH = [
  'Text the attendees',
  'Nothing was sent',
  'Nothing has been sent yet',
  'Time zone',
  'Saved attendee numbers',
  'More numbers',
  'Accepted by Microsoft',
  'Waiting to be sent',
  'Texts for this appointment',
  'Close or move a whole day',
  'Text attendees again',
  'Send to',
];

describe('the side panel of an organizer whose Teams is in Spanish (es-MX)', () => {
  let page: Page;
  let tab: FrameLocator;
  const englishOnPanel = async () => {
    const shown = await tab.locator('body').innerText();
    return ENGLISH.filter((words) => shown.includes(words));
  };

  beforeAll(async () => {
    stack = panels.stack();
    ({ page, tab } = await panels.open({ locale: 'es-MX' }));
  });

  it('shows the form, the saved numbers, the history and what waits in Spanish, with the page marked as Spanish', async () => {
    await tab.getByRole('heading', { name: 'Enviar un mensaje a los asistentes' }).waitFor();
    await tab.getByText(danasMeeting.subject).first().waitFor();
    await tab.getByText('Todavía no se ha enviado nada.').waitFor();
    await tab.getByText('En espera de envío').waitFor();
    expect(await tab.locator('html').getAttribute('lang')).toBe('es-MX');
    expect(await englishOnPanel()).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'side-panel-es-form.png') });
  });

  it('refuses a bad number in Spanish, naming the number and how to fix it, and counts people in Spanish', async () => {
    await tab.getByLabel('Más números (uno por línea, o separados por comas)').fill('242-421-4120');
    await tab.getByLabel('Mensaje que se envía').selectOption('confirmation');
    await tab.getByRole('button', { name: 'Enviar a 1 persona' }).click();
    await tab.getByText(/• "242-421-4120" es un número de Bahamas \(código de área 242\)/).waitFor();
    await tab.getByText('No se envió nada. Corrija esto y vuelva a enviar:').waitFor();
    expect(await englishOnPanel()).toEqual([]);
    expect(stack.graph.sent).toHaveLength(0);
    await page.screenshot({ path: join(ARTIFACTS, 'side-panel-es-refused.png') });
  });

  it('sends, then shows the receipt and the history in Spanish, times in Spanish too', async () => {
    await tab.getByLabel('Más números (uno por línea, o separados por comas)').fill('(312) 922-4122, 646 555 0100');
    await tab.getByRole('button', { name: 'Enviar a 2 personas' }).click();
    await tab.getByText('Microsoft aceptó los mensajes para enviarlos', { exact: true }).waitFor();
    await tab.getByText('Confirmación: aceptado por Microsoft').waitFor();
    // "7 dic 2026, 3:20 p.m. PST": Spanish months and hours, in the browser's zone, named.
    await tab
      .getByText(/\d{1,2} [a-z]{3} \d{4}, \d{1,2}:\d{2}\s?[ap]\.\s?m\. (PST|PDT)/)
      .first()
      .waitFor();
    expect(await englishOnPanel()).toEqual([]);
    expect(stack.graph.sent).toHaveLength(1);
    await page.screenshot({ path: join(ARTIFACTS, 'side-panel-es-receipt.png') });
  });
});

describe('the side panel of an organizer whose Teams is in a language the app does not write (fr-FR)', () => {
  it('is in English, and marked as English so a screen reader does not read it with a French voice', async () => {
    const { tab } = await panels.open({ locale: 'fr-FR' });
    await tab.getByRole('heading', { name: 'Text the attendees' }).waitFor();
    expect(await tab.locator('html').getAttribute('lang')).toBe('en-US');
  });
});
