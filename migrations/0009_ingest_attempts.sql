-- Crash-loop protection: delivery attempts per Kafka offset range (owner: fault work).
-- A row says "a process started handling these messages and has not finished them". attempts
-- counts the distinct processes (owner) that did, so a document that kills the process is
-- found after a few lifetimes, while retries inside one live process (say, during a database
-- restart) do not count. level 0 is a whole Kafka batch (keyed by its first offset), level 1
-- an offset-aligned block of it, level 2 one message (lib/ingest/delivery-attempts.ts). Rows
-- whose last_offset is below a partition's next batch are deleted by that batch's statement.
CREATE TABLE ingest_attempts (
  group_id text NOT NULL,
  topic text NOT NULL,
  kafka_partition integer NOT NULL,
  level smallint NOT NULL CHECK (level IN (0, 1, 2)),
  kafka_offset bigint NOT NULL,
  last_offset bigint NOT NULL,
  attempts integer NOT NULL CHECK (attempts > 0),
  owner text NOT NULL,
  first_at timestamptz NOT NULL DEFAULT now(),
  last_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, topic, kafka_partition, level, kafka_offset)
);
