/**
 * How the same name gets written differently in different systems: diacritics dropped, order swapped,
 * a typo, upper case, a compound family name shortened.
 */
import type { Rng } from './random.js';

const SPECIAL: Readonly<Record<string, string>> = {
  Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ø: 'O', ø: 'o', ß: 'ss', ı: 'i', Æ: 'AE', æ: 'ae', Œ: 'OE', œ: 'oe', Þ: 'Th', þ: 'th',
};

/** `Łukasz Wiśniewski` → `Lukasz Wisniewski`. */
export function dropDiacritics(s: string): string {
  let out = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (/[ŁłĐđØøßıÆæŒœÞþ]/.test(out)) out = out.replace(/[ŁłĐđØøßıÆæŒœÞþ]/g, (c) => SPECIAL[c] ?? c);
  return out;
}

export function hasDiacritics(s: string): boolean {
  return dropDiacritics(s) !== s;
}

/** One plausible typing error: two neighbouring letters swapped, a letter dropped or doubled. */
export function typo(rng: Rng, s: string): string {
  if (s.length < 4) return s + s.charAt(s.length - 1);
  const i = rng.int(1, s.length - 2);
  switch (rng.int(0, 2)) {
    case 0: {
      const a = s.charAt(i);
      const b = s.charAt(i + 1);
      if (a === b) return s.slice(0, i) + s.slice(i + 1);
      return s.slice(0, i) + b + a + s.slice(i + 2);
    }
    case 1:
      return s.slice(0, i) + s.slice(i + 1);
    default:
      return s.slice(0, i + 1) + s.charAt(i) + s.slice(i + 1);
  }
}

export type NameVariantKind = 'diacritics-dropped' | 'order-swapped' | 'typo' | 'upper-case' | 'compound-shortened';

export interface NameVariant {
  familyName: string;
  forename: string;
  kind: NameVariantKind;
}

/** A differently written version of a name (never identical to the input when a variant is possible). */
export function nameVariant(rng: Rng, familyName: string, forename: string): NameVariant {
  const options: NameVariantKind[] = ['order-swapped', 'typo', 'upper-case'];
  if (hasDiacritics(familyName) || hasDiacritics(forename)) options.push('diacritics-dropped', 'diacritics-dropped', 'diacritics-dropped');
  if (familyName.includes(' ') || familyName.includes('-')) options.push('compound-shortened');
  const kind = rng.pick(options);
  switch (kind) {
    case 'diacritics-dropped':
      return { familyName: dropDiacritics(familyName), forename: dropDiacritics(forename), kind };
    case 'order-swapped':
      return { familyName: forename, forename: familyName, kind };
    case 'typo':
      return rng.chance(0.7)
        ? { familyName: typo(rng, familyName), forename, kind }
        : { familyName, forename: typo(rng, forename), kind };
    case 'upper-case':
      return { familyName: familyName.toUpperCase(), forename, kind };
    case 'compound-shortened': {
      const parts = familyName.split(/[ -]/).filter((p) => p.length > 2 && p[0] === p[0]?.toUpperCase());
      const first = parts[0] ?? familyName;
      return { familyName: first, forename, kind };
    }
  }
}
