import { Writable } from 'node:stream';
import { expect, test } from 'vitest';
import { createLogger } from '../../lib/log/logger.js';

test('personal fields are censored wherever they sit', () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  const log = createLogger({ level: 'info', destination });
  log.info({ documentId: 'abc', person: { familyName: 'Müller', pins: [{ id: '12110285M005' }] } }, 'stored');
  log.info({ worker: { birthDate: '1985-02-11' }, doc: { familyName: 'Weber' } }, 'declared');
  log.info({ x: { y: { forename: 'Anna' } } }, 'nested');
  const out = lines.join('');
  expect(out).toContain('"documentId":"abc"');
  for (const secret of ['Müller', '12110285M005', '1985-02-11', 'Weber', 'Anna']) expect(out).not.toContain(secret);
  expect(out).toContain('[redacted]');
});
