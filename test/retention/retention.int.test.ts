/**
 * Retention on the real PostgreSQL: after ingesting a generated corpus and back-dating half of it,
 * a run purges exactly the old rows' raw bytes and personal fields, keeps everything else, leaves
 * matches, flags and scores as they were (and the matcher finds nothing to redo), a second run
 * changes nothing, and replaying a purged document stores nothing new.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMPANY_CONTROLS, PERSON_CONTROLS } from '../../core/controls/catalog/index.js';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { syncPersonRecords } from '../../lib/match/sql-person-records.js';
import { runCompanyControls, runPersonControls } from '../../lib/controls/run-controls.js';
import { runScoring } from '../../lib/risk/run-scoring.js';
import { createLogger } from '../../lib/log/logger.js';
import { withTransaction } from '../../lib/db/pool.js';
import { createPseudonymiser, isPseudonym } from '../../lib/export/pseudonymise.js';
import { runRetention, type RetentionResult } from '../../lib/retention/run-retention.js';
import { PURGED_ERROR_MESSAGE } from '../../lib/retention/sql-raw.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { runLac } from '../support/cli.js';
import type { SynthMessage } from '../../core/synth/index.js';

const logger = createLogger({ level: 'silent' });
const SECRET = 'retention-test-secret-0123456789abcdef';
const p = createPseudonymiser(SECRET);
const DAY = 86_400_000;
const AGES = { rawMs: 400 * DAY, personalMs: 500 * DAY };
const LIMITS = { maxBytes: 5e6, maxDepth: 64 };

let db: TestDatabase;
let corpus: SynthMessage[];
let oldRaw: number;
let oldNeedles: string[];
let before: Snapshot;
let bodiesBefore: Map<string, string>;
let exportBefore: string;
let dry: RetentionResult;
let first: RetentionResult;

type Snapshot = Record<string, string>;

/** What must survive retention unchanged: derived evidence, never personal. */
const EVIDENCE: Record<string, string> = {
  matches: 'SELECT subject_type, subject_ref, outcome, coverage, certificate_numbers, person_key, company_key, explanation, start_date, end_date FROM matches',
  flags: 'SELECT control_id, control_version, severity, scope_key, subject_type, subject_ref, company_key, person_key, evidence, detail, raised_at FROM flags',
  risk_scores: 'SELECT s.run_id, s.company_key, s.name, s.score, s.band, s.rank, s.red_flag, s.contributions, s.counts, s.explanation FROM risk_runs r, lac_run_scores(r.id) s',
  person_keys: 'SELECT ref, person_key, link_method, link_confidence, ambiguous, candidates FROM person_records',
  counts: `SELECT (SELECT count(*) FROM raw_messages) AS raw, (SELECT count(*) FROM seds) AS seds, (SELECT count(*) FROM declarations) AS declarations,
                  (SELECT count(*) FROM declaration_workers) AS workers, (SELECT count(*) FROM certificate_events) AS events,
                  (SELECT count(*) FROM certificates) AS certificates, (SELECT count(*) FROM dead_letters) AS dead_letters, (SELECT count(*) FROM sed_pins) AS pins`,
};

/** Every row of every table retention may write. */
const ALL_TABLES = ['raw_messages', 'dead_letters', 'seds', 'sed_pins', 'declarations', 'declaration_workers', 'certificate_events', 'certificates', 'person_records', 'matches', 'match_dirty', 'flags', 'risk_score_versions'];

async function snapshot(queries: Record<string, string>): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const [name, sql] of Object.entries(queries)) {
    const r = await db.pool.query<{ f: string | null }>(`SELECT md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS f FROM (${sql}) t`);
    out[name] = r.rows[0]?.f ?? '';
  }
  return out;
}

const allRows = (): Promise<Snapshot> => snapshot(Object.fromEntries(ALL_TABLES.map((t) => [t, `SELECT * FROM ${t}`])));

