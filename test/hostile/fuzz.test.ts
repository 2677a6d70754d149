/**
 * fast-check fuzzers, one per reader plus the raw-bytes entry. Each mutates valid documents
 * (fuzz-support.ts) and checks, for every input: the full pipeline (prepareMessage) rejects with a
 * known code other than READER_FAILED or stores a record PostgreSQL can hold, deterministically, in
 * bounded time; and the reader called directly (bypassing the strict JSON parse) throws nothing
 * but RejectionErrors. Fixed seeds: a failure reproduces; numRuns fit CI.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { readCertificate } from '../../core/certificate/read-certificate.js';
import { readDeclaration } from '../../core/declaration/read-declaration.js';
import { readEessiXml } from '../../core/sed/eessi/read-xml.js';
import { readRinaJson } from '../../core/sed/eessi/read-rina.js';
import { readNavJson } from '../../core/sed/nav/read-nav.js';
import { validDocuments, type FuzzKind, type ValidDocument } from '../support/hostile-corpus.js';
import { checkMessage, expectOnlyRejections, jsonMutation, mutateJson, mutateText, mutateXml, textMutation, xmlMutation } from './fuzz-support.js';

const docs = validDocuments();
const TIMEOUT = 240_000; // a loaded 2-core CI machine; a few seconds each normally

function ofKind(kind: FuzzKind): ValidDocument[] {
  const d = docs.filter((x) => x.kind === kind);
  if (d.length === 0) throw new Error(`no valid ${kind} documents`);
  return d;
}

function utf8(s: string): Buffer {
  return Buffer.from(s, 'utf8');
}

type Reader = (doc: Record<string, unknown>) => unknown;

/** The JSON fuzzer for one reader: structural mutations, then an optional text-level corruption. */
function jsonFuzzer(kind: FuzzKind, reader: Reader | null, seed: number, numRuns: number): void {
  const bases = ofKind(kind);
  let stored = 0;
  let rejected = 0;
  fc.assert(
    fc.property(fc.constantFrom(...bases), fc.array(jsonMutation, { minLength: 1, maxLength: 4 }), textMutation, (base, mutations, tm) => {
      const doc = mutateJson(JSON.parse(base.text), mutations);
      const text = mutateText(JSON.stringify(doc), tm);
      const p = checkMessage(utf8(text), base.headers);
      if (p.outcome.type === 'rejected') rejected++;
      else stored++;
      if (reader !== null && typeof doc === 'object' && doc !== null && !Array.isArray(doc)) {
        expectOnlyRejections(() => reader(doc as Record<string, unknown>));
      }
    }),
    { seed, numRuns },
  );
  // The mutations must leave some documents readable, or the fuzzer only exercises rejection paths.
  expect(stored).toBeGreaterThan(numRuns / 20);
  expect(rejected).toBeGreaterThan(numRuns / 20);
}

describe('fuzzers', () => {
  test('NAV JSON reader', () => jsonFuzzer('nav', readNavJson, 1001, 400), TIMEOUT);

  test('RINA JSON reader', () => jsonFuzzer('rina', readRinaJson, 1002, 300), TIMEOUT);

  test('posting declaration reader', () => jsonFuzzer('declaration', readDeclaration, 1003, 400), TIMEOUT);

  test('certificate event reader', () => jsonFuzzer('certificate', readCertificate, 1004, 400), TIMEOUT);

  test('SED events (sedHendelse + NAV/RINA JSON or XML inside)', () => jsonFuzzer('event', null, 1005, 300), TIMEOUT);

  test('EESSI XML reader', () => {
    const bases = ofKind('xml');
    let stored = 0;
    let rejected = 0;
    const numRuns = 250;
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.array(xmlMutation, { minLength: 1, maxLength: 4 }), (base, mutations) => {
        const xml = mutations.reduce((s, m) => mutateXml(s, m), base.text);
        const p = checkMessage(utf8(xml), base.headers);
        if (p.outcome.type === 'rejected') rejected++;
        else stored++;
        expectOnlyRejections(() => readEessiXml(xml));
      }),
      { seed: 1006, numRuns },
    );
    expect(stored).toBeGreaterThan(numRuns / 20);
    expect(rejected).toBeGreaterThan(numRuns / 20);
  }, TIMEOUT);

  test('raw bytes and arbitrary headers (prepareMessage)', () => {
    const envelopeHeader = fc.constantFrom('rinaSakId', 'rinaDokumentId', 'rinaDokumentVersjon', 'sedType', 'bucType', 'avsenderId', 'mottakerId', 'SEDTYPE', '__proto__', 'x-trace');
    const headerValue = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', '0', '-1', '1.5', '99999999999999999999', 'A009', 'ZZ:1', 'FR:URSSAF01', 'x\u0000y', '\ud800', 'L'.repeat(600)));
    const headers = fc.dictionary(envelopeHeader, headerValue, { maxKeys: 4 });
    const bytes = fc.oneof(
      { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }) },
      // A valid document of any kind with a few bytes overwritten, inserted or cut.
      {
        weight: 5,
        arbitrary: fc
          .tuple(fc.constantFrom(...docs), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'cut')), { minLength: 1, maxLength: 5 }))
          .map(([doc, edits]) => {
            let b = Buffer.from(doc.text, 'utf8');
            for (const [at, byte, op] of edits) {
              const i = at % (b.length + 1);
              if (op === 'set' && i < b.length) b[i] = byte;
              else if (op === 'insert') b = Buffer.concat([b.subarray(0, i), Buffer.from([byte]), b.subarray(i)]);
              else b = b.subarray(0, i);
            }
            return b;
          }),
      },
      { weight: 1, arbitrary: fc.constantFrom(...docs).map((d) => Buffer.from(d.text, 'utf8')) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }).map((s) => Buffer.from(s, 'utf8')) },
    );
    let stored = 0;
    const numRuns = 500;
    fc.assert(
      fc.property(bytes, headers, (body, h) => {
        const p = checkMessage(Buffer.from(body), h);
        if (p.outcome.type !== 'rejected') stored++;
      }),
      { seed: 1007, numRuns },
    );
    expect(stored).toBeGreaterThan(0);
    // No header or key ever reached a prototype.
    expect(({} as Record<string, unknown>)['rinaSakId']).toBeUndefined();
  }, TIMEOUT);
});
