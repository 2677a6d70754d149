/**
 * Pairwise evaluation of a clustering against labelled truth: over all pairs of records, precision is the share
 * of pairs put together that truly belong together, recall the share of true pairs that were put together.
 * Computed from cluster intersections (O(n)), never by enumerating pairs.
 */

/** A clustering: ref → cluster id, or a list of clusters (lists of refs). */
export type Clustering = ReadonlyMap<string, string> | Readonly<Record<string, string>> | readonly (readonly string[])[];

export interface PairwiseScores {
  precision: number;
  recall: number;
  f1: number;
  /** Record pairs clustered together by the prediction. */
  predictedPairs: number;
  /** Record pairs together in the truth. */
  truePairs: number;
  /** Pairs together in both. */
  correctPairs: number;
  /** Records evaluated (those present in the truth). */
  records: number;
}

function toMap(c: Clustering): Map<string, string> {
  if (c instanceof Map) return new Map(c);
  if (Array.isArray(c)) {
    const m = new Map<string, string>();
    (c as readonly (readonly string[])[]).forEach((cluster, i) => {
      for (const ref of cluster) m.set(ref, `#${i}`);
    });
    return m;
  }
  return new Map(Object.entries(c as Readonly<Record<string, string>>));
}

const pairs = (k: number): number => (k * (k - 1)) / 2;

/**
 * Pairwise precision and recall of `predicted` against `truth`. Only refs present in the truth count; a ref the
 * prediction does not mention counts as a cluster of its own. Precision is 1 when nothing was put together,
 * recall 1 when the truth has no pairs.
 */
export function precisionRecall(predicted: Clustering, truth: Clustering): PairwiseScores {
  const p = toMap(predicted);
  const t = toMap(truth);
  const predSize = new Map<string, number>();
  const trueSize = new Map<string, number>();
  const both = new Map<string, number>();
  for (const [ref, tc] of t) {
    trueSize.set(tc, (trueSize.get(tc) ?? 0) + 1);
    const pc = p.get(ref);
    if (pc === undefined) {
      continue;
    }
    predSize.set(pc, (predSize.get(pc) ?? 0) + 1);
    const k = `${pc}\u0000${tc}`;
    both.set(k, (both.get(k) ?? 0) + 1);
  }
  let predictedPairs = 0;
  for (const s of predSize.values()) predictedPairs += pairs(s);
  let truePairs = 0;
  for (const s of trueSize.values()) truePairs += pairs(s);
  let correctPairs = 0;
  for (const s of both.values()) correctPairs += pairs(s);
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, predictedPairs, truePairs, correctPairs, records: t.size };
}
