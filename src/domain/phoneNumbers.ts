import { ParseError, parsePhoneNumberWithError, type PhoneNumber } from 'libphonenumber-js/max';
import { ok, refused, type Result } from './result';

/** A valid United States number in E.164 form, e.g. `+13129224122`. */
export type UsPhoneNumber = string & { readonly __brand: 'UsPhoneNumber' };

type NumberRefusalReason =
  'empty' | 'letters' | 'notANumber' | 'tooFewDigits' | 'tooManyDigits' | 'notUnitedStates' | 'notInService' | 'doNotText';

interface NumberRefusal {
  /** What the person typed, trimmed. */
  input: string;
  reason: NumberRefusalReason;
  /** One sentence saying what is wrong and how to fix it. */
  message: string;
}

export type NormalizedNumber = Result<UsPhoneNumber, NumberRefusal>;

const US_NATIONAL_DIGITS = 10;
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const HOW_TO_WRITE = 'Write it as a 10-digit US number, e.g. (312) 922-4122 or +1 312 922 4122.';

/** Parses a number the way people type it and returns its E.164 form if it is a valid US number. */
export function normalizeUsNumber(raw: string): NormalizedNumber {
  const input = raw.trim();
  const refuse = (reason: NumberRefusalReason, message: string): NormalizedNumber => refused({ input, reason, message });
  if (input === '') return refuse('empty', `The number is empty. ${HOW_TO_WRITE}`);
  // libphonenumber reads letters as keypad digits (1-800-FLOWERS); an attendee's number never has them.
  if (/\p{L}/u.test(input)) return refuse('letters', `"${input}" contains letters. ${HOW_TO_WRITE}`);

  let phone: PhoneNumber;
  try {
    phone = parsePhoneNumberWithError(input, { defaultCountry: 'US' });
  } catch (error) {
    if (error instanceof ParseError) return refusalForParseError(input, error.message, refuse);
    throw error;
  }
  return classify(input, phone, refuse);
}

function refusalForParseError(
  input: string,
  code: string,
  refuse: (reason: NumberRefusalReason, message: string) => NormalizedNumber,
): NormalizedNumber {
  switch (code) {
    case 'TOO_SHORT':
      return refuse('tooFewDigits', `"${input}" has too few digits. ${HOW_TO_WRITE}`);
    case 'TOO_LONG':
      return refuse('tooManyDigits', `"${input}" has too many digits. ${HOW_TO_WRITE}`);
    case 'INVALID_COUNTRY':
      return refuse('notUnitedStates', `"${input}" has an unknown country code. Only US numbers (+1) can receive appointment texts.`);
    default:
      return refuse('notANumber', `"${input}" is not a phone number. ${HOW_TO_WRITE}`);
  }
}

function classify(
  input: string,
  phone: PhoneNumber,
  refuse: (reason: NumberRefusalReason, message: string) => NormalizedNumber,
): NormalizedNumber {
  if (phone.countryCallingCode !== '1') {
    const where = phone.country ? `a ${regionNames.of(phone.country)} number` : `a +${phone.countryCallingCode} number`;
    return refuse('notUnitedStates', `"${input}" is ${where}. Only United States numbers can receive appointment texts.`);
  }
  const digits = phone.nationalNumber.length;
  // "after +1" only to someone who wrote the +1: "911" has 3 digits, not 3 after a code nobody typed.
  const counted = `"${input}" has ${digits} digits${input.startsWith('+') ? ' after +1' : ''}; a US number has 10 (3-digit area code + 7 digits).`;
  if (digits < US_NATIONAL_DIGITS) return refuse('tooFewDigits', counted);
  if (digits > US_NATIONAL_DIGITS) return refuse('tooManyDigits', counted);
  const region = phone.country;
  if (region && region !== 'US') {
    return refuse(
      'notUnitedStates',
      `"${input}" is a ${regionNames.of(region)} number (area code ${phone.nationalNumber.slice(0, 3)}). Only United States numbers can receive appointment texts.`,
    );
  }
  if (region !== 'US' || !phone.isValid()) {
    return refuse(
      'notInService',
      `"${input}" is not a valid US number: area code ${phone.nationalNumber.slice(0, 3)} or its exchange does not exist. Check the digits.`,
    );
  }
  return ok(phone.number as UsPhoneNumber);
}

/** What became of one typed entry, in the order entered. */
export type NumberCheck =
  | { input: string; status: 'valid'; number: UsPhoneNumber }
  | { input: string; status: 'duplicate'; number: UsPhoneNumber }
  | { input: string; status: 'refused'; reason: NumberRefusalReason; message: string };

/** Checks every typed number: each valid US number once, duplicates marked, every other entry refused with its reason. */
export function checkAttendeeNumbers(inputs: readonly string[]): NumberCheck[] {
  const seen = new Set<UsPhoneNumber>();
  return inputs.map((raw): NumberCheck => {
    const normalized = normalizeUsNumber(raw);
    if (!normalized.ok) return { status: 'refused', ...normalized.error };
    const input = raw.trim();
    if (seen.has(normalized.value)) return { input, status: 'duplicate', number: normalized.value };
    seen.add(normalized.value);
    return { input, status: 'valid', number: normalized.value };
  });
}

/** A US number as people write it, for the organizer's own eyes: `+13129224122` → `(312) 922-4122`. */
export function formatUsNumber(number: UsPhoneNumber): string {
  return parsePhoneNumberWithError(number).formatNational();
}

/**
 * Masks a number for logs and receipts: `+13129224122` → `+1312•••4122`. Shows at most the
 * country and area code and the last four digits; hides at least the three digits between.
 */
export function maskPhoneNumber(number: string): string {
  const compact = number.replace(/[^\d+]/g, '');
  if (compact.length < 10) return '•••';
  const shown = Math.min(5, compact.length - 7);
  return `${compact.slice(0, shown)}•••${compact.slice(-4)}`;
}
