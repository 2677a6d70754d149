/**
 * Drizzle table definitions, mirroring the SQL in migrations/ (the SQL is the source of truth;
 * test/db/schema-matches-migrations.int.test.ts keeps the two in step).
 */
import { bigint, customType, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const rawMessages = pgTable('raw_messages', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  messageHash: bytea('message_hash').notNull(),
  kind: text('kind').notNull(),
  source: text('source').notNull(),
  sourceTopic: text('source_topic'),
  sourcePartition: integer('source_partition'),
  sourceOffset: bigint('source_offset', { mode: 'bigint' }),
  messageKey: text('message_key'),
  headers: jsonb('headers').$type<Record<string, string>>().notNull(),
  body: bytea('body').notNull(),
  byteSize: integer('byte_size').notNull(),
  outcome: text('outcome').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
});

export const deadLetters = pgTable('dead_letters', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  rawMessageId: bigint('raw_message_id', { mode: 'number' }).notNull(),
  errorCode: text('error_code').notNull(),
  errorMessage: text('error_message').notNull(),
  errorPath: text('error_path'),
  attempts: integer('attempts').notNull(),
  status: text('status').notNull(),
  firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
});

export const stageRuns = pgTable('stage_runs', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  stage: text('stage').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  items: bigint('items', { mode: 'number' }).notNull(),
  details: jsonb('details').$type<Record<string, unknown>>().notNull(),
});
