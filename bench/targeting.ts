/**
 * Targeting benchmark: generates a synthetic population (core/synth), runs the whole pipeline on an embedded
 * PostgreSQL (ingest → match → controls → scoring) and measures how well the ranked risk list finds the companies
 * the generator made irregular.
 *
 *   npx tsx bench/targeting.ts [--seds 20000] [--declarations N] [--certificates N] [--seed 11]
 *
 * Ground truth: the generator gives each company a `risk` in [0, 1] drawn from three bands (population.ts:
 * 80 % clean 0–0.15, 15 % medium 0.3–0.5, 5 % high 0.7–1; temp-work +0.1). "Planted" = the high band
 * (risk >= 0.65); medium (0.28 <= risk < 0.65) is reported separately. The world is rebuilt with the same seed and
 * size as generateCorpus does, so company risk and engagement anomalies are read from it directly.
 *
 * Mapping generator companies to LAC company keys: companyKeys(postingUndertaking)[0] of the generated declarations,
 * grouped by truth.company, plus the same computation on the world's company for companies never declared.
 *
 * Anomaly coverage: each planted anomaly kind (truth.anomalies) is carried by declared postings
 * (`<declarationId>#<workerIdx>`), SED documents (document id) and certificates (number); a kind counts as
 * touched when a flag (control hit) names one of those refs in subject_ref or evidence.
 *
 * Writes bench/results/targeting-<date>.json.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus, World, type SynthMessage } from '../core/synth/index.js';
import type { SourceMessage } from '../core/ingest/types.js';
import { companyKeys, companyNameKey } from '../core/match/company-keys.js';
import { COMPANY_CONTROLS, PERSON_CONTROLS } from '../core/controls/catalog/index.js';
import { startEmbeddedPostgres } from '../lib/db/embedded.js';
import { migrateDatabase, quoteIdent } from '../lib/db/migrate.js';
import { createPool } from '../lib/db/pool.js';
import { Ingestor } from '../lib/ingest/ingestor.js';
import { runMatch } from '../lib/match/run-match.js';
import { runCompanyControls, runPersonControls } from '../lib/controls/run-controls.js';
import { runScoring } from '../lib/risk/run-scoring.js';
import { createLogger } from '../lib/log/logger.js';

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
const SCHEMA = 'lac_bench';

type RiskLevel = 'clean' | 'medium' | 'high';
function riskLevel(risk: number): RiskLevel {
  // Bands (population.ts): clean [0, 0.15) (+0.1 temp-work: < 0.25), medium [0.3, 0.5) (+0.1: < 0.6), high [0.7, 1].
  return risk >= 0.65 ? 'high' : risk >= 0.28 ? 'medium' : 'clean';
}

interface DeclarationJson {
  declarationId: string;
  postingUndertaking: { name: string; country: string; ids: Array<{ type: string; id: string }> };
}

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
  // Same world as generateCorpus (corpus.ts: engagements = ceil(max(seds*.9, certs*1.2, decls*2.8, 50))).
  const world = new World(seed, { engagements: Math.ceil(Math.max(sedsN * 0.9, certificatesN * 1.2, declarationsN * 2.8, 50)) });
  timings.generateMs = now() - t;

  const companyIndex = (key: string): number => Number(key.slice(3));
  const companyOfKey = new Map<string, Set<string>>(); // LAC key -> generator companies
  const genCompanies = new Set<string>();
  const addKey = (lacKey: string | undefined, gen: string): void => {
    if (!lacKey) return;
    let s = companyOfKey.get(lacKey);
    if (!s) companyOfKey.set(lacKey, (s = new Set()));
    s.add(gen);
  };
  // Refs carrying planted anomalies: ref -> anomaly kinds.
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
    if (tr.company) genCompanies.add(tr.company);
    if (msg.topic === 'declaration' && tr.company) {
      const d = JSON.parse(msg.value) as DeclarationJson;
      addKey(companyKeys({ name: d.postingUndertaking.name, country: d.postingUndertaking.country, ids: d.postingUndertaking.ids })[0], tr.company);
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
  // Companies never declared: the same key computed on the world's company (declarations name vat + registration).
  for (const gen of genCompanies) {
    const c = world.company(companyIndex(gen));
    const ids: Array<{ type: string; id: string }> = [];
    if (c.ids.vat) ids.push({ type: 'vat', id: c.ids.vat });
    if (c.ids.registration) ids.push({ type: 'registration', id: c.ids.registration });
    for (const k of companyKeys({ name: c.name, country: c.country, ids })) addKey(k, gen);
  }
  const levelOf = (gen: string): RiskLevel => riskLevel(world.company(companyIndex(gen)).risk);

  // ---- pipeline ----------------------------------------------------------------------------------------------------
  const dataDir = path.join(os.tmpdir(), `lac-bench-targeting-pg`);
  const pg = await startEmbeddedPostgres({ dataDir, logger });
  try {
    const admin = createPool({ connectionString: pg.url, schema: 'public', max: 1 });
    await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(SCHEMA)} CASCADE`);
    await admin.end();
    await migrateDatabase(pg.url, SCHEMA);
    const pool = createPool({ connectionString: pg.url, schema: SCHEMA, applicationName: 'lac-bench-targeting' });
    try {
      t = now();
      const ingestor = new Ingestor({ pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger });
      for (let i = 0; i < messages.length; i += BATCH) await ingestor.ingest(messages.slice(i, i + BATCH).map(asSourceMessage));
      timings.ingestMs = now() - t;
      t = now();
      await runMatch(pool, { logger, all: true });
      timings.matchMs = now() - t;
      t = now();
      const asOf = new Date().toISOString().slice(0, 10);
      await runPersonControls(pool, PERSON_CONTROLS, { asOf, logger });
      await runCompanyControls(pool, COMPANY_CONTROLS, { asOf, logger });
      timings.controlsMs = now() - t;
      t = now();
      const scoring = await runScoring(pool, { asOf, logger });
      timings.scoringMs = now() - t;

      // ---- read back -------------------------------------------------------------------------------------------------
      const scores = (
        await pool.query<{ company_key: string; name: string | null; country: string | null; score: number; rank: number; contributions: Array<{ controlId: string; points: number; hits: number }> }>(
          'SELECT company_key, name, country, score, rank, contributions FROM risk_scores WHERE run_id = $1 ORDER BY rank',
          [scoring.runId],
        )
      ).rows;
      const flags = (await pool.query<{ control_id: string; severity: string; subject_ref: string; evidence: string[] }>('SELECT control_id, severity, subject_ref, evidence FROM flags')).rows;

      // LAC company -> generator company (ambiguous if a key maps to several; the first by risk level is kept).
      const nameIndex = new Map<string, Set<string>>();
      for (const [k, gens] of companyOfKey) if (k.startsWith('name:')) nameIndex.set(k, gens);
      let unmapped = 0;
      let ambiguous = 0;
      const rows = scores.map((r) => {
        let gens = companyOfKey.get(r.company_key);
        if (!gens) {
          const nk = companyNameKey(r.name);
          if (nk !== null) gens = nameIndex.get(`name:${r.country ?? '??'}:${nk}`);
        }
        if (!gens || gens.size === 0) unmapped += 1;
        else if (gens.size > 1) ambiguous += 1;
        const levels = gens ? [...gens].map(levelOf) : [];
        const level: RiskLevel | 'unknown' = levels.includes('high') ? 'high' : levels.includes('medium') ? 'medium' : levels.length > 0 ? 'clean' : 'unknown';
        return { ...r, gens: gens ? [...gens] : [], level };
      });

      // Ground-truth companies (those present in the generated messages) and their best LAC rank.
      const bestRank = new Map<string, { rank: number; score: number }>();
      for (const r of rows) for (const g of r.gens) if (!bestRank.has(g)) bestRank.set(g, { rank: r.rank, score: r.score });
      const truthByLevel: Record<RiskLevel, string[]> = { clean: [], medium: [], high: [] };
      for (const g of genCompanies) truthByLevel[levelOf(g)].push(g);

      const precisionAt = (k: number, lv: RiskLevel[]): number | null => {
        const top = rows.slice(0, k);
        return top.length === 0 ? null : top.filter((r) => r.level !== 'unknown' && lv.includes(r.level)).length / top.length;
      };
      const recall = (lv: RiskLevel, pred: (b: { rank: number; score: number }) => boolean): { found: number; of: number; share: number | null } => {
        const all = truthByLevel[lv];
        const found = all.filter((g) => {
          const b = bestRank.get(g);
          return b !== undefined && pred(b);
        }).length;
        return { found, of: all.length, share: all.length === 0 ? null : found / all.length };
      };
      const ks = [10, 50, 100];
      const targeting = {
        precision: Object.fromEntries(ks.map((k) => [`at${k}`, { high: precisionAt(k, ['high']), mediumOrHigh: precisionAt(k, ['high', 'medium']), medium: precisionAt(k, ['medium']) }])),
        recall: {
          high: { top100: recall('high', (b) => b.rank <= 100), scored: recall('high', (b) => b.score > 0), inLac: recall('high', () => true) },
          medium: { top100: recall('medium', (b) => b.rank <= 100), scored: recall('medium', (b) => b.score > 0), inLac: recall('medium', () => true) },
          clean: { top100: recall('clean', (b) => b.rank <= 100), scored: recall('clean', (b) => b.score > 0), inLac: recall('clean', () => true) },
        },
        baseRate: { high: truthByLevel.high.length / Math.max(1, genCompanies.size), medium: truthByLevel.medium.length / Math.max(1, genCompanies.size) },
      };

      // Score distribution per level.
      const dist: Record<string, { n: number; score0: number; score100: number; meanScore: number }> = {};
      for (const lv of ['high', 'medium', 'clean', 'unknown'] as const) {
        const rs = rows.filter((r) => r.level === lv);
        dist[lv] = {
          n: rs.length,
          score0: rs.filter((r) => r.score === 0).length,
          score100: rs.filter((r) => r.score === 100).length,
          meanScore: rs.length === 0 ? 0 : rs.reduce((s, r) => s + r.score, 0) / rs.length,
        };
      }

      // False positives: non-high companies in the top 100, and clean companies scoring > 0.
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
      const fpTop100 = rows.slice(0, 100).filter((r) => r.level !== 'high');
      const fpClean = rows.filter((r) => r.level === 'clean' && r.score > 0);
      const tpTop100 = rows.slice(0, 100).filter((r) => r.level === 'high');
      const falsePositives = {
        top100NonHigh: fpTop100.length,
        top100CleanOrUnknown: fpTop100.filter((r) => r.level === 'clean' || r.level === 'unknown').length,
        cleanScoring100: rows.filter((r) => r.level === 'clean' && r.score === 100).length,
        cleanSingleControl: fpClean.filter((r) => r.contributions.length === 1).length,
        controlsInTop100FalsePositives: fpTop100.length ? fpAnalysis(fpTop100) : [],
        controlsInCleanScored: fpAnalysis(fpClean),
        controlsInTop100TruePositives: fpAnalysis(tpTop100),
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
      out.push(`\n== Targeting benchmark: seed ${seed}, ${sedsN} SEDs, ${declarationsN} declarations, ${certificatesN} certificates (${messages.length} messages)`);
      out.push(`   timings: ${Object.entries(timings).map(([k, v]) => `${k.replace('Ms', '')} ${(v / 1000).toFixed(1)} s`).join(', ')}`);
      out.push(`   generator companies in corpus: ${genCompanies.size} (high ${truthByLevel.high.length}, medium ${truthByLevel.medium.length}, clean ${truthByLevel.clean.length})`);
      out.push(`   LAC scored companies: ${rows.length} (unmapped ${unmapped}, mapped to several generator companies ${ambiguous}); flags ${flags.length}`);
      out.push('');
      out.push('   metric                         high      medium    high+medium');
      for (const k of ks) {
        const p = targeting.precision[`at${k}`] as { high: number | null; medium: number | null; mediumOrHigh: number | null };
        out.push(`   precision@${String(k).padEnd(4)}                  ${pct(p.high)}    ${pct(p.medium)}    ${pct(p.mediumOrHigh)}`);
      }
      const rc = (x: { found: number; of: number; share: number | null }): string => `${pct(x.share)} (${x.found}/${x.of})`;
      out.push(`   recall in top 100              high ${rc(targeting.recall.high.top100)}   medium ${rc(targeting.recall.medium.top100)}   clean ${rc(targeting.recall.clean.top100)}`);
      out.push(`   recall score > 0               high ${rc(targeting.recall.high.scored)}   medium ${rc(targeting.recall.medium.scored)}   clean ${rc(targeting.recall.clean.scored)}`);
      out.push(`   present in risk_scores         high ${rc(targeting.recall.high.inLac)}   medium ${rc(targeting.recall.medium.inLac)}   clean ${rc(targeting.recall.clean.inLac)}`);
      out.push(`   base rate (random precision)   high ${pct(targeting.baseRate.high)}   medium ${pct(targeting.baseRate.medium)}`);
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
      out.push(`   false positives: ${falsePositives.top100NonHigh} non-high in top 100 (${falsePositives.top100CleanOrUnknown} clean/unknown); ${falsePositives.cleanScoring100} clean companies score 100; ${falsePositives.cleanSingleControl} of ${fpClean.length} scored clean companies owe it to a single control`);
      out.push('   controls among top-100 false positives (companies, as top contributor, points):');
      for (const c of falsePositives.controlsInTop100FalsePositives.slice(0, 6)) out.push(`     ${c.controlId.padEnd(34)} ${String(c.companies).padEnd(5)} ${String(c.topContributor).padEnd(5)} ${c.points}`);
      out.push('   controls among clean companies with score > 0 (companies, as top contributor, points):');
      for (const c of falsePositives.controlsInCleanScored.slice(0, 6)) out.push(`     ${c.controlId.padEnd(34)} ${String(c.companies).padEnd(5)} ${String(c.topContributor).padEnd(5)} ${c.points}`);
      out.push('   flags by control:');
      for (const [k, v] of [...flagCounts].sort((a, b) => b[1] - a[1])) out.push(`     ${k.padEnd(44)} ${v}`);
      out.push('   top 10:');
      for (const r of rows.slice(0, 10)) out.push(`     #${String(r.rank).padEnd(4)} ${String(r.score).padStart(3)}  ${r.level.padEnd(7)} ${r.company_key}  ${r.contributions.map((c) => `${c.controlId}:${c.points}`).join(' ')}`);
      console.log(out.join('\n'));

      const cpu = os.cpus()[0];
      const result = {
        date: new Date().toISOString(),
        machine: { cpu: cpu?.model ?? 'unknown', cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
        options: opts,
        messages: messages.length,
        timingsMs: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])),
        companies: { generator: genCompanies.size, high: truthByLevel.high.length, medium: truthByLevel.medium.length, clean: truthByLevel.clean.length, lacScored: rows.length, unmapped, ambiguous },
        flags: flags.length,
        flagsByControl: Object.fromEntries(flagCounts),
        targeting,
        scoreDistribution: dist,
        anomalies,
        cleanRefsTouchedShare: cleanTouchedShare,
        falsePositives,
        top20: rows.slice(0, 20).map((r) => ({ rank: r.rank, score: r.score, level: r.level, companyKey: r.company_key, generator: r.gens, contributions: r.contributions.map((c) => ({ controlId: c.controlId, points: c.points, hits: c.hits })) })),
      };
      const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(dir, `targeting-${new Date().toISOString().slice(0, 10)}.json`);
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
