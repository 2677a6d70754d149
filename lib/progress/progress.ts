/**
 * A one-line progress reporter for long runs (`lac replay`).
 *
 * On a terminal (`stream.isTTY`) it redraws a single line, at most every `redrawMs` (100 ms):
 *
 *     replay ▕████████░░░░░░░░░░░░▏ 45% 12,345 docs 3,210 docs/s ETA 0:42 (stored 12,000 dup 300 rejected 45)
 *
 * The percentage and ETA come from bytes done / `totalBytes` (input bytes, which is what a
 * backlog scan can total up front); the rate is documents per second since the start. The
 * line is cut to the terminal width so it never wraps (a wrapped line cannot be redrawn).
 * Off a terminal (logs, CI) it writes a plain line every `logEveryMs` (10 s) instead, and
 * nothing for runs shorter than that. `quiet` silences both. `finish()` erases the line and
 * writes nothing else: the caller prints the summary.
 */

/** The part of a stream the reporter uses (`process.stderr` fits). */
export interface ProgressStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** First word of the line, e.g. `replay`. */
  label: string;
  /** Total input bytes; 0 or unknown → no percentage, no ETA. */
  totalBytes: number;
  /** Default `process.stderr`. */
  stream?: ProgressStream | NodeJS.WriteStream;
  quiet?: boolean;
  /** Least time between two redraws on a terminal; default 100 ms. */
  redrawMs?: number;
  /** Time between two lines off a terminal; default 10 s. */
  logEveryMs?: number;
  /** Clock in milliseconds; default `performance.now()`. For tests. */
  now?: () => number;
}

export interface ProgressUpdate {
  /** Documents (messages) handled so far. */
  docs: number;
  /** Input bytes consumed so far. */
  bytes: number;
  /** Shown in brackets in this order, e.g. `{stored: 12000, dup: 300, rejected: 45}`. */
  counts?: Record<string, number>;
}

export interface Progress {
  tick(update: ProgressUpdate): void;
  /** Erases the line (on a terminal); later ticks are ignored. */
  finish(): void;
}

const BAR_WIDTH = 20;
const MIN_BAR_WIDTH = 8;
const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function createProgress(options: ProgressOptions): Progress {
  const stream: ProgressStream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const tty = stream.isTTY === true;
  const interval = tty ? (options.redrawMs ?? 100) : (options.logEveryMs ?? 10_000);
  const started = now();
  // Off a terminal the first line waits a whole interval; on one, the first tick draws.
  let lastWrite = tty ? Number.NEGATIVE_INFINITY : started;
  let drawn = false;
  let finished = false;

  if (options.quiet === true) return { tick: () => undefined, finish: () => undefined };

  return {
    tick(update: ProgressUpdate): void {
      if (finished) return;
      const t = now();
      if (t - lastWrite < interval) return;
      lastWrite = t;
      const stats = { ...update, elapsedMs: t - started, totalBytes: options.totalBytes };
      if (tty) {
        const columns = stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80;
        stream.write(`\r${formatLine(options.label, stats, columns - 1)}\x1b[K`);
        drawn = true;
      } else {
        stream.write(`${formatLine(options.label, stats, Number.POSITIVE_INFINITY, false)}\n`);
      }
    },
    finish(): void {
      if (finished) return;
      finished = true;
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

export interface ProgressSnapshot extends ProgressUpdate {
  elapsedMs: number;
  totalBytes: number;
}

/** The progress line, at most `width` characters; `bar: false` for plain logs. */
export function formatLine(label: string, s: ProgressSnapshot, width: number, bar = true): string {
  const known = s.totalBytes > 0;
  const fraction = known ? Math.min(1, Math.max(0, s.bytes / s.totalBytes)) : 0;
  const percent = known ? `${Math.floor(fraction * 100)}%` : '--%';
  const seconds = s.elapsedMs / 1000;
  const rate = seconds >= 0.5 ? `${formatCount(s.docs / seconds)} docs/s` : '-- docs/s';
  const eta = `ETA ${formatEta(s)}`;
  const counts = Object.entries(s.counts ?? {})
    .map(([k, v]) => `${k} ${formatCount(v)}`)
    .join(' ');
  const tail = `${percent} ${formatCount(s.docs)} docs ${rate} ${eta}${counts === '' ? '' : ` (${counts})`}`;
  if (!bar) return `${label}: ${tail}`;

  // Shrink the bar before cutting text; drop it when even the shortest does not fit.
  const room = width - (label.length + 1 + 2 + 1 + tail.length);
  const barWidth = Math.min(BAR_WIDTH, room);
  const line = barWidth >= MIN_BAR_WIDTH ? `${label} ${drawBar(fraction, barWidth)} ${tail}` : `${label} ${tail}`;
  return line.length > width ? line.slice(0, Math.max(0, width)) : line;
}

function drawBar(fraction: number, width: number): string {
  const filled = Math.round(fraction * width);
  return `▕${'█'.repeat(filled)}${'░'.repeat(width - filled)}▏`;
}

function formatCount(n: number): string {
  return numberFormat.format(Math.round(n));
}

function formatEta(s: ProgressSnapshot): string {
  if (s.totalBytes <= 0 || s.bytes <= 0 || s.elapsedMs < 500) return '--:--';
  const remaining = Math.max(0, s.totalBytes - s.bytes);
  return formatDuration(((s.elapsedMs / s.bytes) * remaining) / 1000);
}

/** `0:42`, `12:05`, `1:02:03`. */
export function formatDuration(totalSeconds: number): string {
  const t = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
