import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Pool } from '../../lib/db/pool.js';
import { runExport, type ExportDefinition } from '../../lib/export/run.js';
import {
  csvEncoder,
  jsonlEncoder,
  openFileOutput,
  OutputClosedError,
  streamOutput,
  writeBatches,
} from '../../lib/export/writer.js';

interface Rec {
  id: number;
  name: string | null;
}

async function* batches(...pages: Rec[][]): AsyncGenerator<Rec[]> {
  for (const p of pages) yield p;
}

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-export-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('JSONL: one object per line', async () => {
  const out = collect();
  const n = await writeBatches(batches([{ id: 1, name: 'a' }], [{ id: 2, name: null }]), jsonlEncoder<Rec>(), out.stream);
  expect(n).toBe(2);
  expect(out.text()).toBe('{"id":1,"name":"a"}\n{"id":2,"name":null}\n');
});

test('CSV: header even without records', async () => {
  const out = collect();
  const enc = csvEncoder<Rec>([
    { name: 'id', value: (r) => r.id },
    { name: 'name', value: (r) => r.name },
  ]);
  expect(await writeBatches(batches(), enc, out.stream)).toBe(0);
  expect(out.text()).toBe('id,name\r\n');
});

test('back-pressure: the next batch is pulled only after the stream drained', async () => {
  let pulled = 0;
  async function* many(): AsyncGenerator<Rec[]> {
    for (let i = 0; i < 20; i++) {
      pulled++;
      yield [{ id: i, name: 'x'.repeat(10_000) }];
    }
  }
  const slow = new Writable({
    highWaterMark: 1024,
    write(_chunk, _enc, cb) {
      setTimeout(cb, 2);
    },
  });
  let maxBuffered = 0;
  const orig = slow.write.bind(slow);
  slow.write = ((chunk: string, enc: BufferEncoding) => {
    const ok = orig(chunk, enc);
    maxBuffered = Math.max(maxBuffered, slow.writableLength);
    return ok;
  }) as typeof slow.write;
  expect(await writeBatches(many(), jsonlEncoder<Rec>(), slow)).toBe(20);
  expect(pulled).toBe(20);
  // Never more than one batch waiting in the stream's buffer.
  expect(maxBuffered).toBeLessThan(2 * 10_100);
});

test('a reader that goes away (EPIPE) ends the export with OutputClosedError and stops the source', async () => {
  let finished = false;
  async function* endless(): AsyncGenerator<Rec[]> {
    try {
      for (let i = 0; ; i++) yield [{ id: i, name: null }];
    } finally {
      finished = true;
    }
  }
  let writes = 0;
  const pipe = new Writable({
    write(_chunk, _enc, cb) {
      writes++;
      if (writes === 3) {
        const err = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
        cb(err);
      } else cb();
    },
  });
  const err = await writeBatches(endless(), jsonlEncoder<Rec>(), pipe).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(OutputClosedError);
  expect(finished).toBe(true);
  // Late errors on the broken stream do not crash the process.
  pipe.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
});

test('other write errors are rethrown as they are', async () => {
  const broken = new Writable({
    write(_chunk, _enc, cb) {
      cb(Object.assign(new Error('disk full'), { code: 'ENOSPC' }));
    },
  });
  await expect(writeBatches(batches([{ id: 1, name: null }]), jsonlEncoder<Rec>(), broken)).rejects.toThrow('disk full');
});

test('file output: written to FILE.tmp, renamed on commit; an older file is replaced', async () => {
  const file = path.join(dir, 'sub', 'out.jsonl');
  fs.mkdirSync(path.dirname(file));
  fs.writeFileSync(file, 'old\n');
  const out = await openFileOutput(file);
  await writeBatches(batches([{ id: 1, name: 'a' }]), jsonlEncoder<Rec>(), out.stream);
  expect(fs.existsSync(`${file}.tmp`)).toBe(true);
  expect(fs.readFileSync(file, 'utf8')).toBe('old\n');
  await out.commit();
  expect(fs.readFileSync(file, 'utf8')).toBe('{"id":1,"name":"a"}\n');
  expect(fs.existsSync(`${file}.tmp`)).toBe(false);
});

test('a failing export leaves the older file untouched and no temporary file behind', async () => {
  const file = path.join(dir, 'out.csv');
  fs.writeFileSync(file, 'old\n');
  async function* failing(): AsyncGenerator<Rec[]> {
    yield [{ id: 1, name: 'a' }];
    throw new Error('database went away');
  }
  const def: ExportDefinition<Rec> = { name: 'seds', csvColumns: [{ name: 'id', value: (r) => r.id }], batches: () => failing() };
  const pool = {} as Pool;
  await expect(runExport(pool, def, 'csv', { asOf: null, pseudonymiser: null }, await openFileOutput(file))).rejects.toThrow('database went away');
  expect(fs.readFileSync(file, 'utf8')).toBe('old\n');
  expect(fs.readdirSync(dir)).toEqual(['out.csv']);
});

test('runExport reports records and destination; an early-closed stream is not an error', async () => {
  const def: ExportDefinition<Rec> = { name: 'seds', csvColumns: [], batches: () => batches([{ id: 1, name: null }], [{ id: 2, name: null }]) };
  const out = collect();
  const r = await runExport({} as Pool, def, 'jsonl', { asOf: null, pseudonymiser: null }, streamOutput(out.stream, 'memory'));
  expect(r).toEqual({ name: 'seds', records: 2, destination: 'memory', outputClosed: false });

  const closed = new PassThrough();
  closed.destroy();
  const r2 = await runExport({} as Pool, def, 'jsonl', { asOf: null, pseudonymiser: null }, streamOutput(closed, 'stdout'));
  expect(r2.outputClosed).toBe(true);
  expect(r2.records).toBe(0);
});
