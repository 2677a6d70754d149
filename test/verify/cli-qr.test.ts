/** `lac verify --qr` offline: only the public key, no database. Also: the command is wired. */
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { expect, test } from 'vitest';
import { buildProgram } from '../../cli/program.js';
import { signQrPayload } from '../../core/verify/qr-payload.js';
import { runLac } from '../support/cli.js';
import { qrCertificate } from '../support/verify-certificates.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const publicPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
const cert = qrCertificate({ endDate: '2099-03-31' });
const payload = signQrPayload(cert, privateKey);

test('cli/program.ts registers `lac verify` from cli/commands/verify.ts (registerVerify)', () => {
  const verify = buildProgram().commands.find((c: Command) => c.name() === 'verify');
  expect(verify?.options.map((o) => o.long), 'call registerVerify(program) in cli/program.ts').toContain('--qr');
});

test('a genuine payload: exit 0 (public key from LAC_QR_PUBLIC_KEY, PEM with escaped newlines accepted)', async () => {
  const r = await runLac(['verify', '--qr', payload, '--json'], { LAC_QR_PUBLIC_KEY: publicPem.replace(/\n/g, '\\n') });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ result: 'valid', offline: true, payload: { certificateNumber: 'FR-A1-2024-0001234', endDate: '2099-03-31' } });
});

test('public key from a file with --public-key; expired period: exit 3', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-qr-'));
  const file = path.join(dir, 'qr.pub.pem');
  fs.writeFileSync(file, publicPem);
  const expired = signQrPayload({ ...cert, endDate: '2021-01-31' }, privateKey);
  const r = await runLac(['verify', '--qr', expired, '--public-key', file]);
  expect(r.code).toBe(3);
  expect(r.stdout).toMatch(/^expired \(offline/);
  const onTheDay = await runLac(['verify', '--qr', expired, '--public-key', file, '--on', '2021-01-31']);
  expect(onTheDay.code).toBe(0);
  fs.rmSync(dir, { recursive: true });
});

test('altered or forged payloads: exit 3 with the reason', async () => {
  const [v, body, sig] = payload.split('.');
  const wire = JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  const altered = `${v}.${Buffer.from(JSON.stringify({ ...wire, t: '2199-01-01' })).toString('base64url')}.${sig}`;
  const r = await runLac(['verify', '--qr', altered, '--json'], { LAC_QR_PUBLIC_KEY: publicPem });
  expect(r.code).toBe(3);
  expect(JSON.parse(r.stdout)).toMatchObject({ result: 'invalid-signature', error: { code: 'QR_SIGNATURE_INVALID' } });

  const junk = await runLac(['verify', '--qr', 'not-a-payload'], { LAC_QR_PUBLIC_KEY: publicPem });
  expect(junk.code).toBe(3);
  expect(junk.stdout).toMatch(/^malformed: /);
});

test('no public key anywhere: exit 1 naming LAC_QR_PUBLIC_KEY', async () => {
  const r = await runLac(['verify', '--qr', payload]);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^lac: LAC_QR_PUBLIC_KEY: /);
});
