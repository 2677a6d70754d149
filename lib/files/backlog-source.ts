/**
 * Operators' backlogs as a stream of messages, for `lac replay` (see CONTRACTS.md, "Files").
 *
 * Accepts any mix of paths:
 *
 * | input                         | messages                                                              |
 * |-------------------------------|-----------------------------------------------------------------------|
 * | `*.xml`, `*.json`             | one, the file's exact bytes (an empty file too: ingest rejects it)    |
 * | `*.ndjson`, `*.jsonl`         | one per line: the exact line bytes without `\n` (and a `\r` before it); lines of only white space are skipped |
 * | directory                     | its files, recursively, in byte-wise sorted name order; names starting with `.` are skipped; other extensions are skipped and counted |
 * | `*.tar.gz`, `*.tgz`, `*.tar`  | members in archive order, read as above (`.ndjson` members too)        |
 * | `*.zip`                       | members in central-directory order, read as above                     |
 *
 * Everything is streamed: a file or archive is never held in memory, only the message being
 * yielded. Archive members that are themselves archives, links, hidden (`.name`, `__MACOSX/`)
 * or of another extension are skipped and counted (`stats.skipped`, `onSkip`).
 *
 * Size limits: a message is buffered whole up to `hardCapBytes` (default 64 MiB, never less
 * than `maxBytes + 1`) so ingest sees, and dead-letters, its original bytes. A message larger
 * than that is not buffered: it is yielded with `oversize: true`, `size` = its real size and
 * `body` = its first `maxBytes + 1` bytes, which ingest rejects as TOO_LARGE; the full bytes
 * stay in the backlog file named by `origin`.
 *
 * Origins name where a message came from: `dir/a009.xml`, `x.ndjson:42` (1-based line number,
 * counting skipped lines), `backlog.tar.gz!dir/a009.xml`, `backlog.zip!part1.ndjson:7`.
 *
 * A path that does not exist or cannot be read, and a corrupt or truncated archive, throw a
 * {@link BacklogError} with code BACKLOG_UNREADABLE naming the file; a file named explicitly
 * whose extension is none of the above throws BACKLOG_UNSUPPORTED (inside directories such
 * files are only skipped).
 */
