/**
 * PostgreSQL binary COPY for the ingest hot path: rows go into a per-session staging table with
 * no text escaping, no hex for bytea and no array literals, then one INSERT ... SELECT merges
 * them (with ON CONFLICT, RETURNING, casts) into the real table. Staging tables are session temp
 * tables, emptied at every commit, so concurrent ingest processes never see each other's rows.
 */
import { once } from 'node:events';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from '../db/pool.js';

/** Column types a staging table uses; anything else is staged as text and cast by the merge. */
export type CopyType = 'bytea' | 'text' | 'int4' | 'int8' | 'bool';

export interface StagingTable {
  name: string;
  columns: ReadonlyArray<readonly [string, CopyType]>;
}

export type CopyValue = Buffer | string | number | bigint | boolean | null;

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** Encodes rows in COPY BINARY format (header, tuples, trailer). */
export function encodeBinaryCopy(types: readonly CopyType[], rows: ReadonlyArray<readonly CopyValue[]>): Buffer {
  const chunks: Buffer[] = [];
  const head = Buffer.alloc(SIGNATURE.length + 8);
  SIGNATURE.copy(head, 0);
  chunks.push(head);
  // One small buffer per row for the fixed-size parts; variable parts are referenced, not copied.
  for (const row of rows) {
    const fixed = Buffer.allocUnsafe(2 + types.length * 12);
    let pos = fixed.writeInt16BE(types.length, 0);
    let start = 0;
    for (let i = 0; i < types.length; i++) {
      const v = row[i] ?? null;
      if (v === null) {
        pos = fixed.writeInt32BE(-1, pos);
        continue;
      }
      switch (types[i]) {
        case 'int4':
          pos = fixed.writeInt32BE(4, pos);
          pos = fixed.writeInt32BE(Number(v), pos);
          break;
        case 'int8':
          pos = fixed.writeInt32BE(8, pos);
          pos = fixed.writeBigInt64BE(BigInt(v as number | bigint | string), pos);
          break;
        case 'bool':
          pos = fixed.writeInt32BE(1, pos);
          pos = fixed.writeUInt8(v === true ? 1 : 0, pos);
          break;
        default: {
          const data = Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'utf8');
          pos = fixed.writeInt32BE(data.length, pos);
          chunks.push(fixed.subarray(start, pos), data);
          start = pos;
        }
      }
    }
    chunks.push(fixed.subarray(start, pos));
  }
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1, 0);
  chunks.push(trailer);
  return Buffer.concat(chunks);
}

function ensureSql(t: StagingTable): string {
  const cols = t.columns.map(([name, type]) => `${name} ${type === 'int4' ? 'integer' : type === 'int8' ? 'bigint' : type === 'bool' ? 'boolean' : type}`);
  return `CREATE TEMP TABLE IF NOT EXISTS ${t.name} (${cols.join(', ')}) ON COMMIT DELETE ROWS`;
}

/**
 * Copies rows into the session's staging table (created on first use; IF NOT EXISTS because a
 * rolled-back transaction also rolls back its creation). Must run inside the batch transaction.
 */
export async function copyIntoStaging(client: PoolClient, table: StagingTable, rows: ReadonlyArray<readonly CopyValue[]>): Promise<void> {
  await client.query(`SET LOCAL client_min_messages = warning; ${ensureSql(table)}`);
  // Rows left by an earlier use in the same transaction (a caller storing two batches in one).
  await client.query(`DELETE FROM ${table.name}`);
  if (rows.length === 0) return;
  const payload = encodeBinaryCopy(table.columns.map(([, type]) => type), rows);
  const stream = client.query(copyFrom(`COPY ${table.name} (${table.columns.map(([n]) => n).join(', ')}) FROM STDIN (FORMAT binary)`));
  const done = Promise.race([once(stream, 'finish'), once(stream, 'error').then(([err]) => Promise.reject(err as Error))]);
  stream.end(payload);
  await done;
}
