/**
 * `lac retention run`: purges raw document bytes and personal fields past their age, in batches
 * (one transaction each, rows locked with SKIP LOCKED so the services keep running), and records
 * the run. Idempotent: purged rows are marked and never selected again, so a second run with the
 * same cut-offs changes nothing. Flags, matches, risk runs and their contributions are not touched:
 * they cite documents, certificates and person keys, never names, PINs or birth dates.
 */
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/pool.js';
import type { Logger } from '../log/logger.js';
import type { Pseudonymiser } from '../export/pseudonymise.js';
import { recordStageRun } from '../status/stage-runs.js';
import { countRawToPurge, purgeRawBatch } from './sql-raw.js';
import {
  countPersonalToPurge,
  purgeCertificateBatch,
  purgeCertificateEventBatch,
  purgeDeclarationBatch,
  purgeSedBatch,
} from './sql-personal.js';
import { freezePurgedPersonRecords } from './sql-person-records.js';
import { finishRetentionRun, startRetentionRun } from './sql-runs.js';
import { cutoffs, type RetentionAges, type RetentionCutoffs } from './settings.js';

export interface RetentionCounts {
  rawMessages: number;
  deadLetters: number;
  seds: number;
  declarations: number;
  certificateEvents: number;
  certificates: number;
  personRecords: number;
}

export interface RetentionOptions {
  ages: RetentionAges;
  /** Required unless `dryRun`: names and PINs become its pseudonyms. */
  pseudonymiser: Pseudonymiser | null;
  dryRun?: boolean;
  now?: Date;
  batchSize?: number;
  logger: Logger;
  onProgress?: (phase: keyof RetentionCounts, done: number) => void;
}

export interface RetentionResult {
  runId: number;
  dryRun: boolean;
  cutoffs: RetentionCutoffs;
  /** Rows purged (dry run: rows that would be; certificates and person records are then not counted). */
  counts: RetentionCounts;
}

export function emptyCounts(): RetentionCounts {
  return { rawMessages: 0, deadLetters: 0, seds: 0, declarations: 0, certificateEvents: 0, certificates: 0, personRecords: 0 };
}

export async function runRetention(pool: Pool, options: RetentionOptions): Promise<RetentionResult> {
  const dryRun = options.dryRun === true;
  const started = new Date();
  const c = cutoffs(options.ages, options.now ?? started);
  const runId = await withTransaction(pool, (client) => startRetentionRun(client, dryRun, c));
  const counts = emptyCounts();
  if (dryRun) {
    const [raw, personal] = await withTransaction(pool, async (client) => [await countRawToPurge(client, c.raw), await countPersonalToPurge(client, c.personal)] as const);
    Object.assign(counts, raw, personal);
  } else {
    const p = options.pseudonymiser;
    if (p === null) throw new Error('runRetention: a pseudonymiser is required to purge personal fields');
    const limit = options.batchSize ?? 1000;
    const progress = (phase: keyof RetentionCounts, n: number): void => {
      counts[phase] += n;
      options.onProgress?.(phase, counts[phase]);
    };
    // Each loop stops when a batch finds nothing: purged rows no longer match the selection.
    const loop = async (step: () => Promise<number>): Promise<void> => {
      while ((await step()) > 0);
    };
    await loop(() => withTransaction(pool, async (client) => {
      const b = await purgeSedBatch(client, c.personal, limit, p);
      progress('seds', b.rows);
      progress('personRecords', await freezePurgedPersonRecords(client, { sedDocumentIds: b.keys, declarationIds: [], certificateNumbers: [] }));
      return b.rows;
    }));
    await loop(() => withTransaction(pool, async (client) => {
      const b = await purgeDeclarationBatch(client, c.personal, limit, p);
      progress('declarations', b.rows);
      progress('personRecords', await freezePurgedPersonRecords(client, { sedDocumentIds: [], declarationIds: b.keys, certificateNumbers: [] }));
      return b.rows;
    }));
    await loop(() => withTransaction(pool, async (client) => {
      const b = await purgeCertificateEventBatch(client, c.personal, limit, p);
      progress('certificateEvents', b.rows);
      return b.rows;
    }));
    await loop(() => withTransaction(pool, async (client) => {
      const numbers = await purgeCertificateBatch(client, limit, p);
      progress('certificates', numbers.length);
      progress('personRecords', await freezePurgedPersonRecords(client, { sedDocumentIds: [], declarationIds: [], certificateNumbers: numbers }));
      return numbers.length;
    }));
    await loop(() => withTransaction(pool, async (client) => {
      const r = await purgeRawBatch(client, c.raw, limit);
      progress('rawMessages', r.rawMessages);
      progress('deadLetters', r.deadLetters);
      return r.rawMessages;
    }));
  }
  await withTransaction(pool, async (client) => {
    await finishRetentionRun(client, runId, { ...counts });
    await recordStageRun(client, dryRun ? 'retention-dry-run' : 'retention', counts.rawMessages + counts.seds + counts.declarations + counts.certificateEvents, { runId, ...counts }, started);
  });
  options.logger.info({ runId, dryRun, rawCutoff: c.raw.toISOString(), personalCutoff: c.personal.toISOString(), ...counts }, 'retention run finished');
  return { runId, dryRun, cutoffs: c, counts };
}
