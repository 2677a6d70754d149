/**
 * Company risk score: additive and explainable, and relative to the company's size. Every point
 * comes from one control's hits on the company (its own signals, and the flags on its postings
 * and workers), so each score is the sum of its contributions and each contribution names the
 * control, its version, its evidence and the share of the company's workers it concerns.
 * Only control hits and the company's own headcount are used: no personal or protected
 * attribute can enter a score.
 *
 * Why shares: a large honest company collects a few isolated hits (a late certificate here, a
 * missing one there) simply because it posts many people; counting hits made every large company
 * saturate at 100. What marks an irregular company is the share of its workers concerned.
 */

export const RULESET_VERSION = 'risk-2026.11.2';

export type Band = 'low' | 'medium' | 'high' | 'red';
export type Severity = 'info' | 'warning' | 'red';

export interface CompanyFlag {
  controlId: string;
  controlVersion: number;
  severity: Severity;
  evidence: string[];
  /**
   * Who the hit is about: the worker's person key when known, else the subject it names (a SED,
   * a declared worker, a certificate). Hits on the same subject count once per control.
   */
  subject: string;
  /** A signal about the company as a whole (a `LAC-C…` hit on the company itself), not about one worker. */
  companyWide: boolean;
}

export interface Contribution {
  controlId: string;
  controlVersion: number;
  points: number;
  hits: number;
  evidence: string[];
}

export interface CompanyScore {
  score: number;
  band: Band;
  contributions: Contribution[];
  /** One readable sentence per contribution. */
  explanation: string[];
  /** At least one red control hit: automation stops, a person reviews the evidence. */
  redFlag: boolean;
}

/** Full weight of a worker-level control, reached when FULL_SHARE of the workers are concerned. */
export const WORKER_WEIGHT: Readonly<Record<Severity, number>> = { red: 40, warning: 20, info: 6 };
/** Share of the company's workers at which a worker-level control gives its full weight. */
export const FULL_SHARE = 0.5;
/** Small companies are measured against at least this many workers, so one hit on a one-person company is not 100 %. */
export const MIN_WORKERS = 5;
/**
 * Points of a company-wide signal (those controls already test a share or a threshold of their own).
 * Kept small: LAC sees only the workers a company sends to or attests for this state, so shares
 * such as "most known workers posted abroad" are measured on a biased headcount and fire for most
 * sending companies; they give context, while the workers' own hits carry the score.
 */
export const COMPANY_WEIGHT: Readonly<Record<Severity, number>> = { red: 6, warning: 3, info: 1 };
const MAX_SCORE = 100;
/** At most this many evidence references are kept per contribution (the flags export has them all). */
const EVIDENCE_KEPT = 20;

export function band(score: number, redFlag: boolean): Band {
  if (redFlag && score >= 40) return 'red';
  if (score >= 60) return 'high';
  if (score >= 25) return 'medium';
  return 'low';
}

function severityOf(hits: CompanyFlag[]): Severity {
  return hits.some((h) => h.severity === 'red') ? 'red' : hits.some((h) => h.severity === 'warning') ? 'warning' : 'info';
}

interface Raw extends Contribution {
  sentence: string;
}

/**
 * Points of one control: company-wide signals give COMPANY_WEIGHT; worker-level controls give
 * WORKER_WEIGHT × min(1, share / FULL_SHARE), where share = workers concerned / max(workers, MIN_WORKERS).
 */
export function controlPoints(hits: CompanyFlag[], workers: number): { points: number; concerned: number; base: number } {
  const severity = severityOf(hits);
  const worker = hits.filter((h) => !h.companyWide);
  if (worker.length === 0) return { points: COMPANY_WEIGHT[severity], concerned: 0, base: Math.max(workers, MIN_WORKERS) };
  const concerned = new Set(worker.map((h) => h.subject)).size;
  const base = Math.max(workers, concerned, MIN_WORKERS);
  const share = concerned / base;
  const points = Math.round(WORKER_WEIGHT[severity] * Math.min(1, share / FULL_SHARE));
  // A company-wide hit of the same control (none today) would add its own weight.
  const wide = hits.length > worker.length ? COMPANY_WEIGHT[severity] : 0;
  return { points: Math.max(points, 0) + wide, concerned, base };
}

function pct(n: number, of: number): string {
  return `${Math.round((100 * n) / Math.max(1, of))}%`;
}

/**
 * Scores one company from its flags. `workers` is the number of distinct workers known for the
 * company (declared or attested); it is the denominator of every worker-level share.
 */
export function scoreCompany(flags: CompanyFlag[], workers: number, titles: ReadonlyMap<string, string> = new Map()): CompanyScore {
  const byControl = new Map<string, CompanyFlag[]>();
  for (const f of flags) byControl.set(f.controlId, [...(byControl.get(f.controlId) ?? []), f]);
  const raw: Raw[] = [];
  for (const [controlId, hits] of [...byControl].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (hits.length === 0) continue;
    const { points, concerned, base } = controlPoints(hits, workers);
    const evidence = [...new Set(hits.flatMap((h) => h.evidence))].sort().slice(0, EVIDENCE_KEPT);
    const controlVersion = Math.max(...hits.map((h) => h.controlVersion));
    const what =
      concerned === 0
        ? 'company signal'
        : `${concerned} of ${base} workers (${pct(concerned, base)})${base > workers ? `, small company counted as ${base}` : ''}`;
    const title = titles.has(controlId) ? ` (${titles.get(controlId)})` : '';
    raw.push({ controlId, controlVersion, points, hits: hits.length, evidence, sentence: `${controlId} v${controlVersion}${title}: ${what}` });
  }
  // Larger contributions first; if the total exceeds the maximum, the smallest ones are trimmed so the sum stays exact.
  raw.sort((a, b) => b.points - a.points || (a.controlId < b.controlId ? -1 : 1));
  let left = MAX_SCORE;
  const contributions: Contribution[] = [];
  const explanation: string[] = [];
  for (const { sentence, ...c } of raw) {
    const points = Math.min(c.points, left);
    if (points <= 0) break;
    contributions.push({ ...c, points });
    explanation.push(`${points} point(s) from ${sentence}`);
    left -= points;
  }
  const score = contributions.reduce((s, c) => s + c.points, 0);
  const redFlag = flags.some((f) => f.severity === 'red');
  return { score, band: band(score, redFlag), contributions, explanation, redFlag };
}
