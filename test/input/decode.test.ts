import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../core/input/decode.js';
import { codeOf, utf8 } from './helpers.js';

const LIMIT = 1024;

describe('decodeBytes', () => {
  it('decodes plain UTF-8', () => {
    expect(decodeBytes(utf8('{"a":"Düsseldorf"}'), LIMIT)).toBe('{"a":"Düsseldorf"}');
  });

  it('strips a UTF-8 byte-order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"a":1}')]);
    expect(decodeBytes(bytes, LIMIT)).toBe('{"a":1}');
  });

  it('accepts a Buffer', () => {
    expect(decodeBytes(Buffer.from('<A009/>', 'utf8'), LIMIT)).toBe('<A009/>');
  });

  it('rejects an empty body: EMPTY', () => {
    expect(codeOf(() => decodeBytes(new Uint8Array(), LIMIT))).toBe('EMPTY');
  });

  it('rejects a body of white space only (or only a BOM): EMPTY', () => {
    expect(codeOf(() => decodeBytes(utf8(' \n\t'), LIMIT))).toBe('EMPTY');
    expect(codeOf(() => decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf]), LIMIT))).toBe('EMPTY');
  });

  it('rejects a body over the limit before decoding: TOO_LARGE', () => {
    // Invalid UTF-8 too: the size check must come first.
    const big = new Uint8Array(LIMIT + 1).fill(0xff);
    expect(codeOf(() => decodeBytes(big, LIMIT))).toBe('TOO_LARGE');
    expect(decodeBytes(new Uint8Array(LIMIT).fill(0x20).fill(0x7b, 0, 1), LIMIT)).toHaveLength(LIMIT);
  });

  it('rejects invalid UTF-8: ENCODING_INVALID', () => {
    expect(codeOf(() => decodeBytes(new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]), LIMIT))).toBe('ENCODING_INVALID');
    // Latin-1 "ü" on its own
    expect(codeOf(() => decodeBytes(new Uint8Array([0x22, 0xfc, 0x22]), LIMIT))).toBe('ENCODING_INVALID');
    // overlong encoding of "/"
    expect(codeOf(() => decodeBytes(new Uint8Array([0x22, 0xc0, 0xaf, 0x22]), LIMIT))).toBe('ENCODING_INVALID');
  });

  it('rejects UTF-16 with a byte-order mark (both byte orders): ENCODING_INVALID', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":1}', 'utf16le')]);
    const be = new Uint8Array([0xfe, 0xff, 0x00, 0x7b, 0x00, 0x7d]);
    expect(codeOf(() => decodeBytes(le, LIMIT))).toBe('ENCODING_INVALID');
    expect(codeOf(() => decodeBytes(be, LIMIT))).toBe('ENCODING_INVALID');
  });

  it('rejects UTF-16 without a byte-order mark: ENCODING_INVALID', () => {
    expect(codeOf(() => decodeBytes(Buffer.from('<A009/>', 'utf16le'), LIMIT))).toBe('ENCODING_INVALID');
  });

  it('rejects an XML declaration naming another encoding: ENCODING_INVALID', () => {
    const latin1 = utf8('<?xml version="1.0" encoding="ISO-8859-1"?><A009/>');
    expect(codeOf(() => decodeBytes(latin1, LIMIT))).toBe('ENCODING_INVALID');
    const utf16 = utf8("<?xml version='1.0' encoding='UTF-16'?><A009/>");
    expect(codeOf(() => decodeBytes(utf16, LIMIT))).toBe('ENCODING_INVALID');
  });

  it('accepts XML declarations for UTF-8, US-ASCII or none', () => {
    for (const decl of ['encoding="UTF-8"', "encoding='utf-8'", 'encoding="US-ASCII"', 'standalone="yes"']) {
      const xml = `<?xml version="1.0" ${decl}?><A009/>`;
      expect(decodeBytes(utf8(xml), LIMIT)).toBe(xml);
    }
  });
});
