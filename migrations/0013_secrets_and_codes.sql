-- Security: certificate security codes and secrets (owner: reliability work)
--
-- certificate_events.record no longer keeps the security code in clear. Ingestion stores the
-- keyed hash (HMAC-SHA256 under LAC_VERIFY_SECRET, as certificates.security_code_hash) and
-- which key made it; lib/verify/sql-verify.ts copies it to certificates, and re-reads the code
-- from the original message (raw_messages.body) only when the key changed.
ALTER TABLE certificate_events ADD COLUMN has_security_code boolean NOT NULL DEFAULT false;
--> statement-breakpoint
ALTER TABLE certificate_events ADD COLUMN security_code_hash bytea;
--> statement-breakpoint
-- First 8 bytes of HMAC(key, 'lac-verify-key-id'); NULL when not hashed yet (rows scrubbed below).
ALTER TABLE certificate_events ADD COLUMN security_code_key_id bytea;
--> statement-breakpoint
-- Existing rows: the key is not in the database, so the code cannot be hashed here. It is
-- removed, and the event marked as having had one: hashing re-reads it from the original message.
-- Certificates already hashed keep their hash (same event, same key).
UPDATE certificate_events
   SET has_security_code = (record->>'securityCode') IS NOT NULL,
       record = record - 'securityCode'
 WHERE record ? 'securityCode';
--> statement-breakpoint
UPDATE certificates SET record = record - 'securityCode' WHERE record ? 'securityCode';
