/**
 * Small, fast, seeded randomness for the synthetic corpus.
 *
 * - `Rng` is sfc32 (Small Fast Counter, 128-bit state): good statistical quality, a few ns per draw.
 * - `hash32` / `seedFor` derive independent streams from (seed, label, index) so that every entity of the
 *   synthetic world (company #i, person #j, ...) is a pure function of its index: nothing needs to be kept in
 *   memory, and generating entity #j never depends on having generated #0..#j-1.
 * - Dates are whole days since 1970-01-01 (`Day`), converted to `YYYY-MM-DD` without allocating `Date`s.
 */

/** Days since 1970-01-01 (UTC). */
export type Day = number;

/** murmur3 finaliser: a good 32-bit avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of a string (FNV-1a then avalanche). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Combine numbers into one 32-bit hash. */
export function hash32(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = fmix32((h ^ fmix32((p | 0) + 0x7f4a7c15)) + Math.imul(h, 0x2545f491));
  }
  return h >>> 0;
}

const labelCache = new Map<string, number>();
function labelHash(label: string): number {
  let h = labelCache.get(label);
  if (h === undefined) {
    h = hashString(label);
    labelCache.set(label, h);
  }
  return h;
}

/** A 32-bit seed for entity `index` of kind `label` in the world of `seed`. */
export function seedFor(seed: number, label: string, index = 0, extra = 0): number {
  return hash32(seed, labelHash(label), index, extra);
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    this.a = 0x9e3779b9 ^ stream;
    this.b = seed >>> 0;
    this.c = fmix32(seed ^ 0x243f6a88);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A generator for entity `index` of kind `label`. */
  static for(seed: number, label: string, index = 0, extra = 0): Rng {
    return new Rng(seedFor(seed, label, index, extra));
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    const v = items[Math.floor(this.next() * items.length)];
    if (v === undefined) throw new Error('pick from an empty array');
    return v;
  }

  /** One element chosen by weight (weights need not sum to 1). */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new Error('weighted pick from an empty array');
    return last[0];
  }

  /** A string of `n` decimal digits (may start with 0). */
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(48 + this.int(0, 9));
    return s;
  }

  /** A string of `n` lowercase hex digits. */
  hex(n: number): string {
    let s = '';
    while (s.length < n) s += this.u32().toString(16).padStart(8, '0');
    return s.slice(0, n);
  }

  /** Uppercase letters and digits without the ambiguous ones (0/O, 1/I). */
  code(n: number): string {
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet.charAt(this.int(0, alphabet.length - 1));
    return s;
  }

  /** A day in [from, to] (inclusive). */
  day(from: Day, to: Day): Day {
    return this.int(from, to);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Dates without Date objects (Howard Hinnant's civil calendar algorithms).

/** Day number of a calendar date. */
export function dayOf(year: number, month: number, dayOfMonth: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + dayOfMonth - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Year, month (1-12), day (1-31) of a day number. */
export function civil(day: Day): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? y + 1 : y, m, d];
}

const PAD2: readonly string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** `YYYY-MM-DD` of a day number. */
export function isoDate(day: Day): string {
  const [y, m, d] = civil(day);
  return `${y}-${PAD2[m]}-${PAD2[d]}`;
}

/** Day number of a `YYYY-MM-DD` string (no validation). */
export function parseIsoDay(s: string): Day {
  return dayOf(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));
}

/** The day `months` calendar months after `day`, minus one day (an end date for a period of that many months). */
export function addMonthsEnd(day: Day, months: number): Day {
  const [y, m, d] = civil(day);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const dim = daysInMonth(ny, nm);
  return dayOf(ny, nm, Math.min(d, dim)) - 1;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** `YYYY-MM-DDTHH:MM:SSZ` for a day and a second of that day. */
export function isoTimestamp(day: Day, secondOfDay: number): string {
  const h = Math.floor(secondOfDay / 3600) % 24;
  const mi = Math.floor(secondOfDay / 60) % 60;
  const s = secondOfDay % 60;
  return `${isoDate(day)}T${PAD2[h]}:${PAD2[mi]}:${PAD2[s]}Z`;
}
