/**
 * Identifiers in their national formats, with check digits where the format has a well-known one.
 * They are synthetic: well-formed, never looked up anywhere.
 */
import { luhnValid } from '../identity/company-ids.js';
import { civil, type Day, type Rng } from './random.js';

/** Luhn check (the identity module owns it): true when the digit string (check digit included) is valid. */
export { luhnValid };

// ---------------------------------------------------------------------------------------------------------------
// Check-digit helpers

/** The digit that makes `body + digit` Luhn-valid. */
export function luhnCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) {
    if (luhnValid(body + String(d))) return String(d);
  }
  throw new Error('unreachable');
}

/** n mod 97 of a long digit string. */
function mod97(digits: string): number {
  let r = 0;
  for (let i = 0; i < digits.length; i++) r = (r * 10 + (digits.charCodeAt(i) - 48)) % 97;
  return r;
}

function weightedSum(digits: string, weights: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < weights.length; i++) s += (digits.charCodeAt(i) - 48) * (weights[i] ?? 0);
  return s;
}

const p2 = (n: number): string => String(n).padStart(2, '0');

// ---------------------------------------------------------------------------------------------------------------
// French company identifiers

/** A SIREN: 9 digits, Luhn-valid. */
export function siren(rng: Rng): string {
  const body = String(rng.int(1, 9)) + rng.digits(7);
  return body + luhnCheckDigit(body);
}

/** A SIRET for a SIREN: SIREN + NIC (5 digits), the 14 digits Luhn-valid. */
export function siret(rng: Rng, sirenValue: string): string {
  const body = sirenValue + '000' + String(rng.int(1, 9));
  return body + luhnCheckDigit(body);
}

export function isValidSiret(s: string): boolean {
  return /^\d{14}$/.test(s) && luhnValid(s);
}

export function isValidSiren(s: string): boolean {
  return /^\d{9}$/.test(s) && luhnValid(s);
}

// ---------------------------------------------------------------------------------------------------------------
// Personal identification numbers

export type SexCode = 'M' | 'F';

const IT_ODD: Readonly<Record<string, number>> = {
  0: 1, 1: 0, 2: 5, 3: 7, 4: 9, 5: 13, 6: 15, 7: 17, 8: 19, 9: 21,
  A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18, N: 20, O: 11, P: 3,
  Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23,
};

function asciiLetters(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
}

function itNamePart(name: string, isForename: boolean): string {
  const letters = asciiLetters(name);
  const cons = letters.replace(/[AEIOU]/g, '');
  const vows = letters.replace(/[^AEIOU]/g, '');
  if (isForename && cons.length >= 4) return cons.charAt(0) + cons.charAt(2) + cons.charAt(3);
  return (cons + vows + 'XXX').slice(0, 3);
}

