import { describe, expect, it } from 'vitest';
import {
  frenchVatOfSiren,
  isValidSiren,
  isValidSiret,
  luhnValid,
  normaliseCompanyId,
  parseVat,
  sirenOfSiret,
  spanishTaxIdValid,
} from '../../core/identity/company-ids.js';
import { companyIds } from '../../core/synth/ids.js';
import { Rng } from '../../core/synth/random.js';
import { World } from '../../core/synth/population.js';

describe('SIREN and SIRET', () => {
  it('check the Luhn key', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(isValidSiren('732829320')).toBe(true);
    expect(isValidSiren('732829321')).toBe(false);
    expect(isValidSiren('73282932')).toBe(false);
    expect(isValidSiret('73282932000074')).toBe(true);
    expect(isValidSiret('73282932000075')).toBe(false);
    expect(isValidSiret('7328293200007')).toBe(false);
  });

  it('accept La Poste establishments (digit sum divisible by 5)', () => {
    expect(isValidSiret('35600000000048')).toBe(true);
    expect(isValidSiret('35600000049837')).toBe(true);
    expect(isValidSiret('35600000009075')).toBe(true);
    expect(isValidSiret('35600000049838')).toBe(false);
  });

  it('derive the SIREN of a SIRET and the French VAT number of a SIREN', () => {
    expect(sirenOfSiret('732 829 320 00074')).toBe('732829320');
    expect(sirenOfSiret('123')).toBeNull();
    expect(frenchVatOfSiren('303 265 045')).toBe('FR40303265045');
    expect(frenchVatOfSiren('323140392')).toBe('FR84323140392');
    expect(frenchVatOfSiren('494887854')).toBe('FR04494887854');
    expect(frenchVatOfSiren('12345')).toBeNull();
  });
});

describe('EU VAT numbers', () => {
  // Published examples (valid) and one-digit-off counterparts (invalid).
  const valid = [
    'AT U13585627', 'BE403019261', 'BE 0428759497', 'BG 175 074 752', 'CZ 25123891', 'DE136695976', 'DK 13585628',
    'EE 100 931 558', 'EE100594102', 'EL 094259216', 'GR 23456780', 'ESJ99216582', 'ESB86670460', 'ESQ2876031B', 'FI 20774740',
    'FR 40 303 265 045', 'FR84323140392', 'GB 980 7806 84', 'GB340804329', 'HR 33392005961', 'HU-12892312',
    'IT 00743110157', 'LT119511515', 'LT 100001919017', 'LU 150 274 42', 'NL004495445B01', 'NL002455799B11',
    'PL 8567346215', 'PT 501 964 843', 'RO 185 472 90', 'SE 123456789701', 'SI 5022 3054', 'SK 202 274 96 19',
    'XI 980 7806 84',
  ];
  const invalid = [
    'ATU13585626', 'BE431150351', 'BG175074754', 'CZ25123890', 'DE136695978', 'DK13585627', 'EE100594103',
    'EL123456781', 'ESB86670461', 'FI20774741', 'FR84323140391', 'GB802311781', 'HR33392005962', 'HU12892313',
    'IT00743110158', 'LT100001919018', 'LU15027443', 'NL123456789B90', 'PL8567346216', 'PT501964842', 'RO18547291',
    'SE123456789101', 'SI50223053', 'SK2022749618',
  ];
  for (const v of valid) it(`accepts ${v}`, () => expect(parseVat(v)?.valid).toBe(true));
  for (const v of invalid) it(`rejects ${v}`, () => expect(parseVat(v)?.valid).toBe(false));

  it('normalises separators, case and the Greek / Northern Irish prefixes', () => {
    expect(parseVat('de 136.695-976')).toEqual({ type: 'vat', id: 'DE136695976', valid: true, country: 'DE' });
    expect(parseVat('GR 094259216')).toEqual({ type: 'vat', id: 'EL094259216', valid: true, country: 'GR' });
    expect(parseVat('XI980780684')?.country).toBe('GB');
    expect(parseVat('BE 428.759.497')?.id).toBe('BE0428759497');
  });

  it('takes the country from the company when the prefix is missing', () => {
    expect(parseVat('136695976', 'DE')).toEqual({ type: 'vat', id: 'DE136695976', valid: true, country: 'DE' });
    expect(parseVat('094259216', 'GR')?.id).toBe('EL094259216');
    expect(parseVat('136695976')).toBeNull();
  });

  it('says null where no check rule is known, false for a wrong format', () => {
    expect(parseVat('CY10259033P')?.valid).toBeNull();
    expect(parseVat('MT12345678')?.valid).toBeNull();
    expect(parseVat('FRK7399859412')?.valid).toBeNull();
    expect(parseVat('DE12345')?.valid).toBe(false);
    expect(parseVat('ZZ123456789')).toBeNull();
  });

  it('Spanish NIF, NIE and CIF check characters', () => {
    expect(spanishTaxIdValid('12345678Z')).toBe(true);
    expect(spanishTaxIdValid('12345678A')).toBe(false);
    expect(spanishTaxIdValid('X1234567L')).toBe(true);
    expect(spanishTaxIdValid('N0112768G')).toBe(true);
    expect(spanishTaxIdValid('W8265365J')).toBe(true);
  });

  it('agree with the check digits of the synthetic generator (PL NIP, PT NIPC, BE, IT, LU, FR)', () => {
    const rng = new Rng(5);
    for (const country of ['PL', 'PT', 'BE', 'IT', 'LU', 'FR']) {
      for (let i = 0; i < 200; i++) {
        const vat = companyIds(rng, country).vat ?? '';
        expect(parseVat(vat)?.valid, `${country} ${vat}`).toBe(true);
      }
    }
  });
});