import { createReadStream, type Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';
import * as yauzl from 'yauzl';
import type { SourceMessage } from '../../core/ingest/types.js';

export const BacklogErrorCodes = {
  /** A path that does not exist or cannot be read; a corrupt or truncated archive. */
  BACKLOG_UNREADABLE: 'BACKLOG_UNREADABLE',
  /** A file named on the command line whose extension we do not read. */
  BACKLOG_UNSUPPORTED: 'BACKLOG_UNSUPPORTED',
} as const;

export type BacklogErrorCode = (typeof BacklogErrorCodes)[keyof typeof BacklogErrorCodes];

export class BacklogError extends Error {
  override readonly name = 'BacklogError';
  constructor(
    readonly code: BacklogErrorCode,
    /** The file (or archive) at fault, as given / as found under a directory. */
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isBacklogError(err: unknown): err is BacklogError {
  return err instanceof BacklogError;
}

export interface BacklogItem {
  /** `source: 'file'`, no topic/partition/offset/key, no headers. */
  message: SourceMessage;
  /** Where the message came from, e.g. `backlog.tar.gz!dir/a009.xml` or `x.ndjson:42`. */
  origin: string;
  /** Size in bytes of the original message (equals `body.length` unless `oversize`). */
  size: number;
  /** True when the message exceeded the hard cap: `body` holds only its first `maxBytes + 1` bytes. */
  oversize: boolean;
}

export interface BacklogOptions {
  /** Ingest's document limit (LAC_MAX_DOCUMENT_BYTES); default 5 MiB. */
  maxBytes?: number;
  /** Messages up to this size are kept whole; default 64 MiB (at least `maxBytes + 1`). */
  hardCapBytes?: number;
  /** Told about every skipped file or archive member. */
  onSkip?: (origin: string, reason: string) => void;
}

export interface BacklogStats {
  /** Input files read (documents, ndjson files, archives; not archive members). */
  files: number;
  /** Messages yielded. */
  messages: number;
  /** Messages yielded with `oversize: true`. */
  oversize: number;
  /** Files and archive members skipped (other extensions, nested archives, links). */
  skipped: number;
  /** Input bytes consumed so far, as stored on disk (compressed for archives). */
  bytesRead: number;
}

export interface BacklogReader extends AsyncGenerator<BacklogItem, void, undefined> {
  /** Input bytes consumed so far (compressed for archives): progress against `scanBacklog().bytes`. */
  readonly bytesRead: number;
  /** A snapshot of the counters so far. */
  readonly stats: BacklogStats;
}

export interface BacklogScan {
  /** Files that will be read (archives count as one). */
  files: number;
  /** Their size on disk. */
  bytes: number;
  /** Files under directories that will be skipped. */
  skipped: number;
}

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_HARD_CAP_BYTES = 64 * 1024 * 1024;

type Format = 'document' | 'ndjson' | 'tgz' | 'tar' | 'zip';

/** The format a name stands for, from its extension (case-insensitive), or null. */
export function backlogFormatOf(name: string): Format | null {
  const n = name.toLowerCase();
  if (n.endsWith('.xml') || n.endsWith('.json')) return 'document';
  if (n.endsWith('.ndjson') || n.endsWith('.jsonl')) return 'ndjson';
  if (n.endsWith('.tar.gz') || n.endsWith('.tgz')) return 'tgz';
  if (n.endsWith('.tar')) return 'tar';
  if (n.endsWith('.zip')) return 'zip';
  return null;
}

/**
 * Walk the paths as `readBacklog` will, without reading contents: totals for a progress bar.
 * Also validates the paths (missing / unsupported → BacklogError), so call it first.
 */
export async function scanBacklog(paths: string[]): Promise<BacklogScan> {
  const scan: BacklogScan = { files: 0, bytes: 0, skipped: 0 };
  for await (const found of walk(paths, () => scan.skipped++)) {
    scan.files++;
    scan.bytes += found.size;
  }
  return scan;
}

/** Stream the messages of a backlog; see the module comment. */
export function readBacklog(paths: string[], opts: BacklogOptions = {}): BacklogReader {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError(`maxBytes: expected a non-negative integer, got ${maxBytes}`);
  const cap = Math.max(opts.hardCapBytes ?? DEFAULT_HARD_CAP_BYTES, maxBytes + 1);
  const state: ReadState = {
    limits: { cap, keep: maxBytes + 1 },
    stats: { files: 0, messages: 0, oversize: 0, skipped: 0, bytesRead: 0 },
    onSkip: opts.onSkip ?? null,
  };
  const gen = generate(paths, state);
  return Object.defineProperties(gen, {
    bytesRead: { get: () => state.stats.bytesRead, enumerable: true },
    stats: { get: (): BacklogStats => ({ ...state.stats }), enumerable: true },
  }) as BacklogReader;
}

// ---------------------------------------------------------------------------------------------

interface Limits {
  /** Largest message kept whole. */
  cap: number;
  /** Bytes kept of a larger one (maxBytes + 1, ≤ cap). */
  keep: number;
}

interface ReadState {
  limits: Limits;
  stats: BacklogStats;
  onSkip: ((origin: string, reason: string) => void) | null;
}

interface FoundFile {
  /** Path to open, and the origin prefix. */
  path: string;
  format: Format;
  size: number;
}

async function* generate(paths: string[], state: ReadState): AsyncGenerator<BacklogItem, void, undefined> {
  const skip = (origin: string, reason: string): void => {
    state.stats.skipped++;
    state.onSkip?.(origin, reason);
  };
  for await (const found of walk(paths, skip)) {
    state.stats.files++;
    const start = state.stats.bytesRead;
    switch (found.format) {
      case 'document':
        yield* readDocumentFile(found.path, state);
        break;
      case 'ndjson':
        yield* readNdjsonFile(found.path, state);
        break;
      case 'tgz':
      case 'tar':
        yield* readTar(found.path, found.format === 'tgz', state, skip);
        break;
      case 'zip':
        yield* readZip(found.path, found.size, state, skip);
        break;
    }
    // Whatever was counted on the way, a finished file counts as its size on disk.
    state.stats.bytesRead = start + found.size;
  }
}

/** Files to read, in order; directories expanded (sorted, hidden names skipped, symlink loops cut). */
async function* walk(paths: string[], skip: (origin: string, reason: string) => void): AsyncGenerator<FoundFile, void, undefined> {
  for (const p of paths) {
    const st = await statOrThrow(p);
    if (st.isDirectory()) {
      yield* walkDirectory(p, new Set([await realpathOrThrow(p)]), skip);
    } else if (st.isFile()) {
      const format = backlogFormatOf(p);
      if (format === null) {
        throw new BacklogError(
          BacklogErrorCodes.BACKLOG_UNSUPPORTED,
          p,
          `${p}: not a backlog file (expected .xml, .json, .ndjson, .tar.gz, .tgz, .tar, .zip or a directory)`,
        );
      }
      yield { path: p, format, size: st.size };
    } else {
      throw new BacklogError(BacklogErrorCodes.BACKLOG_UNREADABLE, p, `${p}: not a regular file or directory`);
    }
  }
}

async function* walkDirectory(
  dir: string,
  seen: Set<string>,
  skip: (origin: string, reason: string) => void,
): AsyncGenerator<FoundFile, void, undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw unreadable(dir, err);
  }
  names.sort(compareBytewise);
  for (const name of names) {
    if (name.startsWith('.')) continue; // hidden: .DS_Store, .git, editor swap files
    const p = path.join(dir, name);
    const st = await statOrThrow(p);
    if (st.isDirectory()) {
      const real = await realpathOrThrow(p);
      if (seen.has(real)) continue; // a symlink back up the tree
      seen.add(real);
      yield* walkDirectory(p, seen, skip);
      seen.delete(real);
    } else if (st.isFile()) {
      const format = backlogFormatOf(name);
      if (format === null) skip(p, 'not a backlog file type');
      else yield { path: p, format, size: st.size };
    } else {
      skip(p, 'not a regular file');
    }
  }
}

function compareBytewise(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function statOrThrow(p: string): Promise<Stats> {
  try {
    return await stat(p);
  } catch (err) {
    throw unreadable(p, err);
  }
}

async function realpathOrThrow(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch (err) {
    throw unreadable(p, err);
  }
}

function unreadable(file: string, err: unknown): BacklogError {
  if (isBacklogError(err)) return err;
  const reason = err instanceof Error ? describeError(err) : String(err);
  return new BacklogError(BacklogErrorCodes.BACKLOG_UNREADABLE, file, `${file}: cannot read backlog: ${reason}`, { cause: err });
}

function describeError(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return err.message;
}

function makeItem(origin: string, read: BoundedRead, state: ReadState): BacklogItem {
  state.stats.messages++;
  if (read.oversize) state.stats.oversize++;
  return {
    message: { source: 'file', topic: null, partition: null, offset: null, key: null, headers: {}, body: read.body },
    origin,
    size: read.size,
    oversize: read.oversize,
  };
}

/** Raw chunks of a file on disk, counted into bytesRead. */
async function* fileChunks(file: string, state: ReadState): AsyncGenerator<Buffer, void, undefined> {
  const src = createReadStream(file);
  try {
    for await (const chunk of src as AsyncIterable<Buffer>) {
      state.stats.bytesRead += chunk.length;
      yield chunk;
    }
  } finally {
    src.destroy();
  }
}

async function* readDocumentFile(file: string, state: ReadState): AsyncGenerator<BacklogItem, void, undefined> {
  let read: BoundedRead;
  try {
    read = await readBounded(fileChunks(file, state), state.limits);
  } catch (err) {
    throw unreadable(file, err);
  }
  yield makeItem(file, read, state);
}

async function* readNdjsonFile(file: string, state: ReadState): AsyncGenerator<BacklogItem, void, undefined> {
  const lines = splitLines(fileChunks(file, state), state.limits);
  yield* readErrorsAs(file, mapLines(file, lines, state));
}

async function* mapLines(
  origin: string,
  lines: AsyncGenerator<NumberedLine, void, undefined>,
  state: ReadState,
): AsyncGenerator<BacklogItem, void, undefined> {
  for await (const line of lines) yield makeItem(`${origin}:${line.line}`, line, state);
}

/**
 * Re-yields `items`, turning errors raised while reading (not the consumer's) into
 * BACKLOG_UNREADABLE naming `file`; closes `items` (so its streams) when stopped early.
 */
async function* readErrorsAs(file: string, items: AsyncGenerator<BacklogItem, void, undefined>): AsyncGenerator<BacklogItem, void, undefined> {
  try {
    for (;;) {
      let next: IteratorResult<BacklogItem, void>;
      try {
        next = await items.next();
      } catch (err) {
        throw unreadable(file, err);
      }
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    await items.return();
  }
}

/** A member name we read: not hidden, not macOS resource forks. */
function memberIsHidden(name: string): boolean {
  return name.split('/').some((seg) => seg.startsWith('.') && seg !== '.' && seg !== '..') || name.split('/').includes('__MACOSX');
}

/** How an archive member is read, or why it is skipped. */
function memberFormat(name: string): { format: 'document' | 'ndjson' } | { skip: string } | null {
  if (memberIsHidden(name)) return null; // silently, like hidden files in directories
  const format = backlogFormatOf(name);
  if (format === 'document' || format === 'ndjson') return { format };
  if (format !== null) return { skip: 'nested archive (extract it first)' };
  return { skip: 'not a backlog file type' };
}

/** Yields the messages of one archive member from its (decompressed) byte stream. */
async function* readMember(
  origin: string,
  format: 'document' | 'ndjson',
  chunks: AsyncIterable<Buffer>,
  state: ReadState,
): AsyncGenerator<BacklogItem, void, undefined> {
  if (format === 'document') {
    yield makeItem(origin, await readBounded(chunks, state.limits), state);
    return;
  }
  yield* mapLines(origin, splitLines(chunks, state.limits), state);
}

class ByteCounter extends Transform {
  constructor(private readonly state: ReadState) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.state.stats.bytesRead += chunk.length;
    callback(null, chunk);
  }
}

async function* readTar(
  file: string,
  gzipped: boolean,
  state: ReadState,
  skip: (origin: string, reason: string) => void,
): AsyncGenerator<BacklogItem, void, undefined> {
  const src = createReadStream(file);
  const counter = new ByteCounter(state);
  const extract = tar.extract();
  // Errors reach the extract stream (pipeline destroys it), hence the iterator below; the
  // callback only keeps them from being unhandled.
  const done = (): void => undefined;
  if (gzipped) pipeline(src, counter, createGunzip(), extract, done);
  else pipeline(src, counter, extract, done);
  const entries = extract[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: Awaited<ReturnType<typeof entries.next>>;
      try {
        next = await entries.next();
      } catch (err) {
        throw unreadable(file, err);
      }
      if (next.done === true) return;
      const entry = next.value;
      const header = entry.header;
      const type: string = header.type ?? 'file';
      const origin = `${file}!${header.name}`;
      if (type === 'directory' || type === 'pax-header' || type === 'pax-global-header') {
        entry.resume();
        continue;
      }
      const how = memberFormat(header.name);
      if (type !== 'file' && type !== 'contiguous-file') {
        if (how !== null) skip(origin, `not a regular file (${type})`);
        entry.resume();
        continue;
      }
      if (how === null || 'skip' in how) {
        if (how !== null) skip(origin, how.skip);
        entry.resume();
        continue;
      }
      yield* readErrorsAs(file, readMember(origin, how.format, entry as AsyncIterable<Buffer>, state));
    }
  } finally {
    await entries.return?.();
    src.destroy();
  }
}

async function* readZip(
  file: string,
  size: number,
  state: ReadState,
  skip: (origin: string, reason: string) => void,
): AsyncGenerator<BacklogItem, void, undefined> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: true,
      validateEntrySizes: true,
      strictFileNames: false,
    });
  } catch (err) {
    throw unreadable(file, err);
  }
  // An error emitted while no entry is awaited must not become an uncaught exception.
  let lateError: unknown = null;
  zip.on('error', (err: unknown) => {
    lateError ??= err;
  });
  const start = state.stats.bytesRead;
  const entries = zip.eachEntry();
  try {
    for (;;) {
      let next: IteratorResult<yauzl.Entry>;
      try {
        next = await entries.next();
      } catch (err) {
        throw unreadable(file, err);
      }
      if (next.done === true) break;
      const entry = next.value;
      const name = entry.fileName;
      const origin = `${file}!${name}`;
      if (!name.endsWith('/')) {
        const how = memberFormat(name);
        if (how !== null && 'skip' in how) skip(origin, how.skip);
        if (how !== null && 'format' in how) {
          let member: AsyncIterable<Buffer>;
          try {
            member = (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>;
          } catch (err) {
            throw unreadable(file, err);
          }
          yield* readErrorsAs(file, readMember(origin, how.format, member, state));
        }
      }
      // Progress through a zip: how far into the file this member's data ends.
      const reached = entry.relativeOffsetOfLocalHeader + 30 + entry.fileNameLength + entry.extraFieldLength + entry.compressedSize;
      state.stats.bytesRead = Math.max(state.stats.bytesRead, start + Math.min(size, reached));
    }
    if (lateError !== null) throw unreadable(file, lateError);
  } finally {
    await entries.return?.();
    zip.close();
  }
}

