-- Performance follow-ups measured after 0014-0016 landed (owner: performance work). A landed
-- migration is never edited (drizzle does not re-run it), so corrections come here.
--
-- Matching. The GIN index on PIN keys answers the matcher's closure lookups (one probe per PIN of a
-- chunk). With fast update on, inserts go to a pending list that every search scans linearly, and
-- only (auto)vacuum empties it: after a bulk load a probe took 7 ms instead of a few microseconds
-- (47 s for one chunk's 6,400 PINs at 100,000 SEDs). Inserted directly, the index costs the same
-- over a bulk load (measured: +9 % for the inserts, no cleanup afterwards).
ALTER INDEX person_records_pins_idx SET (fastupdate = off);
--> statement-breakpoint
SELECT gin_clean_pending_list('person_records_pins_idx'::regclass);
--> statement-breakpoint
-- Controls. Company chunks are read through the md5 of the undertaking's JSON text itself
-- (lib/controls/company-identity.ts `sqlJsonIdentity`); the planner only uses an expression index
-- for the same expression, so the indexes of 0015 built on lac_company_identity() are replaced.
DROP INDEX IF EXISTS declarations_company_identity_idx;
--> statement-breakpoint
DROP INDEX IF EXISTS certificates_company_identity_idx;
--> statement-breakpoint
DROP FUNCTION IF EXISTS lac_company_identity(jsonb);
--> statement-breakpoint
-- Postings of a chunk of companies (current, not cancelled declarations), by their undertaking.
CREATE INDEX declarations_company_identity_idx ON declarations (md5((record -> 'postingUndertaking')::text))
  WHERE is_current AND status <> 'cancelled';
--> statement-breakpoint
-- Certificates naming a chunk of companies (workers known to them).
CREATE INDEX certificates_company_identity_idx ON certificates (md5((record -> 'employer')::text));
--> statement-breakpoint
-- Ingest. An X008 names its target by document id or, when it names only a SED type, by type
-- within its case. Each batch looks both forms up for its own documents and cases
-- (lib/ingest/sql-batch-state.ts), one index probe per key. The document-id index also held every
-- type-only row (NULL), and with statistics lagging behind a growing table the planner walked those
-- NULLs for the case form (hundreds of rows per probe at 20k SEDs). Each form now has its own
-- partial index.
DROP INDEX sed_invalidations_doc_idx;
--> statement-breakpoint
CREATE INDEX sed_invalidations_doc_idx ON sed_invalidations (target_document_id) WHERE target_document_id IS NOT NULL;
--> statement-breakpoint
CREATE INDEX sed_invalidations_type_idx ON sed_invalidations (case_id, target_sed_type) WHERE target_document_id IS NULL;
--> statement-breakpoint
-- Large values (original bytes, big records) are compressed with lz4 instead of pglz where the
-- server has it: inserting 30k message bodies took 1.5 s with pglz and 0.35 s with lz4, for 8 %
-- more space. Rows already stored keep their compression; both are read transparently.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    ALTER TABLE raw_messages ALTER COLUMN body SET COMPRESSION lz4;
    ALTER TABLE seds ALTER COLUMN record SET COMPRESSION lz4;
    ALTER TABLE declarations ALTER COLUMN record SET COMPRESSION lz4;
  END IF;
END $$;
