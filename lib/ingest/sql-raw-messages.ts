/** SQL for raw_messages: the audit copy of every message. */
import type { PoolClient } from '../db/pool.js';
import type { PreparedMessage } from '../../core/ingest/types.js';

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
  const res = await client.query<{ id: string; message_hash: Buffer }>(
    `INSERT INTO raw_messages (message_hash, kind, source, source_topic, source_partition, source_offset,
                               message_key, headers, body, byte_size, outcome)
     SELECT * FROM unnest($1::bytea[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[],
                          $7::text[], $8::jsonb[], $9::bytea[], $10::int[], $11::text[])
     ON CONFLICT (message_hash) DO NOTHING
     RETURNING id, message_hash`,
    [
      batch.map((p) => p.hash),
      batch.map((p) => p.kind),
      batch.map((p) => p.message.source),
      batch.map((p) => p.message.topic),
      batch.map((p) => p.message.partition),
      batch.map((p) => p.message.offset),
      batch.map((p) => p.message.key),
      batch.map((p) => JSON.stringify(p.message.headers)),
      batch.map((p) => p.message.body),
      batch.map((p) => p.message.body.length),
      batch.map((p) => rawOutcome(p)),
    ],
  );
  return new Map(res.rows.map((r) => [r.message_hash.toString('hex'), Number(r.id)]));
}

export async function markRawOutcome(client: PoolClient, ids: number[], outcome: RawOutcome): Promise<void> {
  if (ids.length === 0) return;
  await client.query('UPDATE raw_messages SET outcome = $2 WHERE id = ANY($1::bigint[])', [ids, outcome]);
}
