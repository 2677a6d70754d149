/**
 * Summarise V8 CPU profiles written by `npm run bench -- --cpu-prof DIR`: self time per
 * function, heaviest first, so the profile can be read without DevTools.
 * Usage: npx tsx bench/profile-summary.ts FILE.cpuprofile [--top N]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function summarise(file: string, top: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byNode = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byNode.get(profile.samples[i] ?? -1);
    const dt = profile.timeDeltas[i] ?? 0;
    if (node === undefined) continue;
    const f = node.callFrame;
    const where = f.url.replace(/^.*\/(node_modules|work\/main)\//, '$1/');
    const key = `${f.functionName || '(anonymous)'}  ${where}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  }
  console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [key, us] of rows) console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${key}`);
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
const files = args.filter((a, i) => a !== '--top' && i !== topAt + 1);
if (files.length === 0 || args.includes('--help')) {
  console.log('usage: npx tsx bench/profile-summary.ts FILE.cpuprofile... [--top N]');
  process.exit(files.length === 0 && !args.includes('--help') ? 1 : 0);
}
for (const f of files) summarise(f, top);
