/**
 * Runs the control catalogue over every person (and, when given, every company) and keeps the
 * flags table equal to the current hits. Person keys are walked in key order, one transaction
 * per batch.
 */
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/pool.js';
import type { Logger } from '../log/logger.js';
import type { CompanyControl, PersonControl } from '../../core/controls/types.js';
import { loadCompanyFacts } from './load-company-facts.js';
import { loadPersonFacts } from './load-person-facts.js';
import { clearOrphanPersonFlags, replaceFlags, type FlagRow } from './sql-flags.js';
import { recordStageRun } from '../status/stage-runs.js';

export interface ControlRunResult {
  persons: number;
  hits: number;
  raised: number;
  cleared: number;
}

export async function runPersonControls(
  pool: Pool,
  controls: readonly PersonControl[],
  /** `personKeys`: only these persons (incremental rescoring); all persons otherwise. */
  options: { asOf: string; logger: Logger; batchSize?: number; personKeys?: readonly string[] },
): Promise<ControlRunResult> {
  const started = new Date();
  const result: ControlRunResult = { persons: 0, hits: 0, raised: 0, cleared: 0 };
  const only = options.personKeys === undefined ? null : [...options.personKeys];
  let after = '';
  for (;;) {
    const done = await withTransaction(pool, async (client) => {
      const keys = await client.query<{ person_key: string }>(
        `SELECT DISTINCT person_key FROM person_records WHERE person_key > $1 AND ($3::text[] IS NULL OR person_key = ANY($3))
          ORDER BY person_key LIMIT $2`,
        [after, options.batchSize ?? 500, only],
      );
      if (keys.rows.length === 0) return false;
      const personKeys = keys.rows.map((r) => r.person_key);
      after = personKeys[personKeys.length - 1] ?? after;
      const rows: FlagRow[] = [];
      for (const facts of await loadPersonFacts(client, personKeys, options.asOf)) {
        for (const control of controls) {
          for (const hit of control.evaluate(facts)) {
            rows.push({
              controlId: control.id, controlVersion: control.version, severity: control.severity, scope: 'person', scopeKey: facts.personKey,
              hit, personKey: facts.personKey, legalBasis: control.legalBasis, message: control.message,
            });
          }
        }
      }
      const r = await replaceFlags(client, 'person', personKeys, rows);
      result.persons += personKeys.length;
      result.hits += rows.length;
      result.raised += r.raised;
      result.cleared += r.cleared;
      return true;
    });
    if (!done) break;
  }
  result.cleared += await withTransaction(pool, (c) => clearOrphanPersonFlags(c));
  await withTransaction(pool, (c) => recordStageRun(c, 'controls', result.hits, { ...result, asOf: options.asOf }, started));
  options.logger.info(result, 'person controls run');
  return result;
}

export async function runCompanyControls(
  pool: Pool,
  controls: readonly CompanyControl[],
  /** `companies`: evaluate and replace only these companies' flags (incremental rescoring); all otherwise. */
  options: { asOf: string; logger: Logger; companies?: readonly string[] },
): Promise<{ companies: number; hits: number; raised: number; cleared: number; companyKeys: string[] }> {
  return withTransaction(pool, async (client) => {
    // All facts are loaded even for a few companies: address clusters (LAC-C004) span companies.
    const facts = await loadCompanyFacts(client, options.asOf);
    let only: Set<string> | null = null;
    if (options.companies !== undefined) {
      // A company sharing an address with a changed one may gain or lose the address-cluster signal.
      only = new Set(options.companies);
      for (const f of facts) if (only.has(f.companyKey)) for (const k of f.sharedAddressCompanies) only.add(k);
    }
    const all = only === null ? facts : facts.filter((f) => only.has(f.companyKey));
    const rows: FlagRow[] = [];
    for (const facts of all) {
      for (const control of controls) {
        for (const hit of control.evaluate(facts)) {
          rows.push({
            controlId: control.id, controlVersion: control.version, severity: control.severity, scope: 'company', scopeKey: facts.companyKey,
            hit, personKey: null, legalBasis: control.legalBasis, message: control.message,
          });
        }
      }
    }
    // Companies no longer seen lose their flags too.
    const stale = await client.query<{ scope_key: string }>("SELECT DISTINCT scope_key FROM flags WHERE scope = 'company'");
    const staleKeys = stale.rows.map((r) => r.scope_key).filter((k) => only === null || only.has(k));
    const keys = [...new Set([...all.map((f) => f.companyKey), ...staleKeys])];
    const r = await replaceFlags(client, 'company', keys, rows);
    options.logger.info({ companies: all.length, hits: rows.length, ...r }, 'company controls run');
    return { companies: all.length, hits: rows.length, ...r, companyKeys: keys.sort() };
  });
}
