import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  damerauLevenshtein,
  foldName,
  jaroWinkler,
  nameBlockingKeys,
  nameKey,
  nameSimilarity,
  nameTokens,
  phoneticCode,
  tokenSimilarity,
} from '../../core/identity/names.js';
import { NAMES } from '../../core/synth/data.js';
import { dropDiacritics, nameVariant } from '../../core/synth/names.js';
import { Rng } from '../../core/synth/random.js';

const sim = (a: [string, string], b: [string, string]): number =>
  nameSimilarity({ familyName: a[0], forename: a[1] }, { familyName: b[0], forename: b[1] }).score;

describe('foldName', () => {
  it('drops diacritics and spells out special letters', () => {
    expect(foldName('Łukasz Wiśniewski-Żak')).toBe('lukasz wisniewski zak');
    expect(foldName('Groß Ørsted Æbelø')).toBe('gross orsted aebelo');
    expect(foldName('Đorđević Þórsson')).toBe('dordevic thorsson');
    expect(foldName('İbrahim Yılmaz')).toBe('ibrahim yilmaz');
    expect(foldName('Ștefănescu Țăranu')).toBe('stefanescu taranu');
    expect(foldName('Œuvre')).toBe('oeuvre');
  });

  it('transliterates Cyrillic and Greek', () => {
    expect(foldName('Шевченко Олександр')).toBe('shevchenko oleksandr');
    expect(foldName('Иванова Мария')).toBe('ivanova mariia');
    expect(foldName('Παπαδόπουλος Γιώργος')).toBe('papadopoulos giorgos');
    expect(foldName('Ευάγγελος Οικονόμου')).toBe('evangelos oikonomou');
  });

  it('turns punctuation, hyphens and apostrophes into single spaces; blank input is empty', () => {
    expect(foldName("  D'Angelo ")).toBe('d angelo');
    expect(foldName('Meyer-Lüdenscheidt')).toBe('meyer ludenscheidt');
    expect(foldName('O’Brien')).toBe('o brien');
    expect(foldName("van 't Hof")).toBe('van t hof');
    expect(foldName(null)).toBe('');
    expect(foldName('  ')).toBe('');
  });

  it('flags particles', () => {
    expect(nameTokens('Martínez de la Fuente')).toEqual([
      { text: 'martinez', particle: false },
      { text: 'de', particle: true },
      { text: 'la', particle: true },
      { text: 'fuente', particle: false },
    ]);
  });
});

describe('string similarity', () => {
  it('Jaro-Winkler gives the textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 3);
    expect(jaroWinkler('abc', 'abc')).toBe(1);
    expect(jaroWinkler('abc', '')).toBe(0);
  });

  it('Damerau-Levenshtein counts a swap of neighbours as one edit', () => {
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3);
    expect(damerauLevenshtein('ca', 'ac')).toBe(1);
    expect(damerauLevenshtein('kowalczyk', 'kowalcyzk')).toBe(1);
    expect(damerauLevenshtein('', 'abc')).toBe(3);
  });

  it('token similarity: umlaut spellings, initials, short names', () => {
    expect(tokenSimilarity('mueller', 'muller')).toBeGreaterThan(0.95);
    expect(tokenSimilarity('j', 'jan')).toBe(0.8);
    expect(tokenSimilarity('jan', 'jann')).toBeGreaterThanOrEqual(0.85);
    expect(tokenSimilarity('kowalski', 'kowalczyk')).toBeLessThan(0.75);
  });

  it('is symmetric and bounded', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const x = tokenSimilarity(a, b);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
        expect(tokenSimilarity(b, a)).toBeCloseTo(x, 10);
        expect(damerauLevenshtein(a, b)).toBe(damerauLevenshtein(b, a));
      }),
    );
  });
});

describe('nameKey', () => {
  it('ignores case, diacritics, script, particles and the order of the parts', () => {
    const k = nameKey('Wiśniewski', 'Łukasz');
    expect(nameKey('WISNIEWSKI', 'Lukasz')).toBe(k);
    expect(nameKey('Łukasz', 'Wiśniewski')).toBe(k);
    expect(nameKey('Papadopoulos', 'Giorgos')).toBe(nameKey('Παπαδόπουλος', 'Γιώργος'));
    expect(nameKey('van der Berg', 'Daan')).toBe(nameKey('Berg', 'Daan'));
    expect(nameKey('Kowalski', 'Jan')).not.toBe(nameKey('Kowalski', 'Piotr'));
  });

  it('phonetic codes absorb doubled letters, vowel slips and umlaut spellings', () => {
    expect(phoneticCode('kowalczyk')).toBe(phoneticCode('kowalcyzk'));
    expect(phoneticCode('mueller')).toBe(phoneticCode('muller'));
    expect(phoneticCode('schmidt')).toBe(phoneticCode('smidt'));
    expect(nameBlockingKeys('Kowalski', 'Jan')).toEqual([...nameBlockingKeys('Kowalski', 'Jan')].sort());
  });

  it('is invariant under upper case and dropped diacritics for every name of the synthetic pools', () => {
    for (const pool of Object.values(NAMES)) {
      for (const family of pool.family) {
        for (const forename of [...pool.male, ...pool.female].slice(0, 3)) {
          const k = nameKey(family, forename);
          expect(nameKey(family.toUpperCase(), forename)).toBe(k);
          expect(nameKey(dropDiacritics(family), dropDiacritics(forename))).toBe(k);
          expect(nameKey(forename, family)).toBe(k);
        }
      }
    }
  });
});

