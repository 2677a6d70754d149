/**
 * Company identity resolution: which company records (posting undertakings, clients, SED employers, certificate
 * employers) are the same undertaking. Pure: records in, clusters out; no database.
 *
 * Rules, in order:
 * 1. **Verified identifiers**: records sharing a SIREN (also from a valid SIRET or a valid French VAT number), a
 *    valid VAT number (or a well-formed one of a country without a known check rule), or a registration/tax
 *    number that is that country's VAT number (BE, ES, PT, BG, CZ, IT, RO, DK, FI, HR; any tax number) with valid check
 *    digits, are one undertaking, unless that would give it two different numbers of one kind (two SIRENs, two
 *    VAT numbers of a country, two registration numbers of a country): reported as `conflicts`.
 * 2. **Other identifiers, exact**: the same registration, tax, social-security or unverifiable VAT number (same
 *    kind and country after normalisation) links records whose names do not contradict it (name score ≥ 0.5).
 * 3. **Name**: normalised names (legal forms such as GmbH, Sp. z o.o., S.A., SARL, SAS, Ltd, BV, SRL, s.r.o., Kft
 *    recognised and compared apart, diacritics, case and punctuation ignored) in the same country, weighted by
 *    the address (postal code or town agreeing, differing or unknown) and the legal forms.
 *
 * Links of kinds 2 and 3 are merged best first with complete linkage (no conflicting numbers, same country,
 * names alike for every pair). A shared number always outranks a name: number links score 0.9–0.99, name links
 * at most 0.85 (name × legal forms × address agreement, scaled), so a record carrying a number goes to the holder
 * of that number even when a namesake has the same name and address. A record that fits two undertakings that
 * cannot be one, within `margin`, is reported in `ambiguous` and keeps its own key (in practice: a record without
 * any number whose name and town fit several namesakes). `companyKey` is a hash of the cluster's best verified
 * identifier (SIREN, then VAT, then registration...), else of its best unverified one, else of its normalised
 * name, legal form, country and postal code; the same records in any order give the same keys.
 */
import { assembleClusters, disjointClasses, greedyCluster, type RawConflict, type ReportedConflict, type ScoredLink, UnionFind } from './cluster.js';
import { compactId, isValidSiren, looksLikeVat, normaliseCompanyId, parseVat } from './company-ids.js';
import { foldName, partSimilarity, phoneticCode, type NamePart } from './names.js';
import { normaliseCountry } from './persons.js';

