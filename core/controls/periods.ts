/** Period helpers for controls (calendar days, inclusive ends; open ends run to the as-of date). */
import { dayNumber } from '../match/days.js';
import type { Period } from './types.js';

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

/** Whole months between two dates (a - b), rounded down. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}

/** Months spanned by a period: 2024-01-01..2025-12-31 is 24. */
export function periodMonths(p: Period, asOf: string): number {
  const end = p.end ?? asOf;
  const next = new Date(Date.parse(`${end}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return monthsBetween(p.start, next);
}

export function gapDays(earlier: Period, later: Period, asOf: string): number {
  return dayNumber(later.start) - endDay(earlier, asOf) - 1;
}
