/**
 * Person-name normalisation and comparison, for identity resolution across SEDs, declarations and certificates.
 *
 * The same name is written differently by different systems: diacritics dropped (`Wiśniewski` / `Wisniewski`),
 * upper case, Cyrillic or Greek script, family name and forename swapped, a compound family name shortened
 * (`García López` / `García`), particles (`van der`, `de la`, `D'`), a typing error. Everything here is a pure
 * function of its arguments.
 *
 * - `foldName`: NFKD, marks stripped, special letters (ß ø æ ł đ þ ı ...) spelled out, Cyrillic and Greek
 *   transliterated (ICAO 9303-like tables), lower case, punctuation/hyphens/apostrophes turned into spaces.
 * - `nameTokens`: the folded tokens, particles flagged.
 * - `nameKey` / `nameBlockingKeys`: order-independent phonetic-ish keys for blocking.
 * - `nameSimilarity`: 0..1 with the alignment used (direct / swapped) and readable explanation parts.
 */

// ---------------------------------------------------------------------------------------------------------------
// Folding

/** Letters NFKD does not decompose into a Latin base letter + marks. */
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss', ẞ: 'ss', ø: 'o', Ø: 'o', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', ð: 'd', Ð: 'd',
  þ: 'th', Þ: 'th', ı: 'i', ħ: 'h', Ħ: 'h', ŀ: 'l', Ŀ: 'l', ŧ: 't', Ŧ: 't', ĸ: 'k', ŋ: 'ng', Ŋ: 'ng', ſ: 's', ə: 'e',
  Ə: 'e', ǝ: 'e', ƒ: 'f', ɨ: 'i', ʉ: 'u', ȼ: 'c', ɇ: 'e', ɉ: 'j', ɍ: 'r', ɏ: 'y', ƀ: 'b', ƶ: 'z', ȥ: 'z',
};

/** Cyrillic (Russian, Ukrainian, Belarusian, Bulgarian, Serbian, Macedonian), ICAO 9303-like, lower case. */
const CYRILLIC: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g', д: 'd', ђ: 'd', ѓ: 'g', е: 'e', ё: 'e', є: 'ie', ж: 'zh', з: 'z', ѕ: 'dz',
  и: 'i', і: 'i', ї: 'i', й: 'i', ј: 'j', к: 'k', ќ: 'k', л: 'l', љ: 'lj', м: 'm', н: 'n', њ: 'nj', о: 'o', п: 'p',
  р: 'r', с: 's', т: 't', ћ: 'c', у: 'u', ў: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', џ: 'dz', ш: 'sh', щ: 'shch',
  ъ: 'ie', ы: 'y', ь: '', э: 'e', ю: 'iu', я: 'ia',
};

/** Greek (ELOT 743 / ICAO-like), lower case; digraphs first. */
const GREEK_DIGRAPHS: readonly (readonly [string, string])[] = [
  ['ου', 'ou'], ['αυ', 'av'], ['ευ', 'ev'], ['ηυ', 'iv'], ['γγ', 'ng'], ['γκ', 'gk'], ['γξ', 'nx'], ['γχ', 'nch'],
  ['μπ', 'mp'], ['ντ', 'nt'],
];
const GREEK: Readonly<Record<string, string>> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n', ξ: 'x',
  ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
};

const MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
const NON_ASCII_LETTER = /[^\x00-\x7f]/;

/**
 * A name folded to lower-case ASCII letters and digits separated by single spaces (letters of other scripts, which
 * have no table here, are kept as they are):
 * `Ł. Wiśniewski-Żak` → `l wisniewski zak`, `D'Angelo` → `d angelo`, `Παπαδόπουλος` → `papadopoulos`,
 * `Шевченко` → `shevchenko`. Empty string for null/blank input.
 */
export function foldName(s: string | null | undefined): string {
  if (!s) return '';
  const cached = foldCache.get(s);
  if (cached !== undefined) return cached;
  let t = s.normalize('NFKD').replace(MARKS, '').toLowerCase();
  if (NON_ASCII_LETTER.test(t)) t = transliterate(t);
  t = t.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  remember(foldCache, s, t);
  return t;
}

