/**
 * Person identity resolution: which person records (SED persons, declared workers, certificate holders) are the
 * same human being. Pure: records in, clusters out; no database.
 *
 * Rules, in order:
 * 1. **PIN**: records sharing a personal identification number of the same country are the same person (PINs
 *    compared after removing spaces, dashes, dots, slashes, case and leading zeros; placeholders ignored), unless
 *    that would put two different PINs of one country in a person, or the records share nothing else (birth
 *    dates incompatible and names unlike): both are reported as `conflicts`. A PIN given without a country links
 *    to the one person holding that number in some country.
 * 2. **Name + birth date**: records born the same day whose names are alike (`nameSimilarity`, names at birth
 *    also tried) are linked when the score reaches `linkThreshold`; a birth date with day and month swapped or one
 *    digit different counts too when the names are (nearly) identical, at a lower confidence.
 * 3. **Name only**: a record without birth date links to an identically named person when only one fits.
 *
 * Links are merged best first (ties by ref, so the input order does not matter) under complete linkage between
 * "units", the groups made by PINs in step 1: inside a unit names may differ (marriage, transliteration) because
 * a PIN says it is one person; between any two units of a person some pair of names must score at least 0.8, no
 * country may have two PINs, and the birth dates must agree (one date, plus at most lone records whose date is a
 * variant of it: two persons each consistently born on neighbouring days stay two). This stops chains where
 * `A ~ B ~ C` but `A` and `C` clearly differ. A record (or group) that fits two persons who cannot be the same,
 * with scores within `margin`, is never merged: it keeps its own key and is listed in `ambiguous` with the
 * candidates' keys (the matcher's `ambiguous-identity` outcome).
 *
 * `personKey` is derived from the cluster's content: a hash of its smallest `(country, PIN)`, or, without PINs, of
 * its smallest normalised `birth date | name key`; clusters that would share a key add their smallest ref.
 * The same set of records in any order gives the same keys. Blocking keeps the work near-linear: exact birth date
 * (split by name codes when a date block is large; identical records compared once), name key × birth date with
 * one digit masked or day and month swapped, and name key for records without birth date. About 100 000 records
 * resolve in under 10 s on one core (`bench/identity.ts`).
 */
import { assembleClusters, disjointClasses, greedyCluster, type RawConflict, type ReportedConflict, type ScoredLink, UnionFind } from './cluster.js';
import { foldName, nameBlockingKeys, nameKey, nameKeys, prepareName, preparedNameSimilarity, type PreparedName } from './names.js';

export interface PersonPin {
  country: string | null;
  id: string;
}

export interface PersonRecord {
  /** Unique reference of the record (document id, `<declarationId>#<i>`, certificate number...). */
  ref: string;
  familyName: string | null;
  forename: string | null;
  familyNameAtBirth?: string | null;
  forenameAtBirth?: string | null;
  /** `YYYY-MM-DD`; anything else counts as unknown. */
  birthDate: string | null;
  sex?: 'M' | 'F' | 'U' | null;
  pins: PersonPin[];
}

export type PersonLinkMethod = 'pin' | 'pin-no-country' | 'name-birthdate' | 'name-birthdate-variant' | 'name-only';

export interface PersonLink {
  a: string;
  b: string;
  method: PersonLinkMethod;
  /** 0..1. */
  confidence: number;
  explanation: string;
}

export interface PersonCluster {
  personKey: string;
  /** Sorted. */
  refs: string[];
  /** The weakest link that holds the cluster together (1 for a single record). */
  confidence: number;
  methods: PersonLinkMethod[];
}

export interface AmbiguousPerson {
  ref: string;
  /** Keys of the persons the record could be (at least two), sorted. */
  candidates: string[];
  /** The best candidate score. */
  score: number;
}

export type PersonConflict = ReportedConflict<'pin-conflict' | 'pin-shared'>;

export interface PersonResolution {
  /** ref → person key, for every input record. */
  personKey: Map<string, string>;
  /** Sorted by key. */
  clusters: PersonCluster[];
  /** The links that built the clusters. */
  links: PersonLink[];
  /** Records not merged because they fit several persons. */
  ambiguous: AmbiguousPerson[];
  /** Merges refused because of PINs (two PINs of one country; one PIN on records that share nothing else), one per pair of persons. */
  conflicts: PersonConflict[];
}

