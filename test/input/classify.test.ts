import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyMessage } from '../../core/input/classify.js';
import type { ClassifiedMessage } from '../../core/input/classify.js';
import { detectShape } from '../../core/input/detect.js';
import { institutionFromId } from '../../core/input/envelope.js';
import { certificateExample, declarationExample } from './fixtures.js';
import { HAVE_REFERENCE, NAV_SAMPLES, XML_FIXTURES, codeOf, rejectionOf, utf8 } from './helpers.js';

const LIMITS = { maxBytes: 1_000_000, maxDepth: 64 };
const json = (v: unknown): Uint8Array => utf8(JSON.stringify(v));
const classify = (body: Uint8Array | string, headers: Record<string, string> = {}): ClassifiedMessage =>
  classifyMessage(typeof body === 'string' ? utf8(body) : body, headers, LIMITS);

const HEADERS = {
  rinaSakId: '1234567',
  rinaDokumentId: '0123456789abcdef0123456789abcdef',
  rinaDokumentVersjon: '2',
  sedType: 'A009',
  bucType: 'LA_BUC_04',
  avsenderId: 'EL:IKA0001',
  mottakerId: 'FR:URSSAF01',
};

function sedOf(m: ClassifiedMessage): Extract<ClassifiedMessage, { kind: 'sed' }> {
  if (m.kind !== 'sed') throw new Error(`expected a SED, got ${m.kind}`);
  return m;
}

describe('detectShape', () => {
  const opts = { maxDepth: 64 };
  it.each([
    ['<A009 xmlns="http://ec.europa.eu/eessi/ns/4_4/A009"/>', 'eessi-xml'],
    ['  \n<?xml version="1.0"?>\n<A009/>', 'eessi-xml'],
    ['{"A009": {"Person": {}}}', 'rina-json'],
    ['{"sed": "A009", "nav": {}}', 'nav-json'],
    ['{"sed": "X008", "medlemskap": {}}', 'nav-json'],
    ['{"sedHendelse": {}, "sed": {"sed": "A009", "nav": {}}}', 'sed-event'],
    ['{"sedHendelse": {}, "sed": "<A009/>"}', 'sed-event'],
    ['{"declarationId": "D-1"}', 'declaration'],
    ['{"certificateNumber": "C-1"}', 'certificate'],
  ])('%s → %s', (text, shape) => {
    expect(detectShape(text, opts).shape).toBe(shape);
  });

  it('reads the inner SED of an event: XML string, NAV, RINA, double-encoded JSON', () => {
    const inner = (text: string): string => {
      const d = detectShape(text, opts);
      if (d.shape !== 'sed-event') throw new Error(d.shape);
      return d.sed.shape;
    };
    expect(inner('{"sedHendelse": {}, "sed": " <A009/>"}')).toBe('eessi-xml');
    expect(inner('{"sedHendelse": {}, "sed": {"sed": "A009", "nav": {}}}')).toBe('nav-json');
    expect(inner('{"sedHendelse": {}, "sed": {"A001": {}}}')).toBe('rina-json');
    expect(inner(JSON.stringify({ sedHendelse: {}, sed: JSON.stringify({ A001: {} }) }))).toBe('rina-json');
  });

  it.each([
    ['hello', 'not JSON or XML'],
    ['"a string"', 'a JSON string'],
    ['[1, 2]', 'a JSON array'],
    ['{"foo": 1}', 'unknown keys'],
    ['{"A001": {}, "A009": {}}', 'two SED-type keys'],
    ['{"A009": "x"}', 'SED-type key without object'],
    ['{"a009": {}}', 'lower-case SED type'],
    ['{"sed": 9, "nav": {}}', 'NAV with non-string sed'],
    ['{"declarationId": "D", "certificateNumber": "C"}', 'ambiguous'],
    ['{"sedHendelse": "x", "sed": {"A001": {}}}', 'sedHendelse not an object'],
    ['{"sedHendelse": {}, "sed": 42}', 'event with numeric sed'],
    ['{"sedHendelse": {}, "sed": {"foo": {}}}', 'event with unknown sed'],
    ['{"sedHendelse": {}, "sed": "hello"}', 'event with non-XML string'],
  ])('%s: SHAPE_UNKNOWN (%s)', (text) => {
    expect(codeOf(() => detectShape(text, opts))).toBe('SHAPE_UNKNOWN');
  });

  it('an event without sed: FIELD_MISSING', () => {
    expect(codeOf(() => detectShape('{"sedHendelse": {"rinaSakId": "1"}}', opts))).toBe('FIELD_MISSING');
    expect(codeOf(() => detectShape('{"sedHendelse": {}, "sed": "  "}', opts))).toBe('FIELD_MISSING');
  });

  it('an XML string inside an event declaring another encoding: ENCODING_INVALID', () => {
    const text = JSON.stringify({ sedHendelse: {}, sed: '<?xml version="1.0" encoding="ISO-8859-1"?><A009/>' });
    expect(codeOf(() => detectShape(text, opts))).toBe('ENCODING_INVALID');
  });
});