// ---------------------------------------------------------------------------------------------

interface BoundedRead {
  body: Buffer;
  size: number;
  oversize: boolean;
}

/**
 * Collects a message's bytes: whole up to `limits.cap`; past that only the first `limits.keep`
 * bytes are kept while the rest is drained and counted.
 */
class BoundedBuffer {
  private parts: Buffer[] = [];
  private kept = 0;
  size = 0;
  oversize = false;

  constructor(private readonly limits: Limits) {}

  private lastByte = -1;

  append(piece: Buffer): void {
    if (piece.length === 0) return;
    this.size += piece.length;
    this.lastByte = piece[piece.length - 1] ?? -1;
    if (!this.oversize && this.size > this.limits.cap) {
      this.oversize = true;
      const parts = this.parts;
      this.parts = [];
      this.kept = 0;
      for (const p of parts) this.keepSome(p);
    }
    if (this.oversize) this.keepSome(piece);
    else {
      this.parts.push(piece);
      this.kept += piece.length;
    }
  }

  private keepSome(piece: Buffer): void {
    const room = this.limits.keep - this.kept;
    if (room <= 0) return;
    const p = piece.length <= room ? piece : piece.subarray(0, room);
    this.parts.push(p);
    this.kept += p.length;
  }

  /** The bytes (a copy: never a view into a larger read buffer); resets for the next message. */
  take(trimCr: boolean): BoundedRead {
    let body = Buffer.concat(this.parts, this.kept);
    let size = this.size;
    if (trimCr && this.lastByte === 0x0d) {
      // Oversize, the CR lies past the kept prefix (size > cap >= keep); only the size drops.
      if (!this.oversize) body = body.subarray(0, body.length - 1);
      size--;
    }
    const out: BoundedRead = { body, size, oversize: this.oversize };
    this.parts = [];
    this.kept = 0;
    this.size = 0;
    this.lastByte = -1;
    this.oversize = false;
    return out;
  }

