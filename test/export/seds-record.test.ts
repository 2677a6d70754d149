import { describe, expect, test } from 'vitest';
import { parseAsOf } from '../../lib/export/as-of.js';
import { csvHeader, csvRecord } from '../../lib/export/csv.js';
import { createPseudonymiser } from '../../lib/export/pseudonymise.js';
import { buildSedRecord, SED_CSV_COLUMNS, sedPage, type SedExportRow } from '../../lib/export/seds.js';

/** What ingestion stores in seds.record: the content plus target, originals and notes. */
function storedRecord(): Record<string, unknown> {
  return {
    sedType: 'A009',
    cdmVersion: '4.2',
    sourceFormat: 'xml',
    person: {
      familyName: 'Müller',
      forename: 'Jan',
      familyNameAtBirth: '',
      forenameAtBirth: null,
      birthDate: '1985-02-11',
      sex: 'M',
      nationalities: ['PL', 'EL'],
      pins: [
        { country: 'DE', id: '12110285M005', sector: '01' },
        { country: 'PL', id: '', sector: null },
      ],
      birthPlace: { town: 'Łódź', region: null, country: 'PL' },
    },
    addresses: [{ type: 'residence', street: 'Industriestr. 7', building: null, town: 'Düsseldorf', postalCode: '40210', region: null, country: 'DE' }],
    employers: [
      {
        role: 'employer',
        name: 'Bau & Montage GmbH',
        country: 'DE',
        ids: [{ type: 'registration', id: 'HRB 20001' }],
        address: { street: null, building: null, town: 'Düsseldorf', postalCode: null, region: null, country: 'DE' },
      },
      { role: 'host', name: 'Chantier; Part|Dieu', country: 'FR', ids: [], address: null },
    ],
    workplaces: [
      { name: 'Site A', country: 'FR', town: 'Lyon', noFixedAddress: false, homeBase: null },
      { name: 'Site B', country: 'FR', town: 'Paris', noFixedAddress: false, homeBase: null },
    ],
    decision: {
      legislationState: 'DE',
      article: '12_1',
      startDate: '2024-04-01',
      endDate: '2025-03-31T00:00:00Z',
      openEnded: false,
      provisional: true,
      amending: false,
      previousDecisionDate: null,
      appliesForDurationOfActivity: null,
    },
    request: null,
    target: null,
    originals: { 'country:x': 'EL' },
    notes: ['BUC type inferred'],
  };
}

function row(record: unknown = storedRecord()): SedExportRow {
  return {
    document_id: 'doc-1',
    case_id: 'case-1',
    version: 2,
    sed_type: 'A009',
    buc_type: 'LA_BUC_04',
    cdm_version: '4.2',
    source_format: 'xml',
    sender_institution: 'DE:12345',
    sender_country: 'DE',
    receiver_institution: 'FR:URSSAF01',
    receiver_country: 'FR',
    status: 'active',
    record,
  };
}

describe('the seds record', () => {
  test('fields in the contract order, ingestion-only keys left out', () => {
    const r = buildSedRecord(row());
    expect(Object.keys(r)).toEqual([
      'documentId', 'caseId', 'version', 'sedType', 'bucType', 'cdmVersion', 'sourceFormat',
      'sender', 'receiver', 'status', 'person', 'addresses', 'employers', 'workplaces', 'decision', 'request',
    ]);
    expect(Object.keys(r.person ?? {})).toEqual([
      'familyName', 'forename', 'familyNameAtBirth', 'forenameAtBirth', 'birthDate', 'sex', 'nationalities', 'pins', 'birthPlace',
    ]);
    expect(Object.keys(r.decision ?? {})).toEqual([
      'legislationState', 'article', 'startDate', 'endDate', 'openEnded', 'provisional', 'amending', 'previousDecisionDate', 'appliesForDurationOfActivity',
    ]);
    expect(JSON.stringify(r)).not.toMatch(/"target"|"originals"|"notes"/);
    expect(r.sender).toEqual({ institutionId: 'DE:12345', country: 'DE' });
    expect(r.receiver).toEqual({ institutionId: 'FR:URSSAF01', country: 'FR' });
  });

  test('null, never "", for unknown values; ISO countries; YYYY-MM-DD dates', () => {
    const r = buildSedRecord(row());
    expect(r.person?.familyNameAtBirth).toBeNull();
    expect(r.person?.nationalities).toEqual(['PL', 'GR']);
    // A PIN without an id is dropped rather than written as "", an unknown sector code becomes null.
    expect(r.person?.pins).toEqual([{ country: 'DE', id: '12110285M005', sector: null }]);
    expect(r.decision?.endDate).toBe('2025-03-31');
    expect(JSON.stringify(r)).not.toContain('""');
  });

  test('a record without content gives empty lists and nulls', () => {
    const r = buildSedRecord(row({}));
    expect(r.person).toBeNull();
    expect(r.addresses).toEqual([]);
    expect(r.decision).toBeNull();
    expect(r.request).toBeNull();
  });

  test('pseudonymised: PINs, names and birth date hashed, the rest unchanged', () => {
    const p = createPseudonymiser('k');
    const r = buildSedRecord(row(), p);
    expect(r.person?.familyName).toBe(p.name('Müller'));
    expect(r.person?.forename).toBe(p.name('Jan'));
    expect(r.person?.familyNameAtBirth).toBeNull();
    expect(r.person?.birthDate).toBe(p.birthDate('1985-02-11'));
    expect(r.person?.pins[0]?.id).toBe(p.pin('DE', '12110285M005'));
    expect(r.person?.pins[0]?.country).toBe('DE');
    const json = JSON.stringify(r);
    expect(json).not.toContain('Müller');
    expect(json).not.toContain('12110285M005');
    expect(json).not.toContain('1985-02-11');
    expect(json).not.toContain('Industriestr');
    expect(json).not.toContain('40210');
    expect(json).not.toContain('Łódź');
    expect(r.addresses[0]).toMatchObject({ type: 'residence', street: null, town: null, postalCode: null, country: 'DE' });
    expect(r.person?.birthPlace).toEqual({ town: null, region: null, country: 'PL' });
    expect(r.employers[0]?.name).toBe('Bau & Montage GmbH');
  });
});

