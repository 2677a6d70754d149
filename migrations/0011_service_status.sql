-- Service status: heartbeats, connection state and reconnects of each running service (owner: operations work)
-- One row per service process (instance), upserted every heartbeat; `lac status` reads them and
-- calls an instance down when its last beat is older than three intervals. No personal data:
-- host, pid, states, counters and error codes only.
CREATE TABLE service_instances (
  instance_id      text PRIMARY KEY,
  kind             text NOT NULL,
  host             text NOT NULL,
  pid              integer NOT NULL,
  started_at       timestamptz NOT NULL,
  last_beat        timestamptz NOT NULL,
  beat_interval_ms integer NOT NULL CHECK (beat_interval_ms > 0),
  stopped_at       timestamptz,
  ready            boolean NOT NULL,
  -- {"postgres": {"up": true, "since": ..., "failures": 0, "reconnects": 0, "lastErrorCode": null}, ...}
  dependencies     jsonb NOT NULL,
  reconnects       integer NOT NULL DEFAULT 0,
  last_error_code  text,
  -- snapshot of the process's counters: documents in, stored, rejected by code, lag, job counts, runs
  metrics          jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX service_instances_last_beat ON service_instances (last_beat);
