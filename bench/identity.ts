/**
 * Identity-resolution benchmark: builds labelled synthetic sets (core/identity/labelled.ts), resolves them and
 * prints pairwise precision / recall, ambiguity and timing.
 *
 *   npx tsx bench/identity.ts [--persons 20000] [--companies 3000] [--clients 1000] [--seed 7] [--scale 100000]
 *
 * `--scale N` also resolves a person set of about N records (timing at scale). "Without the ambiguous" leaves out
 * the records reported as ambiguous (they keep their own key and go to a person; they are not errors).
 */
import { resolveCompanies } from '../core/identity/companies.js';
import { precisionRecall, type PairwiseScores } from '../core/identity/evaluate.js';
import { labelledCompanies, labelledPersons } from '../core/identity/labelled.js';
import { resolvePersons } from '../core/identity/persons.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : dflt;
}

const seed = arg('seed', 7);
const personsN = arg('persons', 20_000);
const companiesN = arg('companies', 3_000);
const clientsN = arg('clients', 1_000);
const scale = arg('scale', 0);

function fmt(s: PairwiseScores): string {
  return `precision ${s.precision.toFixed(4)}  recall ${s.recall.toFixed(4)}  F1 ${s.f1.toFixed(4)}  (pairs: predicted ${s.predictedPairs}, true ${s.truePairs}, correct ${s.correctPairs})`;
}

/** Scores over the records that were decided (not reported ambiguous): what the pipeline links automatically. */
function decided(keys: ReadonlyMap<string, string>, truth: ReadonlyMap<string, string>, ambiguous: readonly { ref: string }[]): PairwiseScores {
  const skip = new Set(ambiguous.map((a) => a.ref));
  const t = new Map([...truth].filter(([ref]) => !skip.has(ref)));
  return precisionRecall(keys, t);
}

function ms(t0: bigint): string {
  return `${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms`;
}

function runPersons(n: number, label: string): void {
  let t0 = process.hrtime.bigint();
  const set = labelledPersons({ seed, persons: n });
  const gen = ms(t0);
  t0 = process.hrtime.bigint();
  const res = resolvePersons(set.records);
  const took = ms(t0);
  const s = precisionRecall(res.personKey, set.truth);
  const d = decided(res.personKey, set.truth, res.ambiguous);
  const byMethod = new Map<string, number>();
  for (const l of res.links) byMethod.set(l.method, (byMethod.get(l.method) ?? 0) + 1);
  console.log(`\n== Persons (${label}): ${set.planted.persons} truth persons, ${set.records.length} records (generated in ${gen})`);
  console.log(`   resolved in ${took}: ${res.clusters.length} persons, ${res.ambiguous.length} ambiguous records, ${res.conflicts.length} PIN conflicts`);
  console.log(`   all records:           ${fmt(s)}`);
  console.log(`   without the ambiguous: ${fmt(d)}`);
  console.log(`   links by method: ${[...byMethod].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  const planted = Object.entries(set.planted).filter(([k]) => k.includes(':'));
  console.log(`   planted: ${planted.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`   bar (precision >= 0.99, recall >= 0.95): ${s.precision >= 0.99 && s.recall >= 0.95 ? 'met' : 'NOT MET'}`);
}

function runCompanies(): void {
  let t0 = process.hrtime.bigint();
  const set = labelledCompanies({ seed, companies: companiesN, clients: clientsN });
  const gen = ms(t0);
  t0 = process.hrtime.bigint();
  const res = resolveCompanies(set.records);
  const took = ms(t0);
  const s = precisionRecall(res.companyKey, set.truth);
  const d = decided(res.companyKey, set.truth, res.ambiguous);
  const byMethod = new Map<string, number>();
  for (const l of res.links) byMethod.set(l.method, (byMethod.get(l.method) ?? 0) + 1);
  console.log(`\n== Companies: ${set.planted.undertakings} undertakings, ${set.records.length} records (generated in ${gen})`);
  console.log(`   resolved in ${took}: ${res.clusters.length} undertakings, ${res.ambiguous.length} ambiguous records, ${res.conflicts.length} id conflicts`);
  console.log(`   all records:           ${fmt(s)}`);
  console.log(`   without the ambiguous: ${fmt(d)}`);
  console.log(`   links by method: ${[...byMethod].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  const planted = Object.entries(set.planted).filter(([k]) => k.includes(':'));
  console.log(`   planted: ${planted.map(([k, v]) => `${k} ${v}`).join(', ')}`);
}

runPersons(personsN, `seed ${seed}`);
runCompanies();
if (scale > 0) runPersons(Math.round(scale / 3.1), `scale ~${scale} records`);
