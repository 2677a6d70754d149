/** `lac demo` runs on embedded defaults: no DATABASE_URL, no Kafka, no Redis; exports land in the output directory. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { runLac } from '../support/cli.js';

test('the demo ingests a generated backlog and writes the seds exports', { timeout: 180_000 }, async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'lac-demo-test-'));
  await fs.chmod(root, 0o755);
  try {
    const out = path.join(root, 'out');
    const args = ['demo', '--size', '300', '--seed', '4', '--out', out, '--data-dir', path.join(root, 'pg'), '--quiet'];
    const r = await runLac(args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/stored: \d+ SED\(s\), \d+ declaration\(s\), \d+ certificate event\(s\)/);
    const jsonl = (await fs.readFile(path.join(out, 'seds.jsonl'), 'utf8')).trim().split('\n');
    expect(jsonl.length).toBeGreaterThan(200);
    const first = JSON.parse(jsonl[0] ?? '{}') as { documentId?: string; sedType?: string };
    expect(first.documentId).toMatch(/^[0-9a-f]{32}$/);
    const csv = (await fs.readFile(path.join(out, 'seds.csv'), 'utf8')).trim().split('\r\n');
    expect(csv.length).toBe(jsonl.length + 1);
    expect(r.stdout).toMatch(/matched \d+ declared workers and SED attestations/);
    const matches = (await fs.readFile(path.join(out, 'matches.jsonl'), 'utf8')).trim().split('\n');
    expect(matches.length).toBeGreaterThan(100);
    const outcomes = new Set(matches.map((l) => (JSON.parse(l) as { outcome: string }).outcome));
    expect(outcomes.has('matched')).toBe(true);
    expect(outcomes.has('no-certificate')).toBe(true);

    // Run again on the same data directory: same result, the demo starts from an empty schema.
    const again = await runLac(args);
    expect(again.code, again.stderr).toBe(0);
    expect((await fs.readFile(path.join(out, 'seds.jsonl'), 'utf8')).trim().split('\n').length).toBe(jsonl.length);
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
});
