/**
 * The clustering machinery shared by person and company resolution: a union-find over record indices with
 * member lists, and a greedy merge of scored candidate links that
 *
 * - takes links best first (ties broken by record index, and indices follow the sorted refs, so the result does
 *   not depend on the input order);
 * - merges two groups only when the caller says they are compatible (no conflicting identifiers, and every pair
 *   of their records plausibly the same entity: complete linkage, which stops chains `A~B~C` where `A` and `C`
 *   clearly differ);
 * - never settles an ambiguity silently: when a group could join either of two groups that cannot be one entity
 *   (conflicting identifiers, clearly different names or dates), with scores within `margin` of each other, the
 *   group is frozen and reported with its candidates instead of being merged.
 */
import { createHash } from 'node:crypto';

export class UnionFind {
  private readonly parent: Int32Array;
  private readonly memberLists: (number[] | undefined)[];

  constructor(readonly size: number) {
    this.parent = new Int32Array(size);
    this.memberLists = new Array<number[] | undefined>(size);
    for (let i = 0; i < size; i++) {
      this.parent[i] = i;
      this.memberLists[i] = [i];
    }
  }

  find(i: number): number {
    let r = i;
    while ((this.parent[r] ?? r) !== r) r = this.parent[r] ?? r;
    // Path compression.
    let c = i;
    while ((this.parent[c] ?? c) !== r) {
      const next = this.parent[c] ?? c;
      this.parent[c] = r;
      c = next;
    }
    return r;
  }

  /** Members of the group of `i` (a live array: do not keep it across unions). */
  members(i: number): readonly number[] {
    return this.memberLists[this.find(i)] ?? [];
  }

  /** Joins the groups of `a` and `b`; returns the new root. The root is the smaller index (stable). */
  union(a: number, b: number): number {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return ra;
    const [keep, gone] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent[gone] = keep;
    const mk = this.memberLists[keep] ?? [];
    const mg = this.memberLists[gone] ?? [];
    for (const m of mg) mk.push(m);
    this.memberLists[keep] = mk;
    this.memberLists[gone] = undefined;
    return keep;
  }

  /** Groups as sorted member lists, ordered by their smallest member. */
  groups(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.size; i++) {
      if (this.find(i) !== i) continue;
      out.push([...(this.memberLists[i] ?? [])].sort((x, y) => x - y));
    }
    return out.sort((x, y) => (x[0] ?? 0) - (y[0] ?? 0));
  }
}

export interface ScoredLink {
  a: number;
  b: number;
  /** 0..1: the confidence the two records are the same entity. */
  score: number;
  method: string;
  explanation: string;
}

export interface ClusterPolicy {
  /** May two groups (given by their members) be one entity? Symmetric; monotone (a larger group is never more compatible). */
  compatible(a: readonly number[], b: readonly number[]): boolean;
}

export interface AmbiguousGroup {
  members: number[];
  /** One record of each candidate group (map them to keys after clustering). */
  candidates: number[];
  /** Best candidate score. */
  score: number;
}

export interface GreedyResult {
  /** Links that merged two groups. */
  applied: ScoredLink[];
  /** Links refused because the groups were incompatible. */
  refused: ScoredLink[];
  ambiguous: AmbiguousGroup[];
}

/** Sorts links best first, ties by (a, b): deterministic for a given set of records. */
export function sortLinks(links: ScoredLink[]): ScoredLink[] {
  return links.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
}

/**
 * Greedy merge of `links` into `uf` (which may already hold groups, e.g. from identifiers) under `policy`.
 * `margin`: how close two candidate scores must be for the choice to count as ambiguous.
 */