/** A personal id number in the format of `country` for a person born on `birth` with the given sex. */
export function personalId(rng: Rng, country: string, birth: Day, sex: SexCode, familyName: string, forename: string): string {
  const [y, m, d] = civil(birth);
  const yy = p2(y % 100);
  switch (country) {
    case 'PL': {
      // PESEL: YYMMDD (month + 20 for 2000s), 3 serial digits, sex digit (even = female), check digit.
      const mm = p2(m + (y >= 2000 ? 20 : 0));
      const sexDigit = sex === 'F' ? rng.pick([0, 2, 4, 6, 8]) : rng.pick([1, 3, 5, 7, 9]);
      const body = yy + mm + p2(d) + rng.digits(3) + String(sexDigit);
      const check = (10 - (weightedSum(body, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]) % 10)) % 10;
      return body + String(check);
    }
    case 'RO': {
      // CNP: S YYMMDD JJ NNN C, weights 279146358279.
      const s = y >= 2000 ? (sex === 'M' ? 5 : 6) : sex === 'M' ? 1 : 2;
      const body = String(s) + yy + p2(m) + p2(d) + p2(rng.int(1, 46)) + rng.digits(3);
      const r = weightedSum(body, [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]) % 11;
      return body + String(r === 10 ? 1 : r);
    }
    case 'BE': {
      // INSZ/NISS: YYMMDD + 3-digit serial (odd = male) + 2-digit mod-97 check (prefix 2 for 2000s births).
      const serial = String(rng.int(1, 499) * 2 - (sex === 'M' ? 1 : 0)).padStart(3, '0');
      const body = yy + p2(m) + p2(d) + serial;
      const check = 97 - mod97((y >= 2000 ? '2' : '') + body);
      return body + p2(check);
    }
    case 'FR': {
      // NIR: sex, YY, MM, department, commune, order, key = 97 - (NIR mod 97).
      const body = (sex === 'M' ? '1' : '2') + yy + p2(m) + p2(rng.int(1, 95)) + rng.digits(3) + rng.digits(3);
      return body + p2(97 - mod97(body));
    }
    case 'NL': {
      // BSN: 9 digits, eleven-test (weights 9..2, last -1).
      for (;;) {
        const body = String(rng.int(1, 6)) + rng.digits(7);
        const s = weightedSum(body, [9, 8, 7, 6, 5, 4, 3, 2]);
        const last = s % 11;
        if (last <= 9) return body + String(last);
      }
    }
    case 'BG': {
      // EGN: YYMMDD (month + 40 for 2000s), 3 digits (9th digit even = male), check weights 2,4,8,5,10,9,7,3,6.
      const mm = p2(m + (y >= 2000 ? 40 : 0));
      const third = sex === 'M' ? rng.pick([0, 2, 4, 6, 8]) : rng.pick([1, 3, 5, 7, 9]);
      const body = yy + mm + p2(d) + rng.digits(2) + String(third);
      const r = weightedSum(body, [2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11;
      return body + String(r === 10 ? 0 : r);
    }
    case 'GR': {
      // AMKA: DDMMYY + 4 digits + Luhn check digit.
      const body = p2(d) + p2(m) + yy + rng.digits(4);
      return body + luhnCheckDigit(body);
    }
    case 'ES': {
      // NAF (social-security affiliation number): 2-digit province, 8 digits, 2-digit check = first 10 mod 97.
      const body = p2(rng.int(1, 52)) + rng.digits(8);
      return body + p2(Number(body) % 97);
    }
    case 'PT': {
      // NISS: 11 digits starting with 1 (persons); check digit by weights 29,23,19,17,13,11,7,5,3,2.
      const body = '1' + rng.digits(9);
      const s = weightedSum(body, [29, 23, 19, 17, 13, 11, 7, 5, 3, 2]);
      return body + String(9 - (s % 10));
    }
    case 'IT': {
      // Codice fiscale: surname(3) name(3) YY month-letter DD(+40 F) town(4) check letter.
      const months = 'ABCDEHLMPRST';
      const body =
        itNamePart(familyName, false) +
        itNamePart(forename, true) +
        yy +
        months.charAt(m - 1) +
        p2(d + (sex === 'F' ? 40 : 0)) +
        rng.pick(['A', 'B', 'C', 'D', 'F', 'G', 'H', 'L', 'M']) +
        rng.digits(3);
      let sum = 0;
      for (let i = 0; i < 15; i++) {
        const ch = body.charAt(i);
        if (i % 2 === 0) sum += IT_ODD[ch] ?? 0;
        else sum += ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 65;
      }
      return body + String.fromCharCode(65 + (sum % 26));
    }
    case 'DE': {
      // Rentenversicherungsnummer: area(2) DDMMYY initial-letter serial(2) check(1).
      const initial = asciiLetters(familyName).charAt(0) || 'X';
      const serial = sex === 'F' ? String(rng.int(50, 99)) : p2(rng.int(0, 49));
      return p2(rng.int(2, 89)) + p2(d) + p2(m) + yy + initial + serial + rng.digits(1);
    }
    case 'LU':
      // Matricule: YYYYMMDD + 5 digits.
      return String(y) + p2(m) + p2(d) + rng.digits(5);
    case 'SK':
    case 'CZ': {
      // Rodné číslo: YYMMDD (month + 50 for women) / 4 digits, the 10-digit number divisible by 11.
      const body = yy + p2(m + (sex === 'F' ? 50 : 0)) + p2(d) + rng.digits(3);
      const n = Number(body);
      const last = (11 - ((n * 10) % 11)) % 11;
      const check = last === 10 ? 0 : last;
      return `${body.slice(0, 6)}/${body.slice(6)}${check}`;
    }
    case 'HU': {
      // TAJ: 8 digits + check (weights 3,7 alternating).
      const body = rng.digits(8);
      const s = weightedSum(body, [3, 7, 3, 7, 3, 7, 3, 7]);
      return body + String(s % 10);
    }
    case 'HR': {
      // OIB: 10 digits + ISO 7064 MOD 11,10 check.
      const body = String(rng.int(1, 9)) + rng.digits(9);
      let a = 10;
      for (let i = 0; i < 10; i++) {
        a = (a + (body.charCodeAt(i) - 48)) % 10;
        if (a === 0) a = 10;
        a = (a * 2) % 11;
      }
      return body + String((11 - a) % 10);
    }
    case 'LT': {
      const g = y >= 2000 ? (sex === 'M' ? 5 : 6) : sex === 'M' ? 3 : 4;
      return String(g) + yy + p2(m) + p2(d) + rng.digits(4);
    }
    case 'GB':
      // National Insurance number: 2 letters, 6 digits, suffix A-D.
      return rng.pick(['AB', 'JK', 'NP', 'SR', 'TW']) + rng.digits(6) + rng.pick(['A', 'B', 'C', 'D']);
    case 'AT':
      // Versicherungsnummer: 4 digits + DDMMYY.
      return String(rng.int(1, 9)) + rng.digits(3) + p2(d) + p2(m) + yy;
    case 'US':
      return `${String(rng.int(100, 665))}-${rng.digits(2)}-${rng.digits(4)}`;
    default:
      return String(rng.int(1, 9)) + rng.digits(10);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Company identifiers

export interface CompanyIds {
  vat: string | null;
  registration: string | null;
  socialSecurity: string | null;
}

/** VAT, registration and social-security (employer) numbers in national formats. */
export function companyIds(rng: Rng, country: string): CompanyIds {
  const ss = rng.digits(8);
  switch (country) {
    case 'DE':
      return { vat: `DE${rng.int(1, 9)}${rng.digits(8)}`, registration: `HRB ${rng.int(1000, 99999)}`, socialSecurity: rng.digits(8) };
    case 'PL': {
      let nip = '';
      for (;;) {
        const body = String(rng.int(1, 9)) + rng.digits(8);
        const c = weightedSum(body, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11;
        if (c !== 10) {
          nip = body + String(c);
          break;
        }
      }
      return { vat: `PL${nip}`, registration: `KRS ${'0000' + rng.digits(6)}`, socialSecurity: rng.digits(9) };
    }
    case 'ES': {
      const cif = `${rng.pick(['B', 'A'])}${rng.digits(8)}`;
      return { vat: `ES${cif}`, registration: cif, socialSecurity: `${p2(rng.int(1, 52))}/${rng.digits(9)}` };
    }
    case 'PT': {
      const body = '5' + rng.digits(7);
      const s = weightedSum(body, [9, 8, 7, 6, 5, 4, 3, 2]);
      const r = 11 - (s % 11);
      const nipc = body + String(r >= 10 ? 0 : r);
      return { vat: `PT${nipc}`, registration: nipc, socialSecurity: '2' + rng.digits(10) };
    }
    case 'RO': {
      const cui = String(rng.int(1, 9)) + rng.digits(7);
      return { vat: `RO${cui}`, registration: `J${p2(rng.int(1, 52))}/${rng.int(100, 9999)}/${rng.int(2005, 2023)}`, socialSecurity: ss };
    }
    case 'IT': {
      const body = rng.digits(7) + String(rng.int(1, 100)).padStart(3, '0');
      const vat = body + luhnCheckDigit(body);
      return { vat: `IT${vat}`, registration: `${rng.pick(['TO', 'MI', 'NA', 'FO', 'CO'])}-${rng.int(100000, 999999)}`, socialSecurity: rng.digits(10) };
    }
    case 'BE': {
      const body = '0' + String(rng.int(2, 9)) + rng.digits(6);
      const num = body + p2(97 - mod97(body));
      return { vat: `BE${num}`, registration: `${num.slice(0, 4)}.${num.slice(4, 7)}.${num.slice(7)}`, socialSecurity: rng.digits(9) };
    }
    case 'LU': {
      const body = String(rng.int(1, 9)) + rng.digits(5);
      return { vat: `LU${body}${p2(Number(body) % 89)}`, registration: `B${rng.int(10000, 299999)}`, socialSecurity: String(rng.int(1990, 2022)) + rng.digits(7) };
    }
    case 'NL':
      return { vat: `NL${rng.digits(9)}B0${rng.int(1, 9)}`, registration: rng.digits(8), socialSecurity: rng.digits(9) };
    case 'BG': {
      const eik = String(rng.int(1, 2)) + rng.digits(8);
      return { vat: `BG${eik}`, registration: eik, socialSecurity: eik };
    }
    case 'GR':
      return { vat: `EL${String(rng.int(0, 9))}${rng.digits(8)}`, registration: rng.digits(12), socialSecurity: rng.digits(9) };
    case 'SK':
      return { vat: `SK${rng.int(1, 9)}${rng.digits(9)}`, registration: rng.digits(8), socialSecurity: rng.digits(10) };
    case 'CZ':
      return { vat: `CZ${rng.digits(8)}`, registration: rng.digits(8), socialSecurity: rng.digits(10) };
    case 'HU':
      return { vat: `HU${rng.digits(8)}`, registration: `${p2(rng.int(1, 20))}-09-${rng.digits(6)}`, socialSecurity: rng.digits(8) };
    case 'LT':
      return { vat: `LT${rng.digits(9)}`, registration: rng.digits(9), socialSecurity: rng.digits(7) };
    case 'HR':
      return { vat: `HR${rng.digits(11)}`, registration: rng.digits(9), socialSecurity: rng.digits(11) };
    case 'SI':
      return { vat: `SI${rng.digits(8)}`, registration: rng.digits(10), socialSecurity: rng.digits(10) };
    case 'AT':
      return { vat: `ATU${rng.digits(8)}`, registration: `FN ${rng.int(10000, 599999)}${rng.pick(['a', 'b', 'd', 'f', 'k'])}`, socialSecurity: rng.digits(9) };
    case 'GB':
      return { vat: `GB${rng.digits(9)}`, registration: rng.digits(8), socialSecurity: `${rng.digits(3)}/${rng.code(5)}` };
    case 'US':
      return { vat: null, registration: `${rng.digits(2)}-${rng.digits(7)}`, socialSecurity: null };
    case 'FR': {
      const s = siren(rng);
      return { vat: `FR${p2((12 + 3 * (Number(s) % 97)) % 97)}${s}`, registration: s, socialSecurity: null };
    }
    default:
      return { vat: null, registration: rng.digits(10), socialSecurity: rng.digits(8) };
  }
}