/** Names, birth dates (and PINs) of the rows of `where` (old or new), as they are stored in the columns. */
async function personalValues(old: boolean): Promise<Set<string>> {
  const cond = old ? "received_at < now() - interval '600 days'" : "received_at >= now() - interval '600 days'";
  const r = await db.pool.query<{ v: string }>(
    `SELECT v FROM (
       SELECT unnest(ARRAY[family_name, forename, birth_date::text]) AS v FROM seds WHERE ${cond}
       UNION SELECT p.pin FROM sed_pins p JOIN seds s ON s.id = p.sed_id WHERE s.${cond}
       UNION SELECT unnest(ARRAY[w.family_name, w.forename, w.birth_date::text]) FROM declaration_workers w JOIN declarations d ON d.id = w.declaration_row_id WHERE d.${cond}
       UNION SELECT e->>'id' FROM declaration_workers w JOIN declarations d ON d.id = w.declaration_row_id, jsonb_array_elements(w.pins) e WHERE d.${cond}
       UNION SELECT unnest(ARRAY[record->'person'->>'familyName', record->'person'->>'forename', record->'person'->>'birthDate']) FROM certificate_events WHERE ${cond}
       UNION SELECT e->>'id' FROM certificate_events, jsonb_array_elements(coalesce(record->'person'->'pins', '[]')) e WHERE ${cond}
     ) x WHERE v IS NOT NULL AND length(v) >= 4`,
  );
  return new Set(r.rows.map((x) => x.v));
}

beforeAll(async () => {
  db = await createTestDatabase();
  corpus = corpusMessages({ seed: 708, seds: 500, declarations: 160, certificates: 220, badRate: 0.03 });
  await new Ingestor({ pool: db.pool, limits: LIMITS, logger }).ingest(corpus.map((m) => asSourceMessage(m)));
  // The first half of what arrived becomes three years old; rows derived from a message share its time.
  const half = await db.pool.query<{ n: string }>(
    `WITH old AS (SELECT id FROM raw_messages ORDER BY id LIMIT (SELECT count(*) / 2 FROM raw_messages))
     UPDATE raw_messages r SET received_at = now() - interval '1100 days' FROM old WHERE r.id = old.id RETURNING r.id AS n`,
  );
  oldRaw = half.rowCount ?? 0;
  for (const t of ['seds', 'declarations', 'certificate_events']) {
    await db.pool.query(`UPDATE ${t} x SET received_at = r.received_at FROM raw_messages r WHERE r.id = x.raw_message_id`);
  }
  await runMatch(db.pool, { logger, all: true });
  await runPersonControls(db.pool, PERSON_CONTROLS, { asOf: '2026-06-30', logger });
  await runCompanyControls(db.pool, COMPANY_CONTROLS, { asOf: '2026-06-30', logger });
  await runScoring(db.pool, { asOf: '2026-06-30', logger });

  // A needle must be personal only: names that are also a company's or a town's ('Metalurgia Sánchez', Sofia) are not needles.
  const newValues = await personalValues(false);
  const shared = (await db.pool.query<{ t: string }>(
    `SELECT string_agg(t, E'\\n') AS t FROM (
       SELECT jsonb_build_array(record->'employers', record->'workplaces', record->'addresses', record->'person'->'birthPlace')::text AS t FROM seds
       UNION ALL SELECT jsonb_build_array(record->'postingUndertaking', record->'client', record->'workplaces')::text FROM declarations
       -- a company's liaison person stays in clear on its new declarations; a worker may share the name
       UNION ALL SELECT (record->'liaisonPerson')::text FROM declarations WHERE received_at >= now() - interval '600 days'
       UNION ALL SELECT jsonb_build_array(record->'employer', record->'issuer')::text FROM certificate_events) x`,
  )).rows[0]?.t ?? '';
  // Nor is a value inside a kept one ('Lukas' in a new row's 'Lukasz'): the dump is searched by substring.
  const newText = [...newValues].join('\n');
  oldNeedles = [...(await personalValues(true))].filter((v) => !newText.includes(v) && !shared.includes(v));
  before = await snapshot(EVIDENCE);
  bodiesBefore = new Map(
    (await db.pool.query<{ id: string; h: string }>("SELECT id, md5(body) AS h FROM raw_messages WHERE received_at >= now() - interval '600 days'")).rows.map((r) => [r.id, r.h]),
  );
  const exp = await runLac(['export', 'seds', '--format', 'jsonl', '--pseudonymise'], { ...db.env, LAC_PSEUDONYM_SECRET: SECRET });
  expect(exp.code, exp.stderr).toBe(0);
  exportBefore = exp.stdout;

  dry = await runRetention(db.pool, { ages: AGES, pseudonymiser: null, dryRun: true, logger });
  first = await runRetention(db.pool, { ages: AGES, pseudonymiser: p, batchSize: 97, logger });
}, 600_000);

afterAll(async () => {
  await db?.drop();
});

