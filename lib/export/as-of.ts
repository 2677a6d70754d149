/**
 * `--as-of`: an export limited to what had been received by then, so it can be reproduced later.
 *
 * `YYYY-MM-DD` means "received on or before that day", days in UTC (up to and including
 * 23:59:59.999999Z). A timestamp with a zone (`2024-05-01T12:00:00Z`, `...+02:00`) means "received
 * at or before that instant". A timestamp without a zone is refused: its meaning would depend on
 * the machine running the export.
 */

export interface AsOf {
  /** As given on the command line. */
  readonly given: string;
  /** Inclusive upper bound for `received_at`, a timestamptz literal. */
  readonly receivedUpTo: string;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

export function parseAsOf(value: string): AsOf {
  const s = value.trim();
  const d = DATE_RE.exec(s);
  if (d) {
    const [, y, m, day] = d;
    const date = new Date(`${s}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.getUTCFullYear() !== Number(y) || date.getUTCMonth() + 1 !== Number(m) || date.getUTCDate() !== Number(day)) {
      throw new AsOfError(value);
    }
    return { given: s, receivedUpTo: `${s}T23:59:59.999999Z` };
  }
  if (TIMESTAMP_RE.test(s)) {
    const t = new Date(s);
    if (Number.isNaN(t.getTime())) throw new AsOfError(value);
    const datePart = s.slice(0, 10);
    const dateCheck = new Date(`${datePart}T00:00:00Z`);
    if (Number.isNaN(dateCheck.getTime()) || dateCheck.toISOString().slice(0, 10) !== datePart) throw new AsOfError(value);
    return { given: s, receivedUpTo: t.toISOString() };
  }
  throw new AsOfError(value);
}

export class AsOfError extends Error {
  override readonly name = 'AsOfError';
  readonly code = 'AS_OF_INVALID';
  constructor(value: string) {
    super(`--as-of "${value}" is not a date (YYYY-MM-DD) or a timestamp with a zone (2024-05-01T12:00:00Z)`);
  }
}
