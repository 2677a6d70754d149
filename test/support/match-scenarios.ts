/**
 * Hand-made documents for each matching outcome: successive certificates, a withdrawal, an
 * amendment that shortens a period, mismatches, a conflict, an ambiguous identity, and one
 * person written differently in a SED, a declaration and a certificate.
 */

export interface ScenarioDocument {
  body: unknown;
  headers?: Record<string, string>;
  /** Which input topic it belongs on. */
  kind: 'sed' | 'declaration' | 'certificate';
}

export const company = { name: 'Bau & Montage GmbH', country: 'DE', ids: [{ type: 'vat', id: 'DE123456789' }] };
const otherCompany = { name: 'Rhein Logistik AG', country: 'DE', ids: [{ type: 'vat', id: 'DE987654321' }] };

function declaration(id: string, worker: Record<string, unknown>, start: string, end: string, version = 1, undertaking = company) {
  return {
    declarationId: id, version, status: version === 1 ? 'active' : 'amended', declaredAt: '2024-03-28T09:00:00Z', hostCountry: 'FR',
    postingUndertaking: undertaking, client: { name: 'Chantier SAS', country: 'FR', ids: [] }, sector: 'construction',
    startDate: start, endDate: end, workplaces: [], workers: [worker],
  };
}

function certificate(number: string, person: Record<string, unknown>, start: string, end: string, extra: Record<string, unknown> = {}) {
  return {
    certificateNumber: number, securityCode: 'AAAA-BBBB', kind: 'A1', agreement: 'EU', issueType: 'initial', issuedAt: '2024-03-01',
    issuer: { institutionId: 'DE:DRV001', country: 'DE' }, person, employer: company, selfEmployed: false,
    legislationState: 'DE', article: '12_1', statesOfWork: ['FR'], startDate: start, endDate: end, provisional: false, ...extra,
  };
}

const worker = (familyName: string, forename: string, birthDate: string, pin?: string) => ({
  familyName, forename, birthDate, sex: 'M', nationality: 'PL', pins: pin === undefined ? [] : [{ country: 'DE', id: pin }],
});

/** A NAV-shaped A009 (the reader's own fixtures show the shape). */
function a009(familyName: string, forename: string, birthDate: string, state: string, start: string, end: string) {
  return {
    sed: 'A009', sedGVer: '4', sedVer: '1',
    nav: {
      bruker: { person: { fornavn: forename, etternavn: familyName, foedselsdato: birthDate, kjoenn: 'M', statsborgerskap: [{ land: 'PL' }] } },
      arbeidsgiver: [{ navn: company.name, adresse: { land: 'DE' }, identifikator: [{ type: 'registrering', id: 'DE123456789' }] }],
    },
    medlemskap: {
      vedtak: { land: state, gjelderperiode: { fastperiode: { startdato: start, sluttdato: end } }, artikkelforordning: '12_1', eropprinneligvedtak: 'ja' },
      utsendingsland: { arbeidsgiver: [{ navn: company.name, adresse: { land: 'DE' }, identifikator: [{ type: 'registrering', id: 'DE123456789' }] }] },
    },
  };
}


/** A NAV-shaped A003 (work in several states), provisional or not. */
function a003(familyName: string, forename: string, birthDate: string, state: string, start: string, end: string, provisional: boolean) {
  return {
    sed: 'A003', sedGVer: '4', sedVer: '1',
    nav: {
      bruker: { person: { fornavn: forename, etternavn: familyName, foedselsdato: birthDate, kjoenn: 'M', statsborgerskap: [{ land: 'PL' }] } },
      arbeidsgiver: [{ navn: company.name, adresse: { land: 'DE' }, identifikator: [{ type: 'registrering', id: 'DE123456789' }] }],
    },
    medlemskap: {
      relevantartikkelfor8832004eller9872009: '13_1_a',
      vedtak: { land: state, gjelderperiode: { startdato: start, sluttdato: end }, eropprinneligvedtak: 'ja' },
      isDeterminationProvisional: provisional ? 'ja' : 'nei',
    },
  };
}

/** A004: the other state disagrees with a provisional A003 (same case). */
function a004(familyName: string, forename: string, birthDate: string) {
  return { sed: 'A004', sedGVer: '4', sedVer: '1', nav: { bruker: { person: { fornavn: forename, etternavn: familyName, foedselsdato: birthDate, kjoenn: 'M' } } } };
}

const envelope = (caseId: string, documentId: string) => ({
  rinaSakId: caseId, rinaDokumentId: documentId, rinaDokumentVersjon: '1', avsenderId: 'DE:DRV001', mottakerId: 'FR:URSSAF01',
});

function kindOf(body: unknown): ScenarioDocument['kind'] {
  const o = body as Record<string, unknown>;
  return 'certificateNumber' in o ? 'certificate' : 'declarationId' in o ? 'declaration' : 'sed';
}

