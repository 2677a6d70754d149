/**
 * `lac replay`: streams a backlog (files, directories, ndjson, archives) either into the Kafka
 * input topics, or straight into the database through the same Ingestor as the ingest service.
 * Memory stays flat: one batch in flight. Safe to run twice (storage is idempotent).
 */
import type { Ingestor } from '../ingest/ingestor.js';
import type { MessageSink, OutboundMessage } from '../transport/types.js';
import { readBacklog, scanBacklog } from '../files/backlog-source.js';
import { routeOf, type TopicKind } from '../files/message-kind.js';
import { addSummary, emptySummary, type BatchSummary, type SourceMessage } from '../../core/ingest/types.js';
import type { Progress } from '../progress/progress.js';

export type ReplayTarget =
  | { kind: 'db'; ingestor: Ingestor }
  | { kind: 'kafka'; sink: MessageSink; topics: Record<Exclude<TopicKind, 'unknown'>, string> };

export interface ReplayResult {
  read: number;
  files: number;
  skipped: number;
  /** --to db: what storing did. */
  summary: BatchSummary;
  /** --to kafka: messages sent per topic. */
  sent: Record<string, number>;
  seconds: number;
}

export interface ReplayOptions {
  batchSize?: number;
  maxBytes: number;
  progress?: (total: number) => Progress;
}

export async function replay(paths: string[], target: ReplayTarget, options: ReplayOptions): Promise<ReplayResult> {
  const started = performance.now();
  const scan = await scanBacklog(paths);
  const progress = options.progress?.(scan.bytes);
  const reader = readBacklog(paths, { maxBytes: options.maxBytes });
  const result: ReplayResult = { read: 0, files: 0, skipped: 0, summary: emptySummary(), sent: {}, seconds: 0 };
  const batchSize = options.batchSize ?? 1000;
  let batch: SourceMessage[] = [];

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const messages = batch;
    batch = [];
    if (target.kind === 'db') {
      addSummary(result.summary, await target.ingestor.ingest(messages));
    } else {
      await sendToKafka(target, messages, result.sent);
    }
    progress?.tick({ docs: result.read, bytes: reader.bytesRead, counts: counts(result) });
  };

  try {
    for await (const item of reader) {
      batch.push(item.message);
      result.read += 1;
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } finally {
    progress?.finish();
  }
  result.files = reader.stats.files;
  result.skipped = reader.stats.skipped;
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

async function sendToKafka(target: Extract<ReplayTarget, { kind: 'kafka' }>, messages: SourceMessage[], sent: Record<string, number>): Promise<void> {
  const byTopic = new Map<string, OutboundMessage[]>();
  for (const m of messages) {
    const route = routeOf(m.body);
    // What cannot be told apart goes to the SED topic, where ingest dead-letters it: nothing is dropped.
    const topic = target.topics[route.kind === 'unknown' ? 'sed' : route.kind];
    const list = byTopic.get(topic) ?? [];
    list.push({ key: route.key, value: m.body, headers: m.headers });
    byTopic.set(topic, list);
  }
  for (const [topic, list] of byTopic) {
    await target.sink.send(topic, list);
    sent[topic] = (sent[topic] ?? 0) + list.length;
  }
}

function counts(r: ReplayResult): Record<string, number> {
  const rejected = Object.values(r.summary.rejected).reduce((a, b) => a + b, 0);
  const stored = r.summary.stored.sed + r.summary.stored.declaration + r.summary.stored.certificate;
  return Object.keys(r.sent).length > 0 ? { sent: Object.values(r.sent).reduce((a, b) => a + b, 0) } : { stored, dup: r.summary.duplicates, rejected };
}

/** The final summary lines printed by `lac replay` and `lac demo`. */
export function formatReplaySummary(r: ReplayResult): string {
  const lines = [`read ${r.read} document(s) from ${r.files} file(s) in ${r.seconds.toFixed(1)} s (${Math.round(r.read / Math.max(r.seconds, 0.001))}/s)${r.skipped > 0 ? `, ${r.skipped} skipped` : ''}`];
  if (Object.keys(r.sent).length > 0) {
    for (const [topic, n] of Object.entries(r.sent)) lines.push(`  sent ${n} to ${topic}`);
    return `${lines.join('\n')}\n`;
  }
  const s = r.summary;
  lines.push(`  stored: ${s.stored.sed} SED(s), ${s.stored.declaration} declaration(s), ${s.stored.certificate} certificate event(s)`);
  lines.push(`  duplicates: ${s.duplicates} message(s) already stored, ${s.versionDuplicates} document version(s) already held`);
  if (s.unsupported > 0) lines.push(`  unsupported SED types (stored with their envelope): ${s.unsupported}`);
  const rejected = Object.entries(s.rejected).sort(([a], [b]) => a.localeCompare(b));
  lines.push(`  rejected: ${rejected.length === 0 ? 'none' : rejected.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}