  /** Only white space so far (never true once oversize). */
  isBlank(): boolean {
    if (this.oversize) return false;
    for (const p of this.parts) {
      for (let i = 0; i < p.length; i++) {
        const c = p[i];
        if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
      }
    }
    return true;
  }
}

async function readBounded(chunks: AsyncIterable<Buffer>, limits: Limits): Promise<BoundedRead> {
  const buf = new BoundedBuffer(limits);
  for await (const chunk of chunks) buf.append(chunk);
  return buf.take(false);
}

interface NumberedLine extends BoundedRead {
  /** 1-based line number in its file. */
  line: number;
}

/**
 * Newline-delimited messages from a byte stream, as exact bytes (no decoding, so invalid
 * UTF-8 reaches ingest untouched). `\n` ends a line, a `\r` before it is dropped; lines of
 * only spaces, tabs and `\r` are skipped; a last line without `\n` counts. Memory per line is
 * bounded by `limits` (a very long line comes out `oversize`).
 */
async function* splitLines(chunks: AsyncIterable<Buffer>, limits: Limits): AsyncGenerator<NumberedLine, void, undefined> {
  const buf = new BoundedBuffer(limits);
  let line = 0;
  for await (const chunk of chunks) {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl === -1) {
        buf.append(chunk.subarray(start));
        break;
      }
      buf.append(chunk.subarray(start, nl));
      start = nl + 1;
      line++;
      if (buf.isBlank()) buf.take(false);
      else yield { ...buf.take(true), line };
    }
  }
  if (buf.size > 0) {
    line++;
    if (!buf.isBlank()) yield { ...buf.take(true), line };
  }
}
