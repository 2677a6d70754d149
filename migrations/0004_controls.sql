-- Current control hits ("flags"), one per control and subject; recomputed per person or company.
CREATE TABLE flags (
  control_id text NOT NULL,
  control_version integer NOT NULL,
  severity text NOT NULL CHECK (severity IN ('info', 'warning', 'red')),
  scope text NOT NULL CHECK (scope IN ('person', 'company')),
  -- The person key or company key whose facts the control evaluated: flags are replaced per scope key.
  scope_key text NOT NULL,
  subject_type text NOT NULL,
  subject_ref text NOT NULL,
  company_key text,
  person_key text,
  evidence text[] NOT NULL DEFAULT '{}',
  legal_basis text NOT NULL,
  message text NOT NULL,
  detail text NOT NULL,
  raised_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (control_id, subject_type, subject_ref)
);
--> statement-breakpoint
CREATE INDEX flags_scope_idx ON flags (scope, scope_key);
--> statement-breakpoint
CREATE INDEX flags_company_idx ON flags (company_key, severity);