/** Names repeat a lot: small memo tables, emptied when they grow past a bound (pure: same answers either way). */
const foldCache = new Map<string, string>();
const phoneticCache = new Map<string, string>();
const CACHE_LIMIT = 200_000;

function remember(m: Map<string, string>, k: string, v: string): void {
  if (m.size >= CACHE_LIMIT) m.clear();
  m.set(k, v);
}

function transliterate(t: string): string {
  // Greek digraphs (marks are already stripped, so `ού` is `ου`).
  if (/[\u0370-\u03ff]/.test(t)) for (const [g, l] of GREEK_DIGRAPHS) t = t.split(g).join(l);
  let out = '';
  for (const ch of t) {
    if (ch.charCodeAt(0) < 128) {
      out += ch;
      continue;
    }
    out += SPECIAL_LETTERS[ch] ?? CYRILLIC[ch] ?? GREEK[ch] ?? (/\p{L}/u.test(ch) ? ch : ' ');
  }
  return out;
}

/** Particles: kept in the joined form of a name, but not required to match. */
const PARTICLES: ReadonlySet<string> = new Set([
  'a', 'af', 'al', 'av', 'd', 'da', 'das', 'de', 'degli', 'dei', 'del', 'della', 'delle', 'dello', 'den', 'der', 'des',
  'di', 'do', 'dos', 'du', 'e', 'el', 'het', 'l', 'la', 'las', 'le', 'les', 'lo', 'los', 'op', 's', 't', 'te', 'ten',
  'ter', 'van', 'vande', 'vander', 'vom', 'von', 'y', 'zu', 'zum', 'zur',
]);

export interface NameToken {
  text: string;
  particle: boolean;
}

/** The folded tokens of a name, with particles flagged. */
export function nameTokens(s: string | null | undefined): NameToken[] {
  const folded = foldName(s);
  if (folded === '') return [];
  return folded.split(' ').map((text) => ({ text, particle: PARTICLES.has(text) }));
}

// ---------------------------------------------------------------------------------------------------------------
// Phonetic-ish keys for blocking

/**
 * A crude, language-neutral phonetic skeleton of one folded token: German umlaut spellings collapsed
 * (`mueller` = `muller`), a few equivalent spellings merged (w/v, y/i, z/s, c/k, ph/f, th/t, x/ks), `h` after a
 * letter dropped, vowels after the first letter dropped, repeated letters collapsed.
 * `kowalczyk`, `kowalcyzk`, `KOWALCZYK` → `kvlksk`; `wisniewski` / `wiśniewski` → `vsnvsk`.
 */
export function phoneticCode(token: string): string {
  const cached = phoneticCache.get(token);
  if (cached !== undefined) return cached;
  const code = computePhoneticCode(token);
  remember(phoneticCache, token, code);
  return code;
}

function computePhoneticCode(token: string): string {
  let t = token.replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u');
  t = t
    .replace(/ph/g, 'f')
    .replace(/sch/g, 's')
    .replace(/ck/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/[cq]/g, 'k')
    .replace(/w/g, 'v')
    .replace(/y/g, 'i')
    .replace(/z/g, 's')
    .replace(/j/g, 'i');
  if (t.length === 0) return t;
  const first = t.charAt(0);
  let rest = t.slice(1).replace(/h/g, '').replace(/[aeiou]/g, '');
  rest = rest.replace(/(.)\1+/g, '$1');
  let code = first + rest;
  code = code.replace(/(.)\1+/g, '$1');
  return code;
}

function significant(tokens: readonly NameToken[]): string[] {
  const sig = tokens.filter((t) => !t.particle).map((t) => t.text);
  return sig.length > 0 ? sig : tokens.map((t) => t.text);
}

/**
 * A blocking key for a person name: the sorted phonetic codes of the significant tokens of both parts, so that
 * case, diacritics, script, punctuation, particles and a swap of family name and forename give the same key.
 * `nameKey('Wiśniewski', 'Łukasz') === nameKey('LUKASZ', 'WISNIEWSKI')`.
 */