export function greedyCluster(uf: UnionFind, links: ScoredLink[], policy: ClusterPolicy, margin: number): GreedyResult {
  const sorted = sortLinks(links);
  const adjacency = new Map<number, ScoredLink[]>();
  for (const l of sorted) {
    for (const n of [l.a, l.b]) {
      let list = adjacency.get(n);
      if (!list) adjacency.set(n, (list = []));
      list.push(l);
    }
  }
  const frozen = new Set<number>();
  const applied: ScoredLink[] = [];
  const refused: ScoredLink[] = [];
  const ambiguous: AmbiguousGroup[] = [];

  /** Groups adjacent to group `g` through links scoring at least `min`, other than `g` and `except`. */
  const neighbours = (g: number, except: number, min: number): Map<number, number> => {
    const out = new Map<number, number>();
    for (const m of uf.members(g)) {
      for (const l of adjacency.get(m) ?? []) {
        if (l.score < min) break; // adjacency lists are sorted best first
        const other = uf.find(l.a === m ? l.b : l.a);
        if (other === g || other === except) continue;
        const prev = out.get(other);
        if (prev === undefined || l.score > prev) out.set(other, l.score);
      }
    }
    return out;
  };

  /** Is group `g` torn between `target` and another group it could join that cannot be one entity with `target`? */
  const alternatives = (g: number, target: number, score: number): number[] => {
    const near = neighbours(g, target, score - margin);
    if (near.size === 0) return [];
    const out: number[] = [];
    const gMembers = uf.members(g);
    const targetMembers = uf.members(target);
    let checked = 0;
    for (const [h] of [...near].sort((x, y) => y[1] - x[1] || x[0] - y[0])) {
      if (checked++ >= 32) break;
      const hMembers = uf.members(h);
      if (!policy.compatible(targetMembers, hMembers) && policy.compatible(gMembers, hMembers)) out.push(h);
    }
    return out;
  };

  for (const l of sorted) {
    const ga = uf.find(l.a);
    const gb = uf.find(l.b);
    if (ga === gb || frozen.has(ga) || frozen.has(gb)) continue;
    if (!policy.compatible(uf.members(ga), uf.members(gb))) {
      refused.push(l);
      continue;
    }
    let stop = false;
    for (const [g, target] of [
      [ga, gb],
      [gb, ga],
    ] as const) {
      const alt = alternatives(g, target, l.score);
      if (alt.length === 0) continue;
      frozen.add(g);
      ambiguous.push({ members: [...uf.members(g)], candidates: [target, ...alt], score: l.score });
      stop = true;
    }
    if (stop) continue;
    uf.union(ga, gb);
    applied.push(l);
  }
  return { applied, refused, ambiguous };
}

/** A refused merge between two records, before keys are known. */
export interface RawConflict<R extends string> {
  a: number;
  b: number;
  reason: R;
  detail: string;
}

export interface ReportedConflict<R extends string> {
  /** One record of each side. */
  refs: [string, string];
  /** The keys the two sides ended with. */
  keys: [string, string];
  reason: R;
  detail: string;
}

/**
 * One conflict per pair of final clusters (the first raw conflict found for that pair), sorted by keys; pairs
 * that ended in the same cluster are dropped.
 */
export function summariseConflicts<R extends string>(
  raw: readonly RawConflict<R>[],
  keyOf: (i: number) => string,
  refOf: (i: number) => string,
): ReportedConflict<R>[] {
  const seen = new Map<string, ReportedConflict<R>>();
  for (const c of raw) {
    const ka = keyOf(c.a);
    const kb = keyOf(c.b);
    if (ka === kb) continue;
    const [x, y, kx, ky] = ka < kb ? [c.a, c.b, ka, kb] : [c.b, c.a, kb, ka];
    const id = `${kx}|${ky}`;
    if (!seen.has(id)) seen.set(id, { refs: [refOf(x), refOf(y)], keys: [kx, ky], reason: c.reason, detail: c.detail });
  }
  return [...seen.values()].sort((p, q) => (p.keys[0] < q.keys[0] ? -1 : p.keys[0] > q.keys[0] ? 1 : p.keys[1] < q.keys[1] ? -1 : p.keys[1] > q.keys[1] ? 1 : 0));
}

/** A link between two records (by ref) that a resolver kept; only what the cluster summary needs. */
export interface RefLink<Method extends string> {
  a: string;
  b: string;
  method: Method;
  /** 0..1. */
  confidence: number;
}

export interface AssembledCluster<Method extends string> {
  key: string;
  /** Sorted. */
  refs: string[];
  /** The weakest link that holds the cluster together (1 for a single record), rounded. */
  confidence: number;
  /** Sorted. */
  methods: Method[];
}

export interface AmbiguousRecord {
  ref: string;
  /** Keys of the clusters the record could belong to (at least two), sorted. */
  candidates: string[];
  /** The best candidate score, rounded. */
  score: number;
}

export interface AssembleInput<Rec extends { ref: string }, Method extends string, R extends string> {
  /** The final groups. */
  uf: UnionFind;
  rec: (i: number) => Rec;
  /** What a cluster's key is derived from (stable across runs for the same content). */
  contentKey: (members: readonly Rec[]) => string;
  /** Key prefix, e.g. `PK-`. */
  prefix: string;
  links: readonly RefLink<Method>[];
  /** The ambiguous groups `greedyCluster` reported. */
  ambiguousRaw: readonly AmbiguousGroup[];
  rawConflicts: readonly RawConflict<R>[];
  round: (x: number) => number;
}

