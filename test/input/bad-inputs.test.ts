/** Every hand-made bad input is refused by the pure core with its stable code. */
import { expect, test } from 'vitest';
import { prepareMessage } from '../../core/ingest/prepare.js';
import { BAD_INPUT_LIMITS, BAD_INPUTS } from '../support/bad-inputs.js';

test('at least 30 kinds of bad input', () => {
  expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(30);
});

test.each(BAD_INPUTS.map((b) => [b.name, b] as const))('%s', (_name, bad) => {
  const p = prepareMessage(
    { source: 'test', topic: null, partition: null, offset: null, key: null, headers: bad.headers ?? {}, body: bad.body },
    BAD_INPUT_LIMITS,
  );
  expect(p.outcome.type).toBe('rejected');
  if (p.outcome.type === 'rejected') expect(p.outcome.rejection.code).toBe(bad.code);
});
