-- Canonical SED documents: one row per (document id, version). Columns the matcher and the
-- controls join on are flattened beside the full canonical record (record).
CREATE TABLE seds (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  document_id_derived boolean NOT NULL DEFAULT false,
  case_id text,
  sed_type text NOT NULL,
  buc_type text,
  cdm_version text,
  source_format text NOT NULL CHECK (source_format IN ('xml', 'rina-json', 'nav-json')),
  sender_institution text,
  sender_country text,
  receiver_institution text,
  receiver_country text,
  supported boolean NOT NULL,
  -- Derived from all rows (versions, X008 invalidations) by refresh_sed_status(): order-independent.
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'superseded', 'invalidated')),
  family_name text,
  forename text,
  birth_date date,
  sex text CHECK (sex IN ('M', 'F', 'U')),
  legislation_state text,
  article text,
  start_date date,
  end_date date,
  open_ended boolean,
  provisional boolean,
  amending boolean,
  record jsonb NOT NULL,
  normaliser_version integer NOT NULL,
  raw_message_id bigint NOT NULL REFERENCES raw_messages (id),
  received_at timestamptz NOT NULL DEFAULT now(),
  normalised_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT seds_document_version_unique UNIQUE (document_id, version)
);
--> statement-breakpoint
CREATE INDEX seds_case_idx ON seds (case_id, sed_type);
--> statement-breakpoint
CREATE INDEX seds_type_received_idx ON seds (sed_type, received_at);
--> statement-breakpoint
CREATE INDEX seds_active_person_idx ON seds (birth_date, family_name) WHERE status = 'active';
--> statement-breakpoint
-- Personal identification numbers per country, for exact identity matching.
CREATE TABLE sed_pins (
  sed_id bigint NOT NULL REFERENCES seds (id) ON DELETE CASCADE,
  country text,
  pin text NOT NULL,
  sector text
);
--> statement-breakpoint
CREATE INDEX sed_pins_pin_idx ON sed_pins (pin, country);
--> statement-breakpoint
CREATE INDEX sed_pins_sed_idx ON sed_pins (sed_id);
--> statement-breakpoint
CREATE TABLE sed_employers (
  sed_id bigint NOT NULL REFERENCES seds (id) ON DELETE CASCADE,
  idx integer NOT NULL,
  role text NOT NULL CHECK (role IN ('employer', 'host', 'self-employment', 'other')),
  name text,
  country text,
  ids jsonb NOT NULL DEFAULT '[]'::jsonb,
  PRIMARY KEY (sed_id, idx)
);
--> statement-breakpoint
CREATE INDEX sed_employers_ids_idx ON sed_employers USING gin (ids jsonb_path_ops);
--> statement-breakpoint
-- X008: the document (or, when only its type is named, the documents of that type in the case) it invalidates.
CREATE TABLE sed_invalidations (
  invalidating_sed_id bigint NOT NULL REFERENCES seds (id) ON DELETE CASCADE,
  case_id text,
  target_document_id text,
  target_sed_type text,
  PRIMARY KEY (invalidating_sed_id)
);
--> statement-breakpoint
CREATE INDEX sed_invalidations_doc_idx ON sed_invalidations (target_document_id);
--> statement-breakpoint
CREATE INDEX sed_invalidations_case_idx ON sed_invalidations (case_id, target_sed_type);
--> statement-breakpoint
-- Cases (RINA case ids); X001 closes one.
CREATE TABLE sed_cases (
  case_id text PRIMARY KEY,
  buc_type text,
  closed_by_sed_id bigint REFERENCES seds (id) ON DELETE SET NULL,
  closed_at timestamptz
);
--> statement-breakpoint
-- Posting declarations: every version kept; the highest version of an id is the current one.
CREATE TABLE declarations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  declaration_id text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  status text NOT NULL CHECK (status IN ('active', 'amended', 'cancelled')),
  is_current boolean NOT NULL DEFAULT true,
  declared_at timestamptz,
  host_country text,
  undertaking_name text,
  undertaking_country text,
  sector text,
  start_date date,
  end_date date,
  record jsonb NOT NULL,
  raw_message_id bigint NOT NULL REFERENCES raw_messages (id),
  received_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT declarations_id_version_unique UNIQUE (declaration_id, version)
);
--> statement-breakpoint
CREATE INDEX declarations_current_idx ON declarations (declaration_id) WHERE is_current;
--> statement-breakpoint
CREATE TABLE declaration_workers (
  declaration_row_id bigint NOT NULL REFERENCES declarations (id) ON DELETE CASCADE,
  worker_idx integer NOT NULL,
  family_name text,
  forename text,
  birth_date date,
  sex text,
  a1_reference text,
  pins jsonb NOT NULL DEFAULT '[]'::jsonb,
  PRIMARY KEY (declaration_row_id, worker_idx)
);
--> statement-breakpoint
CREATE INDEX declaration_workers_person_idx ON declaration_workers (birth_date, family_name);
--> statement-breakpoint
-- Certificate events (issue, amendment, withdrawal), all kept: the history.
CREATE TABLE certificate_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  certificate_number text NOT NULL,
  issue_type text NOT NULL CHECK (issue_type IN ('initial', 'amendment', 'withdrawal')),
  issued_at date,
  record jsonb NOT NULL,
  raw_message_id bigint NOT NULL REFERENCES raw_messages (id),
  received_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX certificate_events_number_idx ON certificate_events (certificate_number, issued_at, id);
--> statement-breakpoint
-- Current state per certificate, derived from its events by refresh_certificates().
CREATE TABLE certificates (
  certificate_number text PRIMARY KEY,
  kind text NOT NULL,
  status text NOT NULL CHECK (status IN ('valid', 'withdrawn')),
  current_event_id bigint NOT NULL REFERENCES certificate_events (id),
  legislation_state text,
  article text,
  start_date date,
  end_date date,
  provisional boolean NOT NULL DEFAULT false,
  family_name text,
  forename text,
  birth_date date,
  employer_name text,
  employer_country text,
  record jsonb NOT NULL,
  withdrawn_at date,
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX certificates_person_idx ON certificates (birth_date, family_name);
--> statement-breakpoint
ALTER TABLE dead_letters ADD COLUMN published_at timestamptz;
--> statement-breakpoint
-- Outbox: dead letters not yet written to the lac.dlq topic.
CREATE INDEX dead_letters_unpublished_idx ON dead_letters (id) WHERE published_at IS NULL;
