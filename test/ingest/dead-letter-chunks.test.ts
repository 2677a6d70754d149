import { describe, expect, test } from 'vitest';
import { chunkBySize } from '../../lib/ingest/dead-letter-publisher.js';
import type { OutboundMessage } from '../../lib/transport/types.js';

const msg = (bytes: number, key = 'k'): OutboundMessage => ({ key, value: Buffer.alloc(bytes, 0x61), headers: { 'x-error-code': 'TOO_LARGE' } });

describe('chunkBySize (DLQ produce requests under the broker limit)', () => {
  test('keeps every message, in order, with no request over the limit', () => {
    const messages = [300_000, 400_000, 250_000, 10, 600_000, 5].map((n, i) => msg(n, `k${i}`));
    const chunks = chunkBySize(messages, 900_000);
    expect(chunks.flat().map((m) => m.key)).toEqual(messages.map((m) => m.key));
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.reduce((n, m) => n + Buffer.byteLength(m.value), 0)).toBeLessThanOrEqual(900_000);
  });

  test('small messages share one request', () => {
    expect(chunkBySize([msg(10), msg(20), msg(30)], 900_000)).toHaveLength(1);
  });

  test('a single message over the limit goes without its body, flagged with its size', () => {
    const [[only]] = chunkBySize([msg(2_000_000)], 900_000) as [[OutboundMessage]];
    expect(Buffer.byteLength(only.value)).toBe(0);
    expect(only.headers?.['x-body-omitted']).toBe('2000000');
    expect(only.headers?.['x-error-code']).toBe('TOO_LARGE');
  });
});
