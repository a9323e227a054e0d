import { CATALOG } from './messages';
import { normalizeUsNumber } from './phoneNumbers';
import { sameNumberKey, splitNumberList } from './numberLists';

describe('what a person typed in a box of numbers', () => {
  it('splits on commas, semicolons and new lines but not on spaces inside a number', () => {
    expect(splitNumberList('+1 312 922 4122, (415) 555-0133;\n312.555.0100\n\n')).toEqual([
      '+1 312 922 4122',
      '(415) 555-0133',
      '312.555.0100',
    ]);
  });
});

describe('counting the people a form reaches while the organizer types', () => {
  it('counts one number once however it is written', () => {
    const ways = ['(312) 922-4122', '+1 312 922 4122', '312.922.4122', '13129224122', '+13129224122'];
    expect(new Set(ways.map(sameNumberKey)).size).toBe(1);
  });

  it('keeps different numbers apart', () => {
    expect(sameNumberKey('(312) 922-4122')).not.toBe(sameNumberKey('(312) 922-4123'));
  });

  it('agrees with the full check for every number the check accepts', () => {
    const written = ['(312) 922-4122', '+1 (312) 922-4122', '312-922-4122', '1 312 922 4122'];
    const checked = written
      .map((typed) => normalizeUsNumber(typed, CATALOG['en-US']))
      .map((result) => (result.ok ? sameNumberKey(result.value) : 'refused'));
    expect(new Set(checked)).toEqual(new Set(written.map(sameNumberKey)));
  });
});
