/**
 * `lac match`: brings person records in step with the sources, then for every dirty block
 * resolves the whole identity component and recomputes the matches of its subjects. Work is
 * driven by the match_dirty table (filled by the sync), so a run after each slice of a backlog
 * ends where one full run ends.
 */
import type { Pool, PoolClient } from '../db/pool.js';
import { withTransaction } from '../db/pool.js';
import type { Logger } from '../log/logger.js';
import { resolvePersons } from '../../core/identity/persons.js';
import { computeOutcome } from '../../core/match/outcome.js';
import { companyKeys } from '../../core/match/company-keys.js';
import { dateOf, dayNumber } from '../../core/match/days.js';
import type { Evidence, Subject } from '../../core/match/types.js';
import { clearDirty, loadComponent, markAllDirty, nextDirtyBlocks, syncPersonRecords, writeResolutions, type PersonRecordRow, type Resolution } from './sql-person-records.js';
import { certificateFacts, sedFacts, workerFacts } from './sql-subjects.js';
import { deleteOrphanMatches, upsertMatches, type MatchRow } from './sql-matches.js';
import { recordStageRun } from '../status/stage-runs.js';

/** Serialises matchers: a component is resolved from one consistent view. */
const MATCH_LOCK = 0x1ac0_0002;

export interface MatchRunResult {
  synced: number;
  components: number;
  records: number;
  subjects: number;
  changed: number;
  removed: number;
  /** Companies named by the subjects this run matched again (their evidence may have changed): the risk hand-off. */
  companyKeys: string[];
}

export async function runMatch(pool: Pool, options: { all?: boolean; logger: Logger; blocksPerComponentBatch?: number }): Promise<MatchRunResult> {
  const started = new Date();
  const result: MatchRunResult = { synced: 0, components: 0, records: 0, subjects: 0, changed: 0, removed: 0, companyKeys: [] };
  const companies = new Set<string>();
  await withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MATCH_LOCK]);
    result.synced = await syncPersonRecords(client);
    if (options.all === true) await markAllDirty(client);
  });
  for (;;) {
    const done = await withTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MATCH_LOCK]);
      const blocks = await nextDirtyBlocks(client, options.blocksPerComponentBatch ?? 200);
      if (blocks.length === 0) return false;
      const component = await loadComponent(client, blocks);
      const { rows, evidenceCompanies } = await matchComponent(client, component.records);
      for (const k of evidenceCompanies) companies.add(k);
      result.components += 1;
      result.records += component.records.length;
      result.subjects += rows.length;
      for (const r of rows) for (const k of r.subject.companyKeys) companies.add(k);
      result.changed += await upsertMatches(client, rows);
      await clearDirty(client, component.blocks);
      return true;
    });
    if (!done) break;
  }
  await withTransaction(pool, async (client) => {
    result.removed = await deleteOrphanMatches(client);
    result.companyKeys = [...companies].sort();
    const { companyKeys: _keys, ...summary } = result;
    await recordStageRun(client, 'match', result.subjects, { ...summary, companies: companies.size }, started);
  });
  options.logger.info({ ...result, companyKeys: result.companyKeys.length }, 'match run finished');
  return result;
}

/**
 * Resolves the persons of one component (or of several at once: no link crosses components,
 * so resolving them together gives the same keys), stores their keys, and computes its subjects' outcomes. */
