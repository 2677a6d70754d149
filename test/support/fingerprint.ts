/** Content fingerprints of the ingestion tables: equal fingerprints mean equal stored state, whatever the ids. */
import type pg from 'pg';

const QUERIES: Record<string, string> = {
  raw_messages: "SELECT count(*)::text || ':' || coalesce(md5(string_agg(encode(message_hash, 'hex') || outcome, ',' ORDER BY message_hash)), '') AS f FROM raw_messages",
  seds: "SELECT count(*)::text || ':' || coalesce(md5(string_agg(document_id || ':' || version || ':' || status || ':' || record::text, ',' ORDER BY document_id, version)), '') AS f FROM seds",
  sed_pins: "SELECT count(*)::text || ':' || coalesce(md5(string_agg(s.document_id || s.version || p.pin || coalesce(p.country, ''), ',' ORDER BY s.document_id, s.version, p.pin, p.country)), '') AS f FROM sed_pins p JOIN seds s ON s.id = p.sed_id",
  declarations: "SELECT count(*)::text || ':' || coalesce(md5(string_agg(declaration_id || ':' || version || ':' || is_current, ',' ORDER BY declaration_id, version)), '') AS f FROM declarations",
  declaration_workers: 'SELECT count(*)::text AS f FROM declaration_workers',
  certificate_events: "SELECT count(*)::text || ':' || coalesce(md5(string_agg(record::text, ',' ORDER BY record::text)), '') AS f FROM certificate_events",
  certificates: "SELECT count(*)::text || ':' || coalesce(md5(string_agg(certificate_number || status || record::text, ',' ORDER BY certificate_number)), '') AS f FROM certificates",
  dead_letters: "SELECT count(*)::text || ':' || coalesce(md5(string_agg(encode(r.message_hash, 'hex') || d.error_code, ',' ORDER BY r.message_hash)), '') AS f FROM dead_letters d JOIN raw_messages r ON r.id = d.raw_message_id",
};

export async function fingerprint(pool: pg.Pool): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, sql] of Object.entries(QUERIES)) {
    const res = await pool.query<{ f: string }>(sql);
    out[table] = res.rows[0]?.f ?? '';
  }
  return out;
}
