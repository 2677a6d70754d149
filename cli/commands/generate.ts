import type { Command } from 'commander';
import { writeBacklog } from '../../lib/synth/write-backlog.js';

function count(name: string, raw: string, allowZero = true): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) throw new Error(`${name}: "${raw}" is not a ${allowZero ? 'non-negative' : 'positive'} integer`);
  return n;
}

function rate(name: string, raw: string): number {
  const n = Number(raw);
  if (!(n >= 0 && n <= 1)) throw new Error(`${name}: "${raw}" is not between 0 and 1`);
  return n;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('write a reproducible synthetic backlog (SEDs in the three shapes, declarations, certificates) to a directory')
    .requiredOption('--out <dir>', 'directory to write')
    .option('--seds <n>', 'SED messages', '10000')
    .option('--declarations <n>', 'posting declarations', '2500')
    .option('--certificates <n>', 'certificate events', '3500')
    .option('--seed <n>', 'generator seed (same seed, same bytes)', '1')
    .option('--bad-rate <r>', 'share of broken messages', '0.01')
    .action(async (opts: { out: string; seds: string; declarations: string; certificates: string; seed: string; badRate: string }) => {
      const written = await writeBacklog(opts.out, {
        seed: count('--seed', opts.seed),
        seds: count('--seds', opts.seds),
        declarations: count('--declarations', opts.declarations),
        certificates: count('--certificates', opts.certificates),
        badRate: rate('--bad-rate', opts.badRate),
      });
      process.stdout.write(`wrote ${written.messages} messages (${(written.bytes / 1e6).toFixed(1)} MB) in ${written.files} files to ${written.dir}\n`);
    });
}
