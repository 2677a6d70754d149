/**
 * Resolves full-run chunks in worker threads, so that identity resolution uses the machine's cores
 * while the main thread reads and stages chunks in PostgreSQL. The work is the pure
 * `runSnapshotChunk`: the same results as inline, in whatever order chunks finish (the staging
 * tables have no order).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChunkResult } from './snapshot-chunk.js';

export interface ComponentJob {
  id: number;
  json: string;
}

interface Slot {
  worker: Worker;
  inFlight: number;
}

export class ComponentPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, { resolve: (r: ChunkResult) => void; reject: (e: Error) => void; slot: Slot }>();
  private nextId = 0;
  private closed = false;

  constructor(workers: number) {
    for (let i = 0; i < workers; i++) {
      const slot: Slot = { worker: startWorker(), inFlight: 0 };
      this.listen(slot);
      this.slots.push(slot);
    }
  }

  run(json: string): Promise<ChunkResult> {
    if (this.closed) return Promise.reject(new Error('component pool is closed'));
    const slot = this.slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    const id = this.nextId++;
    slot.inFlight += 1;
    return new Promise<ChunkResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, slot });
      slot.worker.postMessage({ id, json } satisfies ComponentJob);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private listen(slot: Slot): void {
    slot.worker.unref();
    slot.worker.on('message', (msg: { id: number; result?: ChunkResult; error?: string }) => {
      const p = this.pending.get(msg.id);
      if (p === undefined) return;
      this.pending.delete(msg.id);
      p.slot.inFlight -= 1;
      if (msg.result !== undefined) p.resolve(msg.result);
      else p.reject(new Error(`component worker failed: ${msg.error ?? 'unknown error'}`));
    });
    // A dead worker fails the run: nothing is merged, the next run starts over.
    slot.worker.on('error', (err) => this.failAll(err));
    slot.worker.on('exit', (code) => {
      if (!this.closed) this.failAll(new Error(`component worker exited with code ${code}`));
    });
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

/**
 * From the compiled build the worker is plain JS. From the TypeScript sources (tsx, vitest) the
 * worker registers tsx's loader before importing its TypeScript module.
 */
function startWorker(): Worker {
  const compiled = new URL('./component-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return new Worker(compiled);
  const source = new URL('./component-worker.ts', import.meta.url).href;
  // The ESM entry of tsx's API (require.resolve would give its CommonJS twin).
  const tsxRoot = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(path.join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(code, { eval: true });
}
