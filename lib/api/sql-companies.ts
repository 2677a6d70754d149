/**
 * Top companies of a scoring run, filtered. Scores, bands and ranks are read from the stored run
 * (risk_runs / lac_run_scores()), never recomputed. Posting filters look at the company's postings:
 * the subjects the matcher attributed to it (matches.company_key), each a declared worker of a
 * current declaration or an active A003/A009/A010 attestation. A company passes when ONE of its
 * postings meets all posting filters together:
 *
 * - sector: the declaration's `sector` (attestations carry none);
 * - sending country: the declaration's undertaking country, or the attestation's legislation state;
 * - host region: a place of work, `CC` (country) or `CC-<postal code prefix>` (`FR-69`: postal codes
 *   69xxx, the Rhône département); places of work are the declaration's workplace addresses and
 *   host country, and the attestation's workplaces (country only: SEDs carry no postal code);
 * - period: the posting's days overlap [from, to] (an open end overlaps everything after its start).
 */
import type { PoolClient } from '../db/pool.js';

export interface HostRegion {
  country: string;
  /** Postal-code prefix, upper case without spaces; '' for the whole country. */
  postalPrefix: string;
}

export interface CompanyFilters {
  bands: string[] | null;
  sectors: string[] | null;
  sendingCountries: string[] | null;
  hostRegions: HostRegion[] | null;
  from: string | null;
  to: string | null;
}

export interface CompanyListRow {
  rank: number;
  companyKey: string;
  name: string | null;
  country: string | null;
  score: number;
  band: string;
  redFlag: boolean;
  explanation: string[];
}

/** One page of the run's companies by rank, after `afterRank`. */
export async function listTopCompanies(client: PoolClient, runId: number, filters: CompanyFilters, afterRank: number, limit: number): Promise<CompanyListRow[]> {
  const postingFilter = filters.sectors !== null || filters.sendingCountries !== null || filters.hostRegions !== null || filters.from !== null || filters.to !== null;
  const res = await client.query<{ rank: number; company_key: string; name: string | null; country: string | null; score: number; band: string; red_flag: boolean; explanation: string[] }>(
    `SELECT s.rank, s.company_key, s.name, s.country, s.score, s.band, s.red_flag, s.explanation
       FROM lac_run_scores($1) s
      WHERE s.rank > $2
        AND ($4::text[] IS NULL OR s.band = ANY($4))
        AND (NOT $5::boolean OR EXISTS (${POSTINGS_MATCHING}))
      ORDER BY s.rank LIMIT $3`,
    [
      runId, afterRank, limit, filters.bands, postingFilter,
      filters.sectors, filters.sendingCountries, filters.from, filters.to,
      filters.hostRegions?.map((h) => h.country) ?? null, filters.hostRegions?.map((h) => h.postalPrefix) ?? null,
    ],
  );
  return res.rows.map((r) => ({
    rank: r.rank, companyKey: r.company_key, name: r.name, country: r.country, score: r.score, band: r.band, redFlag: r.red_flag, explanation: r.explanation,
  }));
}

/** Postings of `s.company_key` meeting every posting filter ($6 sectors, $7 sending, $8 from, $9 to, $10/$11 host regions). */
const POSTINGS_MATCHING = `
  SELECT 1
    FROM matches m
    LEFT JOIN declarations d ON m.subject_type = 'declaration-worker' AND d.is_current AND d.status <> 'cancelled'
                            AND d.declaration_id = substring(m.subject_ref from '^(.*)#[0-9]+$')
    LEFT JOIN seds x ON m.subject_type = 'sed' AND x.status = 'active' AND x.document_id = m.subject_ref
   WHERE m.company_key = s.company_key
     AND (d.id IS NOT NULL OR x.id IS NOT NULL)
     AND ($6::text[] IS NULL OR lower(d.sector) = ANY($6))
     AND ($7::text[] IS NULL OR upper(coalesce(d.undertaking_country, x.legislation_state)) = ANY($7))
     AND ($8::date IS NULL OR coalesce(m.end_date, 'infinity'::date) >= $8)
     AND ($9::date IS NULL OR m.start_date <= $9)
     AND ($10::text[] IS NULL OR EXISTS (
           SELECT 1
             FROM (SELECT upper(w->'address'->>'country') AS country,
                          upper(regexp_replace(coalesce(w->'address'->>'postalCode', ''), '\\s', '', 'g')) AS postal
                     FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d.record->'workplaces') = 'array' THEN d.record->'workplaces' ELSE '[]'::jsonb END) w
                   UNION ALL
                   SELECT upper(d.host_country), '' WHERE d.id IS NOT NULL
                   UNION ALL
                   SELECT upper(w->>'country'), ''
                     FROM jsonb_array_elements(CASE WHEN jsonb_typeof(x.record->'workplaces') = 'array' THEN x.record->'workplaces' ELSE '[]'::jsonb END) w
                  ) place
             JOIN unnest($10::text[], $11::text[]) AS region(country, prefix)
               ON place.country = region.country AND place.postal LIKE region.prefix || '%'))`;