export function nameKey(family: string | null | undefined, forename: string | null | undefined): string {
  return nameKeys(family, forename).key;
}

/** The distinct phonetic codes of the significant tokens of a name (one blocking key each), sorted. */
export function nameBlockingKeys(family: string | null | undefined, forename: string | null | undefined): string[] {
  return nameKeys(family, forename).codes;
}

/** `nameKey` and `nameBlockingKeys` in one pass. */
export function nameKeys(family: string | null | undefined, forename: string | null | undefined): { key: string; codes: string[] } {
  const all = [...significant(nameTokens(family)), ...significant(nameTokens(forename))].map(phoneticCode).sort();
  const codes: string[] = [];
  for (const c of all) if (c.length > 0 && codes[codes.length - 1] !== c) codes.push(c);
  return { key: all.join(' '), codes };
}

// ---------------------------------------------------------------------------------------------------------------
// String similarity

/** Jaro-Winkler similarity (prefix scale 0.1, prefix up to 4), 0..1. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const ma = new Uint8Array(la);
  const mb = new Uint8Array(lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (mb[j] === 1 || a.charCodeAt(i) !== b.charCodeAt(j)) continue;
      ma[i] = 1;
      mb[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (ma[i] !== 1) continue;
    while (mb[k] !== 1) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) t++;
    k++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - t / 2) / m) / 3;
  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Damerau-Levenshtein distance (optimal string alignment: insert, delete, substitute, swap neighbours). */
export function damerauLevenshtein(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0) return lb;
  if (lb === 0) return la;
  let prev2 = new Array<number>(lb + 1).fill(0);
  let prev = Array.from({ length: lb + 1 }, (_, j) => j);
  let cur = new Array<number>(lb + 1).fill(0);
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur[j] = v;
    }
    const tmp = prev2;
    prev2 = prev;
    prev = cur;
    cur = tmp;
  }
  return prev[lb] ?? 0;
}

function collapseUmlautSpellings(t: string): string {
  return t.replace(/([a-z])(ae|oe|ue)/g, (_, c: string, d: string) => c + d.charAt(0));
}

/**
 * Similarity of two folded tokens, 0..1: the mean of Jaro-Winkler and the normalised Damerau-Levenshtein
 * similarity (JW alone is too lenient on short names: `jan`/`jana`), the better of the plain and the
 * umlaut-collapsed spellings (`mueller`/`muller`); an initial matches a name it starts (0.8).
 */
export function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  if (a.length === 1 || b.length === 1) {
    const [s, l] = a.length === 1 ? [a, b] : [b, a];
    return l.startsWith(s) ? 0.8 : 0;
  }
  const plain = rawSimilarity(a, b);
  if (plain === 1) return 1;
  const ca = collapseUmlautSpellings(a);
  const cb = collapseUmlautSpellings(b);
  if (ca === a && cb === b) return plain;
  if (ca === cb) return 0.98;
  return Math.max(plain, rawSimilarity(ca, cb));
}

function rawSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const jw = jaroWinkler(a, b);
  // One letter dropped, doubled or two neighbours swapped is a typing error even in a short name (`joao`/`jao`).
  const floor = Math.min(a.length, b.length) >= 3 && oneSlip(a, b) ? 0.85 : 0;
  if (jw < 0.6) return Math.max(floor, jw * 0.8);
  const dl = 1 - damerauLevenshtein(a, b) / Math.max(a.length, b.length);
  return Math.max(floor, (jw + Math.max(0, dl)) / 2);
}

/** True when `b` is `a` with one letter inserted or deleted, or two neighbouring letters swapped. */
function oneSlip(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) === 1) {
    const [s, l] = a.length < b.length ? [a, b] : [b, a];
    let i = 0;
    while (i < s.length && s.charCodeAt(i) === l.charCodeAt(i)) i++;
    return s.slice(i) === l.slice(i + 1);
  }
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i < a.length - 1 && a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i) && a.slice(i + 2) === b.slice(i + 2);
}

// ---------------------------------------------------------------------------------------------------------------
// Name parts

