/**
 * Parses messages in worker threads (node:worker_threads) so that parsing uses the machine's
 * cores while the main thread waits on PostgreSQL and Kafka. The work is the pure
 * `prepareMessage`, so results are the same as inline; order is preserved (each batch is cut
 * into contiguous chunks and reassembled by position). With 0 workers it runs inline.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { prepareMessage, type PrepareLimits } from '../../core/ingest/prepare.js';
import type { PreparedMessage, SourceMessage } from '../../core/ingest/types.js';

/** What a worker receives: the bodies packed into one transferred buffer (no copy of Kafka's fetch buffers). */
export interface PrepareJob {
  id: number;
  messages: Array<Omit<SourceMessage, 'body'> & { start: number; end: number }>;
  bodies: ArrayBuffer;
}

interface Pending {
  resolve: (prepared: Array<Omit<PreparedMessage, 'message'>>) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Jobs sent and not answered yet: a worker's load. */
  inFlight: number;
}

/** Below this many messages a chunk is not worth a round trip to a worker. */
const MIN_CHUNK = 64;

export class PreparePool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private closed = false;

  constructor(private readonly limits: PrepareLimits, workers: number) {
    for (let i = 0; i < workers; i++) {
      const slot: Slot = { worker: null as unknown as Worker, inFlight: 0 };
      this.attach(slot);
      this.slots.push(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  async prepare(messages: SourceMessage[]): Promise<PreparedMessage[]> {
    if (this.slots.length === 0 || messages.length < MIN_CHUNK) return messages.map((m) => prepareMessage(m, this.limits));
    if (this.closed) throw new Error('prepare pool is closed');
    const chunks = Math.max(1, Math.min(this.slots.length, Math.floor(messages.length / MIN_CHUNK)));
    const size = Math.ceil(messages.length / chunks);
    const parts: Array<Promise<Array<Omit<PreparedMessage, 'message'>>>> = [];
    for (let i = 0; i < messages.length; i += size) parts.push(this.run(messages.slice(i, i + size)));
    const results = await Promise.all(parts);
    // Reattach the original messages (workers send back only hash, kind and outcome).
    return results.flat().map((p, i) => ({
      hash: Buffer.from(p.hash.buffer, p.hash.byteOffset, p.hash.byteLength),
      kind: p.kind,
      outcome: p.outcome,
      message: messages[i] as SourceMessage,
    }));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private run(messages: SourceMessage[]): Promise<Array<Omit<PreparedMessage, 'message'>>> {
    const slot = this.slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    const id = this.nextId++;
    slot.inFlight += 1;
    // A Kafka value is a view into a whole fetch response: structured clone would copy all of it
    // for every message. Pack just the bodies into one buffer and transfer it instead.
    const size = messages.reduce((n, m) => n + m.body.length, 0);
    const bodies = new ArrayBuffer(size);
    const view = new Uint8Array(bodies);
    let at = 0;
    const meta = messages.map(({ body, ...rest }) => {
      view.set(body, at);
      const entry = { ...rest, start: at, end: at + body.length };
      at += body.length;
      return entry;
    });
    const job: PrepareJob = { id, messages: meta, bodies };
    return new Promise<Array<Omit<PreparedMessage, 'message'>>>((resolve, reject) => {
      this.pending.set(id, {
        resolve: (p) => { slot.inFlight -= 1; resolve(p); },
        reject: (e) => { slot.inFlight -= 1; reject(e); },
      });
      slot.worker.postMessage(job, [bodies]);
    });
  }

  private attach(slot: Slot): void {
    const worker = startWorker({ limits: this.limits });
    slot.worker = worker;
    slot.inFlight = 0;
    worker.unref();
    worker.on('message', (msg: { id: number; prepared: Array<Omit<PreparedMessage, 'message'>> }) => {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      p?.resolve(msg.prepared);
    });
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => {
      if (this.closed) return;
      this.failAll(new Error(`prepare worker exited with code ${code}`));
      this.attach(slot);
    });
  }

  /** A dead worker fails every batch in flight: the caller does not commit, Kafka re-delivers. */
  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

/**
 * From the compiled build the worker is plain JS. From the TypeScript sources (tsx, vitest) the
 * worker registers tsx's loader before importing its TypeScript module.
 */
function startWorker(workerData: unknown): Worker {
  const compiled = new URL('./prepare-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return new Worker(compiled, { workerData });
  const source = new URL('./prepare-worker.ts', import.meta.url).href;
  // The ESM entry of tsx's API (require.resolve would give its CommonJS twin).
  const tsxRoot = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(path.join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(code, { eval: true, workerData });
}
