/**
 * The parse worker pool gives exactly what inline parsing gives, in order, for every kind of
 * message (valid SEDs in the three shapes, declarations, certificates, bad ones), and keeps the
 * caller's original message objects (their bytes are what storage keeps).
 */
import { afterAll, expect, test } from 'vitest';
import { prepareMessage } from '../../core/ingest/prepare.js';
import { PreparePool } from '../../lib/ingest/prepare-pool.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';

const limits = { maxBytes: 5 * 1024 * 1024, maxDepth: 64 };
const messages = corpusMessages({ seed: 21, seds: 500, declarations: 120, certificates: 150, badRate: 0.05 }).map((m, i) => ({
  ...asSourceMessage(m, 'kafka'), topic: m.topic, partition: 0, offset: String(i),
}));
const pool = new PreparePool(limits, 2);
afterAll(async () => {
  await pool.close();
});

test('worker results equal inline results, in order, with the original messages', async () => {
  // Bodies as views into one larger buffer, the way Kafka hands them out.
  const shared = Buffer.concat(messages.map((m) => m.body));
  let at = 0;
  const views = messages.map((m) => {
    const body = shared.subarray(at, at + m.body.length);
    at += m.body.length;
    return { ...m, body };
  });
  const inline = views.map((m) => prepareMessage(m, limits));
  const pooled = await pool.prepare(views);
  expect(pooled).toHaveLength(inline.length);
  expect(pooled).toEqual(inline);
  pooled.forEach((p, i) => {
    expect(p.message).toBe(views[i]);
    expect(Buffer.isBuffer(p.hash)).toBe(true);
  });
  expect(new Set(pooled.map((p) => p.outcome.type))).toEqual(new Set(['sed', 'declaration', 'certificate', 'rejected']));
}, 120_000);

test('concurrent batches do not mix', async () => {
  const a = messages.slice(0, 300);
  const b = messages.slice(300, 700);
  const [pa, pb] = await Promise.all([pool.prepare(a), pool.prepare(b)]);
  expect(pa.map((p) => p.message.offset)).toEqual(a.map((m) => m.offset));
  expect(pb.map((p) => p.message.offset)).toEqual(b.map((m) => m.offset));
  expect(pb).toEqual(b.map((m) => prepareMessage(m, limits)));
}, 120_000);

test('small batches are parsed inline, with the same result', async () => {
  const few = messages.slice(0, 5);
  expect(await pool.prepare(few)).toEqual(few.map((m) => prepareMessage(m, limits)));
});
