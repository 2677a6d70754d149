/**
 * Crash-loop protection for the Kafka ingest path. A document that kills the process (a
 * native crash, an abort, an out-of-memory inside a parser) is re-delivered forever by Kafka,
 * because the offset is never committed: without this, it blocks its partition.
 *
 * Before a batch runs, one statement records an attempt on it (level 0, keyed by its first
 * offset) in its own committed statement, and forgets rows below that offset (committed); the
 * batch's own transaction deletes the row when it commits. A row left behind thus means work that
 * never committed: a batch whose offsets were not committed but whose rows were (a rebalance, a
 * crash between the two commits) is redelivered as a plain batch of duplicates, not as a crash.
 * `attempts` counts distinct processes (owner) that started it without finishing, so retries
 * inside one live process (a database restart) do not count. A batch that a previous process
 * started and never finished is redone in offset-aligned blocks (level 1); a block that was
 * itself interrupted is redone one message at a time (level 2). The message that keeps killing
 * the process is thus the only one whose level-2 count grows: past `maxAttempts` it is
 * dead-lettered with its original bytes instead of being parsed, and the rest goes on.
 * Offsets and block bounds are stable across re-deliveries, so narrowing down converges.
 */
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from '../db/pool.js';
import type { Logger } from '../log/logger.js';
import type { InboundMessage } from '../transport/types.js';

/** Messages per level-1 block; block bounds are multiples of it, whatever the batch. */
export const BLOCK_SIZE = 64n;

type Level = 0 | 1 | 2;

interface AttemptKey {
  groupId: string;
  topic: string;
  partition: number;
  level: Level;
  first: bigint;
}

/**
 * Runs inside the handler's transaction, just before it commits: forgets the attempt, so an
 * attempt row outlives its work only when that work did not commit (a crash, a kill, a failure).
 */
export type FinishAttempt = (client: PoolClient) => Promise<void>;

export interface AttemptHandlers {
  /** Prepares and stores messages in one transaction (throws on failure), calling `finish` in it. */
  process(messages: InboundMessage[], finish: FinishAttempt): Promise<void>;
  /** Stores the message as a dead letter without parsing it, calling `finish` in its transaction. */
  deadLetter(message: InboundMessage, attempts: number, finish: FinishAttempt): Promise<void>;
  /** Keeps the consumer's group membership alive during a slow recovery. */
  heartbeat(): Promise<void>;
}

export interface DeliveryAttemptsSettings {
  pool: Pool;
  groupId: string;
  /** Crashes while a message is handled alone before it is dead-lettered. */
  maxAttempts: number;
  logger: Logger;
}

export class DeliveryAttempts {
  /** This process: a restart is a new owner, so its attempts count. */
  readonly owner = randomUUID();

  constructor(private readonly settings: DeliveryAttemptsSettings) {}

  /** Runs one Kafka batch (one topic-partition, offsets ascending) under crash-loop protection. */
  async run(messages: InboundMessage[], handlers: AttemptHandlers): Promise<void> {
    const head = messages[0];
    const tail = messages[messages.length - 1];
    if (head === undefined || tail === undefined) return;
    const first = BigInt(head.offset);
    const key = this.key(head, 0, first);
    const attempts = await recordAttempt(this.settings.pool, key, first, this.owner, first);
    if (attempts === 1) {
      await this.guarded(key, () => handlers.process(messages, (client) => forgetAttempt(client, key)));
      return;
    }
    this.settings.logger.warn(
      { topic: head.topic, partition: head.partition, offset: head.offset, lastOffset: tail.offset, attempts },
      'crash recovery: a previous process died during this batch; redoing it in blocks',
    );
    for (const block of blocks(messages)) await this.runBlock(block, handlers);
    // The level-0 row stays until the partition's next batch forgets it (no extra statement).
  }

