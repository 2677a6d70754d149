/** The services table of `lac status`: one aligned row per instance, states counted in the header. */
import { expect, test } from 'vitest';
import { formatInstances } from '../../lib/status/format-instances.js';
import type { ServiceInstanceStatus } from '../../lib/status/service-instances.js';

function instance(over: Partial<ServiceInstanceStatus>): ServiceInstanceStatus {
  return {
    instanceId: 'x', kind: 'ingest', host: 'h1', pid: 10, state: 'running', ready: true,
    startedAt: '2026-01-01T00:00:00.000Z', lastBeat: '2026-01-01T00:01:00.000Z', secondsSinceBeat: 2,
    reconnects: 0, lastErrorCode: null,
    dependencies: {
      redis: { up: true, since: '', failures: 0, reconnects: 0, lastErrorCode: null, lastErrorAt: null },
      postgres: { up: true, since: '', failures: 0, reconnects: 0, lastErrorCode: null, lastErrorAt: null },
    },
    metrics: { documentsIn: 0, stored: {}, duplicates: 0, rejected: {}, lag: null, jobs: {}, jobsProcessed: {}, runs: {} },
    ...over,
  };
}

test('header counts states; rows show readiness, dependencies in a fixed order, counters and jobs', () => {
  const lines = formatInstances([
    instance({
      pid: 11,
      dependencies: {
        kafka: { up: false, since: '', failures: 1, reconnects: 2, lastErrorCode: 'KafkaJSConnectionError', lastErrorAt: null },
        postgres: { up: true, since: '', failures: 0, reconnects: 0, lastErrorCode: null, lastErrorAt: null },
      },
      ready: false,
      reconnects: 2,
      metrics: { documentsIn: 120, stored: { sed: 90, certificate: 20 }, duplicates: 3, rejected: { XML_MALFORMED: 4, EMPTY: 1 }, lag: 7, jobs: {}, jobsProcessed: {}, runs: {} },
    }),
    instance({ kind: 'matcher', pid: 12, state: 'down', ready: false, metrics: { documentsIn: 0, stored: {}, duplicates: 0, rejected: {}, lag: null, jobs: { 'lac-match': { waiting: 1, active: 0, failed: 2, completed: 30 } }, jobsProcessed: {}, runs: {} } }),
    instance({ kind: 'risk', pid: 13, state: 'stopped', ready: false }),
  ]);
  expect(lines[0]).toBe('services: 1 running, 1 down, 1 stopped (last hour)');
  expect(lines).toHaveLength(5);
  const ingest = lines[2] ?? '';
  expect(ingest).toMatch(/^ {2}ingest\s+h1:11\s+running\s+no\s+2s ago\s+postgres up, kafka down \(KafkaJSConnectionError\)\s+2\s+120\s+110\s+EMPTY 1, XML_MALFORMED 4\s+7\s+-$/);
  expect(lines[3]).toMatch(/matcher\s+h1:12\s+down\s+no\s+.*postgres up, redis up\s+0\s+-\s+-\s+-\s+-\s+lac-match 1\/0\/2\/30$/);
  // Columns line up: every row starts its STATE column at the same place.
  const at = lines.slice(1).map((l) => l.search(/(STATE|running|down|stopped)/));
  expect(new Set(at).size).toBe(1);
});

test('no instance: says how to start one', () => {
  expect(formatInstances([])[0]).toMatch(/no instance has reported/);
});
