/**
 * Company identifiers: normalisation, type recognition and check-digit validation.
 *
 * - SIREN (9 digits) and SIRET (14 digits: SIREN + NIC): Luhn; La Poste's establishments (SIREN 356000000) use
 *   "sum of digits divisible by 5" instead.
 * - EU VAT numbers (`CC` + national part, Greece `EL`, Northern Ireland `XI`): format per country and the
 *   published check-digit rule where it is simple: AT, BE, BG (9 digits), CZ (legal persons), DE, DK, EE, EL, ES
 *   (CIF, DNI, NIE), FI, FR (numeric key), GB/XI, HR, HU, IT, LT, LU, NL (eleven test or mod 97), PL, PT, RO, SE,
 *   SI, SK. Elsewhere (CY, IE, LV, MT, FR alphanumeric keys...) the format is checked and `valid` is `null`.
 *
 * `valid` is `true` (check digits right), `false` (wrong format or check digits), or `null` (no rule known).
 * Pure functions; nothing is looked up anywhere.
 */

export type CompanyIdKind = 'siren' | 'siret' | 'vat' | 'registration' | 'tax' | 'social-security' | 'other';

export interface NormalisedCompanyId {
  type: CompanyIdKind;
  /** Normalised: upper case, separators removed; VAT numbers with their country prefix (`EL` for Greece). */
  id: string;
  valid: boolean | null;
  /** ISO country the id belongs to, when known (VAT prefix `EL` → `GR`, `XI` → `GB`). */
  country: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Check-digit helpers

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** n mod 97 of a long digit string. */
export function mod97(digits: string): number {
  let r = 0;
  for (let i = 0; i < digits.length; i++) r = (r * 10 + (digits.charCodeAt(i) - 48)) % 97;
  return r;
}

function digit(s: string, i: number): number {
  return s.charCodeAt(i) - 48;
}

function weighted(s: string, weights: readonly number[]): number {
  let t = 0;
  for (let i = 0; i < weights.length; i++) t += digit(s, i) * (weights[i] ?? 0);
  return t;
}

/** ISO 7064 MOD 11,10 (German VAT, Croatian OIB): true when the last digit is right. */
function mod11_10Valid(s: string): boolean {
  let p = 10;
  for (let i = 0; i < s.length - 1; i++) {
    let t = (digit(s, i) + p) % 10;
    if (t === 0) t = 10;
    p = (2 * t) % 11;
  }
  return (11 - p) % 10 === digit(s, s.length - 1);
}

// ---------------------------------------------------------------------------------------------------------------
// Normalisation

/** Upper case, without spaces, dots, dashes, slashes, commas, underscores, parentheses. */
export function compactId(id: string): string {
  return id.normalize('NFKC').toUpperCase().replace(/[\s.\-/,_()\\:]+/g, '');
}

export function isValidSiren(s: string): boolean {
  return /^\d{9}$/.test(s) && luhnValid(s) && !/^0+$/.test(s);
}

export function isValidSiret(s: string): boolean {
  if (!/^\d{14}$/.test(s)) return false;
  if (s.startsWith('356000000')) {
    // La Poste: establishments are numbered so that the digit sum is a multiple of 5 (the head office is also Luhn-valid).
    let sum = 0;
    for (let i = 0; i < 14; i++) sum += digit(s, i);
    return sum % 5 === 0 || luhnValid(s);
  }
  return luhnValid(s);
}

/** The SIREN of a SIRET (its first 9 digits), or null when the input is not 14 digits. */
export function sirenOfSiret(siret: string): string | null {
  const c = compactId(siret);
  return /^\d{14}$/.test(c) ? c.slice(0, 9) : null;
}

/** The French VAT number of a SIREN: `FR` + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97. */
export function frenchVatOfSiren(siren: string): string | null {
  const c = compactId(siren);
  if (!/^\d{9}$/.test(c)) return null;
  const key = (12 + 3 * (Number(c) % 97)) % 97;
  return `FR${String(key).padStart(2, '0')}${c}`;
}

// ---------------------------------------------------------------------------------------------------------------
// VAT

const VAT_PREFIX_COUNTRY: Readonly<Record<string, string>> = { EL: 'GR', XI: 'GB' };
const COUNTRY_VAT_PREFIX: Readonly<Record<string, string>> = { GR: 'EL' };

/** National formats (after the prefix), from the EU VIES specification. */
const VAT_FORMAT: Readonly<Record<string, RegExp>> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  FR: /^[A-HJ-NP-Z0-9]{2}\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^[1-9]\d{1,9}$/,
  SE: /^\d{10}01$/,
  SI: /^[1-9]\d{7}$/,
  SK: /^[1-9]\d{9}$/,
  GB: /^(\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$/,
  XI: /^(\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$/,
};

/** Checks of the national part (format already matched); null when no rule is implemented. */
const VAT_CHECK: Readonly<Record<string, (n: string) => boolean | null>> = {
  AT: (n) => {
    const d = n.slice(1);
    let s = 0;
    for (let i = 0; i < 7; i++) {
      const x = digit(d, i);
      if (i % 2 === 0) s += x;
      else {
        const y = 2 * x;
        s += Math.floor(y / 10) + (y % 10);
      }
    }
    return (10 - ((s + 4) % 10)) % 10 === digit(d, 7);
  },
  BE: (n) => 97 - mod97(n.slice(0, 8)) === Number(n.slice(8)),
  BG: (n) => {
    if (n.length === 10) return null; // persons and foreigners: several rules
    let c = weighted(n, [1, 2, 3, 4, 5, 6, 7, 8]) % 11;
    if (c === 10) c = weighted(n, [3, 4, 5, 6, 7, 8, 9, 10]) % 11;
    return c % 10 === digit(n, 8);
  },
  CZ: (n) => {
    if (n.length === 8) {
      if (n.startsWith('9')) return null;
      const c = (11 - (weighted(n, [8, 7, 6, 5, 4, 3, 2]) % 11)) % 11;
      return (c === 0 ? 1 : c % 10) === digit(n, 7);
    }
    if (n.length === 10) return Number(n) % 11 === 0;
    return null;
  },
  DE: (n) => mod11_10Valid(n),
  DK: (n) => weighted(n, [2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0,
  EE: (n) => (10 - (weighted(n, [3, 7, 1, 3, 7, 1, 3, 7]) % 10)) % 10 === digit(n, 8),
  EL: (n) => {
    let s = 0;
    for (let i = 0; i < 8; i++) s += digit(n, i) * 2 ** (8 - i);
    return (s % 11) % 10 === digit(n, 8);
  },
  ES: (n) => spanishTaxIdValid(n),
  FI: (n) => {
    const c = (11 - (weighted(n, [7, 9, 10, 5, 8, 4, 2]) % 11)) % 11;
    return c !== 10 && c === digit(n, 7);
  },
  FR: (n) => {
    const key = n.slice(0, 2);
    const siren = n.slice(2);
    if (!/^\d{2}$/.test(key)) return null; // alphanumeric keys of newer numbers
    return (12 + 3 * (Number(siren) % 97)) % 97 === Number(key);
  },
  GB: (n) => ukVatValid(n),
  XI: (n) => ukVatValid(n),
  HR: (n) => mod11_10Valid(n),
  HU: (n) => (10 - (weighted(n, [9, 7, 3, 1, 9, 7, 3]) % 10)) % 10 === digit(n, 7),
  IT: (n) => luhnValid(n) && !/^0{7}/.test(n),
  LT: (n) => {
    const body = n.slice(0, -1);
    let c = 0;
    for (let i = 0; i < body.length; i++) c += (1 + (i % 9)) * digit(body, i);
    c %= 11;
    if (c === 10) {
      c = 0;
      for (let i = 0; i < body.length; i++) c += (1 + ((i + 2) % 9)) * digit(body, i);
      c %= 11;
    }
    return c % 10 === digit(n, n.length - 1);
  },
  LU: (n) => Number(n.slice(0, 6)) % 89 === Number(n.slice(6)),
  NL: (n) => {
    const nine = n.slice(0, 9);
    const eleven = weighted(nine, [9, 8, 7, 6, 5, 4, 3, 2]) % 11 === digit(nine, 8);
    if (eleven) return true;
    // Since 2020 (sole traders): ISO 7064 mod 97 over "NL" + number, letters as 10..35.
    const expanded = `NL${n}`.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
    return mod97(expanded) === 1;
  },
  PL: (n) => {
    const c = weighted(n, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11;
    return c !== 10 && c === digit(n, 9);
  },
  PT: (n) => {
    const c = 11 - (weighted(n, [9, 8, 7, 6, 5, 4, 3, 2]) % 11);
    return (c >= 10 ? 0 : c) === digit(n, 8);
  },
  RO: (n) => {
    const body = n.slice(0, -1).padStart(9, '0');
    const c = ((weighted(body, [7, 5, 3, 2, 1, 7, 5, 3, 2]) * 10) % 11) % 10;
    return c === digit(n, n.length - 1);
  },
  SE: (n) => luhnValid(n.slice(0, 10)),
  SI: (n) => {
    const c = 11 - (weighted(n, [8, 7, 6, 5, 4, 3, 2]) % 11);
    if (c === 11) return false;
    return (c === 10 ? 0 : c) === digit(n, 7);
  },
  SK: (n) => Number(n) % 11 === 0 && '234789'.includes(n.charAt(2)),
};

function ukVatValid(n: string): boolean | null {
  if (!/^\d/.test(n)) return null; // government departments / health authorities
  const nine = n.slice(0, 9);
  const s = weighted(nine, [8, 7, 6, 5, 4, 3, 2, 10, 1]);
  return s % 97 === 0 || (s + 55) % 97 === 0;
}

/** Spanish NIF (DNI), NIE and CIF check characters. */
export function spanishTaxIdValid(n: string): boolean {
  const letters = 'TRWAGMYFPDXBNJZSQVHLCKE';
  if (/^\d{8}[A-Z]$/.test(n)) return letters.charAt(Number(n.slice(0, 8)) % 23) === n.charAt(8);
  if (/^[XYZ]\d{7}[A-Z]$/.test(n)) {
    const num = String('XYZ'.indexOf(n.charAt(0))) + n.slice(1, 8);
    return letters.charAt(Number(num) % 23) === n.charAt(8);
  }
  if (/^[KLM]\d{7}[A-Z]$/.test(n)) return letters.charAt(Number(n.slice(1, 8)) % 23) === n.charAt(8);
  if (/^[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J]$/.test(n)) {
    let s = 0;
    for (let i = 1; i <= 7; i++) {
      const d = digit(n, i);
      if (i % 2 === 0) s += d;
      else {
        const y = 2 * d;
        s += Math.floor(y / 10) + (y % 10);
      }
    }
    const c = (10 - (s % 10)) % 10;
    const last = n.charAt(8);
    const asLetter = 'JABCDEFGHI'.charAt(c);
    const first = n.charAt(0);
    if ('PQRSNW'.includes(first)) return last === asLetter;
    if ('ABEH'.includes(first)) return last === String(c);
    return last === String(c) || last === asLetter;
  }
  return false;
}

/**
 * Parses a VAT number. With a country prefix (`DE123456789`, `EL...`, `XI...`) the prefix decides; without one,
 * `country` (ISO) supplies it. Null when the text cannot be a VAT number of a known country.
 */
export function parseVat(raw: string, country?: string | null): NormalisedCompanyId | null {
  let c = compactId(raw);
  if (c.startsWith('VAT') || c.startsWith('TVA') || c.startsWith('USTID')) c = c.replace(/^(VAT|TVA|USTIDNR|USTID)/, '');
  if (c.startsWith('GR') && /^\d{8,9}$/.test(c.slice(2))) c = `EL${c.slice(2)}`;
  let prefix: string | null = null;
  const head = c.slice(0, 2);
  if (/^[A-Z]{2}$/.test(head) && VAT_FORMAT[head] !== undefined) prefix = head;
  let national: string;
  if (prefix !== null) national = c.slice(2);
  else {
    const iso = country ? country.toUpperCase() : null;
    if (!iso) return null;
    prefix = COUNTRY_VAT_PREFIX[iso] ?? iso;
    national = c;
  }
  const fmt = VAT_FORMAT[prefix];
  if (!fmt) return null;
  // Tolerated national spellings: Belgian numbers without the leading 0, Greek 8-digit numbers, Austrian without U.
  if (prefix === 'BE' && /^\d{9}$/.test(national)) national = `0${national}`;
  if (prefix === 'EL' && /^\d{8}$/.test(national)) national = `0${national}`;
  if (prefix === 'AT' && /^\d{8}$/.test(national)) national = `U${national}`;
  const iso = VAT_PREFIX_COUNTRY[prefix] ?? prefix;
  const id = `${prefix}${national}`;
  if (!fmt.test(national)) return { type: 'vat', id, valid: false, country: iso };
  const check = VAT_CHECK[prefix];
  return { type: 'vat', id, valid: check ? check(national) : null, country: iso };
}

/** True when `raw` starts with a VAT country prefix and the rest has that country's format. */
export function looksLikeVat(raw: string): boolean {
  const c = compactId(raw);
  const head = c.slice(0, 2);
  const fmt = VAT_FORMAT[head];
  return fmt !== undefined && fmt.test(c.slice(2));
}

// ---------------------------------------------------------------------------------------------------------------
// Any declared id

const TYPE_ALIASES: Readonly<Record<string, CompanyIdKind>> = {
  siren: 'siren',
  siret: 'siret',
  vat: 'vat',
  tva: 'vat',
  'vat-number': 'vat',
  ustid: 'vat',
  registration: 'registration',
  'trade-register': 'registration',
  register: 'registration',
  tax: 'tax',
  'tax-id': 'tax',
  'social-security': 'social-security',
  other: 'other',
  unknown: 'other',
};

/**
 * Normalises a declared company id. `type` is the declared type (the contract's `vat`, `registration`, `siret`,
 * `siren`, `tax`, `social-security`, `other`, or the canonical SED's `unknown`); `country` the company's country.
 * A French `registration`/`tax`/`other` id of 9 or 14 digits is read as a SIREN / SIRET; a `tax` or `other` id
 * with a VAT prefix and format as a VAT number.
 */
export function normaliseCompanyId(type: string, id: string, country?: string | null): NormalisedCompanyId {
  const kind: CompanyIdKind = TYPE_ALIASES[type.trim().toLowerCase()] ?? 'other';
  const c = compactId(id);
  const iso = country ? country.toUpperCase() : null;
  if (kind === 'siren' || (iso === 'FR' && kind !== 'vat' && kind !== 'social-security' && /^\d{9}$/.test(c))) {
    return { type: 'siren', id: c, valid: /^\d{9}$/.test(c) ? isValidSiren(c) : false, country: 'FR' };
  }
  if (kind === 'siret' || (iso === 'FR' && kind !== 'vat' && kind !== 'social-security' && /^\d{14}$/.test(c))) {
    return { type: 'siret', id: c, valid: /^\d{14}$/.test(c) ? isValidSiret(c) : false, country: 'FR' };
  }
  if (kind === 'vat' || ((kind === 'tax' || kind === 'other') && looksLikeVat(c))) {
    const v = parseVat(c, iso);
    if (v) return v;
    return { type: 'vat', id: c, valid: false, country: iso };
  }
  return { type: kind, id: c, valid: null, country: iso };
}
