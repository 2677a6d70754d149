import { createWriteStream } from 'node:fs';
import { stat, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { exposeGc } from '../support/gc.js';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BacklogError, backlogFormatOf, isBacklogError, readBacklog, scanBacklog } from '../../lib/files/backlog-source.js';
import { collect, makeTar, makeZip, pairs, readError, tempDir, writeTree } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  await cleanup();
});

const XML = '<?xml version="1.0" encoding="UTF-8"?>\n<A009 xmlns="x"><a>Düsseldorf</a></A009>\n';
const DECL = '{"declarationId":"SIPSI-1","version":1}';
const CERT = '{"certificateNumber":"A1-1"}';
const p = (rel: string): string => path.join(dir, rel);

describe('readBacklog: single files', () => {
  it('yields one message per .xml / .json file with its exact bytes, BOM and odd bytes included', async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CERT)]);
    const latin1 = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xfc, 0x22, 0x7d, 0x0d, 0x0a]);
    await writeTree(dir, { 'a.xml': XML, 'b.json': bom, 'c.JSON': latin1, 'empty.json': '' });
    const items = await collect([p('a.xml'), p('b.json'), p('c.JSON'), p('empty.json')]);
    expect(items.map((i) => i.origin)).toEqual([p('a.xml'), p('b.json'), p('c.JSON'), p('empty.json')]);
    expect(items[0]?.message.body.equals(Buffer.from(XML))).toBe(true);
    expect(items[1]?.message.body.equals(bom)).toBe(true);
    expect(items[2]?.message.body.equals(latin1)).toBe(true);
    expect(items[3]?.message.body.length).toBe(0);
    expect(items[0]?.message).toMatchObject({ source: 'file', topic: null, partition: null, offset: null, key: null, headers: {} });
    expect(items.every((i) => !i.oversize && i.size === i.message.body.length)).toBe(true);
  });

  it('splits .ndjson into lines: exact bytes, CRLF, blank lines skipped, last line without newline, 1-based line numbers', async () => {
    const badUtf8 = Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]);
    const content = Buffer.concat([
      Buffer.from(`${DECL}\r\n\r\n  \t\n${CERT}\n\n`),
      badUtf8,
      Buffer.from('\n {"sed":"A009","nav":{}} \r\n{"last":true}'),
    ]);
    await writeTree(dir, { 'x.ndjson': content });
    const items = await collect([p('x.ndjson')]);
    expect(items.map((i) => i.origin)).toEqual([`${p('x.ndjson')}:1`, `${p('x.ndjson')}:4`, `${p('x.ndjson')}:6`, `${p('x.ndjson')}:7`, `${p('x.ndjson')}:8`]);
    expect(items[0]?.message.body.toString()).toBe(DECL);
    expect(items[1]?.message.body.toString()).toBe(CERT);
    expect(items[2]?.message.body.equals(badUtf8)).toBe(true);
    expect(items[3]?.message.body.toString()).toBe(' {"sed":"A009","nav":{}} ');
    expect(items[4]?.message.body.toString()).toBe('{"last":true}');
  });

  it('handles lines longer than a read chunk, and a CR split from its LF across chunks', async () => {
    const long = `{"declarationId":"${'x'.repeat(3 * 1024 * 1024)}"}`;
    // 64 KiB read chunks: put a CRLF right on a boundary.
    const pad = `{"p":"${'y'.repeat(65536 - 9)}"}`;
    expect(Buffer.byteLength(`${pad}\r`)).toBe(65536);
    await writeTree(dir, { 'long.ndjson': `${long}\n${pad}\r\n${CERT}\r\n`, 'big.jsonl': `${CERT}\n` });
    const items = await collect([p('long.ndjson'), p('big.jsonl')]);
    expect(items.map((i) => i.message.body.toString())).toEqual([long, pad, CERT, CERT]);
    expect(items.map((i) => i.origin.slice(dir.length + 1))).toEqual(['long.ndjson:1', 'long.ndjson:2', 'long.ndjson:3', 'big.jsonl:1']);
  });

  it('refuses a missing path (BACKLOG_UNREADABLE) and an explicit file of another type (BACKLOG_UNSUPPORTED), naming it', async () => {
    await writeTree(dir, { 'notes.txt': 'hello' });
    const missing = await readError([p('nope.xml')]);
    expect(isBacklogError(missing) && missing.code).toBe('BACKLOG_UNREADABLE');
    expect((missing as BacklogError).file).toBe(p('nope.xml'));
    expect((missing as BacklogError).message).toContain('nope.xml');
    const unsupported = await readError([p('notes.txt')]);
    expect(isBacklogError(unsupported) && unsupported.code).toBe('BACKLOG_UNSUPPORTED');
    await expect(scanBacklog([p('nope.xml')])).rejects.toMatchObject({ code: 'BACKLOG_UNREADABLE' });
  });
});

