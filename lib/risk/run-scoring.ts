/**
 * One scoring run: every company's flags turned into an additive score, stored as a new run
 * (nothing is overwritten), so any past run can be exported again exactly.
 */
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/pool.js';
import type { Logger } from '../log/logger.js';
import { loadCompanyFacts } from '../controls/load-company-facts.js';
import { catalogue, CATALOGUE_VERSION } from '../../core/controls/catalog/index.js';
import { RULESET_VERSION, scoreCompany, type CompanyFlag, type CompanyScore } from '../../core/risk/score.js';
import { recordStageRun } from '../status/stage-runs.js';

export interface ScoringResult {
  runId: number;
  companies: number;
  bands: Record<string, number>;
}

export async function runScoring(pool: Pool, options: { asOf: string; logger: Logger }): Promise<ScoringResult> {
  const started = new Date();
  return withTransaction(pool, async (client) => {
    const facts = await loadCompanyFacts(client, options.asOf);
    const flagRows = await client.query<{ company_key: string; control_id: string; control_version: number; severity: CompanyFlag['severity']; evidence: string[] }>(
      'SELECT company_key, control_id, control_version, severity, evidence FROM flags WHERE company_key IS NOT NULL ORDER BY company_key, control_id, subject_type, subject_ref',
    );
    const certCounts = await client.query<{ company_key: string; n: string }>(
      `SELECT company_key, count(DISTINCT n) AS n FROM matches, unnest(certificate_numbers) n WHERE company_key IS NOT NULL GROUP BY company_key`,
    );
    const flagsByCompany = new Map<string, CompanyFlag[]>();
    for (const f of flagRows.rows) {
      flagsByCompany.set(f.company_key, [...(flagsByCompany.get(f.company_key) ?? []), { controlId: f.control_id, controlVersion: f.control_version, severity: f.severity, evidence: f.evidence }]);
    }
    const certificates = new Map(certCounts.rows.map((r) => [r.company_key, Number(r.n)]));
    const titles = new Map(catalogue().map((c) => [c.id, c.title]));

    const scored: Array<{ key: string; name: string | null; country: string | null; ids: unknown[]; s: CompanyScore; counts: Record<string, number> }> = [];
    for (const f of facts) {
      const flags = flagsByCompany.get(f.companyKey) ?? [];
      scored.push({
        key: f.companyKey, name: f.name, country: f.country, ids: f.ids, s: scoreCompany(flags, titles),
        counts: {
          documents: f.attestations.length,
          workers: f.personsPosted,
          declarations: new Set(f.postings.map((p) => p.declarationId)).size,
          certificates: certificates.get(f.companyKey) ?? 0,
          flags: flags.length,
        },
      });
    }
    scored.sort((a, b) => b.s.score - a.s.score || (a.key < b.key ? -1 : 1));

    const run = await client.query<{ id: string }>(
      'INSERT INTO risk_runs (ruleset_version, catalogue_version, as_of, companies) VALUES ($1, $2, $3, $4) RETURNING id',
      [RULESET_VERSION, CATALOGUE_VERSION, options.asOf, scored.length],
    );
    const runId = Number(run.rows[0]?.id);
    if (scored.length > 0) {
      await client.query(
        `INSERT INTO risk_scores (run_id, company_key, name, country, ids, score, band, rank, red_flag, contributions, counts, explanation)
         SELECT $1, k, n, c, i, s, b, r, rf, co, cn, ARRAY(SELECT jsonb_array_elements_text(e))
           FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[], $6::int[], $7::text[], $8::int[], $9::bool[], $10::jsonb[], $11::jsonb[], $12::jsonb[])
             AS u(k, n, c, i, s, b, r, rf, co, cn, e)`,
        [
          runId,
          scored.map((x) => x.key),
          scored.map((x) => x.name),
          scored.map((x) => x.country),
          scored.map((x) => JSON.stringify(x.ids)),
          scored.map((x) => x.s.score),
          scored.map((x) => x.s.band),
          scored.map((_, i) => i + 1),
          scored.map((x) => x.s.redFlag),
          scored.map((x) => JSON.stringify(x.s.contributions)),
          scored.map((x) => JSON.stringify(x.counts)),
          scored.map((x) => JSON.stringify(x.s.explanation)),
        ],
      );
    }
    await client.query('UPDATE risk_runs SET finished_at = now() WHERE id = $1', [runId]);
    const bands: Record<string, number> = {};
    for (const x of scored) bands[x.s.band] = (bands[x.s.band] ?? 0) + 1;
    await recordStageRun(client, 'score', scored.length, { runId, bands, asOf: options.asOf }, started);
    options.logger.info({ runId, companies: scored.length, bands }, 'scoring run stored');
    return { runId, companies: scored.length, bands };
  });
}
