/**
 * The reads behind one company's dossier, each a named query by company key. Run inside one
 * REPEATABLE READ transaction by the route, so the parts agree with each other. Lists are capped
 * (DOSSIER_LIST_CAP): a query returns up to cap + 1 rows so the caller can say "truncated".
 */
import type { PoolClient } from '../db/pool.js';
import { companyFlags, type StoredFlag } from '../export/sql-flags.js';
import { companyMatches, type StoredMatch } from '../export/sql-matches.js';
import { companyScoreInRun, type StoredScore } from '../risk/sql-run-scores.js';

export const DOSSIER_LIST_CAP = 1000;

export interface StoredContribution {
  controlId: string;
  controlVersion: number | null;
  points: number;
  hits: number;
  evidence: string[];
}

/** The company's score in a run, its stored JSON read defensively (see below). */
export interface ScoreRow extends Omit<StoredScore, 'companyKey' | 'contributions'> {
  contributions: StoredContribution[];
}

export async function loadCompanyScore(client: PoolClient, runId: number, companyKey: string): Promise<ScoreRow | null> {
  const s = await companyScoreInRun(client, runId, companyKey);
  if (s === null) return null;
  return {
    name: s.name, country: s.country, ids: companyIds(s.ids), score: s.score, band: s.band, rank: s.rank, redFlag: s.redFlag,
    contributions: contributions(s.contributions), counts: counts(s.counts), explanation: s.explanation,
  };
}

/** The company's identity when it has no score in the run read: from its latest score in any run. */
export async function loadCompanyIdentity(client: PoolClient, companyKey: string): Promise<Pick<ScoreRow, 'name' | 'country' | 'ids'> | null> {
  const res = await client.query<{ name: string | null; country: string | null; ids: unknown }>(
    'SELECT name, country, ids FROM risk_score_versions WHERE company_key = $1 ORDER BY from_run DESC LIMIT 1',
    [companyKey],
  );
  const r = res.rows[0];
  return r === undefined ? null : { name: r.name, country: r.country, ids: companyIds(r.ids) };
}

export interface ScoreHistoryRow {
  runId: number;
  asOf: string;
  score: number;
  band: string;
  rank: number;
}

/**
 * The company's score changes up to `asOf` (for the timeline): the first finished run of each
 * score or band it had, with its rank in that run. Runs that only confirmed a score are not listed
 * (in steady flow a run comes every few seconds).
 */
export async function loadScoreHistory(client: PoolClient, companyKey: string, asOf: string | null): Promise<ScoreHistoryRow[]> {
  const res = await client.query<{ run_id: string; as_of: string; score: number; band: string; rank: number }>(
    `SELECT x.from_run AS run_id, to_char(r.as_of, 'YYYY-MM-DD') AS as_of, x.score, x.band,
            (SELECT s.rank FROM lac_run_scores(x.from_run) s WHERE s.company_key = x.company_key) AS rank
       FROM (SELECT v.company_key, v.from_run, v.score, v.band, lag(v.score) OVER w AS prev_score, lag(v.band) OVER w AS prev_band
               FROM risk_score_versions v WHERE v.company_key = $1 WINDOW w AS (ORDER BY v.from_run)) x
       JOIN risk_runs r ON r.id = x.from_run
      WHERE r.finished_at IS NOT NULL AND ($2::date IS NULL OR r.as_of <= $2)
        AND (x.prev_score IS DISTINCT FROM x.score OR x.prev_band IS DISTINCT FROM x.band)
      ORDER BY r.as_of, r.id LIMIT ${DOSSIER_LIST_CAP + 1}`,
    [companyKey, asOf],
  );
  return res.rows.map((r) => ({ runId: Number(r.run_id), asOf: r.as_of, score: r.score, band: r.band, rank: r.rank }));
}

/** A flag as the dossier shows it: without the company key (the dossier's own), with the review proposal of red ones. */
export type FlagRow = Omit<StoredFlag, 'companyKey'> & { proposal: string | null };

export async function loadCompanyFlags(client: PoolClient, companyKey: string): Promise<FlagRow[]> {
  const flags = await companyFlags(client, companyKey, DOSSIER_LIST_CAP + 1);
  return flags.map(({ companyKey: _companyKey, ...flag }) => flag);
}

/** A posting the matcher attributed to the company: a declared worker or a SED attestation. */
export type SubjectRow = Omit<StoredMatch, 'companyKey' | 'explanation'>;

/** The postings the matcher attributed to the company, by start date. */
export async function loadCompanySubjects(client: PoolClient, companyKey: string): Promise<SubjectRow[]> {
  const matches = await companyMatches(client, companyKey, DOSSIER_LIST_CAP + 1);
  return matches.map(({ companyKey: _companyKey, explanation: _explanation, ...subject }) => subject);
}

export interface DeclarationRow {
  declarationId: string;
  version: number;
  status: string;
  declaredAt: string | null;
  sector: string | null;
  sendingCountry: string | null;
  hostCountry: string | null;
  startDate: string | null;
  endDate: string | null;
  workplaces: Array<{ town: string | null; postalCode: string | null; country: string | null }>;
}

export async function loadDeclarations(client: PoolClient, declarationIds: string[]): Promise<DeclarationRow[]> {
  if (declarationIds.length === 0) return [];
  const res = await client.query<{
    declaration_id: string; version: number; status: string; declared_at: Date | null; sector: string | null; undertaking_country: string | null;
    host_country: string | null; start_date: string | null; end_date: string | null; workplaces: unknown;
  }>(
    `SELECT declaration_id, version, status, declared_at, sector, undertaking_country, host_country,
            to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date, record->'workplaces' AS workplaces
       FROM declarations WHERE is_current AND declaration_id = ANY($1) ORDER BY declaration_id`,
    [declarationIds],
  );
  return res.rows.map((r) => ({
    declarationId: r.declaration_id, version: r.version, status: r.status, declaredAt: r.declared_at?.toISOString() ?? null, sector: r.sector,
    sendingCountry: r.undertaking_country, hostCountry: r.host_country, startDate: r.start_date, endDate: r.end_date, workplaces: workplaces(r.workplaces),
  }));
}