/** One part of a name (family name or forename), prepared for comparison. */
export interface NamePart {
  /** The original text. */
  raw: string;
  /** All folded tokens. */
  tokens: readonly string[];
  /** Tokens that are not particles (all tokens when every one is a particle). */
  significant: readonly string[];
  /** True when every token is a particle (`Van`). */
  onlyParticles: boolean;
  /** All tokens concatenated (`vandenbossche`, `dangelo`). */
  joined: string;
}

export function namePart(raw: string | null | undefined): NamePart | null {
  const tokens = nameTokens(raw);
  if (tokens.length === 0 || raw == null) return null;
  const sig = tokens.filter((t) => !t.particle).map((t) => t.text);
  const all = tokens.map((t) => t.text);
  return { raw, tokens: all, significant: sig.length > 0 ? sig : all, onlyParticles: sig.length === 0, joined: all.join('') };
}

export interface PartSimilarity {
  score: number;
  /** `equal`, `spelling` (case, diacritics, script, punctuation), `compound` (one part contains the other), `fuzzy`. */
  kind: 'equal' | 'spelling' | 'compound' | 'fuzzy';
}

/** Similarity of two name parts: the better of a token alignment and a comparison of the joined strings. */
export function partSimilarity(a: NamePart, b: NamePart): PartSimilarity {
  if (a.joined === b.joined) return { score: 1, kind: a.raw === b.raw ? 'equal' : 'spelling' };
  // A canonical order makes the greedy alignment (and so the score) symmetric.
  const [x, y] = a.joined < b.joined ? [a, b] : [b, a];
  const xs = x.significant;
  const ys = y.significant;
  // Token alignment: greedy, best pairs first.
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < xs.length; i++) {
    for (let j = 0; j < ys.length; j++) {
      const s = tokenSimilarity(xs[i] ?? '', ys[j] ?? '');
      if (s >= 0.75) pairs.push([s, i, j]);
    }
  }
  pairs.sort((p, q) => q[0] - p[0] || p[1] - q[1] || p[2] - q[2]);
  const usedX = new Uint8Array(xs.length);
  const usedY = new Uint8Array(ys.length);
  let matched = 0;
  let count = 0;
  for (const [s, i, j] of pairs) {
    if (usedX[i] === 1 || usedY[j] === 1) continue;
    usedX[i] = 1;
    usedY[j] = 1;
    matched += s;
    count++;
  }
  const small = Math.min(xs.length, ys.length);
  let align = small === 0 ? 0 : matched / small;
  const compound = xs.length !== ys.length && count === small;
  if (xs.length !== ys.length) align *= 0.95;
  if ((xs.length < ys.length ? x.onlyParticles : y.onlyParticles) && xs.length !== ys.length) align *= 0.85;
  // Joined strings, when the two are cut into tokens differently (`Vandenbossche` / `van den Bossche`, a typo
  // in a compound) or are single tokens; with the same number of tokens on both sides the alignment decides
  // (else `garcialopez` / `garcianunez` would look alike) unless they differ by one edit.
  let joined = 0;
  if (x.tokens.length === y.tokens.length && x.tokens.length > 1) {
    // Same number of tokens: the joined strings count only for a single edit (`grzegorczyk ak` / `grzegorczyk zak`).
    if (damerauLevenshtein(x.joined, y.joined) <= 1) joined = rawSimilarity(x.joined, y.joined);
  } else {
    joined = rawSimilarity(x.joined, y.joined);
    // A shortened compound whose first part was kept (`vandenbossche` / `van`).
    if (joined < 0.85 && Math.min(x.joined.length, y.joined.length) >= 3) {
      const [s, l] = x.joined.length < y.joined.length ? [x.joined, y.joined] : [y.joined, x.joined];
      if (l.startsWith(s) && x.tokens.length !== y.tokens.length) joined = 0.85;
    }
  }
  const score = Math.max(align, joined);
  const kind: PartSimilarity['kind'] = compound && align >= joined && align >= 0.85 ? 'compound' : 'fuzzy';
  return { score: Math.min(1, score), kind };
}

// ---------------------------------------------------------------------------------------------------------------
// Full-name similarity

export interface PersonName {
  familyName: string | null | undefined;
  forename: string | null | undefined;
}

