-- Scores stored as versions instead of one complete copy per run (lib/risk/sql-score-versions.ts).
--
-- Every scoring run used to write a row for every company: an incremental run that rescored ten
-- companies copied the other tens of thousands from the previous run and re-ranked them all. With
-- a run every few seconds in steady flow, that was the run's main cost at full size and it grew
-- the table by the whole company list per run, without end. Now a company's score is one row per
-- distinct content, valid from the run that first gave it to the run that first gave another
-- (or dropped the company): a run writes only what changed, and any run still reads exactly as
-- it stood (`lac export risk --as-of`). Ranks are not stored (one move re-ranks everyone): they
-- are computed when a run is read, by lac_run_scores().
CREATE TABLE risk_score_versions (
  company_key text NOT NULL,
  -- First run with this content; to_run: first run without it (NULL: still current).
  from_run bigint NOT NULL REFERENCES risk_runs (id) ON DELETE CASCADE,
  to_run bigint,
  name text,
  country text,
  ids jsonb NOT NULL DEFAULT '[]'::jsonb,
  score integer NOT NULL CHECK (score BETWEEN 0 AND 100),
  band text NOT NULL CHECK (band IN ('low', 'medium', 'high', 'red')),
  red_flag boolean NOT NULL,
  contributions jsonb NOT NULL,
  counts jsonb NOT NULL,
  explanation text[] NOT NULL,
  PRIMARY KEY (company_key, from_run)
);
--> statement-breakpoint
-- The versions one run reads: those whose run range holds it.
CREATE INDEX risk_score_versions_runs_idx ON risk_score_versions USING gist (int8range(from_run, to_run));
--> statement-breakpoint
-- The current versions (what the next run compares with and closes).
CREATE INDEX risk_score_versions_current_idx ON risk_score_versions (company_key) WHERE to_run IS NULL;
--> statement-breakpoint
-- Existing runs keep their exact content: each stored row is valid for its own run only, except
-- the rows of the latest run, which stay current.
INSERT INTO risk_score_versions (company_key, from_run, to_run, name, country, ids, score, band, red_flag, contributions, counts, explanation)
SELECT s.company_key, s.run_id, CASE WHEN s.run_id = l.latest THEN NULL ELSE s.run_id + 1 END,
       s.name, s.country, s.ids, s.score, s.band, s.red_flag, s.contributions, s.counts, s.explanation
  FROM risk_scores s CROSS JOIN (SELECT max(run_id) AS latest FROM risk_scores) l;
--> statement-breakpoint
DROP TABLE risk_scores;
--> statement-breakpoint
-- One run's scores with their ranks (1 = highest score; ties by company key in byte order), as
-- the table used to hold them. A plain SQL function, inlined into the caller's query.
CREATE FUNCTION lac_run_scores(run bigint)
RETURNS TABLE (run_id bigint, company_key text, name text, country text, ids jsonb, score integer, band text, rank integer,
               red_flag boolean, contributions jsonb, counts jsonb, explanation text[])
LANGUAGE sql STABLE AS $$
  SELECT run, v.company_key, v.name, v.country, v.ids, v.score, v.band,
         (row_number() OVER (ORDER BY v.score DESC, v.company_key COLLATE "C"))::integer,
         v.red_flag, v.contributions, v.counts, v.explanation
    FROM risk_score_versions v
   WHERE int8range(v.from_run, v.to_run) @> run
$$;
