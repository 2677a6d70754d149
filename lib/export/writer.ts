/**
 * The generic part of every export: records arrive in batches (so memory stays flat whatever the
 * size), are encoded as JSONL or CSV and written to a file or stdout with back-pressure.
 *
 * - JSONL: one JSON object per line, `\n`-terminated, UTF-8.
 * - CSV: RFC 4180 with a header row (see ./csv.ts), written even when there are no records.
 *
 * A file is written atomically: to `FILE.tmp`, flushed to disk, then renamed over `FILE`; a
 * failed export removes the temporary file and leaves an older `FILE` untouched. When the reader
 * of stdout goes away (`lac export seds | head`, EPIPE), writing stops with `OutputClosedError`,
 * which the command treats as a normal end, not a crash.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { csvHeader, csvRecord, type CsvColumn } from './csv.js';

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The reader of the output went away (EPIPE on stdout): stop quietly. */
export class OutputClosedError extends Error {
  override readonly name = 'OutputClosedError';
  readonly code = 'OUTPUT_CLOSED';
  constructor(readonly written: number) {
    super(`output closed by its reader after ${written} record(s)`);
  }
}

export function isOutputClosed(err: unknown): err is OutputClosedError {
  return err instanceof OutputClosedError;
}

/** How one record becomes text in a format. */
export interface RecordEncoder<R> {
  /** Written once before the first record (CSV header), or ''. */
  readonly preamble: string;
  encode(record: R): string;
}

export function jsonlEncoder<R>(): RecordEncoder<R> {
  return { preamble: '', encode: (r) => `${JSON.stringify(r)}\n` };
}

export function csvEncoder<R>(columns: ReadonlyArray<CsvColumn<R>>): RecordEncoder<R> {
  return { preamble: csvHeader(columns), encode: (r) => csvRecord(columns, r) };
}

export function encoderFor<R>(format: ExportFormat, columns: ReadonlyArray<CsvColumn<R>>): RecordEncoder<R> {
  return format === 'csv' ? csvEncoder(columns) : jsonlEncoder<R>();
}

/** Where an export goes: a file (atomically) or stdout. */
export interface ExportOutput {
  readonly stream: Writable;
  /** For the summary line: the file name, or `stdout`. */
  readonly label: string;
  /** Everything written: flush and make it visible (rename the temporary file over the target). */
  commit(): Promise<void>;
  /** Something failed: discard what was written (remove the temporary file). Never throws. */
  abort(): Promise<void>;
}

/** `FILE.tmp`, renamed to `FILE` on commit. Creates the parent directory when missing. */
export async function openFileOutput(file: string): Promise<ExportOutput> {
  const target = path.resolve(file);
  const tmp = `${target}.tmp`;
  await fsp.mkdir(path.dirname(target), { recursive: true });
  // flush: fsync before close, so the rename never exposes a file whose bytes are not on disk yet.
  const stream = fs.createWriteStream(tmp, { flags: 'w', flush: true });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  let failure: Error | null = null;
  stream.on('error', (err) => (failure ??= err));
  return {
    stream,
    label: file,
    async commit() {
      await endStream(stream);
      if (failure) throw failure;
      await fsp.rename(tmp, target);
    },
    async abort() {
      if (!stream.destroyed) stream.destroy();
      await new Promise<void>((resolve) => (stream.closed ? resolve() : stream.once('close', () => resolve())));
      await fsp.rm(tmp, { force: true }).catch(() => undefined);
    },
  };
}

/** stdout (or any stream the caller owns, e.g. in tests): never ended, only drained. */
export function streamOutput(stream: Writable, label = 'stdout'): ExportOutput {
  return {
    stream,
    label,
    async commit() {
      if (stream.destroyed) return;
      if (stream.writableNeedDrain) await waitForDrain(stream);
    },
    async abort() {
      /* nothing to undo on a stream */
    },
  };
}

export async function openOutput(file: string | undefined): Promise<ExportOutput> {
  return file === undefined || file === '-' ? streamOutput(process.stdout) : openFileOutput(file);
}

/**
 * Encodes and writes batches of records; returns how many were written. Each batch is written as
 * one chunk and the next batch is only pulled after the stream has drained, so a slow reader
 * slows the database cursor down instead of filling memory.
 * @throws OutputClosedError when the stream was closed by its reader (EPIPE).
 */
export async function writeBatches<R>(batches: AsyncIterable<readonly R[]>, encoder: RecordEncoder<R>, stream: Writable): Promise<number> {
  let written = 0;
  let failure: Error | null = null;
  const onError = (err: Error): void => {
    failure ??= err;
  };
  // Without a listener, an EPIPE on stdout would be an uncaught exception.
  stream.on('error', onError);
  const check = (): void => {
    if (failure !== null) {
      if (isBrokenPipe(failure)) throw new OutputClosedError(written);
      throw failure;
    }
    if (stream.destroyed || stream.writableEnded) throw new OutputClosedError(written);
  };
  const write = async (chunk: string): Promise<void> => {
    check();
    if (chunk !== '' && !stream.write(chunk, 'utf8')) await waitForDrain(stream);
  };
  try {
    await write(encoder.preamble);
    for await (const batch of batches) {
      let chunk = '';
      for (const record of batch) chunk += encoder.encode(record);
      await write(chunk);
      // Handed to the stream; a failure to deliver it shows at the next check.
      written += batch.length;
    }
    // A write error (EPIPE) is reported asynchronously: give it a turn before declaring success.
    await new Promise<void>((resolve) => setImmediate(resolve));
    check();
    return written;
  } finally {
    stream.off('error', onError);
    // Keep swallowing late errors of a stream we broke off from (stdout after EPIPE).
    if (failure !== null) stream.on('error', () => undefined);
  }
}

function isBrokenPipe(err: Error): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_WRITE_AFTER_END' || code === 'ECONNRESET';
}

function waitForDrain(stream: Writable): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}

function endStream(stream: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (stream.destroyed) {
      reject(new Error('output stream was destroyed before it was complete'));
      return;
    }
    stream.once('error', reject);
    // 'close' comes after the flush (fsync) and close of the file descriptor.
    stream.once('close', () => resolve());
    stream.end();
  });
}
