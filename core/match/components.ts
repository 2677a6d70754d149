/**
 * Identity components: person records connected by a shared block (the same birth date, the same
 * normalised PIN), transitively. The matcher resolves each component on its own, so a record's
 * person key depends on its component only, never on which other components a run loads with it.
 */

export interface Blocked {
  ref: string;
  /** `YYYY-MM-DD`. */
  birthDate: string | null;
  /** Normalised `CC:ID` PIN keys. */
  pinKeys: readonly string[];
}

/** The blocks of a record: its birth date and each PIN; a record with neither is a block of its own. */
export function blocksOf(r: Blocked): string[] {
  const out: string[] = [];
  if (r.birthDate !== null) out.push(`bd:${r.birthDate}`);
  for (const k of r.pinKeys) out.push(`pin:${k}`);
  if (out.length === 0) out.push(`ref:${r.ref}`);
  return out;
}

/** Connected components of `records`: each sorted by ref, components ordered by their first ref. */
export function connectedComponents<T extends Blocked>(records: readonly T[]): T[][] {
  const parent = new Int32Array(records.length);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] ?? r;
    while (parent[i] !== r) {
      const next = parent[i] ?? r;
      parent[i] = r;
      i = next;
    }
    return r;
  };
  const holder = new Map<string, number>();
  records.forEach((r, i) => {
    for (const b of blocksOf(r)) {
      const other = holder.get(b);
      if (other === undefined) {
        holder.set(b, i);
        continue;
      }
      const ra = find(i);
      const rb = find(other);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  });
  const groups = new Map<number, T[]>();
  records.forEach((r, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(r);
    else groups.set(root, [r]);
  });
  const out = [...groups.values()].map((g) => g.sort(byRef));
  return out.sort((a, b) => byRef(a[0] as T, b[0] as T));
}

function byRef(a: Blocked, b: Blocked): number {
  return a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0;
}
