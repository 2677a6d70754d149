/**
 * Reading stored raw messages back (dead-letter retry, reprocessing). Messages whose bytes the
 * retention job purged are skipped: there is nothing left to read, and their stored outcome stands.
 */
import type { PoolClient } from '../db/pool.js';
import type { SourceMessage } from '../../core/ingest/types.js';

export interface StoredMessage {
  rawMessageId: number;
  message: SourceMessage;
}

interface RawRow {
  id: string;
  source: SourceMessage['source'];
  source_topic: string | null;
  source_partition: number | null;
  source_offset: string | null;
  message_key: string | null;
  headers: Record<string, string>;
  body: Buffer;
}

function toStored(r: RawRow): StoredMessage {
  return {
    rawMessageId: Number(r.id),
    message: {
      source: r.source,
      topic: r.source_topic,
      partition: r.source_partition,
      offset: r.source_offset,
      key: r.message_key,
      headers: r.headers,
      body: r.body,
    },
  };
}

const COLUMNS = 'r.id, r.source, r.source_topic, r.source_partition, r.source_offset, r.message_key, r.headers, r.body';

/** Open dead letters after `afterId` (keyset), oldest first, locked for this transaction. */
export async function openDeadLetterMessages(
  client: PoolClient,
  filter: { code: string | null; afterId: number; limit: number },
): Promise<Array<StoredMessage & { deadLetterId: number }>> {
  const res = await client.query<RawRow & { dead_letter_id: string }>(
    `SELECT d.id AS dead_letter_id, ${COLUMNS}
       FROM dead_letters d JOIN raw_messages r ON r.id = d.raw_message_id
      WHERE d.status = 'open' AND r.purged_at IS NULL AND d.id > $2 AND ($1::text IS NULL OR d.error_code = $1)
      ORDER BY d.id LIMIT $3
      FOR UPDATE OF d SKIP LOCKED`,
    [filter.code, filter.afterId, filter.limit],
  );
  return res.rows.map((r) => ({ ...toStored(r), deadLetterId: Number(r.dead_letter_id) }));
}

/** Stored SEDs to re-normalise, by seds.id keyset. */
export async function sedMessagesToReprocess(
  client: PoolClient,
  filter: { since: string | null; sedType: string | null; afterSedId: number; limit: number },
): Promise<Array<StoredMessage & { sedId: number }>> {
  const res = await client.query<RawRow & { sed_id: string }>(
    `SELECT s.id AS sed_id, ${COLUMNS}
       FROM seds s JOIN raw_messages r ON r.id = s.raw_message_id
      WHERE s.id > $3 AND r.purged_at IS NULL AND ($1::timestamptz IS NULL OR s.received_at >= $1) AND ($2::text IS NULL OR s.sed_type = $2)
      ORDER BY s.id LIMIT $4`,
    [filter.since, filter.sedType, filter.afterSedId, filter.limit],
  );
  return res.rows.map((r) => ({ ...toStored(r), sedId: Number(r.sed_id) }));
}

export async function countSedsToReprocess(client: PoolClient, filter: { since: string | null; sedType: string | null }): Promise<number> {
  const res = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM seds s JOIN raw_messages r ON r.id = s.raw_message_id
      WHERE r.purged_at IS NULL AND ($1::timestamptz IS NULL OR s.received_at >= $1) AND ($2::text IS NULL OR s.sed_type = $2)`,
    [filter.since, filter.sedType],
  );
  return Number(res.rows[0]?.n ?? 0);
}