describe('nameSimilarity', () => {
  it('scores each planted variant kind at or above the link threshold (0.88)', () => {
    expect(sim(['Wiśniewski', 'Łukasz'], ['Wisniewski', 'Lukasz'])).toBe(1);
    expect(sim(['Wiśniewski', 'Łukasz'], ['WIŚNIEWSKI', 'Łukasz'])).toBe(1);
    expect(sim(['Wiśniewski', 'Łukasz'], ['Łukasz', 'Wiśniewski'])).toBeCloseTo(0.98, 5);
    expect(sim(['García López', 'José'], ['García', 'José'])).toBeGreaterThan(0.95);
    expect(sim(['Kowalczyk', 'Jan'], ['Kowalcyzk', 'Jan'])).toBeGreaterThan(0.9);
    expect(sim(['Kowalczyk', 'Jan'], ['Kowalczyk', 'Jann'])).toBeGreaterThan(0.9);
    expect(sim(['Van den Bossche', 'Pieter'], ['Vandenbossche', 'Pieter'])).toBe(1);
    expect(sim(['Van den Bossche', 'Pieter'], ['Van', 'Pieter'])).toBeGreaterThanOrEqual(0.88);
    expect(sim(['Müller', 'Jürgen'], ['Mueller', 'Juergen'])).toBeGreaterThan(0.95);
    expect(sim(['Shevchenko', 'Oleksandr'], ['Шевченко', 'Олександр'])).toBe(1);
  });

  it('keeps clearly different names apart', () => {
    expect(sim(['Kowalski', 'Jan'], ['Kowalski', 'Piotr'])).toBeLessThan(0.8);
    expect(sim(['Kowalski', 'Jan'], ['Nowak', 'Jan'])).toBeLessThan(0.8);
    expect(sim(['Kowalski', 'Jan'], ['Kowalczyk', 'Jan'])).toBeLessThan(0.88);
    expect(sim(['García López', 'José'], ['García Núñez', 'José'])).toBeLessThan(0.8);
  });

  it('explains what differs', () => {
    const s = nameSimilarity({ familyName: 'Popescu', forename: 'Ion' }, { familyName: 'ION', forename: 'POPESCU' });
    expect(s.alignment).toBe('swapped');
    expect(s.parts[0]).toBe('family name and forename swapped');
    const c = nameSimilarity({ familyName: 'Meyer-Lüdenscheidt', forename: 'Jan' }, { familyName: 'Meyer', forename: 'Jan' });
    expect(c.parts.join('; ')).toContain('compound name shortened');
    const m = nameSimilarity({ familyName: 'Nowak', forename: null }, { familyName: 'Nowak', forename: 'Jan' });
    expect(m.forename).toBeNull();
    expect(m.score).toBeCloseTo(0.9, 5);
  });

  it('every variant the generator plants stays above the threshold', () => {
    const rng = new Rng(11);
    for (const pool of Object.values(NAMES)) {
      for (const family of pool.family) {
        for (const forename of pool.male.slice(0, 2)) {
          for (let k = 0; k < 5; k++) {
            const v = nameVariant(rng, family, forename);
            const s = sim([family, forename], [v.familyName, v.forename]);
            // A typo in a 3- or 4-letter name is the weakest case.
            expect(s, `${family} ${forename} → ${v.familyName} ${v.forename} (${v.kind})`).toBeGreaterThanOrEqual(0.88);
          }
        }
      }
    }
  });

  it('is symmetric and within 0..1', () => {
    const names = fc.constantFrom('Kowalski', 'Nowak', 'García López', 'Jan', 'José', "D'Angelo", 'de Vries', 'Ötzi', '');
    fc.assert(
      fc.property(names, names, names, names, (a, b, c, d) => {
        const x = nameSimilarity({ familyName: a, forename: b }, { familyName: c, forename: d }).score;
        const y = nameSimilarity({ familyName: c, forename: d }, { familyName: a, forename: b }).score;
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
        expect(y).toBeCloseTo(x, 10);
      }),
    );
  });
});
