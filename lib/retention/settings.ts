/**
 * Retention settings: how long raw document bytes and personal fields are kept. From the
 * environment (LAC_RETENTION_RAW_DAYS, LAC_RETENTION_PERSONAL_DAYS), or one `--older-than`
 * duration for both; a bad value is a ConfigError naming the variable or the option.
 */
import { ConfigError } from '../../core/errors.js';

export const RETENTION_RAW_DAYS_VARIABLE = 'LAC_RETENTION_RAW_DAYS';
export const RETENTION_PERSONAL_DAYS_VARIABLE = 'LAC_RETENTION_PERSONAL_DAYS';
export const DEFAULT_RAW_DAYS = 730;
export const DEFAULT_PERSONAL_DAYS = 1825;

const DAY_MS = 86_400_000;

export interface RetentionAges {
  /** Raw document bytes older than this are purged. */
  rawMs: number;
  /** Personal fields of documents older than this are pseudonymised or cleared. */
  personalMs: number;
}

export interface RetentionCutoffs {
  /** Raw bytes received before this are purged. Never earlier than `personal`: the bytes hold the personal fields too. */
  raw: Date;
  personal: Date;
}

export function retentionAgesFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): RetentionAges {
  return {
    rawMs: days(env, RETENTION_RAW_DAYS_VARIABLE, DEFAULT_RAW_DAYS) * DAY_MS,
    personalMs: days(env, RETENTION_PERSONAL_DAYS_VARIABLE, DEFAULT_PERSONAL_DAYS) * DAY_MS,
  };
}

/** Cut-off instants at `now`. Raw bytes go at the earlier of the two ages. */
export function cutoffs(ages: RetentionAges, now: Date): RetentionCutoffs {
  const personal = new Date(now.getTime() - ages.personalMs);
  const raw = new Date(now.getTime() - Math.min(ages.rawMs, ages.personalMs));
  return { raw, personal };
}

const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS, y: 365 * DAY_MS };

/** `90d`, `12w`, `2y`, `36h`, or a bare number of days; positive. */
export function parseDuration(text: string, what = '--older-than'): number {
  const m = /^\s*(\d+)\s*([hdwy]?)\s*$/i.exec(text);
  const n = m ? Number(m[1]) : NaN;
  const unit = UNIT_MS[(m?.[2] ?? '').toLowerCase() || 'd'];
  if (!m || unit === undefined || !Number.isSafeInteger(n) || n <= 0) {
    throw new ConfigError(what, `"${text}" is not a duration (a positive number followed by h, d, w or y, e.g. 730d)`);
  }
  return n * unit;
}

function days(env: Readonly<Record<string, string | undefined>>, name: string, def: number): number {
  const v = env[name]?.trim();
  if (v === undefined || v === '') return def;
  if (!/^\d+$/.test(v) || Number(v) <= 0 || !Number.isSafeInteger(Number(v))) throw new ConfigError(name, `"${v}" is not a positive number of days`);
  return Number(v);
}
