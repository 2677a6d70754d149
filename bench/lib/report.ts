/** The run's table (stdout) and its JSON file (bench/results/bench-<date>T<hhmm>-<size>.json). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Row {
  measure: string;
  value: string;
  target?: string;
  ok?: boolean | null;
}

export function printTable(title: string, rows: Row[]): string {
  const w = [Math.max(7, ...rows.map((r) => r.measure.length)), Math.max(5, ...rows.map((r) => r.value.length)), Math.max(6, ...rows.map((r) => (r.target ?? '').length))];
  const line = (a: string, b: string, c: string, d: string): string => `| ${a.padEnd(w[0]!)} | ${b.padStart(w[1]!)} | ${c.padEnd(w[2]!)} | ${d.padEnd(4)} |`;
  const out = [
    title,
    line('measure', 'value', 'target', 'met'),
    `|${'-'.repeat(w[0]! + 2)}|${'-'.repeat(w[1]! + 2)}|${'-'.repeat(w[2]! + 2)}|------|`,
    ...rows.map((r) => line(r.measure, r.value, r.target ?? '', r.ok === undefined || r.ok === null ? '' : r.ok ? 'yes' : 'no')),
  ].join('\n');
  process.stdout.write(`${out}\n`);
  return out;
}

/** PostgreSQL settings that bound write throughput (buffers, checkpoints, WAL): kept with each result. */
export const PG_SETTINGS = ['shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'wal_compression', 'synchronous_commit', 'work_mem', 'maintenance_work_mem'];

export function machine(pgVersion: string, pgSettings: Record<string, string> = {}): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    host: os.hostname(),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    node: process.version,
    postgres: pgVersion,
    postgresSettings: pgSettings,
    loadAverageAtStart: os.loadavg(),
  };
}

export function writeResult(dir: string, size: number, result: Record<string, unknown>): string {
  fs.mkdirSync(dir, { recursive: true });
  // The time is in the name so that several runs of a day (before/after a change) are all kept.
  const stamp = new Date().toISOString().slice(0, 16).replace(':', '');
  const file = path.join(dir, `bench-${stamp}-${size}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export const mib = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MiB`;
export const num = (n: number): string => Math.round(n).toLocaleString('en');
export const ms = (n: number | null): string => (n === null ? 'n/a' : `${Math.round(n)} ms`);