async function matchComponent(client: PoolClient, records: PersonRecordRow[]): Promise<{ rows: MatchRow[]; evidenceCompanies: string[] }> {
  // Links across components (birth-date typos, names without birth date) are left out on purpose:
  // they would make the result depend on which components a run happens to load together.
  const resolution = resolvePersons(
    records.map((r) => ({
      ref: r.ref, familyName: r.familyName, forename: r.forename, familyNameAtBirth: r.familyNameAtBirth,
      forenameAtBirth: r.forenameAtBirth, birthDate: r.birthDate, sex: sexOf(r.sex), pins: r.pins,
    })),
    { birthDateVariants: false, nameOnly: false },
  );
  const ambiguous = new Map(resolution.ambiguous.map((a) => [a.ref, a.candidates]));
  const method = new Map<string, { method: string; confidence: number }>();
  for (const link of resolution.links) {
    for (const ref of [link.a, link.b]) {
      const prev = method.get(ref);
      if (prev === undefined || link.confidence > prev.confidence) method.set(ref, { method: link.method, confidence: link.confidence });
    }
  }
  const resolutions: Resolution[] = records.map((r) => ({
    ref: r.ref,
    personKey: resolution.personKey.get(r.ref) ?? r.ref,
    method: method.get(r.ref)?.method ?? 'single',
    confidence: method.get(r.ref)?.confidence ?? 1,
    ambiguous: ambiguous.has(r.ref),
    candidates: ambiguous.get(r.ref) ?? [],
  }));
  await writeResolutions(client, resolutions);
  const keyOf = new Map(resolutions.map((r) => [r.ref, r]));

  const sedIds = records.filter((r) => r.sourceKind === 'sed').map((r) => r.ref.slice(4));
  const workers = records.filter((r) => r.sourceKind === 'declaration-worker').map((r) => {
    const body = r.ref.slice(3);
    const hash = body.lastIndexOf('#');
    return { declarationId: body.slice(0, hash), workerIdx: Number(body.slice(hash + 1)) };
  });
  const certNumbers = records.filter((r) => r.sourceKind === 'certificate').map((r) => r.ref.slice(5));
  // One connection runs one query at a time.
  const seds = await sedFacts(client, sedIds);
  const declared = await workerFacts(client, workers);
  const certs = await certificateFacts(client, certNumbers);

  const subjects: Subject[] = [];
  const evidence: Evidence[] = [];
  for (const s of seds) {
    const who = keyOf.get(`sed:${s.documentId}`);
    if (who === undefined) continue;
    const keys = s.employer === null ? [] : companyKeys(s.employer);
    subjects.push({
      type: 'sed', ref: s.documentId, personKey: who.personKey, ambiguousIdentity: who.ambiguous, companyKeys: keys,
      expectedState: s.legislationState, startDate: s.startDate,
      // An open-ended attestation is checked over its first year.
      endDate: s.endDate ?? dateOf(dayNumber(s.startDate) + 364),
    });
    evidence.push({
      ref: `sed:${s.documentId}`, kind: 'sed', personKey: who.personKey, companyKeys: keys,
      // A provisional A003 contested by an A004 attests nothing any more: weighed like a withdrawn certificate.
      legislationState: s.legislationState, startDate: s.startDate, endDate: s.endDate, withdrawn: s.contested,
    });
  }
  for (const w of declared) {
    const ref = `${w.declarationId}#${w.workerIdx}`;
    const who = keyOf.get(`dw:${ref}`);
    if (who === undefined) continue;
    subjects.push({
      type: 'declaration-worker', ref, personKey: who.personKey, ambiguousIdentity: who.ambiguous,
      companyKeys: companyKeys(w.undertaking), expectedState: w.sendingState, startDate: w.startDate, endDate: w.endDate,
    });
  }
  for (const c of certs) {
    const who = keyOf.get(`cert:${c.certificateNumber}`);
    if (who === undefined || c.startDate === null) continue;
    evidence.push({
      ref: c.certificateNumber, kind: 'certificate', personKey: who.personKey,
      companyKeys: c.employer === null ? [] : companyKeys(c.employer), legislationState: c.legislationState,
      startDate: c.startDate, endDate: c.endDate, withdrawn: c.withdrawn,
    });
  }
  return { rows: subjects.map((subject) => ({ subject, result: computeOutcome(subject, evidence) })), evidenceCompanies: evidence.flatMap((e) => e.companyKeys) };
}

function sexOf(s: string | null): 'M' | 'F' | 'U' | null {
  return s === 'M' || s === 'F' || s === 'U' ? s : null;
}
