import type { Command } from 'commander';
import { runMatch } from '../../lib/match/run-match.js';
import { withDatabase } from '../db-command.js';

export function registerMatch(program: Command): void {
  program
    .command('match')
    .description('match pending (or all) declared workers and SED attestations against certificates once and exit')
    .option('--all', 'resolve identities and rematch everything, not only what changed')
    .action(async (opts: { all?: boolean }) => {
      await withDatabase('match', 'to match documents', async ({ pool, logger }) => {
        const r = await runMatch(pool, { all: opts.all === true, logger });
        const outcomes = await pool.query<{ outcome: string; n: string }>('SELECT outcome, count(*) AS n FROM matches GROUP BY 1 ORDER BY 1');
        process.stdout.write(
          `matched ${r.subjects} subject(s) in ${r.components} component batch(es) (${r.records} person records; ${r.changed} changed, ${r.removed} removed)\n` +
            `outcomes: ${outcomes.rows.map((o) => `${o.outcome} ${o.n}`).join(', ') || 'none'}\n`,
        );
      });
    });
}
