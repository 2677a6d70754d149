/** Calendar-day arithmetic on `YYYY-MM-DD` strings (UTC, no time zones involved). */

const DAY = 86_400_000;

export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY);
}

export function dateOf(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

export interface DayRange {
  from: number;
  /** Inclusive. */
  to: number;
}

/** Number of days of `within` covered by the union of `ranges`. */
export function coveredDays(within: DayRange, ranges: DayRange[]): number {
  const clipped = ranges
    .map((r) => ({ from: Math.max(r.from, within.from), to: Math.min(r.to, within.to) }))
    .filter((r) => r.from <= r.to)
    .sort((a, b) => a.from - b.from);
  let total = 0;
  let cursor = within.from - 1;
  for (const r of clipped) {
    const start = Math.max(r.from, cursor + 1);
    if (r.to >= start) {
      total += r.to - start + 1;
      cursor = r.to;
    }
  }
  return total;
}

export function overlaps(a: DayRange, b: DayRange): boolean {
  return a.from <= b.to && b.from <= a.to;
}
