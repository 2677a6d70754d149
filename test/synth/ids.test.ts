import { describe, expect, it } from 'vitest';
import {
  companyIds,
  dayOf,
  dropDiacritics,
  isoDate,
  isValidSiret,
  luhnValid,
  nameVariant,
  parseIsoDay,
  personalId,
  Rng,
  typo,
  World,
  FRAUD_PATTERNS,
} from '../../core/synth/index.js';
import { addMonthsEnd, civil } from '../../core/synth/random.js';
import { siren, siret } from '../../core/synth/ids.js';

describe('Rng', () => {
  it('is deterministic per seed and label', () => {
    const a = Rng.for(1, 'x', 5);
    const b = Rng.for(1, 'x', 5);
    const c = Rng.for(1, 'x', 6);
    const sa = Array.from({ length: 20 }, () => a.u32());
    expect(Array.from({ length: 20 }, () => b.u32())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.u32())).not.toEqual(sa);
  });

  it('draws uniformly enough and within bounds', () => {
    const r = new Rng(42);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const v = r.int(0, 9);
      expect(v >= 0 && v <= 9).toBe(true);
      buckets[v] = (buckets[v] ?? 0) + 1;
    }
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(600);
    const w = { a: 0, b: 0 };
    for (let i = 0; i < 10_000; i++) w[r.weighted([['a', 3], ['b', 1]] as const)]++;
    expect(w.a / 10_000).toBeGreaterThan(0.72);
    expect(w.a / 10_000).toBeLessThan(0.78);
    expect(r.hex(32)).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('dates', () => {
  it('converts days and ISO dates both ways', () => {
    for (let d = dayOf(1950, 1, 1); d < dayOf(2040, 1, 1); d += 17) {
      const iso = isoDate(d);
      expect(iso).toBe(new Date(d * 86_400_000).toISOString().slice(0, 10));
      expect(parseIsoDay(iso)).toBe(d);
    }
    expect(civil(dayOf(2024, 2, 29))).toEqual([2024, 2, 29]);
    expect(isoDate(addMonthsEnd(dayOf(2024, 1, 31), 1))).toBe('2024-02-28');
    expect(isoDate(addMonthsEnd(dayOf(2024, 4, 1), 6))).toBe('2024-09-30');
  });
});

describe('identifiers', () => {
  it('makes Luhn-valid SIRENs and SIRETs', () => {
    const r = new Rng(7);
    for (let i = 0; i < 2000; i++) {
      const s = siren(r);
      const t = siret(r, s);
      expect(s).toMatch(/^\d{9}$/);
      expect(luhnValid(s)).toBe(true);
      expect(isValidSiret(t)).toBe(true);
      expect(t.startsWith(s)).toBe(true);
    }
    expect(isValidSiret('12345678900012')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true);
  });

  it('makes national PINs with valid check digits', () => {
    const r = new Rng(9);
    const birth = dayOf(1985, 2, 11);
    for (let i = 0; i < 200; i++) {
      const pesel = personalId(r, 'PL', birth, 'M', 'Wiśniewski', 'Łukasz');
      expect(pesel).toMatch(/^850211\d{5}$/);
      const w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3, 1];
      expect([...pesel].reduce((s, c, k) => s + Number(c) * (w[k] ?? 0), 0) % 10).toBe(0);
      expect(Number(pesel.charAt(9)) % 2).toBe(1);

      const nir = personalId(r, 'FR', birth, 'F', 'Martin', 'Anaïs');
      expect(nir).toMatch(/^28502\d{10}$/);
      expect(97 - (Number(BigInt(nir.slice(0, 13)) % 97n))).toBe(Number(nir.slice(13)));

      const bsn = personalId(r, 'NL', birth, 'M', 'de Vries', 'Daan');
      const bw = [9, 8, 7, 6, 5, 4, 3, 2, -1];
      expect([...bsn].reduce((s, c, k) => s + Number(c) * (bw[k] ?? 0), 0) % 11).toBe(0);

      const amka = personalId(r, 'GR', birth, 'M', 'Oikonomou', 'Giorgos');
      expect(amka.startsWith('110285')).toBe(true);
      expect(luhnValid(amka)).toBe(true);

      const cf = personalId(r, 'IT', birth, 'F', 'Rossi', 'Giulia');
      expect(cf).toMatch(/^RSSGLI85B51[A-Z]\d{3}[A-Z]$/);

      const cnp = personalId(r, 'RO', birth, 'M', 'Popescu', 'Ion');
      const cw = [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9];
      const rem = [...cnp.slice(0, 12)].reduce((s, c, k) => s + Number(c) * (cw[k] ?? 0), 0) % 11;
      expect(cnp.charAt(12)).toBe(String(rem === 10 ? 1 : rem));
      expect(cnp.startsWith('1850211')).toBe(true);
    }
  });

  it('makes company ids in national formats', () => {
    const r = new Rng(3);
    expect(companyIds(r, 'DE').vat).toMatch(/^DE\d{9}$/);
    expect(companyIds(r, 'PL').vat).toMatch(/^PL\d{10}$/);
    expect(companyIds(r, 'GR').vat).toMatch(/^EL\d{9}$/);
    expect(companyIds(r, 'BE').vat).toMatch(/^BE0\d{9}$/);
    const be = (companyIds(r, 'BE').vat ?? '').slice(2);
    expect(97 - (Number(be.slice(0, 8)) % 97)).toBe(Number(be.slice(8)));
  });
});

describe('names', () => {
  it('drops diacritics, including letters NFD does not decompose', () => {
    expect(dropDiacritics('Łukasz Wiśniewski')).toBe('Lukasz Wisniewski');
    expect(dropDiacritics('Ștefănescu Țăranu')).toBe('Stefanescu Taranu');
    expect(dropDiacritics('Đurđa Weiß')).toBe('Durda Weiss');
    expect(dropDiacritics('Smith')).toBe('Smith');
  });

  it('makes a variant that differs from the original', () => {
    const r = new Rng(1);
    for (let i = 0; i < 500; i++) {
      const v = nameVariant(r, 'Wiśniewski', 'Łukasz');
      expect(`${v.familyName}|${v.forename}`).not.toBe('Wiśniewski|Łukasz');
      expect(typo(r, 'Kowalczyk')).not.toBe('');
    }
  });
});

describe('World', () => {
  it('gives the same entities in any order', () => {
    const a = new World(5, { engagements: 1000 });
    const b = new World(5, { engagements: 1000 });
    const ea = a.engagement(40, 0);
    b.engagement(3, 0);
    b.project(99);
    const eb = b.engagement(40, 0);
    expect(JSON.stringify(eb)).toBe(JSON.stringify(ea));
  });

  it('sends companies from several states, a minority with planted fraud patterns, clients with valid SIRETs', () => {
    const w = new World(5, { engagements: 6000 });
    const countries = new Set<string>();
    const patterns = new Set<string>();
    let planted = 0;
    for (let i = 0; i < w.companyCount; i++) {
      const c = w.company(i);
      countries.add(c.country);
      if (c.patterns.length > 0) planted++;
      for (const p of c.patterns) patterns.add(p);
      // Honest and planted alike carry only low-rate incidental noise through `risk`.
      expect(c.risk).toBeLessThanOrEqual(0.25);
      if (c.bilateral) expect(c.patterns).toEqual([]);
    }
    for (const c of ['DE', 'PL', 'ES', 'PT', 'RO', 'IT', 'BE']) expect(countries.has(c), c).toBe(true);
    expect(planted / w.companyCount).toBeGreaterThan(0.08);
    expect(planted / w.companyCount).toBeLessThan(0.25);
    expect([...patterns].sort()).toEqual([...FRAUD_PATTERNS].sort());
    for (let i = 0; i < w.clientCount; i++) expect(isValidSiret(w.client(i).siret)).toBe(true);
  });
});
