/** `lac api` as a process: starts with keys from the environment, serves, logs no secret, stops on SIGTERM. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { runLac } from '../support/cli.js';
import { startLac } from '../support/lac-process.js';
import { waitFor } from '../support/wait.js';
import { parseApiKeys, authenticate } from '../../lib/api/keys.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

test('--new-key prints a token and the LAC_API_KEYS entry that accepts it', async () => {
  const r = await runLac(['api', '--new-key', 'field-7', '--role', 'operator']);
  expect(r.code, r.stderr).toBe(0);
  const token = /token[^:]*: (\S+)/.exec(r.stdout)?.[1] ?? '';
  const entry = /LAC_API_KEYS entry: (\S+)/.exec(r.stdout)?.[1] ?? '';
  expect(authenticate(`Bearer ${token}`, parseApiKeys(entry))).toEqual({ keyId: 'field-7', role: 'operator' });
}, 120_000);

test('serves on the port it logs, and stops cleanly on SIGTERM', async () => {
  const key = await runLac(['api', '--new-key', 'insp', '--role', 'inspector']);
  const token = /token[^:]*: (\S+)/.exec(key.stdout)?.[1] ?? '';
  const entry = /LAC_API_KEYS entry: (\S+)/.exec(key.stdout)?.[1] ?? '';
  const proc = startLac(['api', '--port', '0'], { ...db.env, LAC_API_KEYS: entry });
  try {
    let port = 0;
    await waitFor(async () => {
      const line = proc.output().split('\n').find((l) => l.includes('"api listening"'));
      port = line === undefined ? 0 : Number((JSON.parse(line) as { port: number }).port);
      return port > 0;
    }, 120_000);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    const list = await fetch(`${base}/v1/companies`, { headers: { authorization: `Bearer ${token}` } });
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ run: null, items: [], nextCursor: null });
    expect((await fetch(`${base}/v1/companies`)).status).toBe(401);

    proc.child.kill('SIGTERM');
    const exit = await proc.exited;
    expect(exit.code).toBe(0);
    expect(proc.output()).toContain('api stopped');
    expect(proc.output()).not.toContain(token.split('.')[1]);
    const audit = await db.pool.query('SELECT key_id, outcome FROM api_audit');
    expect(audit.rows).toEqual([{ key_id: 'insp', outcome: 'ok' }]);
  } finally {
    if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
  }
}, 240_000);
