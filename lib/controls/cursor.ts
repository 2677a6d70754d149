/**
 * Server-side cursors read in chunks, for the full runs of controls and scoring: each source is
 * one sorted query (hash joins, one sort) instead of an index lookup per person or company, and
 * Node holds one chunk of rows at a time. Streams sorted by the same key (`COLLATE "C"`) are
 * consumed side by side up to the last key of the current batch.
 */
import type { PoolClient } from '../db/pool.js';

/**
 * Byte order of the UTF-8 encodings (PostgreSQL's `COLLATE "C"`), i.e. code point order. JS `<`
 * compares UTF-16 units, which differs for characters beyond U+FFFF; those are mapped above the
 * rest of the BMP here.
 */
export function compareC(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return fixup(x) - fixup(y);
  }
  return a.length - b.length;
}

function fixup(u: number): number {
  if (u >= 0xd800 && u <= 0xdfff) return u + 0x2000;
  if (u >= 0xe000) return u - 0x800;
  return u;
}

let counter = 0;

export class Cursor<R> {
  private rows: R[] = [];
  private pos = 0;
  private exhausted = false;

  private constructor(
    private readonly client: PoolClient,
    private readonly name: string,
    private readonly fetchSize: number,
  ) {}

  /** Declares a cursor (inside the client's open transaction). The SQL takes no parameters. */
  static async open<R>(client: PoolClient, sql: string, fetchSize = 2000): Promise<Cursor<R>> {
    const name = `lac_cursor_${++counter}`;
    await client.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`);
    return new Cursor<R>(client, name, fetchSize);
  }

  private async fill(): Promise<boolean> {
    if (this.exhausted) return false;
    const r = await this.client.query(`FETCH ${this.fetchSize} FROM ${this.name}`);
    this.rows = r.rows as R[];
    this.pos = 0;
    if (this.rows.length < this.fetchSize) this.exhausted = true;
    return this.rows.length > 0;
  }

  /** Hands every row whose key sorts (compareC) at or before `last` to `sink`, in order. */
  async takeThrough(last: string, keyOf: (row: R) => string, sink: (row: R) => void): Promise<void> {
    for (;;) {
      while (this.pos < this.rows.length) {
        const row = this.rows[this.pos] as R;
        if (compareC(keyOf(row), last) > 0) return;
        this.pos++;
        sink(row);
      }
      if (!(await this.fill())) return;
    }
  }

  /**
   * Hands rows to `sink` while they carry at most `maxKeys` distinct keys (rows of one key are
   * consecutive); returns those keys in order. Fewer than `maxKeys`: the cursor is exhausted.
   */
  async takeKeys(maxKeys: number, keyOf: (row: R) => string, sink: (row: R) => void): Promise<string[]> {
    const keys: string[] = [];
    let current: string | undefined;
    for (;;) {
      while (this.pos < this.rows.length) {
        const row = this.rows[this.pos] as R;
        const k = keyOf(row);
        if (k !== current) {
          if (keys.length >= maxKeys) return keys;
          current = k;
          keys.push(k);
        }
        this.pos++;
        sink(row);
      }
      if (!(await this.fill())) return keys;
    }
  }

  /** Hands every remaining row to `sink`. */
  async takeRest(sink: (row: R) => void): Promise<void> {
    for (;;) {
      while (this.pos < this.rows.length) sink(this.rows[this.pos++] as R);
      if (!(await this.fill())) return;
    }
  }

  /** The next row, without consuming it (undefined at the end). */
  async peek(): Promise<R | undefined> {
    if (this.pos >= this.rows.length && !(await this.fill())) return undefined;
    return this.rows[this.pos];
  }

  /** Consumes the row `peek` returned. */
  skip(): void {
    this.pos++;
  }

  async close(): Promise<void> {
    await this.client.query(`CLOSE ${this.name}`);
  }
}
