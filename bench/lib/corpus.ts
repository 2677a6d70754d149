/**
 * The benchmark corpus: a year of French LA traffic scaled by `size` (1.2 M SEDs : 300 k
 * declarations : 400 k certificates), from the seeded synthetic generator, so every run and
 * every machine gets the same bytes. Streamed, never held in memory.
 */
import type { CorpusOptions } from '../../core/synth/index.js';

export const YEAR = { seds: 1_200_000, declarations: 300_000, certificates: 400_000 } as const;

export function corpusOptions(seds: number, seed: number): CorpusOptions {
  return {
    seed,
    seds,
    declarations: Math.round((seds * YEAR.declarations) / YEAR.seds),
    certificates: Math.round((seds * YEAR.certificates) / YEAR.seds),
    shapeMix: { xml: 0.5, rina: 0.25, nav: 0.25 },
    // 5 % duplicates and new versions, as the issue asks (the generator's default duplicates are 2 %).
    duplicateRate: 0.05,
    newVersionRate: 0.05,
    badRate: 0,
  };
}

export function totalMessages(o: CorpusOptions): number {
  return o.seds + o.declarations + o.certificates;
}
