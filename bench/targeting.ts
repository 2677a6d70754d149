/**
 * Targeting benchmark: generates a synthetic population (core/synth), runs the whole pipeline on an embedded
 * PostgreSQL (ingest → match → controls → scoring) and measures how well the ranked risk list finds the companies
 * the generator made irregular.
 *
 *   npx tsx bench/targeting.ts [--seds 20000] [--declarations N] [--certificates N] [--seed 11]
 *
 *   [--as-of 2026-06-30] [--reuse] [--out NAME]
 *
 * Ground truth (core/synth/planted.ts): the generator plants fraud patterns in ~15 % of the companies (letterbox,
 * chained postings, missing certificates, replacement, overlapping attestations; population.ts), applied to a good
 * share of each such company's postings, while honest companies carry only incidental noise. "Planted" = a company
 * with at least one pattern. Reported: precision at 10/50/100 of the ranked list, recall of planted companies in
 * the top 100 and with any score, and per pattern: planted companies, the controls citing evidence of that pattern
 * on them (found by), and the pattern's recall in the top 100.
 *
 * Controls and scoring run "as of" a fixed reference date (default 2026-06-30), never the wall clock, so a run is
 * reproducible and open-ended periods are measured to the same day every time.
 *
 * Writes bench/results/targeting-<date>.json.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusWorld, generateCorpus, plantedTruth, targetingQuality, type SynthMessage } from '../core/synth/index.js';
import type { SourceMessage } from '../core/ingest/types.js';
import { COMPANY_CONTROLS, PERSON_CONTROLS } from '../core/controls/catalog/index.js';
import { startEmbeddedPostgres } from '../lib/db/embedded.js';
import { migrateDatabase, quoteIdent } from '../lib/db/migrate.js';
import { createPool } from '../lib/db/pool.js';
import { Ingestor } from '../lib/ingest/ingestor.js';
import { runMatch } from '../lib/match/run-match.js';
import { runCompanyControls, runPersonControls } from '../lib/controls/run-controls.js';
import { runScoring } from '../lib/risk/run-scoring.js';
import { createLogger } from '../lib/log/logger.js';

// Like `lac demo`: keys not in the environment are generated into the embedded database.
process.env['LAC_ALLOW_GENERATED_SECRETS'] ??= '1';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : dflt;
}

const seed = arg('seed', 11);
const sedsN = arg('seds', 20_000);
const declarationsN = arg('declarations', Math.round(sedsN * 0.3));
const certificatesN = arg('certificates', Math.round(sedsN * 0.4));
const BATCH = 500;
/** --reuse: keep the ingested and matched corpus of an earlier run with the same options (re-runs controls and scoring only). */
const reuse = process.argv.includes('--reuse');
/** Generator version in the name: a reused corpus must come from the same generator. */
const SCHEMA = `lac_bench_g2_${seed}_${sedsN}_${declarationsN}_${certificatesN}`;

function argString(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  return v !== undefined && !v.startsWith('--') ? v : dflt;
}
/** The reference date of controls and scoring. */
const AS_OF = argString('as-of', '2026-06-30');
const OUT = argString('out', `targeting-${new Date().toISOString().slice(0, 10)}`);

function asSourceMessage(m: SynthMessage): SourceMessage {
  return { source: 'test', topic: null, partition: null, offset: null, key: m.key, headers: m.headers, body: Buffer.from(m.value, 'utf8') };
}

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

function pct(x: number | null): string {
  return x === null ? '   n/a' : `${(100 * x).toFixed(1).padStart(5)}%`;
}

