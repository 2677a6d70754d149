/** SQL for dead letters and their outbox to the lac.dlq topic. */
import type { PoolClient, Pool } from '../db/pool.js';
import type { Rejection } from '../../core/ingest/types.js';
import { redactRejectionMessage } from '../log/redact-rejection.js';
import { copyRows, type CopyColumns } from './copy-binary.js';

const DEAD_LETTER_COLUMNS: CopyColumns = [['raw_message_id', 'int8'], ['error_code', 'text'], ['error_message', 'text'], ['error_path', 'text']];

function deadLetterMessage(r: Rejection): string {
  return redactRejectionMessage(r.message, r.path).slice(0, 2000);
}

/** Dead letters of messages stored in this same batch (none can exist for them yet). */
export async function copyDeadLetters(client: PoolClient, items: ReadonlyArray<{ rawMessageId: number; rejection: Rejection }>): Promise<void> {
  await copyRows(client, 'dead_letters', DEAD_LETTER_COLUMNS, items.map((i) => [i.rawMessageId, i.rejection.code, deadLetterMessage(i.rejection), i.rejection.path]));
}

/** Dead letters of messages stored earlier (`lac dlq retry`): a second failure counts an attempt. */
export async function insertDeadLetters(client: PoolClient, items: Array<{ rawMessageId: number; rejection: Rejection }>): Promise<void> {
  if (items.length === 0) return;
  await client.query(
    `INSERT INTO dead_letters (raw_message_id, error_code, error_message, error_path)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (raw_message_id) DO UPDATE
       SET attempts = dead_letters.attempts + 1, last_seen_at = now(),
           error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message, error_path = EXCLUDED.error_path`,
    [
      items.map((i) => i.rawMessageId),
      items.map((i) => i.rejection.code),
      items.map((i) => deadLetterMessage(i.rejection)),
      items.map((i) => i.rejection.path),
    ],
  );
}

export interface UnpublishedDeadLetter {
  id: number;
  code: string;
  message: string;
  key: string | null;
  body: Buffer;
  headers: Record<string, string>;
  sourceTopic: string | null;
  sourcePartition: number | null;
  sourceOffset: string | null;
}

/** Dead letters not yet on the DLQ topic, oldest first, locked so two publishers never send the same one. */
export async function claimUnpublishedDeadLetters(client: PoolClient, limit: number): Promise<UnpublishedDeadLetter[]> {
  const res = await client.query<{
    id: string; error_code: string; error_message: string; message_key: string | null; body: Buffer;
    headers: Record<string, string>; source_topic: string | null; source_partition: number | null; source_offset: string | null;
  }>(
    `SELECT d.id, d.error_code, d.error_message, r.message_key, r.body, r.headers, r.source_topic, r.source_partition, r.source_offset
       FROM dead_letters d JOIN raw_messages r ON r.id = d.raw_message_id
      WHERE d.published_at IS NULL
      ORDER BY d.id
      LIMIT $1
      FOR UPDATE OF d SKIP LOCKED`,
    [limit],
  );
  return res.rows.map((r) => ({
    id: Number(r.id),
    code: r.error_code,
    message: r.error_message,
    key: r.message_key,
    body: r.body,
    headers: r.headers,
    sourceTopic: r.source_topic,
    sourcePartition: r.source_partition,
    sourceOffset: r.source_offset,
  }));
}

export async function markDeadLettersPublished(client: PoolClient, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await client.query('UPDATE dead_letters SET published_at = now() WHERE id = ANY($1::bigint[])', [ids]);
}

export interface DeadLetterRow {
  id: number;
  rawMessageId: number;
  code: string;
  message: string;
  path: string | null;
  attempts: number;
  status: string;
  source: string;
  sourceTopic: string | null;
  sourcePartition: number | null;
  sourceOffset: string | null;
  byteSize: number;
  firstSeenAt: string;
}

export async function listDeadLetters(pool: Pool, filter: { code?: string; status?: string; limit: number }): Promise<DeadLetterRow[]> {
  const res = await pool.query<{
    id: string; raw_message_id: string; error_code: string; error_message: string; error_path: string | null; attempts: number;
    status: string; source: string; source_topic: string | null; source_partition: number | null; source_offset: string | null;
    byte_size: number; first_seen_at: Date;
  }>(
    `SELECT d.id, d.raw_message_id, d.error_code, d.error_message, d.error_path, d.attempts, d.status,
            r.source, r.source_topic, r.source_partition, r.source_offset, r.byte_size, d.first_seen_at
       FROM dead_letters d JOIN raw_messages r ON r.id = d.raw_message_id
      WHERE ($1::text IS NULL OR d.error_code = $1) AND ($2::text IS NULL OR d.status = $2)
      ORDER BY d.id LIMIT $3`,
    [filter.code ?? null, filter.status ?? null, filter.limit],
  );
  return res.rows.map((r) => ({
    id: Number(r.id),
    rawMessageId: Number(r.raw_message_id),
    code: r.error_code,
    message: r.error_message,
    path: r.error_path,
    attempts: r.attempts,
    status: r.status,
    source: r.source,
    sourceTopic: r.source_topic,
    sourcePartition: r.source_partition,
    sourceOffset: r.source_offset,
    byteSize: r.byte_size,
    firstSeenAt: r.first_seen_at.toISOString(),
  }));
}
