-- Retention of raw documents and personal fields (`lac retention run`, lib/retention/).
--
-- A purged raw message keeps its row, identity hash, size, envelope and outcome, so a replay of
-- the same bytes is still recognised as a duplicate and stores nothing; only the body goes.
ALTER TABLE raw_messages ADD COLUMN purged_at timestamptz;
--> statement-breakpoint
-- Personal fields (names, birth dates, PINs, addresses) replaced by keyed pseudonyms or null.
ALTER TABLE seds ADD COLUMN personal_purged_at timestamptz;
--> statement-breakpoint
ALTER TABLE declarations ADD COLUMN personal_purged_at timestamptz;
--> statement-breakpoint
ALTER TABLE certificate_events ADD COLUMN personal_purged_at timestamptz;
--> statement-breakpoint
-- Certificates are derived from their current event: purged again when re-derived (updated_at later).
ALTER TABLE certificates ADD COLUMN personal_purged_at timestamptz;
--> statement-breakpoint
-- Rows still to purge are found by age through these partial indexes, which shrink as purging goes.
CREATE INDEX raw_messages_unpurged_idx ON raw_messages (received_at, id) WHERE purged_at IS NULL;
--> statement-breakpoint
CREATE INDEX seds_personal_unpurged_idx ON seds (received_at, id) WHERE personal_purged_at IS NULL;
--> statement-breakpoint
CREATE INDEX declarations_personal_unpurged_idx ON declarations (received_at, id) WHERE personal_purged_at IS NULL;
--> statement-breakpoint
CREATE INDEX certificate_events_personal_unpurged_idx ON certificate_events (received_at, id) WHERE personal_purged_at IS NULL;
--> statement-breakpoint
-- One row per retention run: its cut-offs and what it purged (or, dry run, would purge).
CREATE TABLE retention_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dry_run boolean NOT NULL,
  raw_cutoff timestamptz NOT NULL,
  personal_cutoff timestamptz NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  -- {"rawMessages": n, "deadLetters": n, "seds": n, "declarations": n, "certificateEvents": n, "certificates": n, "personRecords": n}
  counts jsonb NOT NULL DEFAULT '{}'::jsonb
);
