import { numbersCard, receiptCard } from '../../src/cards/receiptCards';
import { sendFormCard, summaryCard } from '../../src/cards/sendFormCards';
import { toStoredReceipt, type SendReceipt } from '../../src/domain/sendReceipt';
import { defaultAttendeeZone } from '../../src/domain/timeZones';
import { cardProblems, markdownRendered } from '../support/cardValidation';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { everyCard, everyCardInSpanish } from './everyCard';
import { CATALOG } from '../../src/domain/messages';

const english = CATALOG['en-US'];

describe('the Adaptive Cards', () => {
  it.each(everyCard)('%s parses and validates with no warnings at schema 1.5', (_name, card) => {
    expect(card.version).toBe('1.5');
    expect(cardProblems(card)).toEqual([]);
  });

  it('flags what the parser would let through: an unknown element and a feature newer than the card', () => {
    expect(
      cardProblems({ type: 'AdaptiveCard', version: '1.2', body: [{ type: 'Bogus' }], actions: [{ type: 'Action.Execute', title: 'Go' }] }),
    ).toEqual([expect.stringContaining('Unknown element type "Bogus"'), 'Action.Execute needs schema 1.4, the card says 1.2']);
  });

  it('never hands a name, a title or typed text to Markdown: a link in them stays plain words', () => {
    const link = '[Verify your number](https://evil.example)';
    const cards = [
      receiptCard(
        {
          status: 'refused',
          numbers: [{ masked: '+1•••', outcome: 'refused', reason: `"${link}" is not a phone number.` }],
          problems: [],
          at: '2026-11-25T06:00:00Z',
        },
        link,
        english,
      ),
      numbersCard([{ masked: '+1312•••4122', name: link }], english, link),
      summaryCard({ cardId: 'c', organizerUserId: 'u', meetingTitle: link }, english),
      sendFormCard(
        {
          cardId: 'c',
          organizerUserId: 'u',
          meetingTitle: link,
          savedNumbers: [],
          timeZone: defaultAttendeeZone('America/Los_Angeles'),
          problems: [{ message: link }],
        },
        english,
      ),
    ];
    for (const card of cards) {
      expect(JSON.stringify(card)).toContain('Verify your number');
      expect(markdownRendered(card).filter((text) => text.includes('evil.example'))).toEqual([]);
      expect(cardProblems(card)).toEqual([]);
    }
  });

  it("says what Graph's 202 means, accepted by Microsoft, and promises no delivery", () => {
    const sent = JSON.stringify(cardNamed('receipt, sent'));
    expect(sent).toContain('Accepted by Microsoft for sending');
    expect(sent).not.toMatch(/deliver(s|ed) (them|to)/i);
  });

  it('labels every input, as screen readers need', () => {
    const form = JSON.stringify(cardNamed('form with saved numbers and problems'));
    const inputs = form.match(/"type":"Input\.[A-Za-z]+"/g) ?? [];
    const labelled = form.match(/"type":"Input\.[A-Za-z]+","id":"[a-zA-Z]+(:\+1\d{10})?","label":"[^"]+"/g) ?? [];
    // The saved numbers, one zone per saved number (two), the typed numbers, their zone, the kind, the reason.
    expect(inputs.length).toBe(7);
    expect(labelled.length).toBe(inputs.length);
  });

  it('says plainly on a receipt what happened to each number', () => {
    expect(JSON.stringify(cardNamed('receipt, failed'))).toContain('Nothing was sent');
    expect(JSON.stringify(cardNamed('receipt, failed'))).toContain('Not sent');
    expect(JSON.stringify(cardNamed('receipt, uncertain'))).toContain('Unknown: check before resending');
  });

  it('never shows a number in full on a receipt, even where the reason quotes what the organizer typed', () => {
    // As the sender answers the organizer: each number as typed, and reasons that quote it.
    const answered: SendReceipt = {
      status: 'sent',
      kind: 'confirmation',
      timeZone: defaultAttendeeZone(''),
      at: '2026-11-25T15:00:00.000Z',
      problems: [],
      numbers: [
        { input: '(312) 922-4122', masked: '+1312•••4122', outcome: 'accepted' },
        { input: '415.555.0133', masked: '+1415•••0133', outcome: 'refused', reason: '415.555.0133 is on the do-not-text list.' },
      ],
    };
    const shown = JSON.stringify(receiptCard(toStoredReceipt(answered), 'Dana', english));
    expect(shown).toContain('+1415•••0133 is on the do-not-text list.');
    for (const typed of ['(312) 922-4122', '415.555.0133', '9224122', '5550133']) expect(shown).not.toContain(typed);
  });

  it("keeps the form's entries and lists each problem above it", () => {
    const form = JSON.stringify(cardNamed('form with saved numbers and problems'));
    expect(form).toContain('Nothing was sent. Fix these and send again:');
    expect(form).toContain('"value":"+1242421412"');
    // The organizer's own view: each saved number in full, with the zone it keeps, changeable here.
    expect(form).toContain('"title":"Alex Rivera · (312) 922-4122"');
    expect(form).toContain('"id":"zone:+13129224122","label":"Time zone of Alex Rivera · (312) 922-4122","value":"Pacific Standard Time"');
    expect(form).toContain('"id":"zone:+14155550133","label":"Time zone of (415) 555-0133","value":"Central Standard Time"');
  });

  it('takes every word of every template from the catalog: no template holds literal English', () => {
    const templates = join(__dirname, '..', '..', 'src', 'cards', 'templates');
    const literal = readdirSync(templates).flatMap((file) =>
      wordsOf(JSON.parse(readFileSync(join(templates, file), 'utf8'))).flatMap((words) => {
        // What is left once every ${…} binding is taken out: punctuation and digits only.
        const left = words.replace(/\$\{[^}]*\}/g, '');
        return /\p{L}/u.test(left) ? [`${file}: ${words}`] : [];
      }),
    );
    expect(literal).toEqual([]);
  });

  it.each([
    ['English', everyCard],
    ['Spanish', everyCardInSpanish],
  ])('gives every input a label and every image a text alternative, in %s', (_language, cards) => {
    const unnamed = cards.flatMap(([name, card]) =>
      elementsOf(card).flatMap((element) => {
        const type = String(element.type);
        if (type.startsWith('Input.') && !nonEmpty(element.label)) return [`${name}: ${type} ${String(element.id)} has no label`];
        if (type === 'Image' && !nonEmpty(element.altText)) return [`${name}: an image has no altText`];
        return [];
      }),
    );
    expect(unnamed).toEqual([]);
  });

  it("says each card in Spanish when the organizer's Teams is in Spanish", () => {
    const english = JSON.stringify(everyCard.map(([, card]) => card));
    const spanish = JSON.stringify(everyCardInSpanish.map(([, card]) => card));
    for (const words of ['Nothing was sent', 'Saved attendee numbers', 'Accepted by Microsoft', 'Waiting to be sent', 'Cancel this text']) {
      expect(english).toContain(words);
      expect(spanish).not.toContain(words);
    }
    expect(spanish).toContain('No se envió nada. Corrija esto y vuelva a enviar:');
    expect(spanish).toContain('Números guardados de los asistentes');
    expect(spanish).toContain('Zona horaria de Alex Rivera · (312) 922-4122');
    expect(spanish).toContain('Pacífico (Los Ángeles)');
  });
});

/** The words a template shows a person: its text, titles, labels, placeholders, error messages and alternatives. */
function wordsOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(wordsOf);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) => (typeof value === 'string' ? (SHOWN.has(key) ? [value] : []) : wordsOf(value)));
}

const SHOWN = new Set(['text', 'title', 'label', 'placeholder', 'errorMessage', 'altText', 'fallbackText', 'speak']);

/** Every element of a card (body, columns, actions), each as its JSON object. */
function elementsOf(node: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(node)) return node.flatMap(elementsOf);
  if (typeof node !== 'object' || node === null) return [];
  const children = Object.values(node).flatMap(elementsOf);
  return 'type' in node ? [node, ...children] : children;
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function cardNamed(name: string): Record<string, unknown> {
  const found = everyCard.find(([candidate]) => candidate === name);
  if (!found) throw new Error(`no card ${name}`);
  return found[1];
}
