-- Certificate verification (`lac verify`, the verify HTTP handler): see lib/verify/README.md.
--
-- The security code is kept only as a keyed hash: HMAC-SHA256 under a server-side key
-- (LAC_VERIFY_SECRET, or a generated key in lac_secrets) of the certificate number and the
-- normalised code. lib/verify/sql-verify.ts hashSecurityCodes() fills it from the current event
-- and removes `securityCode` from certificates.record.
ALTER TABLE certificates ADD COLUMN security_code_hash bytea;
--> statement-breakpoint
-- Which key hashed it (first 8 bytes of HMAC(key, 'lac-verify-key-id')): a new key means a re-hash.
ALTER TABLE certificates ADD COLUMN security_code_key_id bytea;
--> statement-breakpoint
-- The current_event_id the hash was computed for: a new current event (amendment) means a re-hash.
ALTER TABLE certificates ADD COLUMN security_code_event_id bigint;
--> statement-breakpoint
-- Server-side secrets generated on first use when no environment variable provides them
-- (development and `lac demo`; production sets LAC_VERIFY_SECRET / LAC_QR_PRIVATE_KEY).
CREATE TABLE lac_secrets (
  name text PRIMARY KEY,
  value bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
-- Fixed-window attempt counters for rate limiting, shared by every process (CLI runs, API
-- instances). subject is a keyed pseudonym of the client id or of the certificate number.
CREATE TABLE verification_rate_limits (
  scope text NOT NULL CHECK (scope IN ('client', 'certificate')),
  subject bytea NOT NULL,
  window_start timestamptz NOT NULL,
  attempts integer NOT NULL,
  PRIMARY KEY (scope, subject, window_start)
);
--> statement-breakpoint
CREATE INDEX verification_rate_limits_window_idx ON verification_rate_limits (window_start);
--> statement-breakpoint
-- Audit of verification attempts: never the presented code; the client only as a keyed pseudonym.
CREATE TABLE verification_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  attempted_at timestamptz NOT NULL DEFAULT now(),
  channel text NOT NULL,
  client_key bytea NOT NULL,
  certificate_number text NOT NULL,
  result text NOT NULL CHECK (result IN ('valid', 'withdrawn', 'expired', 'unknown', 'wrong-code', 'rate-limited'))
);
--> statement-breakpoint
CREATE INDEX verification_attempts_number_idx ON verification_attempts (certificate_number, attempted_at);
--> statement-breakpoint
CREATE INDEX verification_attempts_time_idx ON verification_attempts (attempted_at);
