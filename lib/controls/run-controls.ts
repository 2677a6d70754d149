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
import { replaceFlags, type FlagRow } from './sql-flags.js';
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
  options: { asOf: string; logger: Logger; batchSize?: number },
): Promise<ControlRunResult> {
  const started = new Date();
  const result: ControlRunResult = { persons: 0, hits: 0, raised: 0, cleared: 0 };
  let after = '';
  for (;;) {
    const done = await withTransaction(pool, async (client) => {
      const keys = await client.query<{ person_key: string }>(
        'SELECT DISTINCT person_key FROM person_records WHERE person_key > $1 ORDER BY person_key LIMIT $2',
        [after, options.batchSize ?? 500],
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
  await withTransaction(pool, (c) => recordStageRun(c, 'controls', result.hits, { ...result, asOf: options.asOf }, started));
  options.logger.info(result, 'person controls run');
  return result;
}

export async function runCompanyControls(
  pool: Pool,
  controls: readonly CompanyControl[],
  options: { asOf: string; logger: Logger },
): Promise<{ companies: number; hits: number; raised: number; cleared: number }> {
  return withTransaction(pool, async (client) => {
    const all = await loadCompanyFacts(client, options.asOf);
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
    const keys = [...new Set([...all.map((f) => f.companyKey), ...stale.rows.map((r) => r.scope_key)])];
    const r = await replaceFlags(client, 'company', keys, rows);
    options.logger.info({ companies: all.length, hits: rows.length, ...r }, 'company controls run');
    return { companies: all.length, hits: rows.length, ...r };
  });
}
