-- Controls and scoring at scale (owner: performance work)
-- Company identity of a source record as text. Company keys are computed in Node
-- (core/match/company-keys.ts), so SQL cannot group rows by company; the controls and the scoring
-- find each distinct identity once, key it in Node, and then read one chunk of companies at a time
-- through the md5 of these identities (lib/controls/company-identity.ts writes the same expressions).
-- jsonb object -> the JSON array [name, country, ids] (null when it is no object). Immutable: only
-- immutable operators, so the planner inlines it and the indexes below can use it.
CREATE FUNCTION lac_company_identity(u jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN jsonb_typeof(u) = 'object' THEN
    '[' || coalesce((u -> 'name')::text, 'null') || ',' || coalesce((u -> 'country')::text, 'null') || ','
        || coalesce((u -> 'ids')::text, 'null') || ']'
  END
$$;
--> statement-breakpoint
-- A SED employer's columns, quoted (an injective encoding; it need not equal the jsonb form).
CREATE FUNCTION lac_employer_identity(name text, country text, ids jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT quote_nullable(name) || ',' || quote_nullable(country) || ',' || coalesce(ids::text, 'null')
$$;
--> statement-breakpoint
-- Postings of a chunk of companies (current, not cancelled declarations).
CREATE INDEX declarations_company_identity_idx ON declarations (md5(lac_company_identity(record -> 'postingUndertaking')))
  WHERE is_current AND status <> 'cancelled';
--> statement-breakpoint
-- Attestations naming a chunk of companies.
CREATE INDEX sed_employers_company_identity_idx ON sed_employers (md5(lac_employer_identity(name, country, ids)))
  WHERE role IN ('employer', 'self-employment');
--> statement-breakpoint
-- Certificates naming a chunk of companies (workers known to them).
CREATE INDEX certificates_company_identity_idx ON certificates (md5(lac_company_identity(record -> 'employer')));
