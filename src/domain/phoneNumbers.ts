import { ParseError, parsePhoneNumberWithError, type PhoneNumber } from 'libphonenumber-js/max';
import type { Messages } from './messages';
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

type Refuse = (reason: NumberRefusalReason, message: string) => NormalizedNumber;

/** Parses a number the way people type it and returns its E.164 form if it is a valid US number; a refusal says why in `say`'s language. */
export function normalizeUsNumber(raw: string, say: Pick<Messages, 'numbers' | 'language'>): NormalizedNumber {
  const input = raw.trim();
  const refuse: Refuse = (reason, message) => refused({ input, reason, message });
  if (input === '') return refuse('empty', say.numbers.empty);
  // libphonenumber reads letters as keypad digits (1-800-FLOWERS); an attendee's number never has them.
  if (/\p{L}/u.test(input)) return refuse('letters', say.numbers.letters(input));

  let phone: PhoneNumber;
  try {
    phone = parsePhoneNumberWithError(input, { defaultCountry: 'US' });
  } catch (error) {
    if (error instanceof ParseError) return refusalForParseError(input, error.message, refuse, say);
    throw error;
  }
  return classify(input, phone, refuse, say);
}

function refusalForParseError(input: string, code: string, refuse: Refuse, say: Pick<Messages, 'numbers'>): NormalizedNumber {
  switch (code) {
    case 'TOO_SHORT':
      return refuse('tooFewDigits', say.numbers.tooFewDigits(input));
    case 'TOO_LONG':
      return refuse('tooManyDigits', say.numbers.tooManyDigits(input));
    case 'INVALID_COUNTRY':
      return refuse('notUnitedStates', say.numbers.unknownCountry(input));
    default:
      return refuse('notANumber', say.numbers.notANumber(input));
  }
}

const regionNames = new Map<string, Intl.DisplayNames>();
/** A country's name in the reader's language ("Canada", "Canadá"). */
function regionName(region: string, language: string): string {
  let names = regionNames.get(language);
  if (!names) regionNames.set(language, (names = new Intl.DisplayNames([language], { type: 'region' })));
  return names.of(region) ?? region;
}

function classify(input: string, phone: PhoneNumber, refuse: Refuse, say: Pick<Messages, 'numbers' | 'language'>): NormalizedNumber {
  const words = say.numbers;
  if (phone.countryCallingCode !== '1') {
    const where = phone.country
      ? words.countryNumber(regionName(phone.country, say.language))
      : words.countryNumber(`+${phone.countryCallingCode}`);
    return refuse('notUnitedStates', words.otherCountry(input, where));
  }
  const digits = phone.nationalNumber.length;
  // "after +1" only to someone who wrote the +1: "911" has 3 digits, not 3 after a code nobody typed.
  const counted = words.digitCount(input, digits, input.startsWith('+'));
  if (digits < US_NATIONAL_DIGITS) return refuse('tooFewDigits', counted);
  if (digits > US_NATIONAL_DIGITS) return refuse('tooManyDigits', counted);
  const region = phone.country;
  const areaCode = phone.nationalNumber.slice(0, 3);
  if (region && region !== 'US') return refuse('notUnitedStates', words.otherRegion(input, regionName(region, say.language), areaCode));
  if (region !== 'US' || !phone.isValid()) return refuse('notInService', words.notInService(input, areaCode));
  return ok(phone.number as UsPhoneNumber);
}

/** What became of one typed entry, in the order entered. */
export type NumberCheck =
  | { input: string; status: 'valid'; number: UsPhoneNumber }
  | { input: string; status: 'duplicate'; number: UsPhoneNumber }
  | { input: string; status: 'refused'; reason: NumberRefusalReason; message: string };

/** Checks every typed number: each valid US number once, duplicates marked, every other entry refused with its reason. */
export function checkAttendeeNumbers(inputs: readonly string[], say: Pick<Messages, 'numbers' | 'language'>): NumberCheck[] {
  const seen = new Set<UsPhoneNumber>();
  return inputs.map((raw): NumberCheck => {
    const normalized = normalizeUsNumber(raw, say);
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
