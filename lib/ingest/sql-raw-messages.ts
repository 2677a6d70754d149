/** SQL for raw_messages: the audit copy of every message. */
import type { PoolClient } from '../db/pool.js';
import type { PreparedMessage } from '../../core/ingest/types.js';
import { copyIntoStaging, type StagingTable } from './copy-binary.js';

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

/**
 * Inserts the messages not seen before (by identity hash) and returns their ids by hash (hex).
 * Messages already present are left untouched: a re-delivery changes nothing.
 */
export async function insertRawMessages(client: PoolClient, batch: PreparedMessage[]): Promise<Map<string, number>> {
  if (batch.length === 0) return new Map();
  // Binary COPY into staging, then one merge: the bodies travel as raw bytes (no hex, no array literal).
  await copyIntoStaging(client, RAW_STAGING, batch.map((p, i) => [
    i, p.hash, p.kind, p.message.source, p.message.topic, p.message.partition, p.message.offset, pgText(p.message.key),
    JSON.stringify(pgHeaders(p.message.headers)), p.message.body, p.message.body.length, rawOutcome(p),
  ]));
  const res = await client.query<{ id: string; message_hash: Buffer }>(
    `INSERT INTO raw_messages (message_hash, kind, source, source_topic, source_partition, source_offset,
                               message_key, headers, body, byte_size, outcome)
     SELECT message_hash, kind, source, source_topic, source_partition, source_offset,
            message_key, headers::jsonb, body, byte_size, outcome
       FROM stage_raw_messages ORDER BY ord
     ON CONFLICT (message_hash) DO NOTHING
     RETURNING id, message_hash`,
  );
  return new Map(res.rows.map((r) => [r.message_hash.toString('hex'), Number(r.id)]));
}

const RAW_STAGING: StagingTable = {
  name: 'stage_raw_messages',
  columns: [
    ['ord', 'int4'], ['message_hash', 'bytea'], ['kind', 'text'], ['source', 'text'], ['source_topic', 'text'],
    ['source_partition', 'int4'], ['source_offset', 'int8'], ['message_key', 'text'], ['headers', 'text'],
    ['body', 'bytea'], ['byte_size', 'int4'], ['outcome', 'text'],
  ],
};

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