describe('normaliseCompanyId', () => {
  it('keeps the declared kind and compacts the number', () => {
    expect(normaliseCompanyId('registration', 'HRB 20001', 'DE')).toEqual({ type: 'registration', id: 'HRB20001', valid: null, country: 'DE' });
    expect(normaliseCompanyId('social-security', '12.345.678', 'PL')).toEqual({ type: 'social-security', id: '12345678', valid: null, country: 'PL' });
    expect(normaliseCompanyId('unknown', 'X-1', null).type).toBe('other');
  });

  it('reads French 9- and 14-digit numbers as SIREN / SIRET', () => {
    expect(normaliseCompanyId('registration', '732 829 320 00074', 'FR')).toEqual({ type: 'siret', id: '73282932000074', valid: true, country: 'FR' });
    expect(normaliseCompanyId('registration', '732829320', 'FR')).toEqual({ type: 'siren', id: '732829320', valid: true, country: 'FR' });
    expect(normaliseCompanyId('siret', '73282932000075', 'FR').valid).toBe(false);
  });

  it('reads a tax id with a VAT prefix as a VAT number', () => {
    expect(normaliseCompanyId('tax', 'PL 8567346215', 'PL')).toEqual({ type: 'vat', id: 'PL8567346215', valid: true, country: 'PL' });
    expect(normaliseCompanyId('vat', '8567346215', 'PL').id).toBe('PL8567346215');
    expect(normaliseCompanyId('vat', 'nonsense', null)).toEqual({ type: 'vat', id: 'NONSENSE', valid: false, country: null });
  });

  it('validates the French clients of the synthetic world', () => {
    const world = new World(9, { engagements: 400 });
    for (let i = 0; i < 50; i++) {
      const c = world.client(i);
      expect(normaliseCompanyId('siret', c.siret, 'FR').valid).toBe(true);
      expect(normaliseCompanyId('siren', c.siren, 'FR').valid).toBe(true);
      expect(sirenOfSiret(c.siret)).toBe(c.siren);
      expect(parseVat(frenchVatOfSiren(c.siren) ?? '')?.valid).toBe(true);
    }
  });
});
