/**
 * Runs one export end to end: batches from the database, encoded in the chosen format, written
 * to the output, committed (file renamed into place) or aborted (temporary file removed).
 *
 * Each export (seds now; matches, flags, risk later) is an `ExportDefinition`: a source of record
 * batches and a CSV column set. The writer, the output handling and the options are shared.
 */
import { RISK_CSV_COLUMNS, riskBatches, type RiskRecord } from './risk.js';
import { FLAG_CSV_COLUMNS, flagBatches, type FlagRecord } from './flags.js';
import { MATCH_CSV_COLUMNS, matchBatches, type MatchRecord } from './matches.js';
import type { Pool } from '../db/pool.js';
import type { AsOf } from './as-of.js';
import type { CsvColumn } from './csv.js';
import type { Pseudonymiser } from './pseudonymise.js';
import { SED_CSV_COLUMNS, sedBatches } from './seds.js';
import { encoderFor, isOutputClosed, writeBatches, type ExportFormat, type ExportOutput } from './writer.js';
import type { CanonicalSed } from '../../core/model/canonical.js';

export const EXPORT_NAMES = ['seds', 'matches', 'flags', 'risk'] as const;
export type ExportName = (typeof EXPORT_NAMES)[number];

export interface ExportOptions {
  /** Only what was received by then (reproducible exports). */
  asOf: AsOf | null;
  /** Personal identifiers replaced by keyed hashes. */
  pseudonymiser: Pseudonymiser | null;
  /** Records per database page. */
  batchSize?: number;
}

export interface ExportDefinition<R> {
  name: ExportName;
  csvColumns: ReadonlyArray<CsvColumn<R>>;
  batches(pool: Pool, options: ExportOptions): AsyncIterable<readonly R[]>;
}

export interface ExportResult {
  name: ExportName;
  records: number;
  /** Where it went: the file name, or `stdout`. */
  destination: string;
  /** The reader of stdout went away before the end (e.g. `| head`): fewer records than exist. */
  outputClosed: boolean;
}

export const sedsExport: ExportDefinition<CanonicalSed> = {
  name: 'seds',
  csvColumns: SED_CSV_COLUMNS,
  batches: (pool, options) => sedBatches(pool, options),
};

export const matchesExport: ExportDefinition<MatchRecord> = {
  name: 'matches',
  csvColumns: MATCH_CSV_COLUMNS,
  batches: (pool, options) => {
    if (options.asOf !== null) throw new Error('--as-of is not available for matches: they are recomputed in place (run `lac match` on a restored backlog instead)');
    return matchBatches(pool, options);
  },
};

export const flagsExport: ExportDefinition<FlagRecord> = {
  name: 'flags',
  csvColumns: FLAG_CSV_COLUMNS,
  batches: (pool, options) => flagBatches(pool, options),
};

export const riskExport: ExportDefinition<RiskRecord> = {
  name: 'risk',
  csvColumns: RISK_CSV_COLUMNS,
  batches: (pool, options) => riskBatches(pool, options),
};

export async function runExport<R>(
  pool: Pool,
  definition: ExportDefinition<R>,
  format: ExportFormat,
  options: ExportOptions,
  output: ExportOutput,
): Promise<ExportResult> {
  const result = (records: number, outputClosed: boolean): ExportResult => ({
    name: definition.name,
    records,
    destination: output.label,
    outputClosed,
  });
  let records: number;
  try {
    records = await writeBatches(definition.batches(pool, options), encoderFor(format, definition.csvColumns), output.stream);
  } catch (err) {
    await output.abort();
    if (isOutputClosed(err)) return result(err.written, true);
    throw err;
  }
  try {
    await output.commit();
  } catch (err) {
    await output.abort();
    throw err;
  }
  return result(records, false);
}

/** `exported 1234 seds to out/seds.jsonl` */
export function exportSummary(r: ExportResult): string {
  if (r.outputClosed) return `export of ${r.name} stopped after ${r.records} record(s): ${r.destination} was closed by its reader`;
  return `exported ${r.records} ${r.name} to ${r.destination}`;
}