const DOCS: Array<{ body: unknown; headers?: Record<string, string> }> = [
  // A provisional A003 counts while no A004 contests it ...
  { body: declaration('D-PROV', worker('Mazur', 'Ewa', '1990-01-15'), '2024-04-01', '2024-09-30') },
  { body: a003('Mazur', 'Ewa', '1990-01-15', 'DE', '2024-01-01', '2024-12-31', true), headers: envelope('9101', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb') },
  // ... and attests nothing once an A004 in its case contests it.
  { body: declaration('D-A004', worker('Krawczyk', 'Anna', '1991-02-16'), '2024-04-01', '2024-09-30') },
  { body: a003('Krawczyk', 'Anna', '1991-02-16', 'DE', '2024-01-01', '2024-12-31', true), headers: envelope('9102', 'cccccccccccccccccccccccccccccccc') },
  { body: a004('Krawczyk', 'Anna', '1991-02-16'), headers: envelope('9102', 'dddddddddddddddddddddddddddddddd') },
    // matched by two successive certificates
    { body: declaration('D-SUCC', worker('Kowalski', 'Jan', '1980-01-01', '53010180J407'), '2024-04-01', '2024-09-30') },
    { body: certificate('C-SUCC-1', worker('Kowalski', 'Jan', '1980-01-01', '53010180J407'), '2024-01-01', '2024-06-30') },
    { body: certificate('C-SUCC-2', worker('Kowalski', 'Jan', '1980-01-01', '53010180J407'), '2024-07-01', '2024-12-31') },
    // no certificate
    { body: declaration('D-NONE', worker('Nowak', 'Piotr', '1981-02-02'), '2024-04-01', '2024-09-30') },
    // withdrawn
    { body: declaration('D-WDRN', worker('Wiśniewski', 'Adam', '1982-03-03'), '2024-04-01', '2024-09-30') },
    { body: certificate('C-WDRN', worker('Wiśniewski', 'Adam', '1982-03-03'), '2024-01-01', '2024-12-31') },
    { body: { certificateNumber: 'C-WDRN', issueType: 'withdrawal', issuedAt: '2024-05-01' } },
    // amendment shortens the period -> period-partial
    { body: declaration('D-AMND', worker('Wójcik', 'Marek', '1983-04-04'), '2024-04-01', '2024-09-30') },
    { body: certificate('C-AMND', worker('Wójcik', 'Marek', '1983-04-04'), '2024-01-01', '2024-12-31') },
    { body: certificate('C-AMND', worker('Wójcik', 'Marek', '1983-04-04'), '2024-01-01', '2024-06-30', { issueType: 'amendment', issuedAt: '2024-04-15' }) },
    // state mismatch
    { body: declaration('D-STATE', worker('Kamiński', 'Tomasz', '1984-05-05'), '2024-04-01', '2024-09-30') },
    { body: certificate('C-STATE', worker('Kamiński', 'Tomasz', '1984-05-05'), '2024-01-01', '2024-12-31', { legislationState: 'PL' }) },
    // employer mismatch
    { body: declaration('D-EMPL', worker('Lewandowski', 'Paweł', '1985-06-06'), '2024-04-01', '2024-09-30') },
    { body: certificate('C-EMPL', worker('Lewandowski', 'Paweł', '1985-06-06'), '2024-01-01', '2024-12-31', { employer: otherCompany }) },
    // conflict: two valid certificates of different states on the same days
    { body: declaration('D-CONF', worker('Zieliński', 'Krzysztof', '1986-07-07'), '2024-04-01', '2024-09-30') },
    { body: certificate('C-CONF-1', worker('Zieliński', 'Krzysztof', '1986-07-07'), '2024-01-01', '2024-12-31') },
    { body: certificate('C-CONF-2', worker('Zieliński', 'Krzysztof', '1986-07-07'), '2024-06-01', '2024-12-31', { legislationState: 'PL' }) },
    // ambiguous identity: one declared worker fits two different certified persons equally
    { body: declaration('D-AMBI', worker('Szymański', 'Jakub', '1987-08-08'), '2024-04-01', '2024-09-30') },
    { body: certificate('C-AMBI-1', worker('Szymański', 'Jakub', '1987-08-08', '12110285M005'), '2024-01-01', '2024-12-31') },
    { body: certificate('C-AMBI-2', worker('Szymański', 'Jakub', '1987-08-08', '65020377K013'), '2024-01-01', '2024-12-31') },
    // names written differently in the SED, the declaration and the certificate
    { body: declaration('D-NAMES', worker('Dąbrowski', 'Łukasz', '1988-09-09'), '2024-04-01', '2024-09-30') },
    { body: certificate('C-NAMES', worker('DABROWSKI', 'Lukasz', '1988-09-09'), '2024-01-01', '2024-12-31') },
    {
      body: a009('Łukasz', 'Dąbrowski', '1988-09-09', 'DE', '2024-01-01', '2024-12-31'),
      headers: { rinaSakId: '9001', rinaDokumentId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', rinaDokumentVersjon: '1', avsenderId: 'DE:DRV001', mottakerId: 'FR:URSSAF01' },
    },
];

export const SCENARIO_DOCUMENTS: ScenarioDocument[] = DOCS.map((d) => ({ ...d, kind: kindOf(d.body) }));

/** subject type, subject ref, expected outcome */
export const EXPECTED_OUTCOMES: Array<[string, string, string]> = [
  ['declaration-worker', 'D-SUCC#0', 'matched'],
  ['declaration-worker', 'D-NONE#0', 'no-certificate'],
  ['declaration-worker', 'D-WDRN#0', 'withdrawn'],
  ['declaration-worker', 'D-AMND#0', 'period-partial'],
  ['declaration-worker', 'D-STATE#0', 'state-mismatch'],
  ['declaration-worker', 'D-EMPL#0', 'employer-mismatch'],
  ['declaration-worker', 'D-CONF#0', 'conflict'],
  ['declaration-worker', 'D-AMBI#0', 'ambiguous-identity'],
  ['declaration-worker', 'D-NAMES#0', 'matched'],
  ['sed', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'matched'],
  ['declaration-worker', 'D-PROV#0', 'matched'],
  ['declaration-worker', 'D-A004#0', 'withdrawn'],
];
