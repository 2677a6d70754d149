/** Period helpers for controls (calendar days, inclusive ends; open ends run to the as-of date). */
import { dayNumber as parseDay } from '../match/days.js';
import type { Period } from './types.js';

/*
 * Controls run over every person and company, and the same few thousand date strings recur in
 * all of them: parsed values are memoised. Pure, so the answers are the same either way; each
 * table is emptied when it grows past a bound, so memory stays flat.
 */
const MEMO_LIMIT = 50_000;

function remember<T>(table: Map<string, T>, key: string, value: T): T {
  if (table.size >= MEMO_LIMIT) table.clear();
  table.set(key, value);
  return value;
}

const dayNumbers = new Map<string, number>();

/** Day number of a `YYYY-MM-DD` date (core/match/days.ts), memoised. */
export function dayNumber(date: string): number {
  const hit = dayNumbers.get(date);
  return hit !== undefined ? hit : remember(dayNumbers, date, parseDay(date));
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const dates = new Map<string, boolean>();

/** A real `YYYY-MM-DD` calendar date. */
export function isDate(s: string | null | undefined): s is string {
  if (typeof s !== 'string') return false;
  const hit = dates.get(s);
  return hit !== undefined ? hit : remember(dates, s, DATE_RE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)));
}

export function endDay(p: Period, asOf: string): number {
  return dayNumber(p.end ?? asOf);
}

export function days(p: Period, asOf: string): number {
  return endDay(p, asOf) - dayNumber(p.start) + 1;
}

export function overlapDays(a: Period, b: Period, asOf: string): number {
  const from = Math.max(dayNumber(a.start), dayNumber(b.start));
  const to = Math.min(endDay(a, asOf), endDay(b, asOf));
  return Math.max(0, to - from + 1);
}

/** Digits of `s` from `i` to `j` (exclusive) as a number, or -1 if any is not a digit. */
function digits(s: string, i: number, j: number): number {
  let n = 0;
  for (let k = i; k < j; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** [year, month, day] of `YYYY-MM-DD`, as `split('-').map(Number)` gives them (which it falls back to otherwise). */
export function dateParts(s: string): [number, number, number] {
  if (s.length === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    const y = digits(s, 0, 4);
    const m = digits(s, 5, 7);
    const d = digits(s, 8, 10);
    if (y >= 0 && m >= 0 && d >= 0) return [y, m, d];
  }
  return s.split('-').map(Number) as [number, number, number];
}

/** Whole months between two dates (a - b), rounded down. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = dateParts(from);
  const [ty, tm, td] = dateParts(to);
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}

const nextDays = new Map<string, string>();

/** Months spanned by a period: 2024-01-01..2025-12-31 is 24. */
export function periodMonths(p: Period, asOf: string): number {
  const end = p.end ?? asOf;
  let next = nextDays.get(end);
  if (next === undefined) next = remember(nextDays, end, new Date(Date.parse(`${end}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
  return monthsBetween(p.start, next);
}

export function gapDays(earlier: Period, later: Period, asOf: string): number {
  return dayNumber(later.start) - endDay(earlier, asOf) - 1;
}
