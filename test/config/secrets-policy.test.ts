/**
 * Secrets come only from the environment: a missing verification or QR key is a ConfigError
 * naming the variable and how to make one, unless generated keys are explicitly allowed
 * (LAC_ALLOW_GENERATED_SECRETS, development and `lac demo`). Also: the new variables are
 * validated, listed in `lac --help` and documented in the README table.
 */
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { CONFIG_VARIABLES, generatedSecretsAllowed, loadConfig } from '../../lib/config/config.js';
import { PACKAGE_ROOT } from '../../lib/paths.js';
import { checkVerifySecret, loadQrPublicKey } from '../../lib/verify/secrets.js';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('no ConfigError');
}

test('without LAC_VERIFY_SECRET a command needing it stops: typed error naming the variable and how to generate one', () => {
  const e = configError(() => checkVerifySecret({}));
  expect(e.code).toBe('CONFIG_INVALID');
  expect(e.variable).toBe('LAC_VERIFY_SECRET');
  expect(e.message).toMatch(/^LAC_VERIFY_SECRET: is not set/);
  expect(e.message).toContain('openssl rand -base64 48');
  expect(e.message).toContain('LAC_ALLOW_GENERATED_SECRETS=1');
  // An explicit "no" is the same as nothing.
  expect(configError(() => checkVerifySecret({ LAC_ALLOW_GENERATED_SECRETS: 'false' })).variable).toBe('LAC_VERIFY_SECRET');
});

test('a short LAC_VERIFY_SECRET is refused even when generated keys are allowed', () => {
  const e = configError(() => checkVerifySecret({ LAC_VERIFY_SECRET: 'too-short', LAC_ALLOW_GENERATED_SECRETS: '1' }));
  expect(e.message).toMatch(/^LAC_VERIFY_SECRET: is 9 bytes; use at least 32/);
});

test('a long enough LAC_VERIFY_SECRET, or the development opt-in, passes', () => {
  expect(() => checkVerifySecret({ LAC_VERIFY_SECRET: 'x'.repeat(32) })).not.toThrow();
  expect(() => checkVerifySecret({ LAC_ALLOW_GENERATED_SECRETS: '1' })).not.toThrow();
  expect(() => checkVerifySecret({ LAC_ALLOW_GENERATED_SECRETS: 'true' })).not.toThrow();
});

test('the QR public key comes from LAC_QR_PUBLIC_KEY or LAC_QR_PRIVATE_KEY; none is an error saying how to get one', async () => {
  const error = await loadQrPublicKey(null, {}).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).variable).toBe('LAC_QR_PUBLIC_KEY');
  expect((error as ConfigError).message).toContain('openssl pkey -pubout');
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privatePem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const derived = await loadQrPublicKey(null, { LAC_QR_PRIVATE_KEY: privatePem });
  expect(derived.export({ format: 'der', type: 'spki' }).equals(publicKey.export({ format: 'der', type: 'spki' }))).toBe(true);
});

test('LAC_ALLOW_GENERATED_SECRETS and LAC_STARTUP_TIMEOUT_MS are validated', () => {
  expect(generatedSecretsAllowed({})).toBe(false);
  expect(loadConfig({}).allowGeneratedSecrets).toBe(false);
  expect(loadConfig({ LAC_ALLOW_GENERATED_SECRETS: '1' }).allowGeneratedSecrets).toBe(true);
  expect(configError(() => loadConfig({ LAC_ALLOW_GENERATED_SECRETS: 'yes' })).variable).toBe('LAC_ALLOW_GENERATED_SECRETS');
  expect(loadConfig({}).startupTimeoutMs).toBe(180_000);
  expect(loadConfig({ LAC_STARTUP_TIMEOUT_MS: '0' }).startupTimeoutMs).toBe(0);
  expect(loadConfig({ LAC_STARTUP_TIMEOUT_MS: ' 5000 ' }).startupTimeoutMs).toBe(5000);
  expect(configError(() => loadConfig({ LAC_STARTUP_TIMEOUT_MS: '3m' })).variable).toBe('LAC_STARTUP_TIMEOUT_MS');
});

test('every configuration variable is in the README table, with the secrets not defaulting to generated keys', () => {
  const readme = fs.readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5));
  for (const v of CONFIG_VARIABLES) expect(section, v.name).toContain(`\`${v.name}\``);
  for (const name of ['LAC_VERIFY_SECRET', 'LAC_QR_PRIVATE_KEY', 'LAC_QR_PUBLIC_KEY']) {
    const row = section.split('\n').find((l) => l.startsWith(`| \`${name}\``) || l.includes(`\`${name}\`,`) || l.includes(`, \`${name}\``));
    expect(row, name).toBeDefined();
    expect(row, name).not.toMatch(/generated, stored in the database/);
    expect(CONFIG_VARIABLES.find((v) => v.name === name)?.default, name).not.toMatch(/generated/);
  }
});
