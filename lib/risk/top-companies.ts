/** The top companies of the latest scoring run, with their main reasons, as a readable table. */
import type { Pool } from '../db/pool.js';

export interface TopCompany {
  rank: number;
  name: string | null;
  country: string | null;
  score: number;
  band: string;
  reasons: string[];
}

export async function topCompanies(pool: Pool, limit: number): Promise<TopCompany[]> {
  const res = await pool.query<{ rank: number; name: string | null; country: string | null; score: number; band: string; explanation: string[] }>(
    `SELECT s.rank, s.name, s.country, s.score, s.band, s.explanation
       FROM lac_run_scores((SELECT max(id) FROM risk_runs WHERE finished_at IS NOT NULL)) s
      ORDER BY s.rank LIMIT $1`,
    [limit],
  );
  return res.rows.map((r) => ({ rank: r.rank, name: r.name, country: r.country, score: r.score, band: r.band, reasons: r.explanation.slice(0, 3) }));
}

export function formatTopCompanies(rows: TopCompany[]): string {
  const lines = ['rank  score band    company (country)', '----  ----- ------  ------------------------------------------'];
  for (const r of rows) {
    lines.push(`${String(r.rank).padStart(4)}  ${String(r.score).padStart(5)} ${r.band.padEnd(6)}  ${r.name ?? '(unnamed)'} (${r.country ?? '?'})`);
    for (const reason of r.reasons) lines.push(`${' '.repeat(20)}- ${reason}`);
  }
  return `${lines.join('\n')}\n`;
}
