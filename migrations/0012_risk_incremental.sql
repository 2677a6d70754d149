-- Incremental rescoring (owner: risk work). Companies whose evidence changed since the last
-- scoring run, marked by the matcher; the risk worker rescoring them removes them in the same
-- transaction that stores the new run, so a lost or collapsed job loses nothing.
CREATE TABLE risk_dirty (
  company_key text PRIMARY KEY,
  marked_at timestamptz NOT NULL DEFAULT now()
);