describe('classifyMessage: rejections from every stage', () => {
  it('decoding: EMPTY, TOO_LARGE, ENCODING_INVALID', () => {
    expect(codeOf(() => classify(new Uint8Array()))).toBe('EMPTY');
    expect(codeOf(() => classifyMessage(utf8('{"declarationId":"x"}'), {}, { maxBytes: 5, maxDepth: 64 }))).toBe('TOO_LARGE');
    expect(codeOf(() => classify(Buffer.from('{"declarationId":"x"}', 'utf16le')))).toBe('ENCODING_INVALID');
    expect(codeOf(() => classify(new Uint8Array([0xff, 0xfe, 0x7b, 0x00])))).toBe('ENCODING_INVALID');
  });

  it('JSON: JSON_MALFORMED, JSON_DUPLICATE_KEY, JSON_FORBIDDEN_KEY, TOO_DEEP', () => {
    expect(codeOf(() => classify('{"declarationId": "x",'))).toBe('JSON_MALFORMED');
    expect(codeOf(() => classify('{"declarationId": "x", "declarationId": "y"}'))).toBe('JSON_DUPLICATE_KEY');
    expect(codeOf(() => classify('{"certificateNumber": "x", "person": {"__proto__": {}}}'))).toBe('JSON_FORBIDDEN_KEY');
    expect(codeOf(() => classifyMessage(utf8('{"sedHendelse": {}, "sed": {"A001": {"a": {}}}}'), {}, { maxBytes: 1000, maxDepth: 3 }))).toBe('TOO_DEEP');
  });

  it('shape: SHAPE_UNKNOWN', () => {
    expect(codeOf(() => classify('{"hello": "world"}'))).toBe('SHAPE_UNKNOWN');
  });
});

describe('classifyMessage: declarations and certificates', () => {
  it('a posting declaration', () => {
    const m = classify(json(declarationExample()));
    expect(m.kind).toBe('declaration');
    if (m.kind === 'declaration') expect(m.declaration.workers[0]?.familyName).toBe('Müller');
  });

  it('a certificate, with a UTF-8 BOM', () => {
    const m = classify(new Uint8Array([0xef, 0xbb, 0xbf, ...json(certificateExample())]));
    expect(m.kind).toBe('certificate');
    if (m.kind === 'certificate') expect(m.certificate.certificateNumber).toBe('FR-A1-2024-0001234');
  });

  it('reader rejections come through: DATE_INVALID for a certificate starting 2024-02-30', () => {
    expect(codeOf(() => classify(json({ ...certificateExample(), startDate: '2024-02-30' })))).toBe('DATE_INVALID');
  });
});

describe('institutionFromId', () => {
  it('normalises the country part, keeps the id as written', () => {
    expect(institutionFromId('EL:IKA0001', 'avsenderId')).toEqual({ institutionId: 'EL:IKA0001', country: 'GR' });
    expect(institutionFromId('uk:HMRC01', 'x')).toEqual({ institutionId: 'uk:HMRC01', country: 'GB' });
    expect(institutionFromId(' NO:NAVAT07 ', 'x')).toEqual({ institutionId: 'NO:NAVAT07', country: 'NO' });
  });

  it('is lenient: odd ids are kept with a null country and a note', () => {
    const notes: string[] = [];
    expect(institutionFromId('NAVAT07', 'avsenderId', notes)).toEqual({ institutionId: 'NAVAT07', country: null });
    expect(institutionFromId('ZZ:12345', 'mottakerId', notes)).toEqual({ institutionId: 'ZZ:12345', country: null });
    expect(institutionFromId('', 'x', notes)).toEqual({ institutionId: null, country: null });
    expect(notes).toHaveLength(2);
  });
});

