-- Every scoring run is kept with its rule-set and catalogue versions, so a past score can be
-- reproduced exactly (`lac export risk --as-of DATE`).
CREATE TABLE risk_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ruleset_version text NOT NULL,
  catalogue_version text NOT NULL,
  as_of date NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  companies integer NOT NULL DEFAULT 0
);
--> statement-breakpoint
CREATE INDEX risk_runs_as_of_idx ON risk_runs (as_of, id);
--> statement-breakpoint
CREATE TABLE risk_scores (
  run_id bigint NOT NULL REFERENCES risk_runs (id) ON DELETE CASCADE,
  company_key text NOT NULL,
  name text,
  country text,
  ids jsonb NOT NULL DEFAULT '[]'::jsonb,
  score integer NOT NULL CHECK (score BETWEEN 0 AND 100),
  band text NOT NULL CHECK (band IN ('low', 'medium', 'high', 'red')),
  rank integer NOT NULL,
  red_flag boolean NOT NULL,
  contributions jsonb NOT NULL,
  counts jsonb NOT NULL,
  explanation text[] NOT NULL,
  PRIMARY KEY (run_id, company_key)
);
--> statement-breakpoint
CREATE INDEX risk_scores_rank_idx ON risk_scores (run_id, rank);
