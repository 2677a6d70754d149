/**
 * Hand-made bad messages, one per kind, with the stable code each must be rejected with.
 * Tests run them with `BAD_INPUT_LIMITS` (a 512 KiB document limit keeps the oversized one
 * under Kafka's default 1 MB message size).
 */
import type { RejectionCode } from '../../core/errors.js';

export interface BadInput {
  name: string;
  body: Buffer;
  headers?: Record<string, string>;
  code: RejectionCode;
}

export const BAD_INPUT_LIMITS = { maxBytes: 512 * 1024, maxDepth: 64 };

const NS = 'http://ec.europa.eu/eessi/ns/4_4/A009';
const NAV_OK = {
  sed: 'A009', sedGVer: '4', sedVer: '1',
  nav: { bruker: { person: { fornavn: 'Ola', etternavn: 'Nordmann', foedselsdato: '1980-01-01', kjoenn: 'M' } } },
  medlemskap: { vedtak: { land: 'NO', gjelderperiode: { startdato: '2024-01-01', sluttdato: '2024-06-30' }, artikkelforordning: '12_1' } },
};
const DECL_OK = {
  declarationId: 'SIPSI-BAD-1', version: 1, status: 'active', hostCountry: 'FR',
  postingUndertaking: { name: 'Firma', country: 'DE', ids: [] },
  startDate: '2024-04-01', endDate: '2024-09-30',
  workers: [{ familyName: 'Müller', forename: 'Jan', birthDate: '1985-02-11' }],
};

function json(v: unknown): Buffer {
  return Buffer.from(JSON.stringify(v), 'utf8');
}
function text(s: string): Buffer {
  return Buffer.from(s, 'utf8');
}
function nested(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}
function patch<T>(base: T, f: (o: T) => void): T {
  const copy = structuredClone(base);
  f(copy);
  return copy;
}

export const BAD_INPUTS: BadInput[] = [
  { name: 'empty body', body: Buffer.alloc(0), code: 'EMPTY' },
  { name: 'only whitespace', body: text('   \n  '), code: 'EMPTY' },
  { name: 'over the size limit', body: text(`{"sed":"A009","pad":"${'x'.repeat(600 * 1024)}"}`), code: 'TOO_LARGE' },
  { name: 'invalid UTF-8', body: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), code: 'ENCODING_INVALID' },
  { name: 'UTF-16 BOM', body: Buffer.from([0xff, 0xfe, 0x3c, 0x00, 0x41, 0x00]), code: 'ENCODING_INVALID' },
  { name: 'XML declared ISO-8859-1', body: text(`<?xml version="1.0" encoding="ISO-8859-1"?><A009 xmlns="${NS}"/>`), code: 'ENCODING_INVALID' },
  { name: 'plain text', body: text('hello, this is not a SED'), code: 'SHAPE_UNKNOWN' },
  { name: 'JSON array', body: text('[1,2,3]'), code: 'SHAPE_UNKNOWN' },
  { name: 'JSON number', body: text('42'), code: 'SHAPE_UNKNOWN' },
  { name: 'JSON object of no known shape', body: json({ hello: 'world' }), code: 'SHAPE_UNKNOWN' },
  { name: 'truncated XML', body: text(`<A009 xmlns="${NS}" sedGVer="4" sedVer="4"><Person><familyName>X`), code: 'XML_MALFORMED' },
  { name: 'mismatched XML tags', body: text(`<A009 xmlns="${NS}"><a></b></A009>`), code: 'XML_MALFORMED' },
  { name: 'two XML roots', body: text(`<A009 xmlns="${NS}"></A009><A009 xmlns="${NS}"></A009>`), code: 'XML_MALFORMED' },
  { name: 'undeclared HTML entity', body: text(`<A009 xmlns="${NS}"><x>&nbsp;</x></A009>`), code: 'XML_MALFORMED' },
  { name: 'DOCTYPE', body: text(`<!DOCTYPE A009><A009 xmlns="${NS}"/>`), code: 'XML_DTD_FORBIDDEN' },
  { name: 'external entity (XXE)', body: text(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><A009 xmlns="${NS}">&x;</A009>`), code: 'XML_DTD_FORBIDDEN' },
  { name: 'entity expansion (billion laughs)', body: text(`<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><A009 xmlns="${NS}">&b;</A009>`), code: 'XML_DTD_FORBIDDEN' },
  { name: 'wrong XML namespace', body: text('<A009 xmlns="http://example.com/A009"><x/></A009>'), code: 'XML_NAMESPACE_UNKNOWN' },
  { name: 'XML without namespace', body: text('<A009><x/></A009>'), code: 'XML_NAMESPACE_UNKNOWN' },
  { name: 'root differs from namespace SED', body: text(`<A001 xmlns="${NS}"><x/></A001>`), code: 'XML_NAMESPACE_UNKNOWN' },
  { name: 'truncated JSON', body: text('{"sed": "A009", "nav": {'), code: 'JSON_MALFORMED' },
  { name: 'JSON trailing comma', body: text('{"sed": "A009",}'), code: 'JSON_MALFORMED' },
  { name: 'JSON duplicate key', body: text('{"sed": "A009", "sed": "A003", "nav": {}}'), code: 'JSON_DUPLICATE_KEY' },
  { name: 'JSON __proto__ key', body: text('{"sed": "A009", "nav": {"__proto__": {"polluted": true}}}'), code: 'JSON_FORBIDDEN_KEY' },
  { name: 'JSON constructor key', body: text('{"declarationId": "D1", "constructor": {"prototype": {}}}'), code: 'JSON_FORBIDDEN_KEY' },
  { name: 'JSON nested 100 deep', body: text(nested(100)), code: 'TOO_DEEP' },
  { name: 'XML nested 100 deep', body: text(`<A009 xmlns="${NS}">${'<a>'.repeat(100)}${'</a>'.repeat(100)}</A009>`), code: 'TOO_DEEP' },
  { name: 'NAV without person', body: json(patch(NAV_OK, (o) => { o.nav = { bruker: {} } as typeof o.nav; })), code: 'FIELD_MISSING' },
  { name: 'declaration without start date', body: json(patch(DECL_OK, (o) => { delete (o as Partial<typeof o>).startDate; })), code: 'FIELD_MISSING' },
  { name: 'impossible birth date 2024-02-30', body: json(patch(NAV_OK, (o) => { o.nav.bruker.person.foedselsdato = '2024-02-30'; })), code: 'DATE_INVALID' },
  { name: 'declaration ending before it starts', body: json(patch(DECL_OK, (o) => { o.endDate = '2024-01-01'; })), code: 'DATE_INVALID' },
  { name: 'unknown country code', body: json(patch(NAV_OK, (o) => { o.medlemskap.vedtak.land = 'ZZ'; })), code: 'CODE_UNKNOWN' },
  { name: 'unknown sex code', body: json(patch(NAV_OK, (o) => { o.nav.bruker.person.kjoenn = 'X'; })), code: 'CODE_UNKNOWN' },
  { name: 'unknown certificate kind', body: json({ certificateNumber: 'C-1', kind: 'Z9', issueType: 'initial', issuedAt: '2024-01-01' }), code: 'CODE_UNKNOWN' },
  { name: 'oversized name', body: json(patch(DECL_OK, (o) => { o.postingUndertaking.name = 'N'.repeat(600); })), code: 'FIELD_TOO_LONG' },
];
