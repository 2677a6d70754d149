/** The ops settings: endpoint off unless asked for, 0 means a free port, bad values name their variable or option. */
import { expect, test } from 'vitest';
import { loadConfig } from '../../lib/config/config.js';
import { ConfigError } from '../../core/errors.js';
import { opsFromConfig } from '../../lib/ops/from-config.js';
import { createPool } from '../../lib/db/pool.js';
import { createLogger } from '../../lib/log/logger.js';
import { buildProgram } from '../../cli/program.js';

test('defaults: no endpoint, 127.0.0.1, a beat every 10 s', () => {
  expect(loadConfig({}).ops).toEqual({ metricsPort: null, metricsHost: '127.0.0.1', heartbeatMs: 10_000 });
  expect(loadConfig({ LAC_METRICS_PORT: '0', LAC_METRICS_HOST: '0.0.0.0', LAC_HEARTBEAT_MS: '500' }).ops).toEqual({ metricsPort: 0, metricsHost: '0.0.0.0', heartbeatMs: 500 });
});

test.each([
  ['LAC_METRICS_PORT', '65536'],
  ['LAC_METRICS_PORT', '-1'],
  ['LAC_METRICS_PORT', 'http'],
  ['LAC_METRICS_HOST', 'a b'],
  ['LAC_HEARTBEAT_MS', '0'],
])('%s=%s is rejected naming the variable', (name, value) => {
  expect(() => loadConfig({ [name]: value })).toThrowError(ConfigError);
  try {
    loadConfig({ [name]: value });
  } catch (err) {
    expect((err as ConfigError).variable).toBe(name);
  }
});

test('--metrics-port overrides LAC_METRICS_PORT and is validated', () => {
  const pool = createPool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', schema: 'none' });
  const context = { config: loadConfig({ LAC_METRICS_PORT: '9464' }), pool, logger: createLogger({ level: 'silent' }) };
  expect(() => opsFromConfig('ingest', ['kafka'], context, '70000')).toThrowError(/--metrics-port/);
  expect(opsFromConfig('ingest', ['kafka'], context, '0').health.snapshot().dependencies).toHaveProperty('kafka');
  void pool.end();
});

test('the three services document --metrics-port in their help', () => {
  const program = buildProgram();
  for (const name of ['ingest', 'matcher', 'risk']) {
    const cmd = program.commands.find((c) => c.name() === name);
    expect(cmd?.helpInformation(), name).toContain('--metrics-port <port>');
  }
  expect(program.commands.find((c) => c.name() === 'status')?.helpInformation()).toMatch(/running services/);
});
