import type { Command } from 'commander';
import { withDatabase } from '../db-command.js';

export function registerReview(program: Command): void {
  program
    .command('review')
    .description('subjects whose red flags stopped automation, with their evidence and the proposed action (human review)')
    .option('--company <key>', 'only this company')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'one JSON object per line')
    .action(async (opts: { company?: string; limit: string; json?: boolean }) => {
      await withDatabase('review', 'to list subjects for review', async ({ pool }) => {
        const res = await pool.query<{ control_id: string; subject_type: string; subject_ref: string; company_key: string | null; evidence: string[]; detail: string; proposal: string; issuing_institutions: string[] }>(
          `SELECT control_id, subject_type, subject_ref, company_key, evidence, detail, proposal, issuing_institutions
             FROM flag_reviews WHERE ($1::text IS NULL OR company_key = $1) ORDER BY company_key NULLS LAST, subject_ref, control_id LIMIT $2`,
          [opts.company ?? null, Number(opts.limit)],
        );
        for (const r of res.rows) {
          process.stdout.write(
            opts.json
              ? `${JSON.stringify({ controlId: r.control_id, subjectType: r.subject_type, subjectRef: r.subject_ref, companyKey: r.company_key, evidence: r.evidence, detail: r.detail, proposal: r.proposal, issuingInstitutions: r.issuing_institutions })}\n`
              : `${r.control_id}  ${r.subject_type} ${r.subject_ref}\n    ${r.detail}\n    evidence: ${r.evidence.join(', ')}\n    proposal: ${r.proposal}\n`,
          );
        }
        if (!opts.json && res.rows.length === 0) process.stdout.write('nothing to review\n');
      });
    });
}
