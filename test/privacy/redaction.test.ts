/** Log and dead-letter redaction: deep personal keys, database errors, rejection messages at personal paths. */
import { Writable } from 'node:stream';
import { expect, test } from 'vitest';
import { createLogger, safeErrorMessage } from '../../lib/log/logger.js';
import { isPersonalPath, redactRejectionMessage } from '../../lib/log/redact-rejection.js';

function capture(): { lines: string[]; destination: Writable } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { lines, destination };
}

test('personal keys are censored at any depth, not only the first three levels', () => {
  const { lines, destination } = capture();
  const log = createLogger({ level: 'info', destination });
  log.info({ a: { b: { c: { d: { familyName: 'Skjæveland', e: [{ birthDate: '1971-02-03' }] } } } } }, 'deep');
  const out = lines.join('');
  expect(out).not.toContain('Skjæveland');
  expect(out).not.toContain('1971-02-03');
  expect(out).toContain('[redacted]');
  expect(out).toContain('"msg":"deep"');
});

test('a database error is logged without its failing row or quoted input', () => {
  const { lines, destination } = capture();
  const log = createLogger({ level: 'info', destination });
  const err = Object.assign(new Error('invalid input syntax for type date: "14.08.1979"'), {
    code: '22007', detail: 'Failing row contains (1, Haugsdal, Torbjørg, 1979-08-14).', constraint: 'x_check', table: 'seds',
  });
  log.error({ err }, 'store failed');
  const out = lines.join('');
  for (const secret of ['14.08.1979', 'Haugsdal', 'Torbjørg', '1979-08-14']) expect(out).not.toContain(secret);
  expect(out).toContain('"code":"22007"');
  expect(out).toContain('"table":"seds"');
  expect(out).toContain('invalid input syntax for type date');
  expect(safeErrorMessage(err)).toBe('invalid input syntax for type date: "[redacted]"');
  // Other errors keep their message: they are ours and quote no rows.
  expect(safeErrorMessage(new Error('--as-of: "x" is not YYYY-MM-DD'))).toBe('--as-of: "x" is not YYYY-MM-DD');
});

test('rejection messages lose quoted values only at personal paths', () => {
  expect(isPersonalPath('nav.bruker.person.foedselsdato')).toBe(true);
  expect(isPersonalPath('workers[0].pins[0].country')).toBe(true);
  expect(isPersonalPath('Person/PersonIdentification/familyName')).toBe(true);
  expect(isPersonalPath('medlemskap.vedtak.land')).toBe(false);
  expect(isPersonalPath(null)).toBe(false);
  expect(redactRejectionMessage('not a date: "14.08.1979"', 'nav.bruker.person.foedselsdato')).toBe('not a date: "[redacted]"');
  expect(redactRejectionMessage('unknown sex (kjoenn) "Vat\\"nedal"', 'nav.bruker.person.kjoenn')).toBe('unknown sex (kjoenn) "[redacted]"');
  expect(redactRejectionMessage('unknown country code "ZZ"', 'medlemskap.vedtak.land')).toBe('unknown country code "ZZ"');
});
