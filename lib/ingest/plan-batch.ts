/**
 * Decides, before anything is written, what a batch adds: which SED and declaration versions are
 * new (stored ones and repeats inside the batch are version duplicates, as ON CONFLICT DO NOTHING
 * made them), each message's raw outcome, which declarations are current, and which new SEDs need
 * their status derived (the others are a document's only version, invalidated by nothing: active).
 * Pure: the stored state comes from `readStoredState`.
 */
import type { PreparedMessage, Rejection, SedRow } from '../../core/ingest/types.js';
import type { CertificateEvent } from '../../core/model/certificate.js';
import type { PostingDeclaration } from '../../core/model/declaration.js';
import { caseTypeKey, type StoredState } from './sql-batch-state.js';
import { rawOutcome, type RawOutcome } from './sql-raw-messages.js';

export interface PlannedSed {
  /** Position of the message in the planned items. */
  item: number;
  sed: SedRow;
  /** Its status must be derived from the stored rows (other versions, invalidations, an X008). */
  refreshStatus: boolean;
}

export interface PlannedDeclaration {
  item: number;
  declaration: PostingDeclaration;
  isCurrent: boolean;
}

export interface BatchPlan {
  /** Raw outcome per item (a SED version already held by another message is a `duplicate`). */
  outcomes: RawOutcome[];
  /** New SED versions in document order (document id, version): their ids follow it. */
  seds: PlannedSed[];
  /** Items whose SED version is stored already (or earlier in the batch). */
  versionDuplicates: number[];
  /** New declaration versions, in arrival order. */
  declarations: PlannedDeclaration[];
  /** Declaration id -> its new highest version, for ids whose stored versions it supersedes. */
  supersededDeclarations: Map<string, number>;
  certificates: Array<{ item: number; certificate: CertificateEvent }>;
  rejected: Array<{ item: number; rejection: Rejection }>;
}

export function planBatch(items: readonly PreparedMessage[], state: StoredState): BatchPlan {
  const plan: BatchPlan = {
    outcomes: items.map(rawOutcome),
    seds: [],
    versionDuplicates: [],
    declarations: [],
    supersededDeclarations: new Map(),
    certificates: [],
    rejected: [],
  };
  const sedCandidates: Array<{ item: number; sed: SedRow }> = [];
  const declarationCandidates: Array<{ item: number; declaration: PostingDeclaration }> = [];
  items.forEach((p, item) => {
    const o = p.outcome;
    if (o.type === 'sed') sedCandidates.push({ item, sed: o.sed });
    else if (o.type === 'declaration') declarationCandidates.push({ item, declaration: o.declaration });
    else if (o.type === 'certificate') plan.certificates.push({ item, certificate: o.certificate });
    else plan.rejected.push({ item, rejection: o.rejection });
  });
  planSeds(plan, sedCandidates, state);
  planDeclarations(plan, declarationCandidates, state);
  return plan;
}

/** Deterministic order inside the batch: rows get ids in document order, not arrival order. */
function byDocument(a: { sed: SedRow }, b: { sed: SedRow }): number {
  if (a.sed.documentId !== b.sed.documentId) return a.sed.documentId < b.sed.documentId ? -1 : 1;
  return a.sed.version - b.sed.version;
}

function planSeds(plan: BatchPlan, candidates: Array<{ item: number; sed: SedRow }>, state: StoredState): void {
  candidates.sort(byDocument); // stable: among equal versions the first to arrive wins
  const taken = new Set<string>();
  const perDocument = new Map<string, number>();
  const fresh: Array<{ item: number; sed: SedRow }> = [];
  for (const c of candidates) {
    const key = `${c.sed.documentId}\u0000${c.sed.version}`;
    if (taken.has(key) || (state.sedVersions.get(c.sed.documentId)?.includes(c.sed.version) ?? false)) {
      plan.versionDuplicates.push(c.item);
      plan.outcomes[c.item] = 'duplicate';
      continue;
    }
    taken.add(key);
    perDocument.set(c.sed.documentId, (perDocument.get(c.sed.documentId) ?? 0) + 1);
    fresh.push(c);
  }
  // What the batch's own X008s invalidate (the same forms sed_invalidations stores).
  const invalidatedDocs = new Set<string>();
  const invalidatedCaseTypes = new Set<string>();
  for (const { sed } of fresh) {
    const target = sed.content.target;
    if (sed.sedType !== 'X008' || target === null) continue;
    if (target.documentId !== null) invalidatedDocs.add(target.documentId);
    else if (target.sedType !== null && sed.caseId !== null) invalidatedCaseTypes.add(caseTypeKey(sed.caseId, target.sedType));
  }
  for (const { item, sed } of fresh) {
    const caseType = sed.caseId === null ? null : caseTypeKey(sed.caseId, sed.sedType);
    const refreshStatus =
      sed.sedType === 'X008' ||
      state.sedVersions.has(sed.documentId) ||
      (perDocument.get(sed.documentId) ?? 0) > 1 ||
      state.invalidatedDocuments.has(sed.documentId) ||
      invalidatedDocs.has(sed.documentId) ||
      (caseType !== null && (state.invalidatedCaseTypes.has(caseType) || invalidatedCaseTypes.has(caseType)));
    plan.seds.push({ item, sed, refreshStatus });
  }
}

function planDeclarations(plan: BatchPlan, candidates: Array<{ item: number; declaration: PostingDeclaration }>, state: StoredState): void {
  const taken = new Set<string>();
  const fresh: Array<{ item: number; declaration: PostingDeclaration }> = [];
  for (const c of candidates) {
    const d = c.declaration;
    const key = `${d.declarationId}\u0000${d.version}`;
    if (taken.has(key) || (state.declarationVersions.get(d.declarationId)?.includes(d.version) ?? false)) continue;
    taken.add(key);
    fresh.push(c);
  }
  const highest = new Map<string, number>();
  for (const { declaration: d } of fresh) highest.set(d.declarationId, Math.max(highest.get(d.declarationId) ?? 0, d.version));
  for (const [id, versions] of state.declarationVersions) {
    const mine = highest.get(id);
    const stored = Math.max(...versions);
    if (mine === undefined) continue;
    if (mine > stored) plan.supersededDeclarations.set(id, mine);
    else highest.set(id, stored);
  }
  for (const { item, declaration } of fresh) {
    plan.declarations.push({ item, declaration, isCurrent: declaration.version === highest.get(declaration.declarationId) });
  }
}