export interface CompanyAddress {
  street?: string | null;
  town?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

export interface CompanyRecord {
  ref: string;
  name: string | null;
  country: string | null;
  ids: { type: string; id: string }[];
  address?: CompanyAddress | null;
}

export type CompanyLinkMethod =
  | 'siren'
  | 'siret'
  | 'vat'
  | 'registration'
  | 'tax-id'
  | 'social-security'
  | 'other-id'
  | 'name-address'
  | 'name-country';

export interface CompanyLink {
  a: string;
  b: string;
  method: CompanyLinkMethod;
  confidence: number;
  explanation: string;
}

export interface CompanyCluster {
  companyKey: string;
  refs: string[];
  confidence: number;
  methods: CompanyLinkMethod[];
}

export interface AmbiguousCompany {
  ref: string;
  candidates: string[];
  score: number;
}

export type CompanyConflict = ReportedConflict<'id-conflict' | 'id-names-differ'>;

export interface CompanyResolution {
  companyKey: Map<string, string>;
  clusters: CompanyCluster[];
  links: CompanyLink[];
  ambiguous: AmbiguousCompany[];
  conflicts: CompanyConflict[];
}

export interface CompanyResolveOptions {
  /** Score needed for a name link (default 0.88). */
  linkThreshold?: number;
  /** Default 0.04. */
  margin?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Names

/** Legal forms, written as their folded letters joined (`Sp. z o.o.` → `spzoo`), and a code for comparison. */
const LEGAL_FORMS: ReadonlyMap<string, string> = new Map<string, string>([
  ['gmbh', 'gmbh'], ['gesmbh', 'gmbh'], ['gmbhcokg', 'gmbh-co-kg'], ['gmbhundcokg', 'gmbh-co-kg'], ['gmbhandcokg', 'gmbh-co-kg'],
  ['gmbhcokgaa', 'gmbh-co-kgaa'], ['agcokg', 'ag-co-kg'], ['agundcokg', 'ag-co-kg'], ['ag', 'ag'],
  ['kg', 'kg'], ['kgaa', 'kgaa'], ['ohg', 'ohg'], ['ug', 'ug'], ['ughaftungsbeschrankt', 'ug'], ['ek', 'ek'],
  ['spzoo', 'sp-zoo'], ['spolkazoo', 'sp-zoo'], ['spolkazograniczonaodpowiedzialnoscia', 'sp-zoo'], ['spj', 'sp-j'],
  ['spolkajawna', 'sp-j'], ['spk', 'sp-k'], ['spolkakomandytowa', 'sp-k'], ['spolkaakcyjna', 'sa'], ['sa', 'sa'],
  ['srl', 'srl'], ['sarl', 'sarl'], ['sas', 'sas'], ['sasu', 'sasu'], ['eurl', 'eurl'], ['snc', 'snc'], ['sci', 'sci'],
  ['scea', 'scea'], ['sca', 'sca'], ['scop', 'scop'], ['sl', 'sl'], ['slu', 'slu'], ['sociedadlimitada', 'sl'],
  ['sociedadanonima', 'sa'], ['lda', 'lda'], ['limitada', 'lda'], ['unipessoallda', 'lda-u'], ['spa', 'spa'],
  ['sapa', 'sapa'], ['scarl', 'scarl'], ['bv', 'bv'], ['nv', 'nv'], ['vof', 'vof'], ['cv', 'cv'], ['bvba', 'bvba'],
  ['sprl', 'sprl'], ['cvba', 'cvba'], ['eood', 'eood'], ['ood', 'ood'], ['ad', 'ad'], ['ead', 'ead'], ['ae', 'ae'],
  ['epe', 'epe'], ['ike', 'ike'], ['oe', 'oe'], ['sro', 'sro'], ['spolsro', 'sro'], ['as', 'as'], ['vos', 'vos'],
  ['kft', 'kft'], ['zrt', 'zrt'], ['nyrt', 'nyrt'], ['bt', 'bt'], ['kkt', 'kkt'], ['uab', 'uab'], ['ab', 'ab'],
  ['mb', 'mb'], ['doo', 'doo'], ['dd', 'dd'], ['ltd', 'ltd'], ['limited', 'ltd'], ['plc', 'plc'], ['llp', 'llp'],
  ['lp', 'lp'], ['inc', 'inc'], ['incorporated', 'inc'], ['llc', 'llc'], ['corp', 'corp'], ['corporation', 'corp'],
  ['co', 'co'], ['company', 'co'], ['ltdsti', 'ltd-sti'], ['oy', 'oy'], ['oyj', 'oyj'], ['aps', 'aps'], ['asa', 'asa'],
  ['hb', 'hb'], ['se', 'se'],
]);
const MAX_FORM_TOKENS = 5;
/** Forms that say nothing about the legal person (`& Co`): ignored when comparing forms. */
const WEAK_FORMS: ReadonlySet<string> = new Set(['co']);

const STOPWORDS: ReadonlySet<string> = new Set([
  'and', 'und', 'et', 'y', 'i', 'e', 'the', 'of', 'de', 'du', 'des', 'la', 'le', 'les', 'da', 'do', 'dos', 'das', 'di',
  'del', 'della', 'van', 'von', 'der', 'den', 'het', 'a', 'l', 'd', 's', 'z', 'w', 'u', 'na', 'pe',
]);

export interface NormalisedCompanyName {
  /** Folded tokens without the legal form. */
  tokens: string[];
  /** Tokens that are not stop words (all tokens when every one is). */
  significant: string[];
  /** Code of the legal form found at the end (or start) of the name, e.g. `gmbh`, `sp-zoo`, `sarl`; null if none. */
  legalForm: string | null;
  /** Sorted significant tokens joined: equal for names differing only in form, case, diacritics, order, punctuation. */
  key: string;
}

function stripForm(tokens: string[], fromEnd: boolean): string | null {
  const max = Math.min(MAX_FORM_TOKENS, tokens.length - 1);
  for (let k = max; k >= 1; k--) {
    const slice = fromEnd ? tokens.slice(tokens.length - k) : tokens.slice(0, k);
    const code = LEGAL_FORMS.get(slice.join(''));
    if (code === undefined) continue;
    tokens.splice(fromEnd ? tokens.length - k : 0, k);
    return code;
  }
  return null;
}

/** Company name normalisation: `"Bau & Montage" GmbH & Co. KG` → tokens `bau montage`, form `gmbh-co-kg`. */
export function normaliseCompanyName(name: string | null | undefined): NormalisedCompanyName {
  const folded = foldName(name);
  const tokens = folded === '' ? [] : folded.split(' ');
  let legalForm: string | null = null;
  for (let pass = 0; pass < 3 && tokens.length > 1; pass++) {
    const f = stripForm(tokens, true);
    if (f === null) break;
    if (legalForm === null || WEAK_FORMS.has(legalForm)) legalForm = f;
  }
  if (tokens.length > 1) {
    const f = stripForm(tokens, false);
    if (f !== null && (legalForm === null || WEAK_FORMS.has(legalForm))) legalForm = f;
  }
  const sig = tokens.filter((t) => !STOPWORDS.has(t));
  const significant = sig.length > 0 ? sig : tokens;
  return { tokens, significant, legalForm, key: [...significant].sort().join(' ') };
}

function asPart(n: NormalisedCompanyName, raw: string): NamePart | null {
  if (n.tokens.length === 0) return null;
  return { raw, tokens: n.tokens, significant: n.significant, onlyParticles: false, joined: n.significant.join('') };
}

export interface CompanyNameSimilarity {
  score: number;
  parts: string[];
}

/** Similarity of two company names, 0..1, legal forms compared apart (different forms ×0.85, one missing ×0.97). */
export function companyNameSimilarity(a: string | null | undefined, b: string | null | undefined): CompanyNameSimilarity {
  return preparedCompanyNameSimilarity(prepareCompanyName(a), prepareCompanyName(b));
}

interface PreparedCompanyName {
  norm: NormalisedCompanyName;
  part: NamePart | null;
}

function prepareCompanyName(name: string | null | undefined): PreparedCompanyName {
  const norm = normaliseCompanyName(name);
  return { norm, part: asPart(norm, name ?? '') };
}

function preparedCompanyNameSimilarity(a: PreparedCompanyName, b: PreparedCompanyName): CompanyNameSimilarity {
  if (a.part === null || b.part === null) return { score: 0, parts: ['name missing'] };
  const parts: string[] = [];
  let score: number;
  if (a.norm.key === b.norm.key) {
    score = 1;
    if (a.part.raw !== b.part.raw) parts.push('name written differently (case, diacritics, punctuation, word order)');
  } else {
    const s = partSimilarity(a.part, b.part);
    score = s.score;
    parts.push(`names similar (${s.score.toFixed(2)})`);
  }
  const fa = a.norm.legalForm !== null && !WEAK_FORMS.has(a.norm.legalForm) ? a.norm.legalForm : null;
  const fb = b.norm.legalForm !== null && !WEAK_FORMS.has(b.norm.legalForm) ? b.norm.legalForm : null;
  if (fa !== null && fb !== null && fa !== fb) {
    score *= 0.85;
    parts.push(`legal forms differ (${fa} / ${fb})`);
  } else if ((fa === null) !== (fb === null)) {
    score *= 0.97;
    parts.push('legal form missing on one side');
  }
  return { score, parts };
}

// ---------------------------------------------------------------------------------------------------------------
// Identifiers

interface IdKey {
  key: string;
  method: CompanyLinkMethod;
  /** Verified (check digits) or unique by construction: merged before anything else. */
  strong: boolean;
  confidence: number;
  /** At most one value of this class per undertaking (`SIREN`, `VAT:DE`, `REG:PL`); null: any number. */
  cls: string | null;
  label: string;
}

/** Countries whose company registration number is also the national part of the VAT number. */
const REGISTRATION_IS_VAT: ReadonlySet<string> = new Set(['BE', 'ES', 'PT', 'BG', 'CZ', 'IT', 'RO', 'DK', 'FI', 'HR']);

function idKeys(ids: readonly { type: string; id: string }[], country: string | null): IdKey[] {
  const out: IdKey[] = [];
  const push = (k: IdKey): void => {
    if (!out.some((x) => x.key === k.key)) out.push(k);
  };
  for (const raw of ids ?? []) {
    if (!raw || typeof raw.id !== 'string' || compactId(raw.id).length < 4) continue;
    const n = normaliseCompanyId(raw.type ?? 'other', raw.id, country);
    switch (n.type) {
      case 'siren':
        push({ key: `SIREN:${n.id}`, method: 'siren', strong: n.valid === true, confidence: n.valid ? 1 : 0.9, cls: 'SIREN', label: `SIREN ${n.id}` });
        break;
      case 'siret': {
        const s = n.id.slice(0, 9);
        if (n.valid) {
          push({ key: `SIREN:${s}`, method: 'siren', strong: true, confidence: 1, cls: 'SIREN', label: `SIREN ${s} (from SIRET ${n.id})` });
          push({ key: `SIRET:${n.id}`, method: 'siret', strong: true, confidence: 1, cls: null, label: `SIRET ${n.id}` });
        } else {
          push({ key: `SIRET:${n.id}`, method: 'siret', strong: false, confidence: 0.9, cls: null, label: `SIRET ${n.id} (check digit wrong)` });
          if (isValidSiren(s)) push({ key: `SIREN:${s}`, method: 'siren', strong: false, confidence: 0.88, cls: 'SIREN', label: `SIREN ${s} (from SIRET ${n.id}, check digit wrong)` });
        }
        break;
      }
      case 'vat': {
        const cls = looksLikeVat(n.id) ? `VAT:${n.country ?? '?'}` : null;
        if (n.valid === true) push({ key: `VAT:${n.id}`, method: 'vat', strong: true, confidence: 1, cls, label: `VAT ${n.id}` });
        else if (n.valid === null && cls !== null) push({ key: `VAT:${n.id}`, method: 'vat', strong: true, confidence: 0.95, cls, label: `VAT ${n.id} (no check rule)` });
        else push({ key: `VAT:${n.id}`, method: 'vat', strong: false, confidence: 0.9, cls, label: `VAT ${n.id} (check digits wrong)` });
        if (n.valid === true && n.id.startsWith('FR')) {
          const s = n.id.slice(4);
          if (isValidSiren(s)) push({ key: `SIREN:${s}`, method: 'siren', strong: true, confidence: 1, cls: 'SIREN', label: `SIREN ${s} (from VAT ${n.id})` });
        }
        break;
      }
      default: {
        const c = n.country ?? '?';
        if (country && (n.type === 'tax' || n.type === 'other' || (n.type === 'registration' && REGISTRATION_IS_VAT.has(country)))) {
          const v = parseVat(n.id, country);
          if (v && v.valid === true) push({ key: `VAT:${v.id}`, method: 'vat', strong: true, confidence: 0.97, cls: `VAT:${v.country ?? c}`, label: `VAT ${v.id} (from ${n.type} number)` });
        }
        const prefix = n.type === 'registration' ? 'REG' : n.type === 'tax' ? 'TAX' : n.type === 'social-security' ? 'SS' : 'OTHER';
        const method: CompanyLinkMethod =
          n.type === 'registration' ? 'registration' : n.type === 'tax' ? 'tax-id' : n.type === 'social-security' ? 'social-security' : 'other-id';
        const confidence = n.type === 'registration' || n.type === 'tax' ? 0.9 : n.type === 'social-security' ? 0.88 : 0.85;
        push({ key: `${prefix}:${c}:${n.id}`, method, strong: false, confidence, cls: n.type === 'registration' && c !== '?' ? `REG:${c}` : null, label: `${n.type} ${n.id}` });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Prepared records

interface Prepared {
  ref: string;
  name: PreparedCompanyName;
  country: string | null;
  postal: string | null;
  town: string | null;
  keys: IdKey[];
  codes: string[];
  signature: string;
}

function normalisePostal(p: string | null | undefined): string | null {
  if (!p) return null;
  const t = compactId(p.trim().replace(/^[A-Za-z]{1,2}-(?=\d)/, ''));
  return t.length >= 3 ? t : null;
}

function prepare(r: CompanyRecord): Prepared {
  const addr = r.address ?? null;
  const country = normaliseCountry(r.country) ?? normaliseCountry(addr?.country ?? null);
  const name = prepareCompanyName(r.name);
  const town = foldName(addr?.town ?? null);
  const codes = new Set<string>();
  for (const t of name.norm.significant) if (t.length >= 2) codes.add(phoneticCode(t));
  return {
    ref: r.ref,
    name,
    country,
    postal: normalisePostal(addr?.postalCode ?? null),
    town: town === '' ? null : town,
    keys: idKeys(r.ids, country),
    codes: [...codes].sort(),
    signature: `${name.norm.key}\u0001${name.norm.legalForm ?? ''}`,
  };
}

function addressAgreement(x: Prepared, y: Prepared): { factor: number; agree: boolean; note: string } {
  if (x.postal !== null && y.postal !== null) {
    return x.postal === y.postal
      ? { factor: 1, agree: true, note: 'same postal code' }
      : { factor: 0.8, agree: false, note: 'postal codes differ' };
  }
  if (x.town !== null && y.town !== null) {
    return x.town === y.town ? { factor: 0.99, agree: true, note: 'same town' } : { factor: 0.8, agree: false, note: 'towns differ' };
  }
  return { factor: 0.96, agree: false, note: 'address unknown on one side' };
}

// ---------------------------------------------------------------------------------------------------------------

const LARGE_BLOCK = 200;
const KEY_GROUP_CAP = 50;
const VETO = 0.6;
/** Name links are scaled into 0..NAME_LINK_CAP so that a shared number (≥ 0.85) is preferred to an equal name. */
const NAME_LINK_CAP = 0.85;

/** Resolves company records into undertakings. See the module comment for the rules. */
export function resolveCompanies(records: readonly CompanyRecord[], options: CompanyResolveOptions = {}): CompanyResolution {
  const threshold = options.linkThreshold ?? 0.88;
  const margin = options.margin ?? 0.04;
  const sortedRecords = [...records].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  for (let i = 1; i < sortedRecords.length; i++) {
    if (sortedRecords[i]?.ref === sortedRecords[i - 1]?.ref) throw new Error(`resolveCompanies: duplicate ref ${sortedRecords[i]?.ref}`);
  }
  const recs = sortedRecords.map(prepare);
  const n = recs.length;
  const rec = (i: number): Prepared => {
    const r = recs[i];
    if (!r) throw new Error('index out of range');
    return r;
  };
  const uf = new UnionFind(n);
  const links: CompanyLink[] = [];
  const rawConflicts: RawConflict<CompanyConflict['reason']>[] = [];

  const nameCache = new Map<string, CompanyNameSimilarity>();
  const nameScore = (i: number, j: number): CompanyNameSimilarity => {
    const x = rec(i);
    const y = rec(j);
    if (x.name.part === null || y.name.part === null) return { score: 0, parts: ['name missing'] };
    if (x.signature === y.signature) return { score: 1, parts: x.name.part.raw === y.name.part.raw ? [] : ['name written differently'] };
    const k = x.signature < y.signature ? `${x.signature}\u0000${y.signature}` : `${y.signature}\u0000${x.signature}`;
    let s = nameCache.get(k);
    if (!s) {
      s = x.signature < y.signature ? preparedCompanyNameSimilarity(x.name, y.name) : preparedCompanyNameSimilarity(y.name, x.name);
      if (nameCache.size > 1_000_000) nameCache.clear();
      nameCache.set(k, s);
    }
    return s;
  };

  const idConflict = (a: readonly number[], b: readonly number[]): string[] =>
    disjointClasses(a, b, (i) => rec(i).keys.map((k) => [k.cls, k.key] as const));

  const representatives = (members: readonly number[]): number[] => {
    const seen = new Set<string>();
    const out: number[] = [];
    for (const m of members) {
      const r = rec(m);
      if (r.name.part === null && r.country === null) continue;
      const k = `${r.signature}\u0000${r.country ?? ''}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(m);
      if (out.length >= 24) break;
    }
    return out;
  };

  const compatible = (a: readonly number[], b: readonly number[]): boolean => {
    if (idConflict(a, b).length > 0) return false;
    const ra = representatives(a);
    const rb = representatives(b);
    for (const i of ra) {
      for (const j of rb) {
        const x = rec(i);
        const y = rec(j);
        if (x.country !== null && y.country !== null && x.country !== y.country) return false;
        if (x.name.part !== null && y.name.part !== null && nameScore(i, j).score < VETO) return false;
      }
    }
    return true;
  };

  // 1. Verified identifiers.
  const strongIndex = new Map<string, { list: number[]; key: IdKey }>();
  const weakIndex = new Map<string, { list: number[]; key: IdKey }>();
  for (let i = 0; i < n; i++) {
    for (const k of rec(i).keys) {
      const idx = k.strong ? strongIndex : weakIndex;
      const e = idx.get(k.key);
      if (e) {
        if (e.list[e.list.length - 1] !== i) e.list.push(i);
        if (k.confidence < e.key.confidence) e.key = k;
      } else idx.set(k.key, { list: [i], key: k });
    }
  }
  for (const key of [...strongIndex.keys()].sort()) {
    const e = strongIndex.get(key);
    if (!e) continue;
    const first = e.list[0];
    if (first === undefined) continue;
    for (const m of e.list.slice(1)) {
      const ga = uf.find(first);
      const gb = uf.find(m);
      if (ga === gb) continue;
      const clash = idConflict(uf.members(ga), uf.members(gb));
      if (clash.length > 0) {
        rawConflicts.push({ a: first, b: m, reason: 'id-conflict', detail: `same ${e.key.label}, different ${clash.join(', ')}` });
        continue;
      }
      uf.union(ga, gb);
      links.push({ a: rec(first).ref, b: rec(m).ref, method: e.key.method, confidence: e.key.confidence, explanation: `same ${e.key.label}` });
    }
  }

  // 2. Other identifiers, exact.
  const candidates: ScoredLink[] = [];
  const seenPairs = new Set<number>();
  const pairId = (i: number, j: number): number => (i < j ? i * n + j : j * n + i);
  for (const key of [...weakIndex.keys()].sort()) {
    const e = weakIndex.get(key);
    if (!e || e.list.length < 2) continue;
    const list = e.list;
    for (let x = 0; x < list.length; x++) {
      const partners = x < KEY_GROUP_CAP ? list.slice(x + 1, KEY_GROUP_CAP) : list.slice(0, 5);
      for (const y of partners) {
        const i = list[x] ?? 0;
        const j = y;
        if (i === j || uf.find(i) === uf.find(j)) continue;
        const id = pairId(i, j);
        if (seenPairs.has(id)) continue;
        seenPairs.add(id);
        const [a, b] = i < j ? [i, j] : [j, i];
        const both = rec(a).name.part !== null && rec(b).name.part !== null;
        const ns = both ? nameScore(a, b).score : null;
        if (ns !== null && ns < 0.5) {
          rawConflicts.push({ a: a, b: b, reason: 'id-names-differ', detail: `same ${e.key.label}, names unlike (${ns.toFixed(2)})` });
          continue;
        }
        // An exact shared number outranks any name evidence (name links stay at or below NAME_LINK_CAP).
        const score = e.key.confidence + (1 - e.key.confidence) * (ns === null ? 0.5 : ns) * 0.9;
        candidates.push({ a, b, score, method: e.key.method, explanation: `same ${e.key.label}${ns === null ? '; a name is missing' : `; names ${ns.toFixed(2)}`}` });
      }
    }
  }

  // 3. Names in the same country, with the address.
  const consider = (i: number, j: number): void => {
    if (i === j) return;
    const id = pairId(i, j);
    if (seenPairs.has(id)) return;
    seenPairs.add(id);
    if (uf.find(i) === uf.find(j)) return;
    const [a, b] = i < j ? [i, j] : [j, i];
    const x = rec(a);
    const y = rec(b);
    if (x.country !== null && y.country !== null && x.country !== y.country) return;
    const ns = nameScore(a, b);
    if (ns.score < threshold) return;
    const addr = addressAgreement(x, y);
    const countryFactor = x.country !== null && y.country !== null ? 1 : 0.95;
    const raw = ns.score * addr.factor * countryFactor;
    if (raw < threshold) return;
    const score = raw * NAME_LINK_CAP;
    const clash = idConflict([a], [b]);
    if (clash.length > 0) return; // different numbers: namesakes, not a finding
    const explanation = [...ns.parts, addr.note, countryFactor < 1 ? 'country unknown on one side' : `same country ${x.country ?? ''}`].join('; ');
    candidates.push({ a, b, score, method: addr.agree ? 'name-address' : 'name-country', explanation });
  };
  const byKey = new Map<string, number[]>();
  const byCode = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, k: string, i: number): void => {
    const l = m.get(k);
    if (l) l.push(i);
    else m.set(k, [i]);
  };
  for (let i = 0; i < n; i++) {
    const r = rec(i);
    if (r.name.part === null) continue;
    add(byKey, `${r.country ?? '?'}|${r.name.norm.key}`, i);
    for (const c of r.codes) add(byCode, `${r.country ?? '?'}|${c}`, i);
    // The first letters of the whole name: catches a typo that changes every token's code.
    const joined = r.name.norm.significant.join('');
    if (joined.length >= 4) add(byCode, `${r.country ?? '?'}|^${joined.slice(0, 4)}`, i);
  }
  // Records without a country are compared with every country's block of the same name.
  const noCountry = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const r = rec(i);
    if (r.name.part !== null && r.country === null) add(noCountry, r.name.norm.key, i);
  }
  for (const [k, l] of byKey) {
    for (let x = 0; x < l.length; x++) for (let y = x + 1; y < l.length; y++) consider(l[x] ?? 0, l[y] ?? 0);
    const nameKeyPart = k.slice(k.indexOf('|') + 1);
    if (!k.startsWith('?|')) for (const i of noCountry.get(nameKeyPart) ?? []) for (const j of l) consider(i, j);
  }
  for (const l of byCode.values()) {
    if (l.length > LARGE_BLOCK) continue;
    for (let x = 0; x < l.length; x++) for (let y = x + 1; y < l.length; y++) consider(l[x] ?? 0, l[y] ?? 0);
  }

  const result = greedyCluster(uf, candidates, { compatible }, margin);
  for (const l of result.applied) {
    links.push({ a: rec(l.a).ref, b: rec(l.b).ref, method: l.method as CompanyLinkMethod, confidence: round(l.score), explanation: l.explanation });
  }
  for (const l of result.refused) {
    const clash = idConflict(uf.members(l.a), uf.members(l.b));
    if (clash.length > 0 && l.method !== 'name-address' && l.method !== 'name-country') {
      rawConflicts.push({ a: l.a, b: l.b, reason: 'id-conflict', detail: `${l.explanation}; but different ${clash.join(', ')}` });
    }
  }

  // Keys.
  const out = assembleClusters({ uf, rec, contentKey, prefix: 'CK-', links, ambiguousRaw: result.ambiguous, rawConflicts, round });
  const clusters = out.clusters.map((c): CompanyCluster => ({ companyKey: c.key, refs: c.refs, confidence: c.confidence, methods: c.methods }));
  return { companyKey: out.keyByRef, clusters, links, ambiguous: out.ambiguous, conflicts: out.conflicts };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

const KEY_PRIORITY = ['SIREN:', 'VAT:', 'REG:', 'TAX:', 'SIRET:', 'SS:', 'OTHER:'];

function contentKey(members: readonly Prepared[]): string {
  for (const strongOnly of [true, false]) {
    for (const prefix of KEY_PRIORITY) {
      let best: string | null = null;
      for (const m of members) {
        for (const k of m.keys) {
          if (!k.key.startsWith(prefix) || (strongOnly && !k.strong)) continue;
          if (best === null || k.key < best) best = k.key;
        }
      }
      if (best !== null) return best;
    }
  }
  let best: string | null = null;
  for (const m of members) {
    const k = `NAME:${m.country ?? '?'}|${m.name.norm.key}|${m.name.norm.legalForm ?? ''}|${m.postal ?? m.town ?? ''}`;
    if (best === null || k < best) best = k;
  }
  return best ?? 'empty';
}