describe('readBacklog: directories', () => {
  it('walks recursively in sorted order, skips hidden names, skips and counts other extensions', async () => {
    await writeTree(dir, {
      'in/b.json': DECL,
      'in/a.xml': XML,
      'in/sub/z.ndjson': `${CERT}\n${DECL}\n`,
      'in/sub/deeper/c.json': CERT,
      'in/B.xml': XML, // upper case sorts first (byte order)
      'in/.hidden.json': CERT,
      'in/.git/x.json': CERT,
      'in/readme.txt': 'not a message',
      'in/sub/data.csv': 'a,b',
    });
    const skipped: string[] = [];
    const reader = readBacklog([p('in')], { onSkip: (origin) => skipped.push(origin) });
    const items = [];
    for await (const item of reader) items.push(item);
    expect(items.map((i) => path.relative(dir, i.origin))).toEqual([
      'in/B.xml',
      'in/a.xml',
      'in/b.json',
      'in/sub/deeper/c.json',
      'in/sub/z.ndjson:1',
      'in/sub/z.ndjson:2',
    ]);
    expect(skipped).toEqual([p('in/readme.txt'), p('in/sub/data.csv')]);
    expect(reader.stats).toMatchObject({ files: 5, messages: 6, skipped: 2, oversize: 0 });
    const scan = await scanBacklog([p('in')]);
    expect(scan.files).toBe(5);
    expect(scan.skipped).toBe(2);
    expect(reader.bytesRead).toBe(scan.bytes);
  });

  it('reads a named hidden directory but not hidden entries under it, and survives a symlink loop', async () => {
    await writeTree(dir, { '.backlog/a.json': DECL, '.backlog/.b.json': CERT });
    await symlink(p('.backlog'), p('.backlog/loop'));
    expect(pairs(await collect([p('.backlog')]))).toEqual([[p('.backlog/a.json'), DECL]]);
  });
});

