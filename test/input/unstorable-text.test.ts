/**
 * Text PostgreSQL cannot hold (U+0000; unpaired surrogates in jsonb) is refused by the readers
 * with CHARACTER_INVALID, never left to fail the database insert of a whole batch; deep JSON is
 * refused before V8's slow deep parse; NAV JSON fields are length-limited like the other readers.
 */
import { describe, expect, it } from 'vitest';
import { classifyMessage } from '../../core/input/classify.js';
import { clip } from '../../core/input/fields.js';
import { parseJsonStrict } from '../../core/input/safe-json.js';
import { parseEessiXml } from '../../core/sed/eessi/parse-xml.js';
import { readNavJson } from '../../core/sed/nav/read-nav.js';
import { codeOf, utf8 } from './helpers.js';

const NS = 'http://ec.europa.eu/eessi/ns/4_4/A009';

describe('parseJsonStrict: \\u escapes', () => {
  it.each([
    ['an escaped NUL in a value', '{"a":"x\\u0000y"}'],
    ['an escaped NUL in a key', '{"\\u0000":1}'],
    ['a lone high surrogate', '{"a":"\\ud800"}'],
    ['a lone low surrogate', '{"a":"\\udc00x"}'],
    ['a high surrogate followed by text', '{"a":"\\uD83Dx\\uDE00"}'],
    ['two high surrogates', '{"a":"\\ud83d\\ud83d"}'],
    ['a backslash run then a real escape', '{"a":"\\\\\\u0000"}'],
  ])('refuses %s', (_name, text) => {
    expect(codeOf(() => parseJsonStrict(text))).toBe('CHARACTER_INVALID');
  });

  it.each([
    ['a surrogate pair', '{"a":"\\ud83d\\ude00"}', '😀'],
    ['an escaped backslash before u0000 (text, not an escape)', '{"a":"\\\\u0000"}', '\\u0000'],
    ['other escapes', '{"a":"\\u0041\\u00e9\\u001b"}', 'Aé\u001b'],
  ])('accepts %s', (_name, text, value) => {
    expect(parseJsonStrict(text)).toEqual({ a: value });
  });

  it('is checked before duplicate keys, whose message would quote the NUL', () => {
    expect(codeOf(() => parseJsonStrict('{"\\u0000":1,"\\u0000":2}'))).toBe('CHARACTER_INVALID');
  });

  it('refuses deep nesting before parsing, even when the text is malformed after it', () => {
    expect(codeOf(() => parseJsonStrict('['.repeat(100_000)))).toBe('TOO_DEEP');
  });

  it('stays linear on long runs of backslashes', () => {
    const text = `{"a":"${'\\\\'.repeat(200_000)}\\u0041"}`;
    expect(parseJsonStrict(text)).toEqual({ a: `${'\\'.repeat(200_000)}A` });
  });

  it('keeps JSON_MALFORMED for a key with a broken escape on malformed text', () => {
    expect(codeOf(() => parseJsonStrict('{"a\\x":1'))).toBe('JSON_MALFORMED');
  });
});

describe('XML: characters XML 1.0 forbids', () => {
  it.each([
    ['NUL', '\u0000', 'CHARACTER_INVALID'],
    ['an unpaired surrogate', '\ud800', 'CHARACTER_INVALID'],
    ['ESC', '\u001b', 'XML_MALFORMED'],
    ['U+FFFE', '\ufffe', 'XML_MALFORMED'],
  ])('%s in text', (_name, ch, code) => {
    expect(codeOf(() => parseEessiXml(`<A009 xmlns="${NS}"><x>a${ch}b</x></A009>`))).toBe(code);
  });

  it('accepts an emoji (a surrogate pair) and tab/CR/LF', () => {
    const parsed = parseEessiXml(`<A009 xmlns="${NS}"><x>a😀\tb\r\nc</x></A009>`);
    expect(parsed.tree['x']).toBe('a😀\tb\nc');
  });
});

describe('envelope headers', () => {
  const nav = utf8(JSON.stringify({
    sed: 'A009',
    nav: { bruker: { person: { fornavn: 'Jan', etternavn: 'Nowak', foedselsdato: '1980-01-01' } } },
    medlemskap: { vedtak: { land: 'PL', gjelderperiode: { fastperiode: { startdato: '2024-01-01', sluttdato: '2024-06-30' } } } },
  }));
  it('a NUL in a header value is CHARACTER_INVALID', () => {
    expect(codeOf(() => classifyMessage(nav, { rinaSakId: '12\u000034' }, { maxBytes: 1e6, maxDepth: 64 }))).toBe('CHARACTER_INVALID');
  });

  it('notes never cut an emoji in half (they are stored as jsonb)', () => {
    const id = `FR:${'😀'.repeat(30)}`;
    const c = classifyMessage(nav, { avsenderId: id }, { maxBytes: 1e6, maxDepth: 64 });
    if (c.kind !== 'sed') throw new Error('expected a SED');
    expect(c.notes.join('\n')).not.toMatch(/\p{Cs}/u);
    expect(clip('a'.repeat(39) + '😀')).toBe(`${'a'.repeat(39)}…`);
  });
});

describe('NAV JSON: field length', () => {
  it('a family name over 500 characters is FIELD_TOO_LONG', () => {
    const doc = { sed: 'A009', nav: { bruker: { person: { etternavn: 'N'.repeat(501), foedselsdato: '1980-01-01' } } }, medlemskap: {} };
    expect(codeOf(() => readNavJson(doc))).toBe('FIELD_TOO_LONG');
  });
});
