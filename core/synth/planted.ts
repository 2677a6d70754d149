/**
 * Ground truth of the planted fraud patterns, and the targeting-quality figures measured against it (precision
 * at k of the ranked companies, recall, and which controls find each pattern). For benchmarks and tests only:
 * controls never see any of this, they see the documents.
 */
import { companyKeys, companyNameKey } from '../match/company-keys.js';
import type { SynthMessage } from './corpus.js';
import { FRAUD_PATTERNS, type Engagement, type FraudPattern, type World } from './population.js';

export interface PlantedTruth {
  /** LAC company key (and `name:<country>:<name key>`) → generator company keys. */
  companyOfKey: Map<string, Set<string>>;
  /** Generator companies present in the corpus → their planted patterns (empty: honest). */
  companies: Map<string, FraudPattern[]>;
  /** Evidence refs (`<declarationId>#<worker>`, SED document ids, certificate numbers) → the patterns they carry. */
  refPatterns: Map<string, FraudPattern[]>;
}

interface DeclarationJson {
  declarationId: string;
  postingUndertaking: { name: string; country: string; ids: Array<{ type: string; id: string }> };
}

/** The patterns one engagement carries: what a control would have to see in its documents. */
export function engagementPatterns(e: Engagement): FraudPattern[] {
  const company = e.project.company;
  const out: FraudPattern[] = [];
  if (e.project.followUp !== null) out.push(e.project.followUp);
  if (company.patterns.includes('missing-certificates') && e.anomalies.noCertificate) out.push('missing-certificates');
  if (company.patterns.includes('letterbox') && e.anomalies.employerMismatch) out.push('letterbox');
  return out;
}

export function plantedTruth(world: World, messages: Iterable<SynthMessage>): PlantedTruth {
  const companyOfKey = new Map<string, Set<string>>();
  const companies = new Map<string, FraudPattern[]>();
  const refPatterns = new Map<string, FraudPattern[]>();
  const addKey = (lacKey: string | undefined, gen: string): void => {
    if (lacKey === undefined) return;
    let s = companyOfKey.get(lacKey);
    if (!s) companyOfKey.set(lacKey, (s = new Set()));
    s.add(gen);
  };
  const engagementOf = (key: string): Engagement | null => {
    const m = /^EN-(\d+)-(\d+)$/.exec(key);
    return m ? world.engagement(Number(m[1]), Number(m[2])) : null;
  };
  for (const msg of messages) {
    const tr = msg.truth;
    if (!tr || msg.expect.kind === 'bad' || !tr.company) continue;
    if (!companies.has(tr.company)) companies.set(tr.company, [...world.company(Number(tr.company.slice(3))).patterns]);
    if (msg.topic === 'declaration') {
      const d = JSON.parse(msg.value) as DeclarationJson;
      addKey(companyKeys({ name: d.postingUndertaking.name, country: d.postingUndertaking.country, ids: d.postingUndertaking.ids })[0], tr.company);
      (tr.engagements ?? []).forEach((en, idx) => {
        const e = engagementOf(en);
        if (e) refPatterns.set(`${d.declarationId}#${idx}`, engagementPatterns(e));
      });
    } else if (tr.engagement) {
      const e = engagementOf(tr.engagement);
      const ref = msg.topic === 'sed' ? tr.documentId : msg.key;
      if (e && ref) refPatterns.set(ref, engagementPatterns(e));
    }
  }
  // Companies never declared: the key computed on the world's company (declarations name VAT and registration).
  for (const gen of companies.keys()) {
    const c = world.company(Number(gen.slice(3)));
    const ids: Array<{ type: string; id: string }> = [];
    if (c.ids.vat) ids.push({ type: 'vat', id: c.ids.vat });
    if (c.ids.registration) ids.push({ type: 'registration', id: c.ids.registration });
    for (const k of companyKeys({ name: c.name, country: c.country, ids })) addKey(k, gen);
    const nk = companyNameKey(c.name);
    if (nk !== null) addKey(`name:${c.country}:${nk}`, gen);
  }
  return { companyOfKey, companies, refPatterns };
}

export interface RankedCompany {
  companyKey: string;
  name: string | null;
  country: string | null;
  rank: number;
  score: number;
}

export interface FlagRef {
  controlId: string;
  companyKey: string | null;
  scope: 'person' | 'company';
  subjectRef: string;
  evidence: string[];
}

export interface PatternQuality {
  pattern: FraudPattern;
  /** Planted companies with this pattern present in the corpus. */
  planted: number;
  /** Of those, companies on which some control cites evidence of this pattern. */
  found: number;
  /** Controls citing evidence of this pattern, with the number of such companies. */
  foundBy: Array<{ controlId: string; companies: number }>;
  /** Companies of this pattern ranked in the top 100. */
  top100: number;
  recallTop100: number | null;
}

