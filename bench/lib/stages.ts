/**
 * The batch stages after ingestion, each the real CLI command in its own process (so its peak
 * memory is its own): full matching, full rescoring (controls, then scores), the exports.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { sampleRss, spawnTs } from './children.js';
import { log } from './progress.js';

export interface StageResult {
  name: string;
  seconds: number;
  peakRssBytes: number;
  /** The command's last stdout line (its summary). */
  summary: string;
}

export async function runCli(name: string, args: string[], env: Record<string, string>, cpuProfDir?: string): Promise<StageResult> {
  log(`  ${name}: lac ${args.join(' ')}`);
  const started = performance.now();
  // No Kafka, no Redis: a benchmark stage must not publish to the shared topics or queues.
  const child = spawnTs(name, ['cli/main.ts', ...args], { ...env, KAFKA_BROKERS: '', REDIS_URL: '', LAC_LOG_LEVEL: 'warn' }, cpuProfDir);
  const lines: string[] = [];
  child.proc.stdout?.on('data', (d: Buffer) => lines.push(...d.toString('utf8').split('\n').filter((l) => l.trim() !== '')));
  const timer = setInterval(() => sampleRss(child), 250);
  const [code] = (await once(child.proc, 'exit')) as [number | null];
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`lac ${args.join(' ')} exited with ${code}:\n${child.stderrTail.join('\n')}`);
  log(`  ${name}: ${seconds.toFixed(1)} s`);
  return { name, seconds, peakRssBytes: child.peakRss, summary: lines[lines.length - 1] ?? '' };
}

export async function runStages(env: Record<string, string>, asOf: string, cpuProfDir?: string): Promise<StageResult[]> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-bench-export-'));
  try {
    const results: StageResult[] = [];
    // Every stage below is a fresh process: its time includes this start-up (tsx compiles the sources).
    results.push(await runCli('start-up (lac --help)', ['--help'], env));
    results.push(await runCli('match --all', ['match', '--all'], env, cpuProfDir));
    results.push(await runCli('controls run', ['controls', 'run', '--as-of', asOf], env, cpuProfDir));
    results.push(await runCli('score', ['score', '--as-of', asOf], env, cpuProfDir));
    for (const what of ['seds', 'matches', 'flags', 'risk']) {
      results.push(await runCli(`export ${what}`, ['export', what, '--format', 'jsonl', '--out', path.join(out, `${what}.jsonl`)], env, cpuProfDir));
    }
    return results;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
