/**
 * Company risk score: additive and explainable. Every point comes from one control's hits on the
 * company (its own signals, and the flags on its postings and workers), so each score is the sum
 * of its contributions and each contribution names the control, its version and its evidence.
 * Only control hits are used: no personal or protected attribute can enter a score.
 */

export const RULESET_VERSION = 'risk-2026.11.1';

export type Band = 'low' | 'medium' | 'high' | 'red';

export interface CompanyFlag {
  controlId: string;
  controlVersion: number;
  severity: 'info' | 'warning' | 'red';
  evidence: string[];
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

/** Points for the first hit of a control, by severity; each further hit adds half as much, up to the cap. */
const FIRST_HIT: Record<CompanyFlag['severity'], number> = { red: 20, warning: 8, info: 2 };
const FURTHER_HIT: Record<CompanyFlag['severity'], number> = { red: 10, warning: 4, info: 1 };
const PER_CONTROL_CAP: Record<CompanyFlag['severity'], number> = { red: 40, warning: 16, info: 4 };
const MAX_SCORE = 100;
/** At most this many evidence references are kept per contribution (the flags export has them all). */
const EVIDENCE_KEPT = 20;

export function band(score: number, redFlag: boolean): Band {
  if (redFlag && score >= 40) return 'red';
  if (score >= 60) return 'high';
  if (score >= 25) return 'medium';
  return 'low';
}

export function scoreCompany(flags: CompanyFlag[], titles: ReadonlyMap<string, string> = new Map()): CompanyScore {
  const byControl = new Map<string, CompanyFlag[]>();
  for (const f of flags) byControl.set(f.controlId, [...(byControl.get(f.controlId) ?? []), f]);
  const raw: Contribution[] = [];
  for (const [controlId, hits] of [...byControl].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const first = hits[0];
    if (first === undefined) continue;
    const severity = hits.some((h) => h.severity === 'red') ? 'red' : hits.some((h) => h.severity === 'warning') ? 'warning' : 'info';
    const points = Math.min(PER_CONTROL_CAP[severity], FIRST_HIT[severity] + FURTHER_HIT[severity] * (hits.length - 1));
    const evidence = [...new Set(hits.flatMap((h) => h.evidence))].sort().slice(0, EVIDENCE_KEPT);
    raw.push({ controlId, controlVersion: Math.max(...hits.map((h) => h.controlVersion)), points, hits: hits.length, evidence });
  }
  // Larger contributions first; if the total exceeds the maximum, the smallest ones are trimmed so the sum stays exact.
  raw.sort((a, b) => b.points - a.points || (a.controlId < b.controlId ? -1 : 1));
  let left = MAX_SCORE;
  const contributions: Contribution[] = [];
  for (const c of raw) {
    const points = Math.min(c.points, left);
    if (points <= 0) break;
    contributions.push({ ...c, points });
    left -= points;
  }
  const score = contributions.reduce((s, c) => s + c.points, 0);
  const redFlag = flags.some((f) => f.severity === 'red');
  return {
    score,
    band: band(score, redFlag),
    contributions,
    explanation: contributions.map(
      (c) => `${c.points} point(s) from ${c.controlId} v${c.controlVersion}${titles.has(c.controlId) ? ` (${titles.get(c.controlId)})` : ''}: ${c.hits} hit(s)`,
    ),
    redFlag,
  };
}
