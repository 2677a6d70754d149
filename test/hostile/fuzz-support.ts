/**
 * Structured fast-check arbitraries for the fuzzers: start from valid documents and mutate them
 * (drop, duplicate, rename fields; change types; insert unicode, control characters, deep nesting;
 * corrupt XML markup), plus the property every reader must keep.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { isRejection, RejectionCodes } from '../../core/errors.js';
import { prepareMessage } from '../../core/ingest/prepare.js';
import type { PreparedMessage } from '../../core/ingest/types.js';
import { HOSTILE_LIMITS } from '../support/hostile-corpus.js';

/** Far above any honest document, far below a blow-up (see corpus.test.ts). */
export const MAX_MS = 5_000;
/** The longest text a stored record may hold (EESSIVeryLongStringType and the JSON readers' limit). */
const MAX_STORED_STRING = 500;

const KNOWN_CODES = new Set<string>(Object.values(RejectionCodes));

// ---------------------------------------------------------------------------------------------
// Values.

const controlChar = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
const lone = fc.constantFrom('\ud800', '\udfff', '\udbff');
const specialText = fc.constantFrom(
  '', ' ', '2024-02-30', '2023-02-29', '2000-02-29', '1985-13-01', '0000-00-00', '2024-02-29T25:61:00Z', '9999-12-31',
  '__proto__', 'constructor', "Robert'); DROP TABLE seds;--", '=1+2', '@SUM(A1)', '-1', '+1', '\t=1',
  'ja', 'nei', 'true', 'false', '01', '02', 'ZZ', 'EL', 'UK', 'XK', 'A009', '12_1', '13_1_b_i', 'M', 'F', 'U',
  '&amp;', '&lt;', '<x/>', ']]>', '\u202e', '\ufeff', '\ufffd', '😀', 'Müller', 'Ωμέγα',
);
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 3, arbitrary: specialText },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(controlChar, lone, fc.string({ maxLength: 3 })), { maxLength: 6 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.integer({ min: 400, max: 3_000 }).map((n) => 'L'.repeat(n)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: 1800, max: 2300 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  },
);

function nested(depth: number, leaf: unknown, array: boolean): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = array ? [v] : { n: v };
  return v;
}

/** Any JSON value, biased towards what breaks readers. */
export const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, 2 ** 53 + 1) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom({}, [], [null], [{}], { value: [] }, { value: ['02'] }, { value: '01' }) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 120 }), text, fc.boolean()).map(([d, leaf, arr]) => nested(d, leaf, arr)) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), text, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.array(text, { maxLength: 4 }) },
);

// ---------------------------------------------------------------------------------------------
// Structured JSON mutations.

type Json = unknown;
type Path = Array<string | number>;

/** Every path to an object or array in `v` (the root is `[]`). */
export function containerPaths(v: Json, here: Path = [], out: Path[] = []): Path[] {
  if (typeof v !== 'object' || v === null) return out;
  out.push(here);
  if (Array.isArray(v)) v.forEach((c, i) => containerPaths(c, [...here, i], out));
  else for (const [k, c] of Object.entries(v)) containerPaths(c, [...here, k], out);
  return out;
}

function get(v: Json, p: Path): Json {
  let cur = v;
  for (const k of p) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string | number, Json>)[k];
  }
  return cur;
}

export type JsonMutation =
  | { op: 'drop'; at: number; pick: number }
  | { op: 'set'; at: number; pick: number; value: unknown }
  | { op: 'add'; at: number; key: string; value: unknown }
  | { op: 'rename'; at: number; pick: number; to: string }
  | { op: 'copy'; at: number; pick: number; to: number };

const keyName = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('sed', 'nav', 'medlemskap', 'sedHendelse', 'declarationId', 'certificateNumber', 'A009', 'A001', 'X008', 'person', 'workers', 'value', 'Person', '#text', 'toString', 'hasOwnProperty', '__proto__'),
);

export const jsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat(), pick: fc.nat() }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), pick: fc.nat(), value: jsonValue }),
  fc.record({ op: fc.constant('add' as const), at: fc.nat(), key: keyName, value: jsonValue }),
  fc.record({ op: fc.constant('rename' as const), at: fc.nat(), pick: fc.nat(), to: keyName }),
  fc.record({ op: fc.constant('copy' as const), at: fc.nat(), pick: fc.nat(), to: fc.nat() }),
);

