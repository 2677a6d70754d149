import { describe, expect, test } from 'vitest';
import { csvField, csvHeader, csvList, csvRecord, neutraliseFormula, type CsvColumn } from '../../lib/export/csv.js';

describe('RFC 4180 fields', () => {
  test('plain text, numbers, booleans and null are written bare', () => {
    expect(csvField('Müller')).toBe('Müller');
    expect(csvField(42)).toBe('42');
    expect(csvField(0.25)).toBe('0.25');
    expect(csvField(true)).toBe('true');
    expect(csvField(false)).toBe('false');
    expect(csvField(null)).toBe('');
    expect(csvField('')).toBe('');
  });

  test('commas, quotes, CR and LF are quoted, quotes doubled', () => {
    expect(csvField('Bau, Montage')).toBe('"Bau, Montage"');
    expect(csvField('the "best" GmbH')).toBe('"the ""best"" GmbH"');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('line1\r\nline2')).toBe('"line1\r\nline2"');
    expect(csvField('"')).toBe('""""');
  });

  test('non-finite numbers are refused', () => {
    expect(() => csvField(Number.NaN)).toThrow(/NaN/);
    expect(() => csvField(Number.POSITIVE_INFINITY)).toThrow(/Infinity/);
  });

  test('records and header end with CRLF', () => {
    interface R {
      a: string | null;
      b: number;
    }
    const cols: CsvColumn<R>[] = [
      { name: 'a', value: (r) => r.a },
      { name: 'b', value: (r) => r.b },
    ];
    expect(csvHeader(cols)).toBe('a,b\r\n');
    expect(csvRecord(cols, { a: 'x,y', b: -1 })).toBe('"x,y",-1\r\n');
    expect(csvRecord(cols, { a: null, b: 0 })).toBe(',0\r\n');
  });
});

describe('formula injection', () => {
  test.each([
    ['=1+2', "'=1+2"],
    ['+49 211 000000', "'+49 211 000000"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
  ])('text %j gets a leading apostrophe', (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
    expect(csvField(input)).toBe(expected);
  });

  test('a leading CR is neutralised and then quoted', () => {
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
  });

  test('a dangerous cell that also needs quoting is neutralised inside the quotes', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  test('numbers stay numbers: negative values are not touched', () => {
    expect(csvField(-3)).toBe('-3');
    expect(csvField(-0.5)).toBe('-0.5');
  });

  test('trusted columns (values the pipeline produces) are not touched', () => {
    expect(csvField('-1', true)).toBe('-1');
    const cols: CsvColumn<{ v: string }>[] = [
      { name: 'doc', value: (r) => r.v },
      { name: 'own', value: (r) => r.v, trusted: true },
    ];
    expect(csvRecord(cols, { v: '-x' })).toBe("'-x,-x\r\n");
  });

  test('harmless text in the middle is not changed', () => {
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField("O'Brien")).toBe("O'Brien");
  });
});

test('list cells join with ; and are null when empty', () => {
  expect(csvList(['PL', 'DE'])).toBe('PL;DE');
  expect(csvList([null, ''])).toBeNull();
  expect(csvList([])).toBeNull();
});