  private async runBlock(block: InboundMessage[], handlers: AttemptHandlers): Promise<void> {
    const head = block[0];
    if (head === undefined) return;
    const start = (BigInt(head.offset) / BLOCK_SIZE) * BLOCK_SIZE;
    const key = this.key(head, 1, start);
    const attempts = await recordAttempt(this.settings.pool, key, start + BLOCK_SIZE - 1n, this.owner, null);
    if (attempts === 1) {
      await this.guarded(key, () => handlers.process(block, (client) => forgetAttempt(client, key)));
    } else {
      this.settings.logger.warn(
        { topic: head.topic, partition: head.partition, offset: head.offset, attempts },
        'crash recovery: a previous process died in this block; redoing it one message at a time',
      );
      for (const m of block) {
        const one = this.key(m, 2, BigInt(m.offset));
        const tries = await recordAttempt(this.settings.pool, one, one.first, this.owner, null);
        if (tries > this.settings.maxAttempts) {
          this.settings.logger.error(
            { topic: m.topic, partition: m.partition, offset: m.offset, attempts: tries - 1 },
            'crash loop: message dead-lettered without parsing',
          );
          await handlers.deadLetter(m, tries - 1, (client) => forgetAttempt(client, one));
        } else {
          await this.guarded(one, () => handlers.process([m], (client) => forgetAttempt(client, one)));
        }
        await handlers.heartbeat();
      }
      // Every message of the block committed: the block is done.
      await forgetAttempt(this.settings.pool, key);
    }
    await handlers.heartbeat();
  }

  /**
   * A deterministic failure (bad data reaching SQL, a bug) would be retried by this same
   * process forever: mark the row so the next try counts, and it narrows down like a crash.
   * Transient failures (connections, timeouts, Kafka) keep the count as it is.
   */
  private async guarded(key: AttemptKey, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (isDeterministicFailure(err)) await disownAttempt(this.settings.pool, key).catch(() => undefined);
      throw err;
    }
  }

  private key(m: InboundMessage, level: Level, first: bigint): AttemptKey {
    return { groupId: this.settings.groupId, topic: m.topic, partition: m.partition, level, first };
  }
}

/** Consecutive messages grouped by offset-aligned block. */
export function blocks(messages: InboundMessage[]): InboundMessage[][] {
  const out: InboundMessage[][] = [];
  let current: InboundMessage[] = [];
  let currentBlock: bigint | null = null;
  for (const m of messages) {
    const b = BigInt(m.offset) / BLOCK_SIZE;
    if (currentBlock !== null && b !== currentBlock) {
      out.push(current);
      current = [];
    }
    currentBlock = b;
    current.push(m);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** SQLSTATE classes that repeat on every try: data exceptions, integrity, syntax/undefined objects, internal. */
const DETERMINISTIC_SQLSTATE = /^(22|23|42|XX)/;

export function isDeterministicFailure(err: unknown): boolean {
  if (err instanceof TypeError || err instanceof RangeError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length === 5 && DETERMINISTIC_SQLSTATE.test(code);
}

/**
 * Counts one attempt (once per owner) and returns the count; with `forgetBelow`, the same
 * statement deletes the partition's rows that end below it (their offsets are committed).
 */
export async function recordAttempt(pool: Pool, key: AttemptKey, last: bigint, owner: string, forgetBelow: bigint | null): Promise<number> {
  const res = await pool.query<{ attempts: number }>(
    `WITH forgotten AS (
       DELETE FROM ingest_attempts
        WHERE $8::bigint IS NOT NULL AND group_id = $1 AND topic = $2 AND kafka_partition = $3 AND last_offset < $8::bigint
     )
     INSERT INTO ingest_attempts AS a (group_id, topic, kafka_partition, level, kafka_offset, last_offset, attempts, owner)
     VALUES ($1, $2, $3, $4, $5, $6, 1, $7)
     ON CONFLICT (group_id, topic, kafka_partition, level, kafka_offset) DO UPDATE
       SET attempts = a.attempts + CASE WHEN a.owner = EXCLUDED.owner THEN 0 ELSE 1 END,
           owner = EXCLUDED.owner, last_offset = EXCLUDED.last_offset, last_at = now()
     RETURNING a.attempts`,
    [key.groupId, key.topic, key.partition, key.level, key.first.toString(), last.toString(), owner, forgetBelow?.toString() ?? null],
  );
  return res.rows[0]?.attempts ?? 1;
}

async function forgetAttempt(db: Pool | PoolClient, key: AttemptKey): Promise<void> {
  await db.query(
    'DELETE FROM ingest_attempts WHERE group_id = $1 AND topic = $2 AND kafka_partition = $3 AND level = $4 AND kafka_offset = $5',
    [key.groupId, key.topic, key.partition, key.level, key.first.toString()],
  );
}

/** The next try, even by this process, counts as a new attempt. */
async function disownAttempt(pool: Pool, key: AttemptKey): Promise<void> {
  await pool.query(
    `UPDATE ingest_attempts SET owner = '' WHERE group_id = $1 AND topic = $2 AND kafka_partition = $3 AND level = $4 AND kafka_offset = $5`,
    [key.groupId, key.topic, key.partition, key.level, key.first.toString()],
  );
}
