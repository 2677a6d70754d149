/**
 * One company's dossier: its score in a run with the stored contributions, its flags, the
 * documents behind them, its workers and a timeline. Who sees what:
 *
 * - `inspector`: workers with name and birth date (they inspect people on site);
 * - `operator`: workers as person keys only (running the system needs no identities; data
 *   minimisation, GDPR Art. 5(1)(c)). Everything else is the same.
 */
import type { PoolClient } from '../db/pool.js';
import { ApiError } from './errors.js';
import type { Role } from './keys.js';
import { findScoringRun, type RunRef } from '../risk/sql-latest-run.js';
import {
  companyKnown, DOSSIER_LIST_CAP, loadCertificates, loadCompanyFlags, loadCompanyIdentity, loadCompanyScore, loadCompanySubjects, loadDeclarations,
  loadIdentities, loadScoreHistory, loadSeds, type CertificateRow, type DeclarationRow, type FlagRow, type ScoreHistoryRow, type ScoreRow, type SedRow,
  type SubjectRow,
} from './sql-dossier.js';

export interface Worker {
  personKey: string | null;
  identity: { familyName: string | null; forename: string | null; birthDate: string | null } | null;
  postings: Array<Omit<SubjectRow, 'personKey'>>;
}

export interface TimelineEvent {
  date: string;
  kind: 'declaration-filed' | 'posting-start' | 'posting-end' | 'sed-received' | 'certificate-issued' | 'certificate-withdrawn' | 'flag-raised' | 'scored';
  ref: string;
  text: string;
}

export interface Dossier {
  companyKey: string;
  name: string | null;
  country: string | null;
  ids: ScoreRow['ids'];
  run: RunRef | null;
  score: Omit<ScoreRow, 'name' | 'country' | 'ids'> | null;
  flags: FlagRow[];
  documents: { declarations: DeclarationRow[]; seds: SedRow[]; certificates: CertificateRow[] };
  workersIdentified: boolean;
  workers: Worker[];
  timeline: TimelineEvent[];
  /** Lists cut at DOSSIER_LIST_CAP entries. */
  truncated: string[];
}

export async function loadDossier(client: PoolClient, companyKey: string, options: { asOf: string | null; role: Role }): Promise<Dossier> {
  if (!(await companyKnown(client, companyKey))) throw new ApiError('company-not-found', 'no company with this key');
  const truncated: string[] = [];
  const cap = <T>(name: string, rows: T[]): T[] => {
    if (rows.length <= DOSSIER_LIST_CAP) return rows;
    truncated.push(name);
    return rows.slice(0, DOSSIER_LIST_CAP);
  };

  const run = await findScoringRun(client, { asOf: options.asOf });
  const score = run === null ? null : await loadCompanyScore(client, run.id, companyKey);
  const identity = score ?? (await loadCompanyIdentity(client, companyKey));
  const flags = cap('flags', await loadCompanyFlags(client, companyKey));
  const subjects = cap('workers', await loadCompanySubjects(client, companyKey));
  const history = cap('timeline', await loadScoreHistory(client, companyKey, run?.asOf ?? null));

  // Documents: those the postings name, and those the flags cite as evidence.
  const evidence = flags.flatMap((f) => f.evidence);
  const declarationIds = new Set<string>();
  const documentIds = new Set<string>();
  const certificateNumbers = new Set<string>();
  for (const s of subjects) {
    if (s.subjectType === 'declaration-worker') declarationIds.add(declarationOf(s.subjectRef));
    else documentIds.add(s.subjectRef);
    for (const n of s.certificateNumbers) certificateNumbers.add(n);
  }
  for (const ref of evidence) {
    declarationIds.add(declarationOf(ref));
    documentIds.add(ref.startsWith('sed:') ? ref.slice(4) : ref);
    certificateNumbers.add(ref);
  }
  const declarations = cap('declarations', await loadDeclarations(client, [...declarationIds]));
  const seds = cap('seds', await loadSeds(client, [...documentIds]));
  const certificates = cap('certificates', await loadCertificates(client, [...certificateNumbers]));

  const identities = options.role === 'inspector' ? await loadIdentities(client, subjects.map(personRecordRef)) : [];
  const workers = groupWorkers(subjects, new Map(identities.map((i) => [i.ref, i])), options.role === 'inspector');

  return {
    companyKey,
    name: identity?.name ?? null,
    country: identity?.country ?? null,
    ids: identity?.ids ?? [],
    run,
    score: score === null ? null : {
      score: score.score, band: score.band, rank: score.rank, redFlag: score.redFlag, counts: score.counts, contributions: score.contributions, explanation: score.explanation,
    },
    flags,
    documents: { declarations, seds, certificates },
    workersIdentified: options.role === 'inspector',
    workers,
    timeline: cap('timeline', timeline({ declarations, seds, certificates, flags, history })),
    truncated: [...new Set(truncated)],
  };
}

