/**
 * RFC 4180 CSV for the exports of ../shared/CONTRACTS.md.
 *
 * - Records end with CRLF (RFC 4180 §2.1), the first record is the header row (§2.3).
 * - A field is enclosed in double quotes when it contains `"`, `,`, CR or LF (§2.6);
 *   a `"` inside is doubled (§2.7). Other fields are written bare.
 * - `null` is the empty field; booleans are `true` / `false`; numbers are written as JavaScript
 *   prints them (`-3`, `0.25`).
 *
 * Spreadsheet formula injection (CSV injection): Excel, LibreOffice and Google Sheets run a cell
 * that starts with `=`, `+`, `-` or `@` as a formula, and a leading tab or CR can hide such a
 * start. Names, addresses and ids in the exports come from foreign documents, so a *text* cell
 * starting with one of `= + - @ \t \r` gets a leading apostrophe (`'=1+2`), which spreadsheets
 * show as text and which a reader can strip again. Numbers and booleans are never changed (so
 * `-3` stays a negative number), and neither are columns declared `trusted`: values the
 * pipeline itself produces in a fixed format (dates `YYYY-MM-DD`, codes), which never start
 * with those characters anyway.
 */

export type CsvValue = string | number | boolean | null;

export interface CsvColumn<R> {
  /** Header name. */
  name: string;
  value: (record: R) => CsvValue;
  /** The pipeline produces this column's text (dates, codes): exempt from formula neutralisation. */
  trusted?: boolean;
}

/** Line terminator of RFC 4180. */
export const CSV_EOL = '\r\n';

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefix a text value that a spreadsheet would run as a formula with `'`. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field, quoted when RFC 4180 requires it. Text is formula-neutralised unless `trusted`. */
export function csvField(value: CsvValue, trusted = false): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${String(value)} to CSV`);
    return String(value);
  }
  const text = trusted ? value : neutraliseFormula(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header record, CRLF-terminated. Header names are ours: quoted only if RFC 4180 requires it. */
export function csvHeader<R>(columns: ReadonlyArray<CsvColumn<R>>): string {
  return columns.map((c) => csvField(c.name, true)).join(',') + CSV_EOL;
}

/** One data record, CRLF-terminated. */
export function csvRecord<R>(columns: ReadonlyArray<CsvColumn<R>>, record: R): string {
  return columns.map((c) => csvField(c.value(record), c.trusted ?? false)).join(',') + CSV_EOL;
}

/** Values of a list cell (`a;b;c`); null when the list is empty. */
export function csvList(values: ReadonlyArray<string | null>): string | null {
  const kept = values.filter((v): v is string => v !== null && v !== '');
  return kept.length === 0 ? null : kept.join(';');
}