/** Apply mutations to a deep copy of `doc`. Paths are chosen among the containers that exist at each step. */
export function mutateJson(doc: Json, mutations: readonly JsonMutation[]): Json {
  const root = structuredClone(doc);
  for (const m of mutations) {
    const paths = containerPaths(root);
    const target = get(root, paths[m.at % paths.length] ?? []);
    if (typeof target !== 'object' || target === null) continue;
    const t = target as Record<string | number, unknown>;
    const keys = Array.isArray(target) ? target.map((_, i) => i) : Object.keys(target);
    const key = keys.length === 0 ? undefined : keys[('pick' in m ? m.pick : 0) % keys.length];
    switch (m.op) {
      case 'drop':
        if (key === undefined) break;
        if (Array.isArray(target)) target.splice(key as number, 1);
        else delete t[key];
        break;
      case 'set':
        if (key !== undefined) t[key] = structuredClone(m.value);
        break;
      case 'add':
        if (Array.isArray(target)) target.push(structuredClone(m.value));
        else Object.defineProperty(t, m.key, { value: structuredClone(m.value), enumerable: true, writable: true, configurable: true });
        break;
      case 'rename':
        if (key === undefined || Array.isArray(target)) break;
        Object.defineProperty(t, m.to, { value: t[key], enumerable: true, writable: true, configurable: true });
        if (m.to !== key) delete t[key];
        break;
      case 'copy': {
        // Another container's value copied in (a person where an address belongs...).
        const from = get(root, paths[m.to % paths.length] ?? []);
        if (key !== undefined && from !== root) t[key] = structuredClone(from);
        break;
      }
    }
  }
  return root;
}

/** Text-level corruption after serialisation: duplicate a key, splice characters, cut. */
export type TextMutation =
  | { op: 'none' }
  | { op: 'splice'; at: number; remove: number; insert: string }
  | { op: 'truncate'; at: number }
  | { op: 'duplicate-key'; at: number };

export const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ op: 'none' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('splice' as const),
      at: fc.nat(),
      remove: fc.nat({ max: 8 }),
      insert: fc.oneof(text, fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', '\\u0000', '\\ud800', '<!DOCTYPE x>', '&x;', ']]>')),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate-key' as const), at: fc.nat() }) },
);

export function mutateText(s: string, m: TextMutation): string {
  switch (m.op) {
    case 'none':
      return s;
    case 'splice': {
      const at = m.at % (s.length + 1);
      return s.slice(0, at) + m.insert + s.slice(at + m.remove);
    }
    case 'truncate':
      return s.slice(0, m.at % (s.length + 1));
    case 'duplicate-key': {
      // Repeat one `"key":` right after itself with a null value: `"k":null,"k":...`.
      const keys = [...s.matchAll(/"((?:[^"\\]|\\.)*)"\s*:/g)];
      if (keys.length === 0) return s;
      const k = keys[m.at % keys.length];
      if (k === undefined) return s;
      return `${s.slice(0, k.index)}"${k[1] ?? ''}":null,${s.slice(k.index)}`;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Structured XML mutations (on the text: the parser's own leniency is part of what is tested).

export type XmlMutation =
  | { op: 'text'; at: number; value: string; escape: boolean }
  | { op: 'drop-element'; at: number }
  | { op: 'duplicate-element'; at: number }
  | { op: 'rename-element'; at: number; to: string; both: boolean }
  | { op: 'insert'; at: number; fragment: string }
  | { op: 'namespace'; to: string }
  | { op: 'text-mutation'; m: TextMutation };

const xmlFragment = fc.oneof(
  fc.constantFrom(
    '<!DOCTYPE r>', '<!ENTITY e "x">', '&e;', '&amp;', '&#0;', '&#xD800;', '&#x1F600;', '<![CDATA[<a>]]>', '<!-- c -->', '<?pi x?>',
    '<a b="1" b="2"/>', '<a b="<"/>', '</x>', '<x>', '<x:y/>', '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd"/>',
    '\u0000', '\u001b', '\ud800', '\ufffe',
  ),
  fc.integer({ min: 1, max: 200 }).map((n) => '<a>'.repeat(n) + '</a>'.repeat(n)),
  fc.integer({ min: 1, max: 3_000 }).map((n) => `<a ${'x'.repeat(n)}="1"/>`),
  text,
);

export const xmlMutation: fc.Arbitrary<XmlMutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('text' as const), at: fc.nat(), value: text, escape: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('drop-element' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate-element' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rename-element' as const), at: fc.nat(), to: fc.oneof(keyName, fc.constantFrom('familyName', 'dateBirth', 'value', 'x:familyName')), both: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), fragment: xmlFragment }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('namespace' as const),
      to: fc.constantFrom('http://ec.europa.eu/eessi/ns/4_4/A001', 'http://ec.europa.eu/eessi/ns/3_2/A009', 'http://ec.europa.eu/eessi/ns/4_0/A009', 'urn:x', ''),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('text-mutation' as const), m: textMutation }) },
);

