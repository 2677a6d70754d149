/** A progress line on stderr (documents, rate, ETA), at most one every 2 s: long runs show they are alive. */
export class Progress {
  private readonly started = performance.now();
  private last = 0;

  constructor(private readonly label: string, private readonly total: number | null) {}

  update(done: number): void {
    const now = performance.now();
    if (now - this.last < 2000) return;
    this.last = now;
    const secs = (now - this.started) / 1000;
    const rate = done / Math.max(secs, 0.001);
    const eta = this.total === null || rate === 0 ? '' : `, ETA ${Math.max(0, Math.round((this.total - done) / rate))} s`;
    const of = this.total === null ? '' : ` / ${this.total.toLocaleString('en')}`;
    process.stderr.write(`  ${this.label}: ${done.toLocaleString('en')}${of} (${Math.round(rate).toLocaleString('en')}/s${eta})\n`);
  }

  done(done: number): void {
    const secs = (performance.now() - this.started) / 1000;
    process.stderr.write(`  ${this.label}: ${done.toLocaleString('en')} in ${secs.toFixed(1)} s\n`);
  }
}

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}
