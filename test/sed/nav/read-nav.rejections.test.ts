/**
 * Every rejection the NAV reader raises: code and path of the offending field.
 */
import { describe, expect, it } from 'vitest';
import { RejectionError } from '../../../core/errors.js';
import { readNavJson } from '../../../core/sed/nav/read-nav.js';
import type { Doc } from './inline-docs.js';
import { a009, sed } from './inline-docs.js';
import { rejectionOf } from './samples.js';

function expectRejection(doc: unknown, code: string, path: string | null): void {
  const err = rejectionOf(() => readNavJson(doc as Doc));
  expect(err).toBeInstanceOf(RejectionError);
  expect({ code: err.code, path: err.path }).toEqual({ code, path });
}

function withPerson(person: Record<string, unknown>): Doc {
  return a009({ nav: { bruker: { person: { etternavn: 'Martin', ...person } } } });
}

describe('FIELD_MISSING', () => {
  it('no SED type', () => {
    const doc = a009();
    delete doc['sed'];
    expectRejection(doc, 'FIELD_MISSING', 'sed');
  });
  it('an empty SED type', () => {
    expectRejection({ ...a009(), sed: '  ' }, 'FIELD_MISSING', 'sed');
  });
  it('an LA SED without a person', () => {
    expectRejection({ sed: 'A009', nav: {}, medlemskap: { vedtak: { land: 'FR' } } }, 'FIELD_MISSING', 'nav.bruker.person');
    expectRejection({ sed: 'A012' }, 'FIELD_MISSING', 'nav.bruker.person');
  });
  it.each(['A003', 'A009', 'A010'])('%s without medlemskap.vedtak', (type) => {
    expectRejection(sed(type, {}), 'FIELD_MISSING', 'medlemskap.vedtak');
  });
  it('an administrative SED may come without a person', () => {
    expect(readNavJson({ sed: 'X001', nav: { sak: {} } }).person).toBeNull();
  });
});

describe('DATE_INVALID', () => {
  it('an impossible birth date', () => {
    expectRejection(withPerson({ foedselsdato: '1985-02-30' }), 'DATE_INVALID', 'nav.bruker.person.foedselsdato');
  });
  it('a malformed period date', () => {
    expectRejection(
      a009({ vedtak: { gjelderperiode: { fastperiode: { startdato: '01.04.2024', sluttdato: '2025-03-31' } } } }),
      'DATE_INVALID',
      'medlemskap.vedtak.gjelderperiode.fastperiode.startdato',
    );
  });
  it('an impossible open-period start', () => {
    expectRejection(
      a009({ vedtak: { gjelderperiode: { aapenperiode: { startdato: '2024-13-01' } } } }),
      'DATE_INVALID',
      'medlemskap.vedtak.gjelderperiode.aapenperiode.startdato',
    );
  });
  it('an impossible previous-decision date', () => {
    expectRejection(a009({ vedtak: { datoforrigevedtak: '2023-04-31' } }), 'DATE_INVALID', 'medlemskap.vedtak.datoforrigevedtak');
  });
  it('an impossible A001 requested period and A008 change date', () => {
    expectRejection(sed('A001', { soeknadsperiode: { startdato: '2024-02-30' } }), 'DATE_INVALID', 'medlemskap.soeknadsperiode.startdato');
    expectRejection(sed('A008', { endring: { trerikraftfra: 'soon' } }), 'DATE_INVALID', 'medlemskap.endring.trerikraftfra');
  });
});

