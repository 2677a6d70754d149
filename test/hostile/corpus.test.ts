/**
 * The hostile corpus through the pure core (prepareMessage): every case ends as declared
 * (rejected with its stable code, or stored), within a generous time bound per document, and
 * running the whole corpus leaves no memory behind and no prototype polluted.
 * The same corpus goes through the real ingest service in corpus.int.test.ts.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { RejectionCodes } from '../../core/errors.js';
import { prepareMessage } from '../../core/ingest/prepare.js';
import { messageHash } from '../../core/ingest/message-identity.js';
import type { PreparedMessage } from '../../core/ingest/types.js';
import { exposeGc } from '../support/gc.js';
import { buildHostileCorpus, HOSTILE_LIMITS, hostileCorpus, type HostileCase, type HostileCategory } from '../support/hostile-corpus.js';

/**
 * Far above any honest document (a few ms) and far below what an exponential or quadratic blow-up
 * costs (billion laughs, a few MB of nesting through V8's JSON.parse): no flakiness on a busy CI.
 */
const MAX_MS_PER_DOCUMENT = 5_000;
/** Whole-corpus tests run the pure core over ~12 MB of documents: minutes on a loaded 2-core machine. */
const SLOW = 300_000;

const corpus = hostileCorpus();

function prepare(c: HostileCase): PreparedMessage {
  return prepareMessage({ source: 'test', topic: null, partition: null, offset: null, key: null, headers: c.headers, body: c.body }, HOSTILE_LIMITS);
}

function familyNameOf(p: PreparedMessage): string | null | undefined {
  switch (p.outcome.type) {
    case 'sed':
      return p.outcome.sed.content.person?.familyName;
    case 'declaration':
      return p.outcome.declaration.workers[0]?.familyName;
    case 'certificate':
      return p.outcome.certificate.issueType === 'withdrawal' ? undefined : p.outcome.certificate.person.familyName;
    default:
      return undefined;
  }
}

/** One run of the corpus, shared by the per-case tests: outcome and time of each document. */
const results = new Map<string, { prepared: PreparedMessage; ms: number }>();
beforeAll(() => {
  for (const c of corpus) {
    const start = performance.now();
    const prepared = prepare(c);
    results.set(c.name, { prepared, ms: performance.now() - start });
  }
}, SLOW);

describe('the corpus itself', () => {
  test('at least 200 documents, unique names and unique message identities', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
    expect(new Set(corpus.map((c) => messageHash(c.headers, c.body).toString('hex'))).size).toBe(corpus.length);
  });

  test('every category of issue #7, on every kind of message', () => {
    const categories: HostileCategory[] = [
      'truncated', 'encoding', 'bom', 'deep-nesting', 'huge-attributes', 'dtd', 'external-entity', 'entity-expansion',
      'namespace', 'mixed-shape', 'duplicate-key', 'prototype-key', 'date', 'oversized', 'injection', 'control-chars',
    ];
    for (const cat of categories) expect(corpus.filter((c) => c.category === cat).length, cat).toBeGreaterThanOrEqual(5);
    for (const base of ['xml', 'xml-a001-sample', 'xml-a009-sample', 'rina', 'nav', 'event-nav', 'event-xml', 'declaration', 'certificate']) {
      expect(corpus.some((c) => c.base === base), base).toBe(true);
    }
    // Both outcomes are represented: hostile is not the same as unreadable.
    expect(corpus.filter((c) => c.expect.outcome === 'stored').length).toBeGreaterThanOrEqual(40);
  });

  test('deterministic: built twice, byte for byte the same', () => {
    const other = buildHostileCorpus();
    expect(other === corpus).toBe(false); // (not `.not.toBe`: its failure hint deep-compares 12 MB of buffers)
    expect(other.map((c) => c.name)).toEqual(corpus.map((c) => c.name));
    expect(other.every((c, i) => c.body.equals(corpus[i]?.body ?? Buffer.alloc(0)))).toBe(true);
  }, SLOW);
});

describe.each([...new Set(corpus.map((c) => c.category))])('%s', (category) => {
  test.each(corpus.filter((c) => c.category === category).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = results.get(c.name);
    if (r === undefined) throw new Error(`${c.name} was not run`);
    const p = r.prepared;
    expect(r.ms).toBeLessThan(MAX_MS_PER_DOCUMENT);
    if (c.expect.outcome === 'rejected') {
      expect(p.outcome.type === 'rejected' ? p.outcome.rejection.code : `stored as ${p.outcome.type}`).toBe(c.expect.code);
      expect(p.kind).toBe('unknown');
    } else {
      expect(p.outcome.type === 'rejected' ? `${p.outcome.rejection.code}: ${p.outcome.rejection.message}` : p.outcome.type).toBe(c.expect.kind);
      if (c.expect.familyName !== undefined) expect(familyNameOf(p)).toBe(c.expect.familyName);
    }
    if (p.outcome.type === 'rejected') {
      // No document makes a reader fail in an unexpected way.
      expect(p.outcome.rejection.code).not.toBe(RejectionCodes.READER_FAILED);
      // Messages and paths go to dead_letters: storable text (no U+0000), clipped.
      const { message, path } = p.outcome.rejection;
      expect(`${message}${path ?? ''}`.includes('\u0000')).toBe(false);
      expect(message.length).toBeLessThan(600);
    }
  });
});

describe('the whole corpus', () => {
  test('same input, same output: a second run gives identical outcomes', () => {
    for (const c of corpus) {
      expect(JSON.stringify(prepare(c).outcome), c.name).toBe(JSON.stringify(results.get(c.name)?.prepared.outcome));
    }
  }, SLOW);

  test('bounded memory: running the corpus again retains nothing, and no prototype is polluted', () => {
    const gc = exposeGc();
    gc();
    const before = process.memoryUsage().heapUsed;
    for (const c of corpus) prepare(c);
    for (const c of corpus) prepare(c);
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    // The corpus is ~12 MB of bodies; retaining even one decoded copy per run would be far more.
    expect(grown).toBeLessThan(8 * 1024 * 1024);
    const probe: Record<string, unknown> = {};
    expect(probe['isAdmin']).toBeUndefined();
    expect(probe['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
  }, SLOW);
});
