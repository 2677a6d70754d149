/** The pure parts of crash-loop protection: offset-aligned blocks and which failures count. */
import { expect, test } from 'vitest';
import { BLOCK_SIZE, blocks, isDeterministicFailure } from '../../lib/ingest/delivery-attempts.js';
import type { InboundMessage } from '../../lib/transport/types.js';

function msgs(offsets: number[]): InboundMessage[] {
  return offsets.map((o) => ({ topic: 't', partition: 0, offset: String(o), key: null, value: null, headers: {}, timestamp: '0' }));
}

test('blocks are aligned on offsets, whatever the batch boundaries', () => {
  const size = Number(BLOCK_SIZE);
  const a = blocks(msgs([...Array(150).keys()].map((i) => i + 10)));
  expect(a.map((b) => [b[0]?.offset, b[b.length - 1]?.offset])).toEqual([
    ['10', String(size - 1)],
    [String(size), String(2 * size - 1)],
    [String(2 * size), '159'],
  ]);
  // A re-delivery starting elsewhere cuts the same blocks (stable keys for the attempt rows).
  const b = blocks(msgs([...Array(100).keys()].map((i) => i + 70)));
  expect(b[0]?.[0]?.offset).toBe('70');
  expect(b[1]?.[0]?.offset).toBe(String(2 * size));
  expect(blocks([])).toEqual([]);
});

test('gaps in offsets (compacted or transactional topics) stay in their block', () => {
  const out = blocks(msgs([0, 5, 63, 64, 200]));
  expect(out.map((b) => b.map((m) => m.offset))).toEqual([['0', '5', '63'], ['64'], ['200']]);
});

test('data and bug errors count as attempts; connection and Kafka errors do not', () => {
  expect(isDeterministicFailure(Object.assign(new Error('invalid input syntax'), { code: '22P02' }))).toBe(true);
  expect(isDeterministicFailure(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(true);
  expect(isDeterministicFailure(new TypeError('x is undefined'))).toBe(true);
  expect(isDeterministicFailure(Object.assign(new Error('admin shutdown'), { code: '57P01' }))).toBe(false);
  expect(isDeterministicFailure(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(false);
  expect(isDeterministicFailure(new Error('Connection terminated unexpectedly'))).toBe(false);
  expect(isDeterministicFailure(Object.assign(new Error('The coordinator is not aware of this member'), { name: 'KafkaJSProtocolError' }))).toBe(false);
});