describe('CODE_UNKNOWN', () => {
  it('an unknown sex', () => {
    expectRejection(withPerson({ kjoenn: 'X' }), 'CODE_UNKNOWN', 'nav.bruker.person.kjoenn');
  });
  it('an unknown country (nationality, address, decision)', () => {
    expectRejection(withPerson({ statsborgerskap: [{ land: 'XX' }] }), 'CODE_UNKNOWN', 'nav.bruker.person.statsborgerskap[0].land');
    expectRejection(
      a009({ nav: { bruker: { person: { etternavn: 'A' }, adresse: [{ type: 'bosted', land: 'Frankreich' }] } } }),
      'CODE_UNKNOWN',
      'nav.bruker.adresse[0].land',
    );
    expectRejection(a009({ vedtak: { land: 'ZZ' } }), 'CODE_UNKNOWN', 'medlemskap.vedtak.land');
  });
  it('an unknown PIN sector', () => {
    expectRejection(withPerson({ pin: [{ land: 'FR', identifikator: '1', sektor: 'skatt' }] }), 'CODE_UNKNOWN', 'nav.bruker.person.pin[0].sektor');
  });
  it('an unknown address type', () => {
    expectRejection(
      a009({ nav: { bruker: { person: { etternavn: 'A' }, adresse: { type: 'hjemme', land: 'FR' } } } }),
      'CODE_UNKNOWN',
      'nav.bruker.adresse.type',
    );
  });
  it('an unknown employer identifier type', () => {
    expectRejection(
      a009({ nav: { arbeidsgiver: [{ navn: 'X', identifikator: [{ id: '1', type: 'moms' }] }] } }),
      'CODE_UNKNOWN',
      'nav.arbeidsgiver[0].identifikator[0].type',
    );
  });
  it('a yes/no flag that is neither ja nor nei', () => {
    expectRejection(a009({ vedtak: { gjeldervarighetyrkesaktivitet: 'kanskje' } }), 'CODE_UNKNOWN', 'medlemskap.vedtak.gjeldervarighetyrkesaktivitet');
    expectRejection(
      a009({ nav: { arbeidssted: [{ navn: 'X', erikkefastadresse: 'yes' }] } }),
      'CODE_UNKNOWN',
      'nav.arbeidssted[0].erikkefastadresse',
    );
  });
  it('an article that is not an article', () => {
    expectRejection(a009({ vedtak: { artikkelforordning: 'posting' } }), 'CODE_UNKNOWN', 'medlemskap.vedtak.artikkelforordning');
  });
  it('an unknown SED type or version', () => {
    expectRejection({ ...a009(), sed: 'posting' }, 'CODE_UNKNOWN', 'sed');
    expectRejection(a009({ sedGVer: 'four' }), 'CODE_UNKNOWN', 'sedGVer');
  });
  it('an unknown A002 result', () => {
    expectRejection(sed('A002', { unntak: { vedtak: { id: 'kanskje' } } }), 'CODE_UNKNOWN', 'medlemskap.unntak.vedtak.id');
  });
  it('an X008 target that is not a SED type', () => {
    expectRejection({ sed: 'X008', nav: { sak: { ugyldiggjoere: { sed: { type: 'the A009' } } } } }, 'CODE_UNKNOWN', 'nav.sak.ugyldiggjoere.sed.type');
  });
});

describe('SHAPE_UNKNOWN (a value of the wrong JSON type)', () => {
  it('a document that is not an object', () => {
    expectRejection([], 'SHAPE_UNKNOWN', '$');
  });
  it('a string where an object is expected', () => {
    expectRejection(a009({ nav: { bruker: { person: 'Martin' } } }), 'SHAPE_UNKNOWN', 'nav.bruker.person');
  });
  it('an object where a string is expected', () => {
    expectRejection(withPerson({ fornavn: { value: 'Luc' } }), 'SHAPE_UNKNOWN', 'nav.bruker.person.fornavn');
  });
  it('a list item that is not an object', () => {
    expectRejection(a009({ nav: { arbeidsgiver: ['Bau GmbH'] } }), 'SHAPE_UNKNOWN', 'nav.arbeidsgiver[0]');
  });
  it('the SED event wrapper instead of the document', () => {
    expectRejection({ sed: { sed: 'A009' } }, 'SHAPE_UNKNOWN', 'sed');
  });
});