describe('a retention run', () => {
  test('the corpus has old and new rows, with personal values only the old ones hold', () => {
    expect(oldRaw).toBeGreaterThan(300);
    expect(oldNeedles.length).toBeGreaterThan(200);
  });

  test('purges the raw bytes of exactly the old messages, keeping their rows and hashes', async () => {
    expect(first.counts.rawMessages).toBe(oldRaw);
    const r = await db.pool.query<{ old: boolean; n: string; purged: string; empty: string; sized: string }>(
      `SELECT received_at < now() - interval '600 days' AS old, count(*) AS n, count(purged_at) AS purged,
              count(*) FILTER (WHERE length(body) = 0) AS empty, count(*) FILTER (WHERE byte_size > 0) AS sized
         FROM raw_messages GROUP BY 1 ORDER BY 1`,
    );
    const [fresh, old] = r.rows;
    expect(Number(old?.purged)).toBe(oldRaw);
    expect(Number(old?.empty)).toBe(oldRaw);
    expect(Number(fresh?.purged)).toBe(0);
    // byte_size stays: the audit trail still says how large the document was.
    expect(Number(old?.sized)).toBeGreaterThan(oldRaw - 5);
    const after = await db.pool.query<{ id: string; h: string }>('SELECT id, md5(body) AS h FROM raw_messages WHERE purged_at IS NULL');
    expect(new Map(after.rows.map((x) => [x.id, x.h]))).toEqual(bodiesBefore);
  });

  test('dead letters of purged messages lose their free text, keep their code', async () => {
    const r = await db.pool.query<{ purged: boolean; code: string; message: string }>(
      'SELECT r.purged_at IS NOT NULL AS purged, d.error_code AS code, d.error_message AS message FROM dead_letters d JOIN raw_messages r ON r.id = d.raw_message_id',
    );
    const purged = r.rows.filter((x) => x.purged);
    expect(purged.length).toBeGreaterThan(0);
    expect(purged.length).toBe(first.counts.deadLetters);
    for (const x of purged) expect(x.message).toBe(PURGED_ERROR_MESSAGE);
    for (const x of r.rows.filter((y) => !y.purged)) expect(x.message).not.toBe(PURGED_ERROR_MESSAGE);
  });

  test('no clear name, birth date or PIN of an old row is left anywhere in the database', async () => {
    const dump = await db.pool.query<{ t: string }>(
      `SELECT string_agg(t::text, E'\\n') AS t FROM (
         SELECT s::text AS t FROM seds s UNION ALL SELECT x::text FROM sed_pins x UNION ALL SELECT d::text FROM declarations d
         UNION ALL SELECT w::text FROM declaration_workers w UNION ALL SELECT e::text FROM certificate_events e
         UNION ALL SELECT c::text FROM certificates c UNION ALL SELECT r::text FROM person_records r UNION ALL SELECT m::text FROM matches m
         UNION ALL SELECT f::text FROM flags f UNION ALL SELECT d::text FROM dead_letters d
         UNION ALL SELECT convert_from(body, 'UTF8') FROM raw_messages WHERE purged_at IS NULL AND outcome <> 'rejected') t`,
    );
    const text = dump.rows[0]?.t ?? '';
    const left = oldNeedles.filter((n) => text.includes(n));
    expect(left).toEqual([]);
  });

  test('old personal columns hold pseudonyms or nothing; new rows keep theirs', async () => {
    const r = await db.pool.query<{ old: boolean; purged: string; n: string; birth: string; names: string[] }>(
      `SELECT received_at < now() - interval '600 days' AS old, count(personal_purged_at) AS purged, count(*) AS n, count(birth_date) AS birth,
              array_agg(family_name) FILTER (WHERE family_name IS NOT NULL) AS names
         FROM seds GROUP BY 1 ORDER BY 1`,
    );
    const [fresh, old] = r.rows;
    expect(Number(old?.purged)).toBe(Number(old?.n));
    expect(first.counts.seds).toBe(Number(old?.n));
    expect(Number(old?.birth)).toBe(0);
    expect(old?.names.every(isPseudonym)).toBe(true);
    expect(Number(fresh?.purged)).toBe(0);
    expect(Number(fresh?.birth)).toBeGreaterThan(0);
    expect(fresh?.names.some((n) => !isPseudonym(n))).toBe(true);
    const pins = await db.pool.query<{ old: boolean; pseudo: boolean; n: string }>(
      `SELECT s.personal_purged_at IS NOT NULL AS old, p.pin ~ '^p_[0-9a-f]{16}$' AS pseudo, count(*) AS n FROM sed_pins p JOIN seds s ON s.id = p.sed_id GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(pins.rows.map((x) => [x.old, x.pseudo])).toEqual([[false, false], [true, true]]);
    const workers = await db.pool.query<{ purged: boolean; birth: string }>(
      'SELECT d.personal_purged_at IS NOT NULL AS purged, count(w.birth_date) AS birth FROM declaration_workers w JOIN declarations d ON d.id = w.declaration_row_id GROUP BY 1 ORDER BY 1',
    );
    expect(workers.rows.map((x) => [x.purged, Number(x.birth) > 0])).toEqual([[false, true], [true, false]]);
    expect(first.counts.declarations).toBeGreaterThan(0);
    expect(first.counts.certificateEvents).toBeGreaterThan(0);
    expect(first.counts.certificates).toBeGreaterThan(0);
    const certs = await db.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM certificates c JOIN certificate_events e ON e.id = c.current_event_id
        WHERE (e.personal_purged_at IS NOT NULL) <> (c.birth_date IS NULL AND c.personal_purged_at IS NOT NULL)`,
    );
    expect(Number(certs.rows[0]?.n)).toBe(0);
  });

  test('the dry run counted what the run then purged', () => {
    expect(dry.dryRun).toBe(true);
    const { certificates: _c, personRecords: _p, ...real } = first.counts;
    const { certificates: _dc, personRecords: _dp, ...counted } = dry.counts;
    expect(counted).toEqual(real);
  });

  test('matches, flags, scores and person keys are unchanged, and the matcher finds nothing to redo', async () => {
    expect(first.counts.personRecords).toBeGreaterThan(0);
    expect(await snapshot(EVIDENCE)).toEqual(before);
    const changed = await withTransaction(db.pool, (c) => syncPersonRecords(c));
    expect(changed).toBe(0);
    const dirty = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM match_dirty');
    expect(Number(dirty.rows[0]?.n)).toBe(0);
    const m = await runMatch(db.pool, { logger });
    expect(m.changed).toBe(0);
    expect(await snapshot(EVIDENCE)).toEqual(before);
  });

  test('a second run changes nothing', async () => {
    const rows = await allRows();
    const second = await runRetention(db.pool, { ages: AGES, pseudonymiser: p, logger });
    expect(Object.values(second.counts).every((n) => n === 0)).toBe(true);
    expect(await allRows()).toEqual(rows);
    const runs = await db.pool.query<{ dry_run: boolean; counts: Record<string, number> }>('SELECT dry_run, counts FROM retention_runs ORDER BY id');
    expect(runs.rows.map((x) => x.dry_run)).toEqual([true, false, false]);
    expect(runs.rows[1]?.counts.rawMessages).toBe(oldRaw);
  });

  test('replaying purged documents stores nothing new: they are still duplicates', async () => {
    const rows = await allRows();
    const purgedHashes = new Set(
      (await db.pool.query<{ h: string }>("SELECT encode(message_hash, 'hex') AS h FROM raw_messages WHERE purged_at IS NOT NULL")).rows.map((r) => r.h),
    );
    const ingestor = new Ingestor({ pool: db.pool, limits: LIMITS, logger });
    const replayed = ingestor.prepare(corpus.map((m) => asSourceMessage(m))).filter((x) => purgedHashes.has(x.hash.toString('hex')));
    expect(replayed.length).toBeGreaterThan(300);
    const summary = await ingestor.store(replayed);
    expect(summary.duplicates).toBe(replayed.length);
    expect(Object.values(summary.stored).reduce((a, b) => a + b, 0)).toBe(0);
    expect(await allRows()).toEqual(rows);
  });

  test('a pseudonymised export shows the same pseudonyms for a person before and after the purge', async () => {
    const exp = await runLac(['export', 'seds', '--format', 'jsonl', '--pseudonymise'], { ...db.env, LAC_PSEUDONYM_SECRET: SECRET });
    expect(exp.code, exp.stderr).toBe(0);
    type Line = { documentId: string; person: { familyName: string | null; forename: string | null; birthDate: string | null; pins: Array<{ id: string }> } | null };
    const parse = (s: string): Map<string, Line> => new Map(s.trim().split('\n').map((l) => JSON.parse(l) as Line).map((l) => [l.documentId, l]));
    const a = parse(exportBefore);
    const b = parse(exp.stdout);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    let compared = 0;
    for (const [id, line] of b) {
      const was = a.get(id);
      if (line.person === null || was?.person == null) continue;
      expect(line.person.familyName, id).toBe(was.person.familyName);
      expect(line.person.forename, id).toBe(was.person.forename);
      expect(line.person.pins.map((x) => x.id), id).toEqual(was.person.pins.map((x) => x.id));
      compared += 1;
    }
    expect(compared).toBeGreaterThan(200);
  });
});