async function main(): Promise<void> {
  const logger = createLogger({ level: 'silent' });
  const timings: Record<string, number> = {};
  let t = now();

  // ---- generate --------------------------------------------------------------------------------------------------
  const opts = { seed, seds: sedsN, declarations: declarationsN, certificates: certificatesN, badRate: 0.01 };
  const messages = [...generateCorpus(opts)];
  // The same world as generateCorpus draws from.
  const world = corpusWorld(opts);
  timings.generateMs = now() - t;

  const truth = plantedTruth(world, messages);
  // Refs carrying planted anomalies: ref -> anomaly kinds (incidental noise and planted patterns alike).
  const refAnomalies = new Map<string, string[]>();
  const plantedRefs: Record<string, { postings: number; seds: number; certificates: number }> = {};
  const countPlanted = (kinds: readonly string[], what: 'postings' | 'seds' | 'certificates'): void => {
    for (const k of kinds) {
      const p = (plantedRefs[k] ??= { postings: 0, seds: 0, certificates: 0 });
      p[what] += 1;
    }
  };
  const engagementAnomalies = (enKey: string): string[] => {
    const m = /^EN-(\d+)-(\d+)$/.exec(enKey);
    if (!m) return [];
    return world.engagement(Number(m[1]), Number(m[2])).anomalyList;
  };
  for (const msg of messages) {
    const tr = msg.truth;
    if (!tr || msg.expect.kind === 'bad') continue;
    if (msg.topic === 'declaration' && tr.company) {
      const d = JSON.parse(msg.value) as { declarationId: string };
      (tr.engagements ?? []).forEach((en, idx) => {
        const ref = `${d.declarationId}#${idx}`;
        if (refAnomalies.has(ref)) return;
        const kinds = engagementAnomalies(en);
        refAnomalies.set(ref, kinds);
        countPlanted(kinds, 'postings');
      });
    } else if (msg.topic === 'sed' && tr.documentId && tr.anomalies) {
      if (!refAnomalies.has(tr.documentId)) {
        refAnomalies.set(tr.documentId, tr.anomalies);
        countPlanted(tr.anomalies, 'seds');
      }
    } else if (msg.topic === 'certificate' && tr.anomalies) {
      if (!refAnomalies.has(msg.key)) {
        refAnomalies.set(msg.key, tr.anomalies);
        countPlanted(tr.anomalies, 'certificates');
      }
    }
  }

  // ---- pipeline ----------------------------------------------------------------------------------------------------
  // One cluster per seed: seeds can run side by side, and --reuse finds its corpus again.
  const dataDir = path.join(os.tmpdir(), `lac-bench-targeting-pg-${seed}`);
  const pg = await startEmbeddedPostgres({ dataDir, logger });
  try {
    const admin = createPool({ connectionString: pg.url, schema: 'public', max: 1 });
    const kept = reuse && (await admin.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [SCHEMA, 'matches'])).rows.length > 0;
    if (!kept) await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(SCHEMA)} CASCADE`);
    await admin.end();
    await migrateDatabase(pg.url, SCHEMA);
    const pool = createPool({ connectionString: pg.url, schema: SCHEMA, applicationName: 'lac-bench-targeting' });
    try {
      if (!kept) {
        t = now();
        const ingestor = new Ingestor({ pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger });
        for (let i = 0; i < messages.length; i += BATCH) await ingestor.ingest(messages.slice(i, i + BATCH).map(asSourceMessage));
        timings.ingestMs = now() - t;
        t = now();
        await runMatch(pool, { logger, all: true });
        timings.matchMs = now() - t;
      }
      t = now();
      const asOf = AS_OF;
      await runPersonControls(pool, PERSON_CONTROLS, { asOf, logger });
      await runCompanyControls(pool, COMPANY_CONTROLS, { asOf, logger });
      timings.controlsMs = now() - t;
      t = now();
      const scoring = await runScoring(pool, { asOf, logger });
      timings.scoringMs = now() - t;

      // ---- read back -------------------------------------------------------------------------------------------------
      const scores = (
        await pool.query<{ company_key: string; name: string | null; country: string | null; score: number; rank: number; contributions: Array<{ controlId: string; points: number; hits: number }> }>(
          'SELECT company_key, name, country, score, rank, contributions FROM lac_run_scores($1) ORDER BY rank',
          [scoring.runId],
        )
      ).rows;
      const flags = (await pool.query<{ control_id: string; severity: string; subject_ref: string; evidence: string[] }>('SELECT control_id, severity, subject_ref, evidence FROM flags')).rows;

      const flagRefs = (
        await pool.query<{ control_id: string; company_key: string | null; scope: 'person' | 'company'; subject_ref: string; evidence: string[] }>(
          'SELECT control_id, company_key, scope, subject_ref, evidence FROM flags',
        )
      ).rows.map((f) => ({ controlId: f.control_id, companyKey: f.company_key, scope: f.scope, subjectRef: f.subject_ref, evidence: f.evidence }));
      const ks = [10, 50, 100];
      const q = targetingQuality(truth, scores.map((r) => ({ companyKey: r.company_key, name: r.name, country: r.country, rank: r.rank, score: r.score })), flagRefs, ks);
      const contributionsOf = new Map(scores.map((r) => [r.company_key, r.contributions]));
      const rows = q.rows.map((r) => ({ ...r, contributions: contributionsOf.get(r.companyKey) ?? [] }));

      // Score distribution, planted against honest.
      const dist: Record<string, { n: number; score0: number; score100: number; meanScore: number }> = {};
      for (const [lv, pred] of [['planted', (r: (typeof rows)[number]) => r.planted === true], ['honest', (r: (typeof rows)[number]) => r.planted === false], ['unknown', (r: (typeof rows)[number]) => r.planted === null]] as const) {
        const rs = rows.filter(pred);
        dist[lv] = {
          n: rs.length,
          score0: rs.filter((r) => r.score === 0).length,
          score100: rs.filter((r) => r.score === 100).length,
          meanScore: rs.length === 0 ? 0 : rs.reduce((s, r) => s + r.score, 0) / rs.length,
        };
      }

      // False positives: honest companies in the top 100, and honest companies scoring > 0.
      const fpAnalysis = (fps: typeof rows): Array<{ controlId: string; companies: number; topContributor: number; points: number }> => {
        const m = new Map<string, { controlId: string; companies: number; topContributor: number; points: number }>();
        for (const r of fps) {
          r.contributions.forEach((c, i) => {
            let e = m.get(c.controlId);
            if (!e) m.set(c.controlId, (e = { controlId: c.controlId, companies: 0, topContributor: 0, points: 0 }));
            e.companies += 1;
            e.points += c.points;
            if (i === 0) e.topContributor += 1;
          });
        }
        return [...m.values()].sort((a, b) => b.points - a.points);
      };
      const fpTop100 = rows.slice(0, 100).filter((r) => r.planted !== true);
      const fpHonest = rows.filter((r) => r.planted === false && r.score > 0);
      const falsePositives = {
        top100NotPlanted: fpTop100.length,
        honestScored: fpHonest.length,
        honestSingleControl: fpHonest.filter((r) => r.contributions.length === 1).length,
        controlsInTop100FalsePositives: fpAnalysis(fpTop100),
        controlsInHonestScored: fpAnalysis(fpHonest),
        controlsInTop100TruePositives: fpAnalysis(rows.slice(0, 100).filter((r) => r.planted === true)),
      };

      // Anomaly coverage by flags.
      const touched = new Map<string, Map<string, Set<string>>>(); // anomaly -> control -> refs
      for (const f of flags) {
        for (const ref of new Set([f.subject_ref, ...f.evidence])) {
          const kinds = refAnomalies.get(ref);
          if (!kinds) continue;
          for (const k of kinds) {
            let byControl = touched.get(k);
            if (!byControl) touched.set(k, (byControl = new Map()));
            let s = byControl.get(f.control_id);
            if (!s) byControl.set(f.control_id, (s = new Set()));
            s.add(ref);
          }
        }
      }
      const anomalies = Object.entries(plantedRefs)
        .sort((a, b) => (a[0] < b[0] ? -1 : 1))
        .map(([kind, planted]) => {
          const byControl = touched.get(kind) ?? new Map<string, Set<string>>();
          const refs = new Set<string>();
          for (const s of byControl.values()) for (const r of s) refs.add(r);
          const total = planted.postings + planted.seds + planted.certificates;
          return {
            kind,
            planted,
            touchedRefs: refs.size,
            touchedShare: total === 0 ? null : refs.size / total,
            detected: refs.size > 0,
            controls: [...byControl].map(([c, s]) => ({ controlId: c, refs: s.size })).sort((a, b) => b.refs - a.refs).slice(0, 5),
          };
        });
      // Baseline: share of refs without any anomaly that a flag touches (how "touched" compares with chance).
      const flaggedRefs = new Set<string>();
      for (const f of flags) for (const ref of [f.subject_ref, ...f.evidence]) flaggedRefs.add(ref);
      const cleanRefs = [...refAnomalies].filter(([, k]) => k.length === 0).map(([r]) => r);
      const cleanTouchedShare = cleanRefs.length === 0 ? null : cleanRefs.filter((r) => flaggedRefs.has(r)).length / cleanRefs.length;

      const flagCounts = new Map<string, number>();
      for (const f of flags) flagCounts.set(`${f.control_id} (${f.severity})`, (flagCounts.get(`${f.control_id} (${f.severity})`) ?? 0) + 1);

      // ---- print -----------------------------------------------------------------------------------------------------
      const out: string[] = [];
      out.push(`\n== Targeting benchmark: seed ${seed}, ${sedsN} SEDs, ${declarationsN} declarations, ${certificatesN} certificates (${messages.length} messages), as of ${asOf}`);
      out.push(`   timings: ${Object.entries(timings).map(([k, v]) => `${k.replace('Ms', '')} ${(v / 1000).toFixed(1)} s`).join(', ')}`);
      out.push(`   generator companies in corpus: ${q.companies} (planted ${q.planted}, base rate ${pct(q.planted / Math.max(1, q.companies))}); LAC scored ${q.scored} (unmapped ${q.unmapped}); flags ${flags.length}`);
      out.push(`   precision@10 ${pct(q.precision.at10 ?? null)}   @50 ${pct(q.precision.at50 ?? null)}   @100 ${pct(q.precision.at100 ?? null)}`);
      out.push(`   recall of planted companies: top 100 ${pct(q.recallTop100)}, score > 0 ${pct(q.recallFlagged)}`);
      out.push('');
      out.push('   pattern                    planted  found  top100  found by (companies)');
      for (const p of q.patterns) out.push(`   ${p.pattern.padEnd(27)}${String(p.planted).padEnd(9)}${String(p.found).padEnd(7)}${pct(p.recallTop100)}  ${p.foundBy.slice(0, 5).map((c) => `${c.controlId} ${c.companies}`).join(', ')}`);
      out.push('');
      out.push('   score distribution   n      score=0  score=100  mean');
      for (const [lv, d] of Object.entries(dist)) out.push(`   ${lv.padEnd(20)} ${String(d.n).padEnd(6)} ${String(d.score0).padEnd(8)} ${String(d.score100).padEnd(10)} ${d.meanScore.toFixed(1)}`);
      out.push('');
      out.push(`   anomaly kind            planted (post/sed/cert)   touched   share    top controls`);
      for (const a of anomalies) {
        out.push(
          `   ${a.kind.padEnd(24)}${`${a.planted.postings}/${a.planted.seds}/${a.planted.certificates}`.padEnd(26)}${(a.detected ? 'yes' : 'NO').padEnd(10)}${pct(a.touchedShare)}   ${a.controls.slice(0, 3).map((c) => `${c.controlId} ${c.refs}`).join(', ')}`,
        );
      }
      out.push(`   (refs without any anomaly touched by some flag: ${pct(cleanTouchedShare)} of ${cleanRefs.length})`);
      out.push('');
      out.push(`   false positives: ${falsePositives.top100NotPlanted} not planted in top 100; ${falsePositives.honestScored} honest companies score > 0 (${falsePositives.honestSingleControl} from a single control)`);
      out.push('   controls among top-100 false positives (companies, as top contributor, points):');
      for (const c of falsePositives.controlsInTop100FalsePositives.slice(0, 6)) out.push(`     ${c.controlId.padEnd(34)} ${String(c.companies).padEnd(5)} ${String(c.topContributor).padEnd(5)} ${c.points}`);
      out.push('   controls among honest companies with score > 0 (companies, as top contributor, points):');
      for (const c of falsePositives.controlsInHonestScored.slice(0, 6)) out.push(`     ${c.controlId.padEnd(34)} ${String(c.companies).padEnd(5)} ${String(c.topContributor).padEnd(5)} ${c.points}`);
      out.push('   flags by control:');
      for (const [k, v] of [...flagCounts].sort((a, b) => b[1] - a[1])) out.push(`     ${k.padEnd(44)} ${v}`);
      out.push('   top 10:');
      for (const r of rows.slice(0, 10)) out.push(`     #${String(r.rank).padEnd(4)} ${String(r.score).padStart(3)}  ${(r.planted === true ? r.patterns.join('+') : r.planted === false ? 'honest' : 'unknown').padEnd(40)} ${r.companyKey}  ${r.contributions.map((c) => `${c.controlId}:${c.points}`).join(' ')}`);
      console.log(out.join('\n'));

      const cpu = os.cpus()[0];
      const result = {
        date: new Date().toISOString(),
        machine: { cpu: cpu?.model ?? 'unknown', cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
        options: opts,
        messages: messages.length,
        timingsMs: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])),
        asOf,
        companies: { generator: q.companies, planted: q.planted, lacScored: q.scored, unmapped: q.unmapped },
        flags: flags.length,
        flagsByControl: Object.fromEntries(flagCounts),
        targeting: { precision: q.precision, recallTop100: q.recallTop100, recallFlagged: q.recallFlagged, patterns: q.patterns },
        scoreDistribution: dist,
        anomalies,
        cleanRefsTouchedShare: cleanTouchedShare,
        falsePositives,
        top20: rows.slice(0, 20).map((r) => ({ rank: r.rank, score: r.score, planted: r.planted, patterns: r.patterns, companyKey: r.companyKey, generator: r.generator, contributions: r.contributions.map((c) => ({ controlId: c.controlId, points: c.points, hits: c.hits })) })),
      };
      const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(dir, `${OUT}.json`);
      await fs.writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
      console.log(`\n   written ${path.relative(process.cwd(), file)}`);
    } finally {
      await pool.end();
    }
  } finally {
    await pg.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
