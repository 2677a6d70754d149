/**
 * PostgreSQL binary COPY for the ingest hot path: rows go straight into the real tables, with
 * ids reserved beforehand (sql-batch-state.ts). Binary format: no text escaping, no hex for
 * bytea, no array literals; dates and timestamps travel as numbers, jsonb as its text.
 */
import { once } from 'node:events';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from '../db/pool.js';

/** Column types we encode; jsonb travels as its text behind a version byte, dates as days. */
export type CopyType = 'bytea' | 'text' | 'int4' | 'int8' | 'bool' | 'jsonb' | 'date' | 'timestamptz';

/** A real table's columns as COPY sends them (the others take their defaults). */
export type CopyColumns = ReadonlyArray<readonly [string, CopyType]>;

export type CopyValue = Buffer | string | number | bigint | boolean | null;

/** A value PostgreSQL would refuse for its column type (SQLSTATE 22007, like a failed cast). */
export class CopyValueError extends Error {
  readonly code = '22007';
  constructor(message: string) {
    super(message);
    this.name = 'CopyValueError';
  }
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** PostgreSQL's epoch for dates and timestamps: 2000-01-01 UTC. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The canonical instant we store (Date.prototype.toISOString). */
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/** Days since 2000-01-01 of a `YYYY-MM-DD` calendar date; an impossible date throws. */
export function pgDays(value: string): number {
  const m = DATE_RE.exec(value);
  const d = new Date(0);
  // setUTCFullYear, not Date.UTC: the latter reads years 0-99 as 1900-1999.
  const ms = m === null ? Number.NaN : d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Impossible dates roll over (2024-02-30 becomes March 1st): the round trip catches them.
  if (Number.isNaN(ms) || d.toISOString().slice(0, 10) !== value) throw new CopyValueError(`not a date: "${value.slice(0, 40)}"`);
  return Math.round((ms - PG_EPOCH_MS) / DAY_MS);
}

/** Microseconds since 2000-01-01 UTC of a canonical ISO instant (`…T…Z`). */
export function pgMicros(value: string): bigint {
  const ms = INSTANT_RE.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new CopyValueError(`not an ISO instant: "${value.slice(0, 40)}"`);
  return BigInt(ms - PG_EPOCH_MS) * 1000n;
}

/** A growable output buffer: one allocation per batch instead of one per value. */
class Writer {
  buf: Buffer;
  pos = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + extra));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  int16(v: number): void {
    this.ensure(2);
    this.pos = this.buf.writeInt16BE(v, this.pos);
  }

  int32(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeInt32BE(v, this.pos);
  }

  int64(v: bigint): void {
    this.ensure(8);
    this.pos = this.buf.writeBigInt64BE(v, this.pos);
  }

  bytes(b: Buffer): void {
    this.int32(b.length);
    this.ensure(b.length);
    this.pos += b.copy(this.buf, this.pos);
  }

  /** A length-prefixed UTF-8 string, written in place (the length is patched after). */
  text(s: string, prefix?: number): void {
    const extra = prefix === undefined ? 0 : 1;
    this.ensure(4 + extra + s.length * 3);
    const at = this.pos;
    this.pos += 4;
    if (prefix !== undefined) this.pos = this.buf.writeUInt8(prefix, this.pos);
    this.pos += this.buf.write(s, this.pos, 'utf8');
    this.buf.writeInt32BE(this.pos - at - 4, at);
  }
}

/** An upper bound of the encoded size, so the output buffer is allocated once. */
function sizeBound(types: readonly CopyType[], rows: ReadonlyArray<readonly CopyValue[]>): number {
  let n = SIGNATURE.length + 10;
  for (const row of rows) {
    n += 2 + types.length * 12; // field count; length words and fixed-size values
    for (const v of row) {
      if (Buffer.isBuffer(v)) n += v.length + 1;
      else if (typeof v === 'string') n += v.length * 3 + 1;
    }
  }
  return n;
}

/** Encodes rows in COPY BINARY format (header, tuples, trailer). */
export function encodeBinaryCopy(types: readonly CopyType[], rows: ReadonlyArray<readonly CopyValue[]>): Buffer {
  const w = new Writer(sizeBound(types, rows));
  w.ensure(SIGNATURE.length + 8);
  w.pos += SIGNATURE.copy(w.buf, 0);
  w.int32(0); // flags
  w.int32(0); // header extension length
  for (const row of rows) {
    w.int16(types.length);
    for (let i = 0; i < types.length; i++) {
      const v = row[i] ?? null;
      if (v === null) {
        w.int32(-1);
        continue;
      }
      switch (types[i]) {
        case 'int4':
          w.int32(4);
          w.int32(Number(v));
          break;
        case 'int8':
          w.int32(8);
          w.int64(BigInt(v as number | bigint | string));
          break;
        case 'bool':
          w.int32(1);
          w.ensure(1);
          w.pos = w.buf.writeUInt8(v === true ? 1 : 0, w.pos);
          break;
        case 'date':
          w.int32(4);
          w.int32(pgDays(String(v)));
          break;
        case 'timestamptz':
          w.int32(8);
          w.int64(pgMicros(String(v)));
          break;
        case 'jsonb':
          // jsonb's binary form: format version 1, then the JSON text (parsed by the server).
          w.text(String(v), 1);
          break;
        default:
          if (Buffer.isBuffer(v)) w.bytes(v);
          else w.text(String(v));
      }
    }
  }
  w.int16(-1);
  return w.buf.subarray(0, w.pos);
}

/**
 * Copies rows straight into a real table (columns not listed take their defaults; identity
 * columns take the value given). Constraint violations fail the COPY as they would an INSERT.
 */
export async function copyRows(client: PoolClient, table: string, columns: CopyColumns, rows: ReadonlyArray<readonly CopyValue[]>): Promise<void> {
  if (rows.length === 0) return;
  const payload = encodeBinaryCopy(columns.map(([, type]) => type), rows);
  const stream = client.query(copyFrom(`COPY ${table} (${columns.map(([n]) => n).join(', ')}) FROM STDIN (FORMAT binary)`));
  const done = Promise.race([once(stream, 'finish'), once(stream, 'error').then(([err]) => Promise.reject(err as Error))]);
  stream.end(payload);
  await done;
}