describe('readBacklog: archives', () => {
  const members = [
    { name: 'dir/', type: 'directory' as const },
    { name: 'dir/a009.xml', content: XML },
    { name: 'dir/sub/decl.json', content: DECL },
    { name: 'lines.ndjson', content: `${DECL}\r\n\r\n${CERT}` },
    { name: 'dir/.hidden.json', content: CERT },
    { name: '__MACOSX/dir/._a009.xml', content: 'resource fork' },
    { name: 'notes.md', content: '# notes' },
    { name: 'inner.zip', content: 'PK' },
  ];
  const expected = (prefix: string): Array<[string, string]> => [
    [`${prefix}!dir/a009.xml`, XML],
    [`${prefix}!dir/sub/decl.json`, DECL],
    [`${prefix}!lines.ndjson:1`, DECL],
    [`${prefix}!lines.ndjson:3`, CERT],
  ];

  it('reads .tar.gz / .tgz / .tar members in archive order, nested .ndjson too; skips links, hidden, other types', async () => {
    const withLink = [...members, { name: 'link.xml', type: 'symlink' as const }];
    await writeFile(p('b.tar.gz'), await makeTar(withLink));
    await writeFile(p('c.tgz'), await makeTar(withLink));
    await writeFile(p('d.tar'), await makeTar(withLink, false));
    const skipped: Array<[string, string]> = [];
    const reader = readBacklog([p('b.tar.gz'), p('c.tgz'), p('d.tar')], { onSkip: (o, why) => skipped.push([o, why]) });
    const items = [];
    for await (const item of reader) items.push(item);
    expect(pairs(items)).toEqual([...expected(p('b.tar.gz')), ...expected(p('c.tgz')), ...expected(p('d.tar'))]);
    expect(skipped.slice(0, 3)).toEqual([
      [`${p('b.tar.gz')}!notes.md`, 'not a backlog file type'],
      [`${p('b.tar.gz')}!inner.zip`, 'nested archive (extract it first)'],
      [`${p('b.tar.gz')}!link.xml`, 'not a regular file (symlink)'],
    ]);
    expect(reader.stats).toMatchObject({ files: 3, messages: 12, skipped: 9 });
    expect(reader.bytesRead).toBe((await scanBacklog([p('b.tar.gz'), p('c.tgz'), p('d.tar')])).bytes);
  });

  it('reads .zip members (stored and deflated) in central-directory order', async () => {
    await writeFile(p('s.zip'), makeZip(members.map((m) => (m.type === 'directory' ? { name: m.name } : m)), 'store'));
    await writeFile(p('d.zip'), makeZip(members.map((m) => (m.type === 'directory' ? { name: m.name } : m)), 'deflate'));
    const reader = readBacklog([p('s.zip'), p('d.zip')]);
    const items = [];
    for await (const item of reader) items.push(item);
    expect(pairs(items)).toEqual([...expected(p('s.zip')), ...expected(p('d.zip'))]);
    expect(reader.stats).toMatchObject({ files: 2, messages: 8, skipped: 4 });
    expect(reader.bytesRead).toBe((await stat(p('s.zip'))).size + (await stat(p('d.zip'))).size);
  });

  it('keeps exact bytes of binary-ish members and reads any mix in the order given, the same every time', async () => {
    const odd = Buffer.from([0xef, 0xbb, 0xbf, 0x3c, 0x41, 0x2f, 0x3e, 0xff, 0x00, 0x0d]);
    await writeTree(dir, { 'in/x.xml': odd, 'one.json': CERT });
    await writeFile(p('a.tgz'), await makeTar([{ name: 'x.xml', content: odd }]));
    await writeFile(p('a.zip'), makeZip([{ name: 'x.xml', content: odd }]));
    const paths = [p('one.json'), p('a.zip'), p('in'), p('a.tgz')];
    const first = await collect(paths);
    expect(first.map((i) => i.origin)).toEqual([p('one.json'), `${p('a.zip')}!x.xml`, p('in/x.xml'), `${p('a.tgz')}!x.xml`]);
    for (const item of first.slice(1)) expect(item.message.body.equals(odd)).toBe(true);
    const second = await collect(paths);
    expect(pairs(second)).toEqual(pairs(first));
  });

  it('throws BACKLOG_UNREADABLE naming the file for corrupt or truncated archives', async () => {
    const good = await makeTar([{ name: 'a.xml', content: XML.repeat(200) }, { name: 'b.json', content: DECL }]);
    await writeFile(p('garbage.tar.gz'), Buffer.from('this is not gzip at all'));
    await writeFile(p('cut.tar.gz'), good.subarray(0, Math.floor(good.length / 2)));
    await writeFile(p('notar.tgz'), gzipSync(Buffer.from('x'.repeat(2000))));
    await writeFile(p('garbage.tar'), Buffer.from('y'.repeat(1024)));
    const zip = makeZip([{ name: 'a.xml', content: XML.repeat(200) }]);
    await writeFile(p('garbage.zip'), Buffer.from('PK this is not a zip'));
    await writeFile(p('cut.zip'), zip.subarray(0, zip.length - 30));
    const badData = Buffer.from(zip);
    badData.fill(0xff, 40, 60); // inside the deflated data
    await writeFile(p('baddata.zip'), badData);
    for (const name of ['garbage.tar.gz', 'cut.tar.gz', 'notar.tgz', 'garbage.tar', 'garbage.zip', 'cut.zip', 'baddata.zip']) {
      const err = await readError([p(name)]);
      expect(err, name).toBeInstanceOf(BacklogError);
      expect((err as BacklogError).code, name).toBe('BACKLOG_UNREADABLE');
      expect((err as BacklogError).file, name).toBe(p(name));
      expect((err as BacklogError).message, name).toContain(name);
    }
  });

  it('can be stopped early without leaking or throwing', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `{"declarationId":"D-${i}"}`).join('\n');
    await writeFile(p('a.tgz'), await makeTar([{ name: 'l.ndjson', content: lines }, { name: 'b.xml', content: XML }]));
    await writeFile(p('a.zip'), makeZip([{ name: 'l.ndjson', content: lines }, { name: 'b.xml', content: XML }]));
    await writeTree(dir, { 'l.ndjson': lines });
    for (const name of ['a.tgz', 'a.zip', 'l.ndjson']) {
      let n = 0;
      for await (const item of readBacklog([p(name)])) {
        expect(item.message.body.toString()).toBe('{"declarationId":"D-0"}');
        if (++n === 1) break;
      }
      expect(n).toBe(1);
    }
  });
});

