-- Change tracking for incremental matching (lib/match/sql-person-changes.ts).
--
-- The matcher's sync compared every source row with every person record on each run: one hash
-- join of the whole year, seconds at a full year even when a batch changed ten records. Now every
-- write to a source table appends the person refs it touched to person_changes, from statement
-- triggers reading the statement's transition tables (one INSERT ... SELECT per statement, COPY
-- included), whoever the writer is: ingest, certificate events, retention, reprocess. The sync
-- reads and deletes those refs in its own transaction and compares only them.
--
-- `xid` is the writing transaction: a full run deletes exactly the changes its snapshot saw
-- (pg_visible_in_snapshot), so a change committed while it ran survives for the next run.
CREATE TABLE person_changes (
  ref text NOT NULL,
  source_key text NOT NULL,
  xid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
--> statement-breakpoint
-- Small facts about the matcher's state. `person_sources_sql`: a fingerprint of the SQL that
-- computes a person record's hash; a release that changes it makes the next sync compare every
-- source once (no change row can say "every hash moved").
CREATE TABLE match_state (
  name text PRIMARY KEY,
  value text NOT NULL
);
--> statement-breakpoint
-- Keys (document id, declaration id and worker index, certificate number, parent ids) are never
-- updated, so an UPDATE logs its new rows only.
CREATE FUNCTION lac_log_sed_changes() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO person_changes (ref, source_key) SELECT 'sed:' || o.document_id, o.document_id FROM old_rows o WHERE o.sed_type LIKE 'A%';
  ELSE
    INSERT INTO person_changes (ref, source_key) SELECT 'sed:' || n.document_id, n.document_id FROM new_rows n WHERE n.sed_type LIKE 'A%';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- sed_pins and sed_employers: the SED they belong to, on UPDATE and DELETE only. Their rows are
-- inserted only with their SED (lib/ingest/sql-seds.ts insertSedDetails: after the SED row is
-- written, or after the old details are deleted, in the same transaction), and both of those are
-- logged; an INSERT trigger here logged every SED a second and third time (a fifth of the ingest's
-- throughput, measured on 47,500 messages: 2,100 docs/s with it, 2,450 without).
CREATE FUNCTION lac_log_sed_detail_changes() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO person_changes (ref, source_key)
      SELECT 'sed:' || s.document_id, s.document_id FROM (SELECT DISTINCT sed_id FROM old_rows) o JOIN seds s ON s.id = o.sed_id
       WHERE s.sed_type LIKE 'A%';
  ELSE
    INSERT INTO person_changes (ref, source_key)
      SELECT 'sed:' || s.document_id, s.document_id FROM (SELECT DISTINCT sed_id FROM new_rows) n JOIN seds s ON s.id = n.sed_id
       WHERE s.sed_type LIKE 'A%';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- declarations: every worker of the rows (a new version inserted before its workers has none yet;
-- its workers' own trigger logs them).
CREATE FUNCTION lac_log_declaration_changes() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO person_changes (ref, source_key)
      SELECT 'dw:' || o.declaration_id || '#' || w.worker_idx, o.declaration_id FROM old_rows o JOIN declaration_workers w ON w.declaration_row_id = o.id;
  ELSE
    INSERT INTO person_changes (ref, source_key)
      SELECT 'dw:' || n.declaration_id || '#' || w.worker_idx, n.declaration_id FROM new_rows n JOIN declaration_workers w ON w.declaration_row_id = n.id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- declaration_workers: themselves, under their declaration's id (a new declaration's own trigger
-- ran before its workers existed).
CREATE FUNCTION lac_log_declaration_worker_changes() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO person_changes (ref, source_key)
      SELECT 'dw:' || d.declaration_id || '#' || o.worker_idx, d.declaration_id FROM old_rows o JOIN declarations d ON d.id = o.declaration_row_id;
  ELSE
    INSERT INTO person_changes (ref, source_key)
      SELECT 'dw:' || d.declaration_id || '#' || n.worker_idx, d.declaration_id FROM new_rows n JOIN declarations d ON d.id = n.declaration_row_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION lac_log_certificate_changes() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO person_changes (ref, source_key) SELECT 'cert:' || o.certificate_number, o.certificate_number FROM old_rows o;
  ELSE
    INSERT INTO person_changes (ref, source_key) SELECT 'cert:' || n.certificate_number, n.certificate_number FROM new_rows n;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A trigger with transition tables serves one event, hence three per table (two for the SED details).
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES ('seds', 'lac_log_sed_changes', true), ('sed_pins', 'lac_log_sed_detail_changes', false),
                                 ('sed_employers', 'lac_log_sed_detail_changes', false), ('declarations', 'lac_log_declaration_changes', true),
                                 ('declaration_workers', 'lac_log_declaration_worker_changes', true),
                                 ('certificates', 'lac_log_certificate_changes', true)) AS v(tab, fn, on_insert)
  LOOP
    IF t.on_insert THEN
      EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()',
                     t.tab || '_person_changes_ins', t.tab, t.fn);
    END IF;
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()',
                   t.tab || '_person_changes_upd', t.tab, t.fn);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()',
                   t.tab || '_person_changes_del', t.tab, t.fn);
  END LOOP;
END $$;
