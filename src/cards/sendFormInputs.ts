// No dependencies beyond the domain's list splitting and words: the side panel's bundle imports this too.
import type { Messages } from '../domain/messages';
import { sameNumberKey, splitNumberList } from '../domain/numberLists';

/** What the send form's inputs and data carry back, from a card, a dialog or the side panel. */
export interface SendFormInputs {
  cardId?: string;
  joinUrl?: string;
  kind?: string;
  numbers?: string[];
  savedNumbers?: string;
  extraNumbers?: string;
  timeZone?: string;
  /** The organizer's reason to send outside the sending hours or over a cap. */
  overrideReason?: string;
  /** A saved number's zone, chosen on the form (`zone:+13129224122`). */
  [savedZone: `zone:${string}`]: string | undefined;
}

/** The form's own inputs, besides one zone chooser per saved number. */
const FORM_INPUTS: ReadonlySet<string> = new Set(['savedNumbers', 'extraNumbers', 'timeZone', 'kind', 'overrideReason']);

/** The input that holds a saved number's zone (`zone:+13129224122`). */
export function savedZoneInput(phoneNumber: string): `zone:${string}` {
  return `zone:${phoneNumber.trim()}`;
}

/** Whether an input name is a saved number's zone chooser (its number in E.164). */
export function isSavedZoneInput(name: string): boolean {
  return /^zone:\+1\d{10}$/.test(name);
}

/** Whether an input name is one the send form has. */
export function isFormInput(name: string): boolean {
  return FORM_INPUTS.has(name) || isSavedZoneInput(name);
}

/** The zone the form holds for a number (a saved one's own chooser, or one carried from Review). */
export function zoneOnForm(inputs: SendFormInputs, phoneNumber: string): string | undefined {
  return inputs[savedZoneInput(phoneNumber)] || undefined;
}

/** The override the form asks for: only a stated reason counts. */
export function overrideOf(inputs: SendFormInputs): { reason: string } | undefined {
  const reason = inputs.overrideReason?.trim() ?? '';
  return reason.length > 0 ? { reason } : undefined;
}

/** The saved numbers ticked on the form (a multi-select submits them comma-separated); undefined before any submit. */
export function chosenSavedNumbers(inputs: SendFormInputs): string[] | undefined {
  return inputs.savedNumbers?.split(',').filter((entry) => entry.trim() !== '');
}

/** Every number the organizer asked to text: the ticked saved ones, then the typed ones. */
function numbersToText(inputs: SendFormInputs): string[] {
  return [...(chosenSavedNumbers(inputs) ?? []), ...splitNumberList(inputs.extraNumbers ?? '')];
}

/** Each number to text with the zone the form gives it; numbers without one take the form's `timeZone`. */
export function attendeesOnForm(inputs: SendFormInputs): Array<{ phoneNumber: string; timeZone?: string }> {
  return numbersToText(inputs).map((phoneNumber) => {
    const timeZone = zoneOnForm(inputs, phoneNumber);
    return timeZone ? { phoneNumber, timeZone } : { phoneNumber };
  });
}

/** How many people the numbers reach: each number once, however it was written. */
export function peopleToText(inputs: SendFormInputs): number {
  return new Set(numbersToText(inputs).map(sameNumberKey)).size;
}

/** The button that sends, saying to how many people. */
export function sendToTitle(people: number, say: Pick<Messages, 'form'>): string {
  return people === 0 ? say.form.send : say.form.sendTo(people);
}