describe('readBacklog: size limits', () => {
  it('keeps messages up to the hard cap whole, and marks larger ones oversize with their first maxBytes + 1 bytes', async () => {
    const mid = `{"declarationId":"${'m'.repeat(60)}"}`; // > maxBytes, < hard cap
    const huge = `{"declarationId":"${'h'.repeat(500)}"}`; // > hard cap
    await writeTree(dir, {
      'a.json': mid,
      'b.json': huge,
      'c.ndjson': `${huge}\r\n${mid}\n${huge}`,
    });
    await writeFile(p('d.tgz'), await makeTar([{ name: 'h.xml', content: huge }, { name: 'm.xml', content: mid }]));
    await writeFile(p('e.zip'), makeZip([{ name: 'h.ndjson', content: `${huge}\n${mid}` }]));
    const reader = readBacklog([p('a.json'), p('b.json'), p('c.ndjson'), p('d.tgz'), p('e.zip')], { maxBytes: 10, hardCapBytes: 100 });
    const items = [];
    for await (const item of reader) items.push(item);
    const summary = items.map((i) => [path.relative(dir, i.origin), i.oversize, i.size, i.message.body.toString()]);
    const head = huge.slice(0, 11);
    expect(summary).toEqual([
      ['a.json', false, mid.length, mid],
      ['b.json', true, huge.length, head],
      ['c.ndjson:1', true, huge.length, head],
      ['c.ndjson:2', false, mid.length, mid],
      ['c.ndjson:3', true, huge.length, head],
      ['d.tgz!h.xml', true, huge.length, head],
      ['d.tgz!m.xml', false, mid.length, mid],
      ['e.zip!h.ndjson:1', true, huge.length, head],
      ['e.zip!h.ndjson:2', false, mid.length, mid],
    ]);
    expect(reader.stats.oversize).toBe(5);
  });
});

describe('readBacklog: streaming', () => {
  it('reads a 200k-line ndjson with bounded memory and reports bytesRead as it goes', async () => {
    const file = p('big.ndjson');
    const out = createWriteStream(file);
    const filler = 'z'.repeat(200);
    for (let i = 0; i < 200_000; i++) {
      if (!out.write(`{"declarationId":"D-${i}","pad":"${filler}"}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'close');
    const total = (await stat(file)).size;
    expect(total).toBeGreaterThan(40 * 1024 * 1024);

    const gc = exposeGc();
    gc();
    const before = process.memoryUsage();
    let maxHeap = 0;
    let maxBuffers = 0;
    let count = 0;
    let lastBytes = 0;
    const reader = readBacklog([file]);
    for await (const item of reader) {
      count++;
      if (count % 10_000 === 0) {
        gc(); // what is still reachable, not garbage awaiting collection
        const m = process.memoryUsage();
        maxHeap = Math.max(maxHeap, m.heapUsed - before.heapUsed);
        maxBuffers = Math.max(maxBuffers, m.arrayBuffers - before.arrayBuffers);
        expect(reader.bytesRead).toBeGreaterThanOrEqual(lastBytes);
        expect(reader.bytesRead).toBeLessThanOrEqual(total);
        lastBytes = reader.bytesRead;
        expect(item.origin).toBe(`${file}:${count}`);
      }
    }
    expect(count).toBe(200_000);
    expect(reader.bytesRead).toBe(total);
    // The file is > 40 MiB: holding it (or its lines) would blow these generous bounds.
    expect(maxHeap).toBeLessThan(16 * 1024 * 1024);
    expect(maxBuffers).toBeLessThan(16 * 1024 * 1024);
  }, 60_000);

  it('bytesRead ends at the on-disk total of a mixed backlog', async () => {
    await writeTree(dir, { 'in/a.xml': XML, 'in/b.ndjson': `${DECL}\n${CERT}\n` });
    await writeFile(p('in/c.tgz'), await makeTar([{ name: 'a.xml', content: XML }]));
    const reader = readBacklog([p('in')]);
    const seen: number[] = [];
    for await (const _ of reader) seen.push(reader.bytesRead);
    const scan = await scanBacklog([p('in')]);
    expect(scan.files).toBe(3);
    expect(reader.bytesRead).toBe(scan.bytes);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('reports an unreadable file found under a directory', async () => {
    await writeTree(dir, { 'in/a.tgz': 'broken' });
    await truncate(p('in/a.tgz'), 3);
    const err = await readError([p('in')]);
    expect(err).toMatchObject({ code: 'BACKLOG_UNREADABLE', file: p('in/a.tgz') });
  });
});


describe('backlogFormatOf', () => {
  it('knows the extensions, case-insensitively', () => {
    expect(['a.xml', 'a.JSON', 'a.ndjson', 'a.jsonl', 'a.tar.gz', 'a.TGZ', 'a.tar', 'a.zip', 'a.txt', 'a.gz'].map(backlogFormatOf)).toEqual([
      'document',
      'document',
      'ndjson',
      'ndjson',
      'tgz',
      'tgz',
      'tar',
      'zip',
      null,
      null,
    ]);
  });
});
