import { csvLine } from './csv';

describe('a line of the audit export', () => {
  it('quotes what would break a cell, and keeps what a spreadsheet would run as a formula as text', () => {
    expect(csvLine(['plain', 'a, b', 'said "no"', 'two\nlines'])).toBe('plain,"a, b","said ""no""","two\nlines"\r\n');
    expect(csvLine(['+1312•••4122', '=HYPERLINK("x")', '-1', '@cmd'])).toBe(`'+1312•••4122,"'=HYPERLINK(""x"")",'-1,'@cmd\r\n`);
  });
});