describe('the seds CSV', () => {
  test('the documented column set', () => {
    expect(csvHeader(SED_CSV_COLUMNS)).toBe(
      'documentId,caseId,version,sedType,bucType,cdmVersion,sourceFormat,senderInstitution,senderCountry,receiverInstitution,receiverCountry,status,' +
        'familyName,forename,familyNameAtBirth,forenameAtBirth,birthDate,sex,nationalities,pins,employers,workplaceCountries,' +
        'legislationState,article,startDate,endDate,openEnded,provisional,amending,requestStartDate,requestEndDate\r\n',
    );
  });

  test('a row: lists joined with ;, separators inside values escaped', () => {
    const line = csvRecord(SED_CSV_COLUMNS, buildSedRecord(row()));
    expect(line).toBe(
      'doc-1,case-1,2,A009,LA_BUC_04,4.2,xml,DE:12345,DE,FR:URSSAF01,FR,active,' +
        'Müller,Jan,,,1985-02-11,M,PL;GR,DE:12110285M005,employer|Bau & Montage GmbH|DE;host|Chantier\\; Part\\|Dieu|FR,FR,' +
        'DE,12_1,2024-04-01,2025-03-31,false,true,false,,\r\n',
    );
  });

  test('a formula in a document name is neutralised', () => {
    const rec = storedRecord();
    (rec.person as Record<string, unknown>).familyName = '=HYPERLINK("http://evil","x")';
    const line = csvRecord(SED_CSV_COLUMNS, buildSedRecord(row(rec)));
    expect(line).toContain(`,"'=HYPERLINK(""http://evil"",""x"")",`);
  });
});

describe('--as-of', () => {
  test('a date covers the whole UTC day', () => {
    expect(parseAsOf('2024-02-29').receivedUpTo).toBe('2024-02-29T23:59:59.999999Z');
  });
  test('a timestamp with a zone is an instant', () => {
    expect(parseAsOf('2024-05-01T12:00:00+02:00').receivedUpTo).toBe('2024-05-01T10:00:00.000Z');
  });
  test.each(['2024-02-30', '2023-02-29', '2024-13-01', 'yesterday', '2024-05-01T12:00:00', ''])('%j is refused', (v) => {
    expect(() => parseAsOf(v)).toThrow(/--as-of/);
  });
});

test('page SQL: keyset after the last document, as-of bound, numbered parameters', () => {
  const first = sedPage(2000, null, null);
  expect(first.params).toEqual([2000]);
  expect(first.sql).toContain('DISTINCT ON (s.document_id)');
  expect(first.sql).toContain('ORDER BY s.document_id, s.version DESC');
  const next = sedPage(2000, 'doc-9', parseAsOf('2024-01-01'));
  expect(next.params).toEqual([2000, 'doc-9', '2024-01-01T23:59:59.999999Z']);
  expect(next.sql).toContain('d.document_id > $2');
  expect(next.sql).toContain('d.received_at <= $3::timestamptz');
  expect(next.sql).toContain('s.received_at <= $3::timestamptz');
  const asOfOnly = sedPage(10, null, parseAsOf('2024-01-01'));
  expect(asOfOnly.params).toEqual([10, '2024-01-01T23:59:59.999999Z']);
  expect(asOfOnly.sql).toContain('s.received_at <= $2::timestamptz');
});
