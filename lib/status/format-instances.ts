/** The service-instances table of `lac status` (text form). */
import type { ServiceInstanceStatus } from './service-instances.js';

const COLUMNS = ['KIND', 'INSTANCE', 'STATE', 'READY', 'BEAT', 'DEPENDENCIES', 'RECONNECTS', 'IN', 'STORED', 'REJECTED', 'LAG', 'JOBS (waiting/active/failed/completed)'] as const;

const ORDER = ['postgres', 'kafka', 'redis'];
const rank = (d: string): number => (ORDER.includes(d) ? ORDER.indexOf(d) : ORDER.length);

function total(r: Record<string, number>): number {
  return Object.values(r).reduce((a, b) => a + b, 0);
}

function row(i: ServiceInstanceStatus): string[] {
  const m = i.metrics;
  const consumes = i.kind === 'ingest';
  // jsonb reorders keys; show the database first, then the transport.
  const deps = Object.entries(i.dependencies)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([name, d]) => `${name} ${d.up === true ? 'up' : d.up === false ? `down${d.lastErrorCode ? ` (${d.lastErrorCode})` : ''}` : 'unknown'}`)
    .join(', ');
  const rejected = Object.entries(m.rejected).sort(([a], [b]) => a.localeCompare(b)).map(([code, n]) => `${code} ${n}`).join(', ');
  const jobs = Object.entries(m.jobs)
    .map(([q, s]) => `${q} ${s.waiting ?? 0}/${s.active ?? 0}/${s.failed ?? 0}/${s.completed ?? 0}`)
    .join(', ');
  return [
    i.kind,
    `${i.host}:${i.pid}`,
    i.state,
    i.ready ? 'yes' : 'no',
    `${i.secondsSinceBeat}s ago`,
    deps === '' ? '-' : deps,
    String(i.reconnects),
    consumes ? String(m.documentsIn) : '-',
    consumes ? String(total(m.stored)) : '-',
    consumes ? (rejected === '' ? '0' : rejected) : '-',
    m.lag === null ? '-' : String(m.lag),
    jobs === '' ? '-' : jobs,
  ];
}

export function formatInstances(instances: ServiceInstanceStatus[]): string[] {
  if (instances.length === 0) return ['services: no instance has reported (start `lac ingest`, `lac matcher`, `lac risk`)'];
  const counts = { running: 0, down: 0, stopped: 0 };
  for (const i of instances) counts[i.state] += 1;
  const header = `services: ${counts.running} running, ${counts.down} down, ${counts.stopped} stopped (last hour)`;
  const rows = [[...COLUMNS] as string[], ...instances.map(row)];
  const widths = COLUMNS.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return [header, ...rows.map((r) => `  ${r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c] ?? 0))).join('  ')}`)];
}
