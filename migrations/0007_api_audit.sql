-- HTTP API (`lac api`): the audit log of reads. API keys are not stored here: they come from the
-- environment only (LAC_API_KEYS holds key id, role and SHA-256 of the token): README.md, "HTTP API".
--
-- One row per request made with a valid key to an audited endpoint, whatever its outcome, written
-- before the response is sent (in the transaction that read the data: no row, no data).
-- company_refs / person_refs list every company and person key whose data the response carried,
-- so "who saw company X / person P" is one indexed query. Never a secret, never a name.
CREATE TABLE api_audit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  request_id text NOT NULL,
  key_id text NOT NULL,
  role text NOT NULL CHECK (role IN ('inspector', 'operator')),
  method text NOT NULL,
  -- The route template (`/v1/companies/{companyKey}`), not the concrete path.
  endpoint text NOT NULL,
  subject_type text NOT NULL CHECK (subject_type IN ('company', 'company-list', 'audit-log')),
  subject_ref text,
  filters jsonb NOT NULL DEFAULT '{}'::jsonb,
  outcome text NOT NULL CHECK (outcome IN ('ok', 'not-found', 'bad-request', 'forbidden', 'error')),
  status integer NOT NULL,
  result_count integer NOT NULL DEFAULT 0,
  company_refs text[] NOT NULL DEFAULT '{}',
  person_refs text[] NOT NULL DEFAULT '{}'
);
--> statement-breakpoint
CREATE INDEX api_audit_at_idx ON api_audit (at);
--> statement-breakpoint
CREATE INDEX api_audit_key_idx ON api_audit (key_id, at);
--> statement-breakpoint
CREATE INDEX api_audit_company_refs_idx ON api_audit USING gin (company_refs);
--> statement-breakpoint
CREATE INDEX api_audit_person_refs_idx ON api_audit USING gin (person_refs);
--> statement-breakpoint
-- Append-only: an audit row is never rewritten (old rows may be deleted by a retention job).
CREATE FUNCTION api_audit_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'api_audit rows are append-only';
END $$;
--> statement-breakpoint
CREATE TRIGGER api_audit_no_update BEFORE UPDATE ON api_audit FOR EACH ROW EXECUTE FUNCTION api_audit_no_update();
--> statement-breakpoint
-- A company's dossier shows its score in every run (timeline): without this, a scan of all runs.
CREATE INDEX risk_scores_company_idx ON risk_scores (company_key, run_id);
