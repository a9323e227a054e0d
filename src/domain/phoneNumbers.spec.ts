import { CATALOG } from './messages';
import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { checkAttendeeNumbers, maskPhoneNumber, normalizeUsNumber } from './phoneNumbers';

const english = CATALOG['en-US'];

describe('normalizing the ways people type a US number', () => {
  it.each(['(312) 922-4122', '312.922.4122', '+1 312 922 4122', '13129224122', '312-922-4122', '+13129224122', ' 1 (312) 922 4122 '])(
    'reads %p as +13129224122',
    (typed) => {
      expect(normalizeUsNumber(typed, english)).toEqual({ ok: true, value: '+13129224122' });
    },
  );

  it('refuses the seed example +1242421412 because it is one digit short, and says so', () => {
    const result = normalizeUsNumber('+1242421412', english);
    expect(result).toMatchObject({ ok: false, error: { input: '+1242421412', reason: 'tooFewDigits' } });
    if (!result.ok) expect(result.error.message).toContain('9 digits after +1; a US number has 10');
  });

  it.each([
    ['+1 242 421 4122', 'notUnitedStates', 'Bahamas'],
    ['+44 20 7946 0958', 'notUnitedStates', 'United Kingdom'],
    ['+1 416 555 0199', 'notUnitedStates', 'Canada'],
    ['312-922-412', 'tooFewDigits', 'a US number has 10'],
    ['312 922 41223', 'tooManyDigits', 'a US number has 10'],
    ['1-800-FLOWERS', 'letters', 'contains letters'],
    ['', 'empty', 'empty'],
    ['----', 'notANumber', 'not a phone number'],
    ['+1 011 222 3333', 'notInService', 'does not exist'],
  ])('refuses %p (%s) with a reason a person understands', (typed, reason, says) => {
    const result = normalizeUsNumber(typed, english);
    expect(result).toMatchObject({ ok: false, error: { reason } });
    if (!result.ok) expect(result.error.message).toContain(says);
  });
});

describe('checking a list of attendee numbers', () => {
  it('keeps each number once, in the order entered, and names every refused entry', () => {
    const checks = checkAttendeeNumbers(['312-922-4122', '+1242421412', '(312) 922-4122', '+1 415 555 0133'], english);
    expect(checks.map((check) => check.status)).toEqual(['valid', 'refused', 'duplicate', 'valid']);
    expect(checks[1]).toMatchObject({ input: '+1242421412', reason: 'tooFewDigits' });
  });
});

describe('masking numbers for logs', () => {
  it('shows country, area code and the last four digits only', () => {
    expect(maskPhoneNumber('+13129224122')).toBe('+1312•••4122');
    expect(maskPhoneNumber('(312) 922-4122')).toBe('312•••4122');
    expect(maskPhoneNumber('+44 20 7946 0958')).toBe('+4420•••0958');
    expect(maskPhoneNumber('922-4122')).toBe('•••');
  });
});

describe('number normalisation, for any number', () => {
  // Area codes that are in service in the United States (not Canada or the Caribbean).
  const usAreaCodes = ['201', '202', '206', '212', '305', '312', '415', '512', '617', '702', '720', '808', '907', '917'];
  const usNumber = fc.record({
    area: fc.constantFrom(...usAreaCodes),
    exchange: fc.integer({ min: 200, max: 999 }).map(String),
    line: fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
  });
  const formats: Array<(n: { area: string; exchange: string; line: string }) => string> = [
    ({ area, exchange, line }) => `+1${area}${exchange}${line}`,
    ({ area, exchange, line }) => `+1 ${area} ${exchange} ${line}`,
    ({ area, exchange, line }) => `(${area}) ${exchange}-${line}`,
    ({ area, exchange, line }) => `${area}.${exchange}.${line}`,
    ({ area, exchange, line }) => `1${area}${exchange}${line}`,
    ({ area, exchange, line }) => `1 (${area}) ${exchange}-${line}`,
    ({ area, exchange, line }) => ` ${area}-${exchange}-${line} `,
  ];

  it('gives the same E.164 for a valid US number in every common format', () => {
    fc.assert(
      fc.property(usNumber, (n) => {
        const expected = `+1${n.area}${n.exchange}${n.line}`;
        for (const format of formats) expect(normalizeUsNumber(format(n), english)).toEqual({ ok: true, value: expected });
      }),
    );
  });

  it('refuses every number with another country code', () => {
    const foreign = fc.record({
      country: fc.constantFrom('44', '49', '33', '91', '61', '52', '55', '81', '86', '34', '7'),
      digits: fc.stringMatching(/^[1-9]\d{6,10}$/),
    });
    fc.assert(fc.property(foreign, ({ country, digits }) => !normalizeUsNumber(`+${country}${digits}`, english).ok));
  });

  it('refuses every +1 number whose area code is outside the United States', () => {
    const nanpAbroad = fc.record({
      area: fc.constantFrom('242', '416', '604', '787', '876', '868', '441', '284', '671'),
      rest: fc.stringMatching(/^[2-9]\d{6}$/),
    });
    fc.assert(fc.property(nanpAbroad, ({ area, rest }) => !normalizeUsNumber(`+1${area}${rest}`, english).ok));
  });

  it('only ever lets through numbers that are valid in the United States', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (typed) => {
        const result = normalizeUsNumber(typed, english);
        if (!result.ok) return true;
        const parsed = parsePhoneNumberFromString(result.value);
        return parsed?.country === 'US' && parsed.isValid() && parsed.number === result.value;
      }),
    );
  });
});
