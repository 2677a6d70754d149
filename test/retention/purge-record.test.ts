/** The pure parts of retention: record transforms (idempotent, personal fields only), ages and cut-offs. */
import { expect, test } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { createPseudonymiser, isPseudonym } from '../../lib/export/pseudonymise.js';
import { purgeCertificateRecord, purgeDeclarationRecord, purgeSedRecord } from '../../lib/retention/purge-record.js';
import { cutoffs, parseDuration, retentionAgesFromEnv } from '../../lib/retention/settings.js';

const p = createPseudonymiser('purge-test');
const person = {
  familyName: 'Skjæveland', forename: 'Ingvild', familyNameAtBirth: 'Haugsdal', forenameAtBirth: null, birthDate: '1971-02-03', sex: 'F',
  nationalities: ['NO'], pins: [{ country: 'NO', id: '030271 12345', sector: null }], birthPlace: { town: 'Bergen', region: null, country: 'NO' },
};

test('a SED record keeps its decision and employers, loses the person in clear and the addresses; twice is once', () => {
  const record = { sedType: 'A009', person, addresses: [{ type: 'residence', town: 'Bergen' }], employers: [{ name: 'Firma AS' }], decision: { article: '12_1' } };
  const once = purgeSedRecord(record, p) as typeof record;
  expect(once.person.familyName).toBe(p.name('Skjæveland'));
  expect(once.person.familyNameAtBirth).toBe(p.name('Haugsdal'));
  expect(once.person.forenameAtBirth).toBeNull();
  expect(once.person.birthDate).toBeNull();
  expect(once.person.birthPlace).toBeNull();
  expect(once.person.nationalities).toEqual([]);
  expect(once.person.sex).toBe('F');
  expect(once.person.pins).toEqual([{ country: 'NO', id: p.pin('NO', '03027112345'), sector: null }]);
  expect(once.addresses).toEqual([]);
  expect(once.employers).toEqual(record.employers);
  expect(once.decision).toEqual(record.decision);
  expect(purgeSedRecord(once, p)).toEqual(once);
  expect(JSON.stringify(once)).not.toMatch(/Skjæveland|Ingvild|Haugsdal|1971|12345|Bergen/);
});

test('declarations lose every worker in clear and the liaison person; certificates their person', () => {
  const decl = { declarationId: 'D1', workers: [{ ...person, nationality: 'NO', a1Reference: 'A1-77' }], liaisonPerson: { familyName: 'Vatnedal', phone: '+47 1' }, startDate: '2024-01-01' };
  const d = purgeDeclarationRecord(decl, p) as { workers: Array<Record<string, unknown>>; liaisonPerson: unknown; startDate: string };
  expect(d.workers[0]?.nationality).toBeNull();
  expect(d.workers[0]?.a1Reference).toBe('A1-77');
  expect(isPseudonym(String(d.workers[0]?.forename))).toBe(true);
  expect(d.liaisonPerson).toBeNull();
  expect(d.startDate).toBe('2024-01-01');
  const c = purgeCertificateRecord({ certificateNumber: 'C1', person, legislationState: 'NO' }, p) as { person: { birthDate: unknown }; legislationState: string };
  expect(c.person.birthDate).toBeNull();
  expect(c.legislationState).toBe('NO');
  expect(purgeCertificateRecord({ certificateNumber: 'C2', issueType: 'withdrawal' }, p)).toEqual({ certificateNumber: 'C2', issueType: 'withdrawal' });
});

test('pseudonyms pass through the pseudonymiser unchanged', () => {
  const n = p.name('Müller');
  expect(p.name(n)).toBe(n);
  expect(p.pin('DE', n)).toBe(n);
  expect(p.birthDate(n)).toBe(n);
});

test('ages from the environment, durations, and raw bytes never outliving personal fields', () => {
  expect(retentionAgesFromEnv({})).toEqual({ rawMs: 730 * 86_400_000, personalMs: 1825 * 86_400_000 });
  expect(() => retentionAgesFromEnv({ LAC_RETENTION_RAW_DAYS: '-3' })).toThrow(/LAC_RETENTION_RAW_DAYS/);
  expect(() => retentionAgesFromEnv({ LAC_RETENTION_PERSONAL_DAYS: 'soon' })).toThrow(ConfigError);
  expect(parseDuration('730d')).toBe(730 * 86_400_000);
  expect(parseDuration('2y')).toBe(730 * 86_400_000);
  expect(parseDuration('36h')).toBe(36 * 3_600_000);
  expect(parseDuration('10')).toBe(10 * 86_400_000);
  for (const bad of ['0d', '-1d', '3 months', '']) expect(() => parseDuration(bad)).toThrow(/--older-than/);
  const now = new Date('2026-01-01T00:00:00Z');
  const c = cutoffs({ rawMs: 900 * 86_400_000, personalMs: 100 * 86_400_000 }, now);
  expect(c.raw).toEqual(c.personal);
  expect(c.personal.toISOString()).toBe('2025-09-23T00:00:00.000Z');
});
