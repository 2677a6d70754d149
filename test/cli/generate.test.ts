/** `lac generate` writes the same backlog for the same seed, one file per input kind plus loose documents. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { writeBacklog } from '../../lib/synth/write-backlog.js';
import { runLac } from '../support/cli.js';

test('same seed, same bytes; counts per kind as asked', { timeout: 30_000 }, async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'lac-gen-'));
  try {
    const opts = { seed: 3, seds: 300, declarations: 40, certificates: 60 };
    const a = await writeBacklog(path.join(root, 'a'), opts, 10);
    const b = await writeBacklog(path.join(root, 'b'), opts, 10);
    expect(a.messages).toBe(400);
    expect(a.files).toBe(13);
    for (const f of ['seds.ndjson', 'declarations.ndjson', 'certificates.ndjson']) {
      expect(await fs.readFile(path.join(root, 'b', f))).toEqual(await fs.readFile(path.join(root, 'a', f)));
    }
    const lines = (await fs.readFile(path.join(root, 'a', 'declarations.ndjson'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(40);
    const sedLines = (await fs.readFile(path.join(root, 'a', 'seds.ndjson'), 'utf8')).trim().split('\n');
    expect(sedLines.length + 10).toBe(300);
    expect(lines.every((l) => (JSON.parse(l) as { declarationId?: string }).declarationId !== undefined)).toBe(true);
    expect((await fs.readdir(path.join(root, 'a', 'documents'))).length).toBe(10);
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
});

test('bad options are refused with a one-line reason', async () => {
  const r = await runLac(['generate', '--out', os.tmpdir(), '--seds', '-3']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('--seds');
});
