/**
 * Raw bytes past their age: the body goes, the row stays. The identity hash, size, envelope and
 * outcome are kept, so the ingest path's `ON CONFLICT (message_hash) DO NOTHING` still sees a
 * replayed copy as a duplicate and stores nothing. A dead letter's free-text error message can
 * quote the document (a bad date, a field), so it goes with the bytes; its code, path and times stay.
 */
import type { PoolClient } from '../db/pool.js';

export const PURGED_ERROR_MESSAGE = 'message text purged with the document bytes (retention)';

/** Purges up to `limit` raw messages received before `cutoff`; returns how many, and how many dead letters lost their text. */
export async function purgeRawBatch(client: PoolClient, cutoff: Date, limit: number): Promise<{ rawMessages: number; deadLetters: number }> {
  const raw = await client.query<{ id: string }>(
    `UPDATE raw_messages r SET body = '\\x'::bytea, purged_at = now()
       FROM (SELECT id FROM raw_messages WHERE purged_at IS NULL AND received_at < $1 ORDER BY received_at, id LIMIT $2 FOR UPDATE SKIP LOCKED) x
      WHERE r.id = x.id
     RETURNING r.id`,
    [cutoff, limit],
  );
  if (raw.rows.length === 0) return { rawMessages: 0, deadLetters: 0 };
  const dl = await client.query(
    'UPDATE dead_letters SET error_message = $2 WHERE raw_message_id = ANY($1::bigint[]) AND error_message <> $2',
    [raw.rows.map((r) => r.id), PURGED_ERROR_MESSAGE],
  );
  return { rawMessages: raw.rows.length, deadLetters: dl.rowCount ?? 0 };
}

export async function countRawToPurge(client: PoolClient, cutoff: Date): Promise<{ rawMessages: number; deadLetters: number }> {
  const res = await client.query<{ raw: string; dl: string }>(
    `SELECT count(*) AS raw, count(d.id) AS dl
       FROM raw_messages r LEFT JOIN dead_letters d ON d.raw_message_id = r.id
      WHERE r.purged_at IS NULL AND r.received_at < $1`,
    [cutoff],
  );
  return { rawMessages: Number(res.rows[0]?.raw ?? 0), deadLetters: Number(res.rows[0]?.dl ?? 0) };
}