/** `DECL-1#0` → `DECL-1`; anything else unchanged. */
function declarationOf(ref: string): string {
  const m = /^(.*)#\d+$/.exec(ref);
  return m?.[1] ?? ref;
}

function personRecordRef(s: SubjectRow): string {
  return s.subjectType === 'declaration-worker' ? `dw:${s.subjectRef}` : `sed:${s.subjectRef}`;
}

function groupWorkers(subjects: SubjectRow[], identities: ReadonlyMap<string, { familyName: string | null; forename: string | null; birthDate: string | null }>, identify: boolean): Worker[] {
  const byPerson = new Map<string, Worker>();
  const unresolved: Worker[] = [];
  for (const s of subjects) {
    const { personKey, ...posting } = s;
    const found = identify ? identities.get(personRecordRef(s)) : undefined;
    const identity = found === undefined ? null : { familyName: found.familyName, forename: found.forename, birthDate: found.birthDate };
    if (personKey === null) {
      unresolved.push({ personKey: null, identity, postings: [posting] });
      continue;
    }
    const w = byPerson.get(personKey);
    if (w === undefined) byPerson.set(personKey, { personKey, identity, postings: [posting] });
    else {
      w.postings.push(posting);
      w.identity ??= identity;
    }
  }
  return [...[...byPerson.values()].sort((a, b) => ((a.personKey ?? '') < (b.personKey ?? '') ? -1 : 1)), ...unresolved];
}

/** Dated events from the dossier's parts, oldest first. Pure. */
export function timeline(parts: { declarations: DeclarationRow[]; seds: SedRow[]; certificates: CertificateRow[]; flags: FlagRow[]; history: ScoreHistoryRow[] }): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const d of parts.declarations) {
    if (d.declaredAt !== null) events.push({ date: d.declaredAt.slice(0, 10), kind: 'declaration-filed', ref: d.declarationId, text: `declaration ${d.declarationId} v${d.version} (${d.status}${d.sector === null ? '' : `, ${d.sector}`}) to ${d.hostCountry ?? '?'}` });
    if (d.startDate !== null) events.push({ date: d.startDate, kind: 'posting-start', ref: d.declarationId, text: `declared posting ${d.declarationId} starts` });
    if (d.endDate !== null) events.push({ date: d.endDate, kind: 'posting-end', ref: d.declarationId, text: `declared posting ${d.declarationId} ends` });
  }
  for (const s of parts.seds) {
    events.push({ date: s.receivedAt.slice(0, 10), kind: 'sed-received', ref: s.documentId, text: `${s.sedType} ${s.documentId} received${s.legislationState === null ? '' : ` (legislation ${s.legislationState}${s.startDate === null ? '' : ` from ${s.startDate}`})`}` });
  }
  for (const c of parts.certificates) {
    if (c.issuedAt !== null) events.push({ date: c.issuedAt.slice(0, 10), kind: 'certificate-issued', ref: c.certificateNumber, text: `${c.kind} ${c.certificateNumber} issued${c.issuer === null ? '' : ` by ${c.issuer}`}` });
    if (c.withdrawnAt !== null) events.push({ date: c.withdrawnAt, kind: 'certificate-withdrawn', ref: c.certificateNumber, text: `${c.kind} ${c.certificateNumber} withdrawn` });
  }
  for (const f of parts.flags) {
    events.push({ date: f.raisedAt.slice(0, 10), kind: 'flag-raised', ref: `${f.controlId}:${f.subjectRef}`, text: `${f.severity} ${f.controlId} v${f.controlVersion}: ${f.message}` });
  }
  for (const h of parts.history) {
    events.push({ date: h.asOf, kind: 'scored', ref: `run:${h.runId}`, text: `score ${h.score} (${h.band}), rank ${h.rank}` });
  }
  return events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}