export interface TargetingQuality {
  companies: number;
  planted: number;
  scored: number;
  unmapped: number;
  precision: Record<string, number | null>;
  recallTop100: number | null;
  /** Planted companies with a score above 0 (some control flagged them). */
  recallFlagged: number | null;
  patterns: PatternQuality[];
  /** Ranked rows with their ground truth, best first. */
  rows: Array<RankedCompany & { planted: boolean | null; patterns: FraudPattern[]; generator: string[] }>;
}

/** Company-wide signals that describe a letterbox (the address cluster, the posted share, a new company). */
const LETTERBOX_COMPANY_SIGNALS: ReadonlySet<string> = new Set(['LAC-C001', 'LAC-C004', 'LAC-C005']);

export function targetingQuality(truth: PlantedTruth, ranked: readonly RankedCompany[], flags: readonly FlagRef[], ks: readonly number[] = [10, 50, 100]): TargetingQuality {
  const gensOf = (r: { companyKey: string; name: string | null; country: string | null }): string[] => {
    let gens = truth.companyOfKey.get(r.companyKey);
    if (!gens) {
      const nk = companyNameKey(r.name);
      if (nk !== null) gens = truth.companyOfKey.get(`name:${r.country ?? '??'}:${nk}`);
    }
    return gens ? [...gens].filter((g) => truth.companies.has(g)).sort() : [];
  };
  let unmapped = 0;
  const rows = [...ranked].sort((a, b) => a.rank - b.rank).map((r) => {
    const generator = gensOf(r);
    if (generator.length === 0) unmapped += 1;
    const patterns = [...new Set(generator.flatMap((g) => truth.companies.get(g) ?? []))].sort();
    return { ...r, generator, patterns, planted: generator.length === 0 ? null : patterns.length > 0 };
  });
  const plantedGens = [...truth.companies].filter(([, p]) => p.length > 0).map(([g]) => g);
  const best = new Map<string, { rank: number; score: number }>();
  for (const r of rows) for (const g of r.generator) if (!best.has(g)) best.set(g, { rank: r.rank, score: r.score });
  const share = (n: number, of: number): number | null => (of === 0 ? null : n / of);
  const precision: Record<string, number | null> = {};
  for (const k of ks) {
    const top = rows.slice(0, k);
    precision[`at${k}`] = share(top.filter((r) => r.planted === true).length, top.length);
  }

  // Which controls cite evidence of each pattern, per generator company.
  const byCompanyKey = new Map<string, string[]>();
  for (const r of rows) byCompanyKey.set(r.companyKey, r.generator);
  const foundBy = new Map<FraudPattern, Map<string, Set<string>>>();
  const note = (p: FraudPattern, control: string, gen: string): void => {
    let m = foundBy.get(p);
    if (!m) foundBy.set(p, (m = new Map()));
    let s = m.get(control);
    if (!s) m.set(control, (s = new Set()));
    s.add(gen);
  };
  for (const f of flags) {
    if (f.companyKey === null) continue;
    const gens = byCompanyKey.get(f.companyKey) ?? [];
    for (const g of gens) {
      const own = truth.companies.get(g) ?? [];
      if (own.length === 0) continue;
      const cited = new Set<FraudPattern>();
      for (const ref of [f.subjectRef, ...f.evidence]) for (const p of truth.refPatterns.get(ref) ?? []) cited.add(p);
      if (f.scope === 'company' && LETTERBOX_COMPANY_SIGNALS.has(f.controlId)) cited.add('letterbox');
      for (const p of cited) if (own.includes(p)) note(p, f.controlId, g);
    }
  }
  const patterns = FRAUD_PATTERNS.map((pattern): PatternQuality => {
    const gens = plantedGens.filter((g) => (truth.companies.get(g) ?? []).includes(pattern));
    const controls = foundBy.get(pattern) ?? new Map<string, Set<string>>();
    const found = new Set<string>();
    for (const s of controls.values()) for (const g of s) found.add(g);
    const top100 = gens.filter((g) => (best.get(g)?.rank ?? Infinity) <= 100).length;
    return {
      pattern,
      planted: gens.length,
      found: found.size,
      foundBy: [...controls].map(([controlId, s]) => ({ controlId, companies: s.size })).sort((a, b) => b.companies - a.companies || (a.controlId < b.controlId ? -1 : 1)),
      top100,
      recallTop100: share(top100, gens.length),
    };
  });
  return {
    companies: truth.companies.size,
    planted: plantedGens.length,
    scored: rows.length,
    unmapped,
    precision,
    recallTop100: share(plantedGens.filter((g) => (best.get(g)?.rank ?? Infinity) <= 100).length, plantedGens.length),
    recallFlagged: share(plantedGens.filter((g) => (best.get(g)?.score ?? 0) > 0).length, plantedGens.length),
    patterns,
    rows,
  };
}