const LEAF_RE = /<((?:\w+:)?\w+)>([^<]*)<\/\1>/g;

function escapeXml(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function mutateXml(xml: string, m: XmlMutation): string {
  const leaves = (): RegExpExecArray[] => [...xml.matchAll(LEAF_RE)];
  switch (m.op) {
    case 'text': {
      const all = leaves();
      const leaf = all[m.at % Math.max(1, all.length)];
      if (leaf === undefined) return xml;
      const v = m.escape ? escapeXml(m.value) : m.value;
      return `${xml.slice(0, leaf.index)}<${leaf[1]}>${v}</${leaf[1]}>${xml.slice(leaf.index + leaf[0].length)}`;
    }
    case 'drop-element':
    case 'duplicate-element': {
      const all = leaves();
      const leaf = all[m.at % Math.max(1, all.length)];
      if (leaf === undefined) return xml;
      const insert = m.op === 'drop-element' ? '' : leaf[0] + leaf[0];
      return xml.slice(0, leaf.index) + insert + xml.slice(leaf.index + leaf[0].length);
    }
    case 'rename-element': {
      const all = leaves();
      const leaf = all[m.at % Math.max(1, all.length)];
      if (leaf === undefined) return xml;
      const close = m.both ? m.to : leaf[1];
      return `${xml.slice(0, leaf.index)}<${m.to}>${leaf[2] ?? ''}</${close}>${xml.slice(leaf.index + leaf[0].length)}`;
    }
    case 'insert': {
      // Between two tags, so the fragment lands in element content.
      const gaps = [...xml.matchAll(/>\s*</g)];
      const gap = gaps[m.at % Math.max(1, gaps.length)];
      if (gap === undefined) return xml + m.fragment;
      return xml.slice(0, gap.index + 1) + m.fragment + xml.slice(gap.index + 1);
    }
    case 'namespace':
      return xml.replace(/"http:\/\/ec\.europa\.eu\/eessi\/ns\/[^"]*"/, JSON.stringify(m.to));
    case 'text-mutation':
      return mutateText(xml, m.m);
  }
}

// ---------------------------------------------------------------------------------------------
// The property.

function strings(v: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 50) return out;
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out, depth + 1);
  else if (typeof v === 'object' && v !== null && !Buffer.isBuffer(v)) for (const x of Object.values(v)) strings(x, out, depth + 1);
  return out;
}

/**
 * The property every entry point keeps: the outcome is a rejection with a known, expected code
 * (never READER_FAILED: a reader crashed) or a record whose text PostgreSQL can store; the same
 * input gives the same outcome; the time is bounded. Returns the outcome.
 */
export function checkMessage(body: Buffer, headers: Record<string, string> = {}): PreparedMessage {
  const message = { source: 'test' as const, topic: null, partition: null, offset: null, key: null, headers, body };
  const start = performance.now();
  const p = prepareMessage(message, HOSTILE_LIMITS);
  expect(performance.now() - start).toBeLessThan(MAX_MS);
  if (p.outcome.type === 'rejected') {
    const { code, message: msg, path } = p.outcome.rejection;
    expect(KNOWN_CODES.has(code)).toBe(true);
    expect(code === RejectionCodes.READER_FAILED ? msg : code).not.toBe(RejectionCodes.READER_FAILED);
    // dead_letters.error_message/error_path are text: U+0000 would fail the insert. (An unpaired
    // surrogate, e.g. V8 quoting half an emoji in a JSON syntax error, is stored as U+FFFD.)
    expect(`${msg}${path ?? ''}`.includes('\u0000')).toBe(false);
  } else {
    // Records go to jsonb, which refuses U+0000 and unpaired surrogates alike.
    for (const s of strings(p.outcome)) {
      expect(/\u0000|\p{Cs}/u.test(s)).toBe(false);
      expect(s.length).toBeLessThanOrEqual(MAX_STORED_STRING * 4); // notes quote a few clipped values
    }
    const fields = p.outcome.type === 'sed' ? p.outcome.sed.content : p.outcome.type === 'declaration' ? p.outcome.declaration : p.outcome.certificate;
    for (const s of strings(fields)) expect(s.length).toBeLessThanOrEqual(MAX_STORED_STRING);
  }
  // Deterministic: the same bytes give the same outcome.
  expect(JSON.stringify(prepareMessage(message, HOSTILE_LIMITS).outcome)).toBe(JSON.stringify(p.outcome));
  return p;
}

/** Call a reader directly: it returns, or throws a RejectionError with a known code; nothing else. */
export function expectOnlyRejections(read: () => unknown): void {
  try {
    read();
  } catch (err) {
    if (!isRejection(err)) throw err;
    expect(KNOWN_CODES.has(err.code)).toBe(true);
  }
}
