-- Every message LAC receives, accepted or not, with its original bytes: audit and replay.
-- message_hash is the message's identity (source kind, key, envelope headers, body), so a
-- re-delivered message lands on the same row and changes nothing.
CREATE TABLE raw_messages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_hash bytea NOT NULL,
  kind text NOT NULL CHECK (kind IN ('sed', 'declaration', 'certificate', 'unknown')),
  source text NOT NULL CHECK (source IN ('kafka', 'file', 'api', 'test')),
  source_topic text,
  source_partition integer,
  source_offset bigint,
  message_key text,
  headers jsonb NOT NULL DEFAULT '{}'::jsonb,
  body bytea NOT NULL,
  byte_size integer NOT NULL,
  outcome text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'stored', 'duplicate', 'unsupported', 'rejected')),
  received_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT raw_messages_hash_unique UNIQUE (message_hash)
);
--> statement-breakpoint
CREATE INDEX raw_messages_received_at_idx ON raw_messages (received_at);
--> statement-breakpoint
-- Messages LAC could not read. The bytes stay in raw_messages; the code is stable (core/errors.ts).
CREATE TABLE dead_letters (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  raw_message_id bigint NOT NULL REFERENCES raw_messages (id) ON DELETE CASCADE,
  error_code text NOT NULL,
  error_message text NOT NULL,
  error_path text,
  attempts integer NOT NULL DEFAULT 1,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'retried', 'resolved')),
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT dead_letters_raw_message_unique UNIQUE (raw_message_id)
);
--> statement-breakpoint
CREATE INDEX dead_letters_code_idx ON dead_letters (error_code, status);
--> statement-breakpoint
-- One row per run of a stage (ingest batch loop, replay, match, score): `lac status` reads it.
CREATE TABLE stage_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stage text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  items bigint NOT NULL DEFAULT 0,
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
--> statement-breakpoint
CREATE INDEX stage_runs_stage_idx ON stage_runs (stage, started_at DESC);
