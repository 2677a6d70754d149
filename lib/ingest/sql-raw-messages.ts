/** SQL for raw_messages: the audit copy of every message. */
import type { PoolClient } from '../db/pool.js';
import type { PreparedMessage } from '../../core/ingest/types.js';
import { copyRows, type CopyColumns } from './copy-binary.js';

export type RawOutcome = 'stored' | 'duplicate' | 'unsupported' | 'rejected';

export function rawOutcome(p: PreparedMessage): RawOutcome {
  switch (p.outcome.type) {
    case 'rejected':
      return 'rejected';
    case 'sed':
      return p.outcome.sed.supported ? 'stored' : 'unsupported';
    default:
      return 'stored';
  }
}

/** Raw messages as COPY sends them: ids reserved by `reserveIds`, outcomes decided by `planBatch`. */
const RAW_COLUMNS: CopyColumns = [
  ['id', 'int8'], ['message_hash', 'bytea'], ['kind', 'text'], ['source', 'text'], ['source_topic', 'text'],
  ['source_partition', 'int4'], ['source_offset', 'int8'], ['message_key', 'text'], ['headers', 'jsonb'],
  ['body', 'bytea'], ['byte_size', 'int4'], ['outcome', 'text'],
];

/**
 * Writes messages not stored yet (the caller checked their identity hashes in the same
 * transaction). A concurrent writer of the same message makes this fail with a unique
 * violation, and the caller retries the batch (store-batch.ts).
 */
export async function copyRawMessages(client: PoolClient, rows: ReadonlyArray<{ id: number; prepared: PreparedMessage; outcome: RawOutcome }>): Promise<void> {
  await copyRows(client, 'raw_messages', RAW_COLUMNS, rows.map(({ id, prepared: p, outcome }) => [
    id, p.hash, p.kind, p.message.source, p.message.topic, p.message.partition, p.message.offset, pgText(p.message.key),
    JSON.stringify(pgHeaders(p.message.headers)), p.message.body, p.message.body.length, outcome,
  ]));
}

export async function markRawOutcome(client: PoolClient, ids: number[], outcome: RawOutcome): Promise<void> {
  if (ids.length === 0) return;
  await client.query('UPDATE raw_messages SET outcome = $2 WHERE id = ANY($1::bigint[])', [ids, outcome]);
}

/**
 * PostgreSQL refuses U+0000 in text and jsonb: one such envelope would fail the batch and block
 * its partition. The body is bytea and keeps its bytes; the identity hash is of the originals.
 */
function pgText(value: string | null): string | null {
  return value === null || !value.includes('\u0000') ? value : value.replaceAll('\u0000', '\uFFFD');
}

function pgHeaders(headers: Record<string, string>): Record<string, string> {
  let clean = true;
  for (const [k, v] of Object.entries(headers)) if (k.includes('\u0000') || v.includes('\u0000')) clean = false;
  if (clean) return headers;
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [pgText(k) ?? k, pgText(v) ?? v]));
}