describe.skipIf(!HAVE_REFERENCE)('classifyMessage: real SED samples (needs the SED readers)', () => {
  const navA009 = (): Uint8Array => readFileSync(`${NAV_SAMPLES}sedA009.json`);
  const rinaA001 = (): Uint8Array => readFileSync(`${NAV_SAMPLES}doc_A001_CDM4.4_telework_rina_format.json`);

  it('NAV JSON with the envelope in headers', () => {
    const m = sedOf(classify(navA009(), HEADERS));
    expect(m.content.sourceFormat).toBe('nav-json');
    expect(m.content.sedType).toBe('A009');
    expect(m.envelope).toMatchObject({
      rinaSakId: '1234567',
      rinaDokumentId: '0123456789abcdef0123456789abcdef',
      rinaDokumentVersjon: 2,
      sedType: 'A009',
      bucType: 'LA_BUC_04',
      sender: { institutionId: 'EL:IKA0001', country: 'GR' },
      receiver: { institutionId: 'FR:URSSAF01', country: 'FR' },
    });
    expect(m.notes).toEqual([]);
  });

  it('RINA JSON without any headers: the document gives the SED type', () => {
    const m = sedOf(classify(rinaA001()));
    expect(m.content.sourceFormat).toBe('rina-json');
    expect(m.content.sedType).toBe('A001');
    expect(m.envelope).toEqual({ sedType: 'A001' });
  });

  it('header sedType disagreeing with the document: the document wins, with a note', () => {
    const m = sedOf(classify(navA009(), { ...HEADERS, sedType: 'A003' }));
    expect(m.envelope.sedType).toBe('A009');
    expect(m.notes).toEqual([expect.stringContaining('sedType')]);
  });

  it('a version header that is not a positive integer: CODE_UNKNOWN', () => {
    for (const v of ['0', '-1', 'v2', '1.5']) {
      const err = rejectionOf(() => classify(navA009(), { ...HEADERS, rinaDokumentVersjon: v }));
      expect(err.code).toBe('CODE_UNKNOWN');
      expect(err.path).toBe('header:rinaDokumentVersjon');
    }
  });

  it('header names are matched case-insensitively; odd institution ids only give notes', () => {
    const m = sedOf(classify(navA009(), { rinasakid: '99', AVSENDERID: 'NAV', rinaDokumentVersjon: '1' }));
    expect(m.envelope.rinaSakId).toBe('99');
    expect(m.envelope.sender).toEqual({ institutionId: 'NAV', country: null });
    expect(m.notes).toEqual([expect.stringContaining('avsenderId')]);
  });

  it('a SED event with the NAV document as an object; headers fill gaps, sedHendelse wins', () => {
    const doc: unknown = JSON.parse(readFileSync(`${NAV_SAMPLES}sedA009.json`, 'utf8'));
    const event = { sedHendelse: { rinaSakId: '555', rinaDokumentVersjon: 3, sedType: 'A009', avsenderId: 'DE:12345' }, sed: doc };
    const m = sedOf(classify(json(event), { rinaSakId: '556', bucType: 'LA_BUC_04' }));
    expect(m.content.sourceFormat).toBe('nav-json');
    expect(m.envelope).toMatchObject({ rinaSakId: '555', rinaDokumentVersjon: 3, bucType: 'LA_BUC_04', sender: { country: 'DE' } });
    expect(m.notes).toEqual([expect.stringContaining('rinaSakId')]);
  });

  it('a SED event with the RINA document', () => {
    const doc: unknown = JSON.parse(readFileSync(`${NAV_SAMPLES}doc_A001_CDM4.4_telework_rina_format.json`, 'utf8'));
    const m = sedOf(classify(json({ sedHendelse: { rinaDokumentId: 'abc', sedType: 'A001' }, sed: doc })));
    expect(m.content.sourceFormat).toBe('rina-json');
    expect(m.envelope).toMatchObject({ rinaDokumentId: 'abc', sedType: 'A001' });
  });

  it('EESSI XML raw and inside a SED event', () => {
    const xml = readFileSync(`${XML_FIXTURES}A009-cdm4.4-nav-sedA009.xml`, 'utf8');
    const raw = sedOf(classify(xml, HEADERS));
    expect(raw.content.sourceFormat).toBe('xml');
    expect(raw.content.sedType).toBe('A009');
    const inEvent = sedOf(classify(json({ sedHendelse: HEADERS, sed: xml })));
    expect(inEvent.content).toEqual(raw.content);
    expect(inEvent.envelope).toEqual(raw.envelope);
  });
});
