-- Identity resolution: one row per person as seen in one source (an active SED, a declared
-- worker of a current declaration, a certificate), with the person key it was resolved to.
CREATE TABLE person_records (
  ref text PRIMARY KEY,
  source_kind text NOT NULL CHECK (source_kind IN ('sed', 'declaration-worker', 'certificate')),
  family_name text,
  forename text,
  family_name_at_birth text,
  forename_at_birth text,
  birth_date date,
  sex text,
  pins jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- Normalised `CC:ID` PINs, for blocking and exact matching.
  pin_keys text[] NOT NULL DEFAULT '{}',
  -- md5 of the identifying fields: a record whose identity did not change is not resolved again.
  identity_hash text NOT NULL,
  person_key text,
  link_method text,
  link_confidence real,
  ambiguous boolean NOT NULL DEFAULT false,
  candidates text[] NOT NULL DEFAULT '{}'
);
--> statement-breakpoint
CREATE INDEX person_records_birth_idx ON person_records (birth_date);
--> statement-breakpoint
CREATE INDEX person_records_pins_idx ON person_records USING gin (pin_keys);
--> statement-breakpoint
CREATE INDEX person_records_key_idx ON person_records (person_key);
--> statement-breakpoint
-- Blocks (birth dates, PINs) whose persons must be resolved and matched again.
CREATE TABLE match_dirty (
  block text PRIMARY KEY,
  marked_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
-- One row per subject (a SED attestation, a declared worker) and its certificate evidence.
CREATE TABLE matches (
  subject_type text NOT NULL CHECK (subject_type IN ('sed', 'declaration-worker')),
  subject_ref text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('matched', 'no-certificate', 'period-partial', 'employer-mismatch',
                                           'state-mismatch', 'withdrawn', 'conflict', 'ambiguous-identity')),
  coverage numeric(5, 4) NOT NULL,
  certificate_numbers text[] NOT NULL DEFAULT '{}',
  person_key text,
  company_key text,
  explanation text NOT NULL,
  start_date date,
  end_date date,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subject_type, subject_ref)
);
--> statement-breakpoint
CREATE INDEX matches_person_idx ON matches (person_key);
--> statement-breakpoint
CREATE INDEX matches_company_idx ON matches (company_key, outcome);
