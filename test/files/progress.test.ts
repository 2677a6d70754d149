import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration, formatLine } from '../../lib/progress/progress.js';

class FakeStream {
  chunks: string[] = [];
  constructor(
    readonly isTTY: boolean,
    readonly columns = 100,
  ) {}
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

const counts = { stored: 12_000, dup: 300, rejected: 45 };

describe('createProgress on a terminal', () => {
  it('draws one line with bar, percentage, counts, rate and ETA, throttled to one redraw per 100 ms', () => {
    const stream = new FakeStream(true, 100);
    const c = clock();
    const progress = createProgress({ label: 'replay', totalBytes: 1000, stream, now: c.now });
    c.advance(4_000);
    progress.tick({ docs: 12_345, bytes: 450, counts });
    expect(stream.chunks).toHaveLength(1);
    const line = stream.chunks[0] ?? '';
    expect(line.startsWith('\r')).toBe(true);
    expect(line.endsWith('\x1b[K')).toBe(true);
    const shown = line.slice(1, -3);
    // 12,345 docs in 4 s; 450 of 1000 bytes in 4 s → 550 more take 4.9 s.
    // (The bar gives up a few cells to fit 100 columns.)
    expect(shown).toMatch(/^replay ▕█+░+▏ 45% 12,345 docs 3,086 docs\/s ETA 0:05 \(stored 12,000 dup 300 rejected 45\)$/);
    expect(shown.length).toBeLessThan(100);
    expect(formatLine('replay', { docs: 12_345, bytes: 450, counts, elapsedMs: 4_000, totalBytes: 1000 }, 200)).toBe(
      'replay ▕█████████░░░░░░░░░░░▏ 45% 12,345 docs 3,086 docs/s ETA 0:05 (stored 12,000 dup 300 rejected 45)',
    );

    c.advance(50);
    progress.tick({ docs: 12_400, bytes: 460, counts });
    c.advance(49);
    progress.tick({ docs: 12_500, bytes: 470, counts });
    expect(stream.chunks).toHaveLength(1); // throttled
    c.advance(1);
    progress.tick({ docs: 12_600, bytes: 900, counts });
    expect(stream.chunks).toHaveLength(2);
    expect(stream.chunks[1]).toContain(' 90% 12,600 docs ');
    expect(stream.chunks[1]).toMatch(/ETA \d+:\d\d/);

    progress.finish();
    expect(stream.chunks[2]).toBe('\r\x1b[K');
    c.advance(1_000);
    progress.tick({ docs: 13_000, bytes: 1000 });
    progress.finish();
    expect(stream.chunks).toHaveLength(3);
  });

  it('never writes a line wider than the terminal, shrinking then dropping the bar', () => {
    for (const columns of [120, 80, 60, 40, 20]) {
      const stream = new FakeStream(true, columns);
      const c = clock();
      const progress = createProgress({ label: 'replay', totalBytes: 10_000_000, stream, now: c.now });
      c.advance(60_000);
      progress.tick({ docs: 1_234_567, bytes: 5_000_000, counts: { ...counts, unsupported: 3 } });
      const shown = (stream.chunks[0] ?? '').slice(1, -3);
      expect(shown.length, String(columns)).toBeLessThanOrEqual(columns - 1);
      expect(shown.startsWith('replay '), String(columns)).toBe(true);
    }
  });

  it('writes nothing before the first tick, and finish() after no tick writes nothing', () => {
    const stream = new FakeStream(true);
    createProgress({ label: 'replay', totalBytes: 10, stream }).finish();
    expect(stream.chunks).toEqual([]);
  });
});

describe('createProgress off a terminal', () => {
  it('logs a plain line every interval, none for short runs, nothing on finish', () => {
    const stream = new FakeStream(false);
    const c = clock();
    const progress = createProgress({ label: 'replay', totalBytes: 1000, stream, now: c.now, logEveryMs: 10_000 });
    for (let i = 1; i <= 9; i++) {
      c.advance(1_000);
      progress.tick({ docs: i * 100, bytes: i * 10 });
    }
    expect(stream.chunks).toEqual([]);
    c.advance(1_000);
    progress.tick({ docs: 1000, bytes: 100, counts: { stored: 990, rejected: 10 } });
    expect(stream.chunks).toEqual(['replay: 10% 1,000 docs 100 docs/s ETA 1:30 (stored 990 rejected 10)\n']);
    c.advance(5_000);
    progress.tick({ docs: 1500, bytes: 150 });
    expect(stream.chunks).toHaveLength(1);
    progress.finish();
    expect(stream.chunks).toHaveLength(1);
  });

  it('quiet prints nothing at all, on or off a terminal', () => {
    for (const isTTY of [false, true]) {
      const stream = new FakeStream(isTTY);
      const c = clock();
      const progress = createProgress({ label: 'replay', totalBytes: 1000, stream, quiet: true, now: c.now });
      for (let i = 0; i < 50; i++) {
        c.advance(1_000);
        progress.tick({ docs: i, bytes: i });
      }
      progress.finish();
      expect(stream.chunks).toEqual([]);
    }
  });
});

describe('formatting', () => {
  it('formats durations', () => {
    expect([0, 42, 59.6, 725, 3723, 36_000].map(formatDuration)).toEqual(['0:00', '0:42', '1:00', '12:05', '1:02:03', '10:00:00']);
  });

  it('shows unknowns as dashes: no total, nothing read yet, too early for a rate', () => {
    expect(formatLine('replay', { docs: 0, bytes: 0, elapsedMs: 100, totalBytes: 0 }, 200, false)).toBe('replay: --% 0 docs -- docs/s ETA --:--');
    expect(formatLine('replay', { docs: 5, bytes: 2000, elapsedMs: 2000, totalBytes: 1000 }, 200, false)).toBe('replay: 100% 5 docs 3 docs/s ETA 0:00');
  });
});
