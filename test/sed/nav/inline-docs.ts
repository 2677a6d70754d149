/** Small inline NAV JSON documents for the unit tests (no dependency on ../shared). */

export type Doc = Record<string, unknown>;

export const PERSON = {
  etternavn: 'Martin',
  fornavn: 'Luc',
  foedselsdato: '1979-07-02',
  kjoenn: 'M',
  statsborgerskap: [{ land: 'FR' }],
  pin: [{ land: 'FR', identifikator: '1790775123456', sektor: 'alle' }],
};

/** A minimal A009 (CDM 4.1 unless told). */
export function a009(overrides: { vedtak?: Record<string, unknown>; nav?: Record<string, unknown>; medlemskap?: Record<string, unknown>; sedGVer?: unknown; sedVer?: unknown } = {}): Doc {
  return {
    sed: 'A009',
    sedGVer: overrides.sedGVer ?? '4',
    sedVer: overrides.sedVer ?? '1',
    nav: { bruker: { person: { ...PERSON } }, ...overrides.nav },
    medlemskap: {
      vedtak: {
        land: 'FR',
        artikkelforordning: '12_1',
        gjelderperiode: { fastperiode: { startdato: '2024-04-01', sluttdato: '2025-03-31' } },
        eropprinneligvedtak: 'ja',
        ...overrides.vedtak,
      },
      ...overrides.medlemskap,
    },
  };
}

/** Any SED with a person and the given medlemskap. */
export function sed(type: string, medlemskap?: Record<string, unknown>, nav: Record<string, unknown> = {}, version = '1'): Doc {
  const doc: Doc = { sed: type, sedGVer: '4', sedVer: version, nav: { bruker: { person: { ...PERSON } }, ...nav } };
  if (medlemskap) doc['medlemskap'] = medlemskap;
  return doc;
}
