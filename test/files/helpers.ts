/** Builds backlogs on disk for the file-source tests: temp dirs, .tar.gz and .zip archives. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';
import type { BacklogItem, BacklogOptions } from '../../lib/files/backlog-source.js';
import { readBacklog } from '../../lib/files/backlog-source.js';

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lac-backlog-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes `files` (relative path → content) under `root`, creating directories. */
export async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, rel);
    await mkdir(path.dirname(p), { recursive: true });
    await writeFile(p, content);
  }
}

export interface ArchiveMember {
  name: string;
  content?: string | Buffer;
  /** tar only: a directory or symlink entry instead of a file. */
  type?: 'file' | 'directory' | 'symlink';
}

/** A tar archive (gzipped unless `gzip: false`) of `members`, in that order. */
export async function makeTar(members: ArchiveMember[], gzip = true): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const collected = new Promise<void>((resolve, reject) => {
    pack.on('data', (c: unknown) => {
      chunks.push(c as Buffer);
    });
    pack.on('end', () => resolve());
    pack.on('error', reject);
  });
  for (const m of members) {
    const type = m.type ?? 'file';
    if (type === 'file') pack.entry({ name: m.name }, toBuffer(m.content ?? ''));
    else if (type === 'directory') pack.entry({ name: m.name, type: 'directory' });
    else pack.entry({ name: m.name, type: 'symlink', linkname: 'elsewhere.xml' });
  }
  pack.finalize();
  await collected;
  const raw = Buffer.concat(chunks);
  return gzip ? gzipSync(raw) : raw;
}

function toBuffer(content: string | Buffer): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
}

// --- a minimal zip writer (yauzl only reads) ---------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A zip of `members` in that order: stored (method 0) or deflated (method 8) entries, no
 * data descriptors, no zip64. Names ending in `/` are directory entries.
 */
export function makeZip(members: ArchiveMember[], method: 'store' | 'deflate' = 'deflate'): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, 'utf8');
    const data = toBuffer(m.content ?? '');
    const isDir = m.name.endsWith('/');
    const useDeflate = method === 'deflate' && !isDir;
    const stored = useDeflate ? deflateRawSync(data) : data;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // flags: UTF-8 names
    local.writeUInt16LE(useDeflate ? 8 : 0, 8);
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // date 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, stored);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(useDeflate ? 8 : 0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attrs
    central.writeUInt32LE(isDir ? 0x10 : 0, 38); // external attrs
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + stored.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Every item of a backlog, in order. */
export async function collect(paths: string[], opts?: BacklogOptions): Promise<BacklogItem[]> {
  const out: BacklogItem[] = [];
  for await (const item of readBacklog(paths, opts)) out.push(item);
  return out;
}

/** `[origin, body as UTF-8]` pairs, for readable assertions. */
export function pairs(items: BacklogItem[]): Array<[string, string]> {
  return items.map((i) => [i.origin, i.message.body.toString('utf8')]);
}

/** The error thrown while reading `paths` to the end. */
export async function readError(paths: string[], opts?: BacklogOptions): Promise<unknown> {
  try {
    await collect(paths, opts);
  } catch (err) {
    return err;
  }
  throw new Error('expected reading the backlog to fail');
}