export interface Assembled<Method extends string, R extends string> {
  /** ref → key, for every record. */
  keyByRef: Map<string, string>;
  /** Sorted by key. */
  clusters: AssembledCluster<Method>[];
  /** Sorted by ref. */
  ambiguous: AmbiguousRecord[];
  conflicts: ReportedConflict<R>[];
}

/**
 * Keys, summaries, ambiguities and conflicts of the final groups in `uf`. A key is `prefix` + a hash of the
 * group's content key; when two groups share a content key, the group's smallest ref is hashed in too.
 */
export function assembleClusters<Rec extends { ref: string }, Method extends string, R extends string>(
  input: AssembleInput<Rec, Method, R>,
): Assembled<Method, R> {
  const { uf, rec, contentKey, prefix, links, ambiguousRaw, rawConflicts, round } = input;
  const groups = uf.groups();
  const content = groups.map((g) => contentKey(g.map(rec)));
  const counts = new Map<string, number>();
  for (const c of content) counts.set(c, (counts.get(c) ?? 0) + 1);
  const keyByRef = new Map<string, string>();
  const keyOfRoot = new Map<number, string>();
  const clusters: AssembledCluster<Method>[] = [];
  const byRef = new Map<string, RefLink<Method>[]>();
  for (const l of links) {
    for (const r of [l.a, l.b]) {
      const list = byRef.get(r);
      if (list) list.push(l);
      else byRef.set(r, [l]);
    }
  }
  groups.forEach((g, idx) => {
    const c = content[idx] ?? '';
    const refs = g.map((i) => rec(i).ref).sort();
    const basis = (counts.get(c) ?? 0) > 1 ? `${c}|${refs[0] ?? ''}` : c;
    const key = `${prefix}${createHash('sha256').update(basis).digest('hex').slice(0, 20)}`;
    for (const r of refs) keyByRef.set(r, key);
    keyOfRoot.set(uf.find(g[0] ?? 0), key);
    let confidence = 1;
    const methods = new Set<Method>();
    const refSet = new Set(refs);
    for (const r of refs) {
      for (const l of byRef.get(r) ?? []) {
        if (!refSet.has(l.a) || !refSet.has(l.b)) continue;
        confidence = Math.min(confidence, l.confidence);
        methods.add(l.method);
      }
    }
    clusters.push({ key, refs, confidence: round(confidence), methods: [...methods].sort() });
  });
  clusters.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));

  const ambiguous: AmbiguousRecord[] = [];
  for (const a of ambiguousRaw) {
    const own = keyOfRoot.get(uf.find(a.members[0] ?? 0));
    const cands = [...new Set(a.candidates.map((c) => keyOfRoot.get(uf.find(c)) ?? ''))].filter((k) => k !== '' && k !== own).sort();
    if (cands.length < 2) continue;
    for (const m of a.members) ambiguous.push({ ref: rec(m).ref, candidates: cands, score: round(a.score) });
  }
  ambiguous.sort((x, y) => (x.ref < y.ref ? -1 : x.ref > y.ref ? 1 : 0));

  const conflicts = summariseConflicts(rawConflicts, (i) => keyByRef.get(rec(i).ref) ?? '', (i) => rec(i).ref);
  return { keyByRef, clusters, ambiguous, conflicts };
}

/**
 * The classes (a PIN's country, an id's kind) in which both groups hold keys but share none: two
 * different PINs of one country, two different VAT numbers... Sorted; empty when compatible.
 */
export function disjointClasses(
  a: readonly number[],
  b: readonly number[],
  keysOf: (member: number) => Iterable<readonly [cls: string | null, key: string]>,
): string[] {
  const collect = (members: readonly number[], only: Map<string, Set<string>> | null): Map<string, Set<string>> => {
    const byClass = new Map<string, Set<string>>();
    for (const m of members) {
      for (const [cls, key] of keysOf(m)) {
        if (cls === null || (only !== null && !only.has(cls))) continue;
        let set = byClass.get(cls);
        if (!set) byClass.set(cls, (set = new Set()));
        set.add(key);
      }
    }
    return byClass;
  };
  const mine = collect(a, null);
  if (mine.size === 0) return [];
  const out: string[] = [];
  for (const [cls, keys] of collect(b, mine)) {
    const own = mine.get(cls);
    if (own && ![...keys].some((k) => own.has(k))) out.push(cls);
  }
  return out.sort();
}
