import type { Command } from 'commander';
import { catalogue, CATALOGUE_VERSION, COMPANY_CONTROLS, PERSON_CONTROLS } from '../../core/controls/catalog/index.js';
import { runCompanyControls, runPersonControls } from '../../lib/controls/run-controls.js';
import { withDatabase } from '../db-command.js';

export function registerControls(program: Command): void {
  const controls = program.command('controls').description('the catalogue of automatic controls (red flags)');
  controls
    .command('list')
    .description('print the catalogue: id, version, severity, scope, title, legal basis')
    .option('--json', 'one JSON object per line, with the message')
    .action((opts: { json?: boolean }) => {
      const all = catalogue();
      if (opts.json) {
        for (const c of all) process.stdout.write(`${JSON.stringify({ ...c, catalogueVersion: CATALOGUE_VERSION })}\n`);
        return;
      }
      process.stdout.write(`catalogue ${CATALOGUE_VERSION}: ${all.length} controls\n`);
      for (const c of all) {
        process.stdout.write(`${c.id} v${c.version}  ${c.severity.padEnd(7)} ${c.scope.padEnd(7)} ${c.title}\n${' '.repeat(12)}${c.legalBasis}\n`);
      }
    });
  controls
    .command('run')
    .description('run every control over every person and company once and keep the flags table current')
    .option('--as-of <date>', 'the date the controls take as today (YYYY-MM-DD)', new Date().toISOString().slice(0, 10))
    .action(async (opts: { asOf: string }) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf)) throw new Error(`--as-of: "${opts.asOf}" is not YYYY-MM-DD`);
      await withDatabase('controls', 'to run the controls', async ({ pool, logger }) => {
        const persons = await runPersonControls(pool, PERSON_CONTROLS, { asOf: opts.asOf, logger });
        const companies = await runCompanyControls(pool, COMPANY_CONTROLS, { asOf: opts.asOf, logger });
        const bySeverity = await pool.query<{ severity: string; n: string }>('SELECT severity, count(*) AS n FROM flags GROUP BY 1 ORDER BY 1');
        process.stdout.write(
          `controls ran over ${persons.persons} person(s) and ${companies.companies} compan(ies): ${persons.hits + companies.hits} hit(s)\n` +
            `flags: ${bySeverity.rows.map((r) => `${r.severity} ${r.n}`).join(', ') || 'none'}\n`,
        );
      });
    });
}