export interface SedRow {
  documentId: string;
  caseId: string | null;
  sedType: string;
  version: number;
  status: string;
  senderInstitution: string | null;
  legislationState: string | null;
  article: string | null;
  startDate: string | null;
  endDate: string | null;
  receivedAt: string;
}

/** The active version of each document id given (bare ids or `sed:` references). */
export async function loadSeds(client: PoolClient, documentIds: string[]): Promise<SedRow[]> {
  if (documentIds.length === 0) return [];
  const res = await client.query<{
    document_id: string; case_id: string | null; sed_type: string; version: number; status: string; sender_institution: string | null; legislation_state: string | null;
    article: string | null; start_date: string | null; end_date: string | null; received_at: Date;
  }>(
    `SELECT document_id, case_id, sed_type, version, status, sender_institution, legislation_state, article,
            to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date, received_at
       FROM seds WHERE status = 'active' AND document_id = ANY($1) ORDER BY document_id`,
    [documentIds],
  );
  return res.rows.map((r) => ({
    documentId: r.document_id, caseId: r.case_id, sedType: r.sed_type, version: r.version, status: r.status, senderInstitution: r.sender_institution,
    legislationState: r.legislation_state, article: r.article, startDate: r.start_date, endDate: r.end_date, receivedAt: r.received_at.toISOString(),
  }));
}

export interface CertificateRow {
  certificateNumber: string;
  kind: string;
  status: string;
  issuer: string | null;
  issuedAt: string | null;
  legislationState: string | null;
  startDate: string | null;
  endDate: string | null;
  provisional: boolean;
  withdrawnAt: string | null;
}

export async function loadCertificates(client: PoolClient, numbers: string[]): Promise<CertificateRow[]> {
  if (numbers.length === 0) return [];
  const res = await client.query<{
    certificate_number: string; kind: string; status: string; issuer: string | null; issued_at: string | null; legislation_state: string | null;
    start_date: string | null; end_date: string | null; provisional: boolean; withdrawn_at: string | null;
  }>(
    `SELECT certificate_number, kind, status, record->'issuer'->>'institutionId' AS issuer, record->>'issuedAt' AS issued_at, legislation_state,
            to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date, provisional,
            to_char(withdrawn_at, 'YYYY-MM-DD') AS withdrawn_at
       FROM certificates WHERE certificate_number = ANY($1) ORDER BY certificate_number`,
    [numbers],
  );
  return res.rows.map((r) => ({
    certificateNumber: r.certificate_number, kind: r.kind, status: r.status, issuer: r.issuer, issuedAt: r.issued_at, legislationState: r.legislation_state,
    startDate: r.start_date, endDate: r.end_date, provisional: r.provisional, withdrawnAt: r.withdrawn_at,
  }));
}

export interface IdentityRow {
  ref: string;
  familyName: string | null;
  forename: string | null;
  birthDate: string | null;
}

/** Names and birth dates of person records (`dw:<declarationId>#<i>`, `sed:<documentId>`). */
export async function loadIdentities(client: PoolClient, refs: string[]): Promise<IdentityRow[]> {
  if (refs.length === 0) return [];
  const res = await client.query<{ ref: string; family_name: string | null; forename: string | null; birth_date: string | null }>(
    `SELECT ref, family_name, forename, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM person_records WHERE ref = ANY($1) ORDER BY ref`,
    [refs],
  );
  return res.rows.map((r) => ({ ref: r.ref, familyName: r.family_name, forename: r.forename, birthDate: r.birth_date }));
}

/** Does any stored record name this company key? */
export async function companyKnown(client: PoolClient, companyKey: string): Promise<boolean> {
  const res = await client.query<{ known: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM risk_score_versions WHERE company_key = $1) OR EXISTS (SELECT 1 FROM matches WHERE company_key = $1)
         OR EXISTS (SELECT 1 FROM flags WHERE company_key = $1) AS known`,
    [companyKey],
  );
  return res.rows[0]?.known === true;
}

// Stored JSON read defensively: the scoring helper owns its shape, the API publishes a fixed one.
function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function companyIds(v: unknown): ScoreRow['ids'] {
  if (!Array.isArray(v)) return [];
  return v.filter(isRecord).flatMap((i) => (typeof i.type === 'string' && typeof i.id === 'string' ? [{ type: i.type, id: i.id }] : []));
}

function contributions(v: unknown): StoredContribution[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isRecord).map((c) => ({
    controlId: str(c.controlId) ?? '?',
    controlVersion: num(c.controlVersion),
    points: num(c.points) ?? 0,
    hits: num(c.hits) ?? 0,
    evidence: Array.isArray(c.evidence) ? c.evidence.filter((e): e is string => typeof e === 'string') : [],
  }));
}

function counts(v: unknown): Record<string, number> {
  if (!isRecord(v)) return {};
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(v)) if (typeof n === 'number') out[k] = n;
  return out;
}

function workplaces(v: unknown): DeclarationRow['workplaces'] {
  if (!Array.isArray(v)) return [];
  return v.filter(isRecord).map((w) => {
    const a = isRecord(w.address) ? w.address : {};
    return { town: str(a.town), postalCode: str(a.postalCode), country: str(a.country) };
  });
}