export interface PersonResolveOptions {
  /** Name score needed for a name + exact birth date link (default 0.88). */
  linkThreshold?: number;
  /** Two candidates within this score of each other make a choice ambiguous (default 0.04). */
  margin?: number;
  /** Link birth dates with day/month swapped or one digit different (default true). */
  birthDateVariants?: boolean;
  /** Link records without birth date on names alone when a single person fits (default true). */
  nameOnly?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Normalisation

const COUNTRY_ALIASES: Readonly<Record<string, string>> = { EL: 'GR', UK: 'GB' };

export function normaliseCountry(c: string | null | undefined): string | null {
  if (!c) return null;
  const t = c.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(t)) return null;
  return COUNTRY_ALIASES[t] ?? t;
}

/**
 * A PIN as compared: upper case, without spaces, dashes, dots, slashes, underscores; leading zeros of an
 * all-digit number dropped. Null for placeholders (`unknown`, `000000`, fewer than 5 characters).
 */
export function normalisePin(id: string | null | undefined): string | null {
  if (!id) return null;
  let t = id.normalize('NFKC').toUpperCase().replace(/[\s\-./_\\:]+/g, '');
  if (/^\d+$/.test(t)) t = t.replace(/^0+/, '');
  if (t.length < 5) return null;
  if (/^(.)\1+$/.test(t)) return null;
  if (/^(UNKNOWN|NONE|NULL|NA|NONDISPONIBLE|INCONNU|UNBEKANNT|XXXXX+|123456789?0?)$/.test(t)) return null;
  return t;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function normaliseBirthDate(d: string | null | undefined): string | null {
  if (!d) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const da = Number(m[3]);
  if (y < 1850 || mo < 1 || mo > 12 || da < 1 || da > (DAYS_IN_MONTH[mo - 1] ?? 0)) return null;
  if (mo === 2 && da === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** How two different birth dates may be the same date written wrongly: `swap` (day ↔ month), `digit` (one digit). */
export function birthDateVariant(a: string, b: string): 'swap' | 'digit' | null {
  if (a === b) return null;
  if (a.slice(0, 4) === b.slice(0, 4) && a.slice(5, 7) === b.slice(8, 10) && a.slice(8, 10) === b.slice(5, 7)) return 'swap';
  let diff = 0;
  for (let i = 0; i < 10; i++) if (a.charCodeAt(i) !== b.charCodeAt(i) && ++diff > 1) return null;
  return diff === 1 ? 'digit' : null;
}

/**
 * Numbers shared by two birth dates exactly when one may be the other with day and month swapped (one number)
 * or one digit changed (one number per digit position, the digit zeroed).
 */
function variantKeys(d: string): number[] {
  const out: number[] = [];
  const y = Number(d.slice(0, 4));
  const mm = Number(d.slice(5, 7));
  const dd = Number(d.slice(8, 10));
  if (mm !== dd && dd <= 12) out.push(1_000_000_000 + y * 10_000 + Math.min(mm, dd) * 100 + Math.max(mm, dd));
  const digits = d.slice(0, 4) + d.slice(5, 7) + d.slice(8, 10);
  for (let pos = 0; pos < 8; pos++) {
    const masked = Number(digits.slice(0, pos) + '0' + digits.slice(pos + 1));
    out.push(2_000_000_000 + pos * 100_000_000 + masked);
  }
  return out;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul((b % 4294967296) | 0, 0xc2b2ae35) ^ Math.floor(b / 4294967296);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Prepared records

interface Profile {
  name: PreparedName;
  /** 1 for the current name, lower for names at birth. */
  factor: number;
  label: string;
}

interface Prepared {
  ref: string;
  familyName: string | null;
  forename: string | null;
  pins: { country: string | null; id: string }[];
  dob: string | null;
  sex: 'M' | 'F' | null;
  profiles: Profile[];
  /** Distinct phonetic codes of all profiles. */
  codes: string[];
  /** Name key of the current name. */
  key: string;
  /** Identifies the name content (for caches). */
  signature: string;
  /** Dense number of `signature`. */
  sig: number;
}

function prepare(r: PersonRecord): Prepared {
  const pins: { country: string | null; id: string }[] = [];
  const seen = new Set<string>();
  for (const p of r.pins ?? []) {
    const id = normalisePin(p.id);
    if (id === null) continue;
    const country = normaliseCountry(p.country);
    const k = `${country ?? '?'}|${id}`;
    if (seen.has(k)) continue;
    seen.add(k);
    pins.push({ country, id });
  }
  const profiles: Profile[] = [{ name: prepareName(r), factor: 1, label: 'name' }];
  const famBirth = r.familyNameAtBirth ?? null;
  const foreBirth = r.forenameAtBirth ?? null;
  if ((famBirth && famBirth !== r.familyName) || (foreBirth && foreBirth !== r.forename)) {
    profiles.push({
      name: prepareName({ familyName: famBirth ?? r.familyName, forename: foreBirth ?? r.forename }),
      factor: 0.97,
      label: 'name at birth',
    });
  }
  const keys = nameKeys(r.familyName, r.forename);
  const codes = new Set<string>(keys.codes);
  if (profiles.length > 1) for (const c of nameBlockingKeys(famBirth ?? r.familyName, foreBirth ?? r.forename)) codes.add(c);
  const sex = r.sex === 'M' || r.sex === 'F' ? r.sex : null;
  return {
    ref: r.ref,
    familyName: r.familyName,
    forename: r.forename,
    pins,
    dob: normaliseBirthDate(r.birthDate),
    sex,
    profiles,
    codes: [...codes].sort(),
    key: keys.key,
    signature: [r.familyName ?? '', r.forename ?? '', famBirth ?? '', foreBirth ?? '', sex ?? ''].join('\u0001'),
    sig: 0,
  };
}

/**
 * Names at birth declared on some records apply to the person's other records too: a record that declares
 * family name `C` and family name at birth `B` (with its forename and birth date) gives every record with the
 * same forename and birth date and family name `B` the alternative name `C`, and the reverse. So `Stănescu Elena`
 * and `Popescu Elena` born the same day are compared as the same person once any record says `Popescu, née
 * Stănescu`. Forename and family name are also tried swapped.
 */
function addBirthNameAliases(recs: Prepared[]): void {
  const aliases = new Map<string, [string, string, string, string][]>();
  for (const r of recs) {
    const birth = r.profiles.find((p) => p.label === 'name at birth');
    if (!birth || r.dob === null || r.familyName === null) continue;
    const birthFamily = birth.name.family?.raw ?? null;
    if (birthFamily === null) continue;
    const key = `${r.dob}|${foldName(r.forename)}`;
    const list = aliases.get(key) ?? [];
    list.push([foldName(r.familyName), foldName(birthFamily), r.familyName, birthFamily]);
    aliases.set(key, list);
  }
  if (aliases.size === 0) return;
  for (const r of recs) {
    if (r.dob === null) continue;
    for (const [fam, fore] of [
      [r.familyName, r.forename],
      [r.forename, r.familyName],
    ] as const) {
      const list = aliases.get(`${r.dob}|${foldName(fore)}`);
      if (!list) continue;
      const f = foldName(fam);
      for (const [current, atBirth, currentRaw, atBirthRaw] of list) {
        const other = f === current ? atBirthRaw : f === atBirth ? currentRaw : null;
        if (other === null || r.profiles.some((p) => p.name.family?.raw === other)) continue;
        r.profiles.push({ name: prepareName({ familyName: other, forename: fore }), factor: 0.97, label: 'name at birth' });
        for (const c of nameBlockingKeys(other, fore)) if (!r.codes.includes(c)) r.codes.push(c);
        r.signature += `\u0002${other}`;
      }
    }
  }
}

interface PairScore {
  score: number;
  explanation: string;
}

/** Name score of two records: best over their profiles, with the sex penalty. */
function namePairScore(x: Prepared, y: Prepared): PairScore {
  let best = 0;
  let expl = '';
  for (const p of x.profiles) {
    for (const q of y.profiles) {
      const s = preparedNameSimilarity(p.name, q.name);
      const score = s.score * Math.min(p.factor, q.factor);
      if (score > best) {
        best = score;
        const parts = [...s.parts];
        if (p.label !== 'name' || q.label !== 'name') parts.push('compared with the name at birth');
        expl = parts.join('; ');
      }
    }
  }
  if (x.sex && y.sex && x.sex !== y.sex) {
    best *= 0.85;
    expl = expl ? `${expl}; sex differs` : 'sex differs';
  }
  return { score: best, explanation: expl };
}

// ---------------------------------------------------------------------------------------------------------------

const LARGE_BLOCK = 100;
const NAME_ONLY_CAP = 200;
/** Complete linkage: two records of one person must have at least this name score. */
const VETO = 0.8;

/** Resolves person records into persons. See the module comment for the rules. */
export function resolvePersons(records: readonly PersonRecord[], options: PersonResolveOptions = {}): PersonResolution {
  const threshold = options.linkThreshold ?? 0.88;
  const margin = options.margin ?? 0.04;
  const useVariants = options.birthDateVariants ?? true;
  const useNameOnly = options.nameOnly ?? true;

  const sortedRecords = [...records].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  for (let i = 1; i < sortedRecords.length; i++) {
    if (sortedRecords[i]?.ref === sortedRecords[i - 1]?.ref) throw new Error(`resolvePersons: duplicate ref ${sortedRecords[i]?.ref}`);
  }
  const recs = sortedRecords.map(prepare);
  addBirthNameAliases(recs);
  const sigIds = new Map<string, number>();
  for (const r of recs) {
    let id = sigIds.get(r.signature);
    if (id === undefined) sigIds.set(r.signature, (id = sigIds.size));
    r.sig = id;
  }
  const sigCount = sigIds.size + 1;
  const n = recs.length;
  const uf = new UnionFind(n);
  const links: PersonLink[] = [];
  const rawConflicts: RawConflict<PersonConflict['reason']>[] = [];
  const rec = (i: number): Prepared => {
    const r = recs[i];
    if (!r) throw new Error('index out of range');
    return r;
  };

  // Name scores are symmetric and depend on the names only: cache by signature pair.
  const nameCache = new Map<number, PairScore>();
  const same: PairScore = { score: 1, explanation: '' };
  const nameScore = (i: number, j: number): PairScore => {
    const x = rec(i);
    const y = rec(j);
    if (x.sig === y.sig) return same;
    const k = x.sig < y.sig ? x.sig * sigCount + y.sig : y.sig * sigCount + x.sig;
    let s = nameCache.get(k);
    if (!s) {
      s = x.sig < y.sig ? namePairScore(x, y) : namePairScore(y, x);
      if (nameCache.size > 2_000_000) nameCache.clear();
      nameCache.set(k, s);
    }
    return s;
  };

  const datesCompatible = (a: string | null, b: string | null): boolean =>
    a === null || b === null || a === b || (useVariants && birthDateVariant(a, b) !== null);

  /** The countries where the groups hold different PINs (empty: no conflict). */
  const pinConflict = (a: readonly number[], b: readonly number[]): string[] =>
    disjointClasses(a, b, (i) => rec(i).pins.map((p) => [p.country, p.id] as const));

  /** Distinct (signature, dob) representatives of a group, capped. */
  const representatives = (members: readonly number[]): number[] => {
    const seen = new Set<string>();
    const out: number[] = [];
    for (const m of members) {
      const r = rec(m);
      const k = `${r.sig}|${r.dob ?? ''}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(m);
      if (out.length >= 24) break;
    }
    return out;
  };

  /**
   * Units: the groups made by PINs (step 1). Inside a unit names may differ (marriage, transliteration) because a
   * PIN says it is one person; between units every pair must stay plausible (complete linkage over units).
   */
  const unit = new Int32Array(n);
  const unitsOf = (members: readonly number[]): number[][] => {
    const m = new Map<number, number[]>();
    for (const i of members) {
      const u = unit[i] ?? i;
      const l = m.get(u);
      if (l) l.push(i);
      else m.set(u, [i]);
    }
    return [...m.values()];
  };

  /** Names of two units: some pair of their records alike. */
  const namesPlausible = (ua: readonly number[], ub: readonly number[]): boolean => {
    for (const i of ua) for (const j of ub) if (nameScore(i, j).score >= VETO) return true;
    return false;
  };

  /**
   * Birth dates of the units of a would-be person: one date, or one date carried by most records and, besides
   * it, only lone records whose date is a variant of it (day/month swapped, one digit). Two persons each
   * consistently born on neighbouring days stay two persons.
   */
  const datesAgree = (units: readonly (readonly number[])[]): boolean => {
    const weight = new Map<string, number>();
    for (const u of units) {
      const counts = new Map<string, number>();
      for (const i of u) {
        const d = rec(i).dob;
        if (d !== null) counts.set(d, (counts.get(d) ?? 0) + 1);
      }
      let best: string | null = null;
      let bestCount = 0;
      for (const [d, c] of counts) if (c > bestCount || (c === bestCount && best !== null && d < best)) [best, bestCount] = [d, c];
      if (best !== null) weight.set(best, (weight.get(best) ?? 0) + bestCount);
    }
    if (weight.size <= 1) return true;
    if (!useVariants) return false;
    let top = '';
    let topWeight = -1;
    for (const [d, w] of weight) if (w > topWeight || (w === topWeight && d < top)) [top, topWeight] = [d, w];
    for (const [d, w] of weight) {
      if (d === top) continue;
      if (w > 1 || birthDateVariant(d, top) === null) return false;
    }
    return true;
  };

  const compatible = (a: readonly number[], b: readonly number[]): boolean => {
    if (pinConflict(a, b).length > 0) return false;
    const ua = unitsOf(a);
    const ub = unitsOf(b);
    if (!datesAgree([...ua, ...ub])) return false;
    for (const x of ua) {
      const rx = representatives(x);
      for (const y of ub) if (!namesPlausible(rx, representatives(y))) return false;
    }
    return true;
  };

  // 1. PINs with a country.
  const pinIndex = new Map<string, number[]>();
  const idIndex = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    for (const p of rec(i).pins) {
      const push = (m: Map<string, number[]>, k: string): void => {
        const list = m.get(k);
        if (list) {
          if (list[list.length - 1] !== i) list.push(i);
        } else m.set(k, [i]);
      };
      if (p.country !== null) push(pinIndex, `${p.country}|${p.id}`);
      push(idIndex, p.id);
    }
  }
  const pinKeys = [...pinIndex.keys()].sort();
  for (const k of pinKeys) {
    const list = pinIndex.get(k) ?? [];
    const first = list[0];
    if (first === undefined) continue;
    const country = k.slice(0, k.indexOf('|'));
    for (const m of list.slice(1)) {
      const ga = uf.find(first);
      const gb = uf.find(m);
      if (ga === gb) continue;
      const am = uf.members(ga);
      const bm = uf.members(gb);
      const clash = pinConflict(am, bm);
      if (clash.length > 0) {
        rawConflicts.push({ a: first, b: m, reason: 'pin-conflict', detail: `same ${country} PIN, different ${clash.join(', ')} PIN` });
        continue;
      }
      if (!pinPlausible(am, bm)) {
        rawConflicts.push({ a: first, b: m, reason: 'pin-shared', detail: `same ${country} PIN on records with different names and birth dates` });
        continue;
      }
      uf.union(ga, gb);
      links.push({ a: rec(first).ref, b: rec(m).ref, method: 'pin', confidence: 1, explanation: `same ${country} PIN` });
    }
  }

  function pinPlausible(a: readonly number[], b: readonly number[]): boolean {
    const ra = representatives(a);
    const rb = representatives(b);
    for (const i of ra) {
      for (const j of rb) {
        const di = rec(i).dob;
        const dj = rec(j).dob;
        if (di !== null && dj !== null && datesCompatible(di, dj)) return true;
        if (nameScore(i, j).score >= 0.75) return true;
        if (di === null || dj === null) {
          if (nameScore(i, j).score >= 0.6) return true;
        }
      }
    }
    return false;
  }

  for (let i = 0; i < n; i++) unit[i] = uf.find(i);

  // 2. Candidate links.
  const candidates: ScoredLink[] = [];
  const seenPairs = new Set<number>();
  const pairId = (i: number, j: number): number => (i < j ? i * n + j : j * n + i);

  // 2a. PINs without a country.
  for (let i = 0; i < n; i++) {
    for (const p of rec(i).pins) {
      if (p.country !== null) continue;
      for (const j of idIndex.get(p.id) ?? []) {
        if (j === i || uf.find(i) === uf.find(j)) continue;
        const id = pairId(i, j);
        if (seenPairs.has(id)) continue;
        seenPairs.add(id);
        const [a, b] = i < j ? [i, j] : [j, i];
        candidates.push({ a, b, score: 0.97, method: 'pin-no-country', explanation: 'same PIN, country not given on one side' });
      }
    }
  }

  const consider = (i: number, j: number, method: PersonLinkMethod, penalty: number, minName: number, why: string): void => {
    if (i === j) return;
    const id = pairId(i, j);
    if (seenPairs.has(id)) return;
    seenPairs.add(id);
    if (uf.find(i) === uf.find(j)) return;
    const [a, b] = i < j ? [i, j] : [j, i];
    const s = nameScore(a, b);
    if (s.score < minName) return;
    const score = s.score - penalty;
    const explanation = [why, s.explanation].filter((x) => x).join('; ');
    const clash = recordPinClash(rec(a), rec(b));
    if (clash.length > 0) {
      rawConflicts.push({ a: a, b: b, reason: 'pin-conflict', detail: `alike (${score.toFixed(2)}) but different ${clash.join(', ')} PIN` });
      return;
    }
    candidates.push({ a, b, score, method, explanation });
  };

  // 2b. Exact birth date.
  const byDob = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const d = rec(i).dob;
    if (d === null) continue;
    const list = byDob.get(d);
    if (list) list.push(i);
    else byDob.set(d, [i]);
  }
  for (const [dob, all] of byDob) {
    // Records identical in name, sex, birth date and PINs: linked to the first of them only, and only that one
    // is compared with the others (a person with hundreds of identical records costs no quadratic work).
    const twins = new Map<string, number>();
    const list: number[] = [];
    for (const i of all) {
      const r = rec(i);
      const k = `${r.sig}|${r.pins.map((p) => `${p.country ?? '?'}:${p.id}`).sort().join(',')}`;
      const first = twins.get(k);
      if (first === undefined) {
        twins.set(k, i);
        list.push(i);
      } else consider(first, i, 'name-birthdate', 0, threshold, `same birth date ${dob}; same name`);
    }
    if (list.length <= LARGE_BLOCK) {
      for (let x = 0; x < list.length; x++) {
        for (let y = x + 1; y < list.length; y++) consider(list[x] ?? 0, list[y] ?? 0, 'name-birthdate', 0, threshold, `same birth date ${dob}`);
      }
      continue;
    }
    const sub = new Map<string, number[]>();
    for (const i of list) {
      const r = rec(i);
      const keys = new Set<string>(r.codes);
      for (const p of r.profiles) {
        for (const part of [p.name.family, p.name.forename]) for (const t of part?.significant ?? []) keys.add(`#${t.slice(0, 3)}`);
      }
      for (const k of keys) {
        const l = sub.get(k);
        if (l) l.push(i);
        else sub.set(k, [i]);
      }
    }
    for (const l of sub.values()) {
      for (let x = 0; x < l.length; x++) {
        for (let y = x + 1; y < l.length; y++) consider(l[x] ?? 0, l[y] ?? 0, 'name-birthdate', 0, threshold, `same birth date ${dob}`);
      }
    }
  }

  // 2c. Birth date with day/month swapped or one digit different, near-identical names.
  if (useVariants) {
    // Keys are 32-bit hashes of (name key, date with a wildcard): a collision only adds a pair that the checks
    // below drop.
    const byVariant = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const r = rec(i);
      if (r.dob === null) continue;
      const vks = variantKeys(r.dob);
      const names = new Set<string>([r.key]);
      for (const p of r.profiles.slice(1)) names.add(nameKey(p.name.family?.raw, p.name.forename?.raw));
      for (const name of names) {
        const h = hashString(name);
        for (const v of vks) {
          const k = mix(h, v);
          const l = byVariant.get(k);
          if (l) l.push(i);
          else byVariant.set(k, [i]);
        }
      }
    }
    for (const l of byVariant.values()) {
      if (l.length < 2) continue;
      for (let x = 0; x < l.length; x++) {
        for (let y = x + 1; y < l.length; y++) {
          const i = l[x] ?? 0;
          const j = l[y] ?? 0;
          const di = rec(i).dob;
          const dj = rec(j).dob;
          if (di === null || dj === null || di === dj) continue;
          const kind = birthDateVariant(di, dj);
          if (kind === null) continue;
          consider(i, j, 'name-birthdate-variant', kind === 'swap' ? 0.05 : 0.06, 0.95, kind === 'swap' ? `birth dates ${di} / ${dj}: day and month swapped` : `birth dates ${di} / ${dj}: one digit differs`);
        }
      }
    }
  }

  // 2d. No birth date: identical name key, names near-identical.
  if (useNameOnly && recs.some((r) => r.dob === null)) {
    const byKey = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const k = rec(i).key;
      if (k === '') continue;
      const l = byKey.get(k);
      if (l) l.push(i);
      else byKey.set(k, [i]);
    }
    for (let i = 0; i < n; i++) {
      const r = rec(i);
      if (r.dob !== null || r.key === '') continue;
      const l = byKey.get(r.key) ?? [];
      let count = 0;
      for (const j of l) {
        if (j === i) continue;
        if (count++ >= NAME_ONLY_CAP) break;
        consider(i, j, 'name-only', 0.2, 0.95, 'no birth date on one side; names alike');
      }
    }
  }

  // 3. Greedy merge with complete linkage and ambiguity detection.
  const result = greedyCluster(uf, candidates, { compatible }, margin);
  for (const l of result.applied) {
    links.push({ a: rec(l.a).ref, b: rec(l.b).ref, method: l.method as PersonLinkMethod, confidence: round(l.score), explanation: l.explanation });
  }
  for (const l of result.refused) {
    const clash = pinConflict(uf.members(l.a), uf.members(l.b));
    if (clash.length > 0 && l.score >= threshold) {
      rawConflicts.push({ a: l.a, b: l.b, reason: 'pin-conflict', detail: `alike (${l.score.toFixed(2)}) but the persons hold different ${clash.join(', ')} PIN` });
    }
  }

  // 4. Keys.
  const out = assembleClusters({ uf, rec, contentKey, prefix: 'PK-', links, ambiguousRaw: result.ambiguous, rawConflicts, round });
  const clusters = out.clusters.map((c): PersonCluster => ({ personKey: c.key, refs: c.refs, confidence: c.confidence, methods: c.methods }));
  return { personKey: out.keyByRef, clusters, links, ambiguous: out.ambiguous, conflicts: out.conflicts };
}

/** Countries where two records hold different PINs (and no common one). */
function recordPinClash(x: Prepared, y: Prepared): string[] {
  if (x.pins.length === 0 || y.pins.length === 0) return [];
  const out: string[] = [];
  for (const p of x.pins) {
    if (p.country === null || out.includes(p.country)) continue;
    let theirs = false;
    let common = false;
    for (const q of y.pins) {
      if (q.country !== p.country) continue;
      theirs = true;
      if (x.pins.some((r) => r.country === q.country && r.id === q.id)) common = true;
    }
    if (theirs && !common) out.push(p.country);
  }
  return out.sort();
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

function contentKey(members: readonly Prepared[]): string {
  let best: string | null = null;
  for (const m of members) {
    for (const p of m.pins) {
      const k = `pin:${p.country ?? '?'}:${p.id}`;
      if (best === null || k < best) best = k;
    }
  }
  if (best !== null) return best;
  for (const m of members) {
    const k = `name:${m.dob ?? '?'}|${m.key}`;
    if (best === null || k < best) best = k;
  }
  return best ?? 'empty';
}