/** A name prepared once for many comparisons. */
export interface PreparedName {
  family: NamePart | null;
  forename: NamePart | null;
}

export function prepareName(n: PersonName): PreparedName {
  return { family: namePart(n.familyName), forename: namePart(n.forename) };
}

export interface NameSimilarity {
  /** 0..1. */
  score: number;
  /** How the parts were aligned: `direct`, `swapped` (family name ↔ forename), or `none` (nothing comparable). */
  alignment: 'direct' | 'swapped' | 'none';
  /** Similarity of the aligned family names / forenames (null when one side lacks that part). */
  family: number | null;
  forename: number | null;
  /** Readable explanation parts, e.g. `family name: spelling differs (case, diacritics, script)`. */
  parts: string[];
}

const FAMILY_WEIGHT = 0.55;
const FORENAME_WEIGHT = 0.45;
const SWAP_FACTOR = 0.98;

function combine(f: number | null, g: number | null): number {
  if (f === null && g === null) return 0;
  if (f === null) return (g ?? 0) * 0.8;
  if (g === null) return f * 0.9;
  const avg = FAMILY_WEIGHT * f + FORENAME_WEIGHT * g;
  // A clearly different part is not compensated by an equal one.
  return Math.max(0, avg - Math.max(0, 0.85 - Math.min(f, g)));
}

function describe(label: string, s: PartSimilarity | null): string | null {
  if (s === null) return `${label}: missing on one side`;
  switch (s.kind) {
    case 'equal':
      return null;
    case 'spelling':
      return `${label}: spelling differs (case, diacritics, script, punctuation)`;
    case 'compound':
      return `${label}: compound name shortened (${s.score.toFixed(2)})`;
    default:
      return `${label}: similar (${s.score.toFixed(2)})`;
  }
}

function sim(x: NamePart | null, y: NamePart | null): PartSimilarity | null {
  return x === null || y === null ? null : partSimilarity(x, y);
}

/** Similarity of two prepared names (see `nameSimilarity`). */
export function preparedNameSimilarity(a: PreparedName, b: PreparedName): NameSimilarity {
  const fam = sim(a.family, b.family);
  const fore = sim(a.forename, b.forename);
  const direct = combine(fam?.score ?? null, fore?.score ?? null);
  let best: NameSimilarity = {
    score: direct,
    alignment: fam === null && fore === null ? 'none' : 'direct',
    family: fam?.score ?? null,
    forename: fore?.score ?? null,
    parts: [],
  };
  if (direct < 1 && a.family && a.forename && b.family && b.forename) {
    const sf = partSimilarity(a.family, b.forename);
    const sg = partSimilarity(a.forename, b.family);
    // Which side's family name is "the" family name is arbitrary here: average both weightings (symmetric).
    const swapped = ((combine(sf.score, sg.score) + combine(sg.score, sf.score)) / 2) * SWAP_FACTOR;
    if (swapped > direct) {
      const parts = ['family name and forename swapped'];
      const d1 = describe('family name', sf);
      const d2 = describe('forename', sg);
      if (d1) parts.push(d1);
      if (d2) parts.push(d2);
      return { score: swapped, alignment: 'swapped', family: sf.score, forename: sg.score, parts };
    }
  }
  const parts: string[] = [];
  const d1 = describe('family name', fam);
  const d2 = describe('forename', fore);
  if (d1) parts.push(d1);
  if (d2) parts.push(d2);
  best = { ...best, parts };
  return best;
}

/**
 * Similarity of two person names, 0..1, tolerant to case, diacritics, script (Cyrillic, Greek), punctuation,
 * particles, a swap of family name and forename (×0.98), a shortened compound name (×0.95 on that part) and typing
 * errors (Jaro-Winkler and Damerau-Levenshtein on folded tokens). Family name weighs 0.55, forename 0.45; a part
 * below 0.85 costs the difference again, so an equal family name does not make up for a different forename.
 */
export function nameSimilarity(a: PersonName, b: PersonName): NameSimilarity {
  return preparedNameSimilarity(prepareName(a), prepareName(b));
}
