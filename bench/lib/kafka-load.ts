/** Creates the run's topics and streams the corpus into them (batched sends, bounded memory). */
import type { Kafka, Message } from 'kafkajs';
import { generateCorpus, type CorpusOptions, type SynthTopic } from '../../core/synth/index.js';
import { Progress } from './progress.js';

export type BenchTopics = Record<SynthTopic, string>;

export function benchTopics(prefix: string): BenchTopics {
  return { sed: `${prefix}.sed`, declaration: `${prefix}.declarations`, certificate: `${prefix}.certificates` };
}

export async function createTopics(kafka: Kafka, topics: string[], partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })) });
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const gone = topics.filter((t) => existing.has(t));
    if (gone.length > 0) await admin.deleteTopics({ topics: gone, timeout: 30_000 });
  } finally {
    await admin.disconnect();
  }
}

export interface LoadResult {
  messages: number;
  bytes: number;
  seconds: number;
  byTopic: Record<SynthTopic, number>;
}

/** Sends the corpus: up to `inFlight` batches of `batchSize` messages outstanding at once. */
export async function loadCorpus(kafka: Kafka, topics: BenchTopics, options: CorpusOptions, total: number, extraHeaders?: (seq: number) => Record<string, string>): Promise<LoadResult> {
  const producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: false });
  await producer.connect();
  const started = performance.now();
  const result: LoadResult = { messages: 0, bytes: 0, seconds: 0, byTopic: { sed: 0, declaration: 0, certificate: 0 } };
  const progress = new Progress('load into Kafka', total);
  const batchSize = 2000;
  const inFlight: Array<Promise<unknown>> = [];
  let pending: Record<SynthTopic, Message[]> = { sed: [], declaration: [], certificate: [] };
  let pendingCount = 0;
  const flush = async (): Promise<void> => {
    const batch = pending;
    pending = { sed: [], declaration: [], certificate: [] };
    pendingCount = 0;
    const topicMessages = (Object.keys(batch) as SynthTopic[]).filter((t) => batch[t].length > 0).map((t) => ({ topic: topics[t], messages: batch[t] }));
    inFlight.push(producer.sendBatch({ topicMessages, acks: 1 }));
    if (inFlight.length >= 4) await inFlight.shift();
  };
  try {
    for (const m of generateCorpus(options)) {
      const value = Buffer.from(m.value, 'utf8');
      pending[m.topic].push({ key: m.key, value, headers: { ...m.headers, ...(extraHeaders?.(result.messages) ?? {}) } });
      result.messages += 1;
      result.bytes += value.length;
      result.byTopic[m.topic] += 1;
      pendingCount += 1;
      if (pendingCount >= batchSize) {
        await flush();
        progress.update(result.messages);
      }
    }
    if (pendingCount > 0) await flush();
    await Promise.all(inFlight);
  } finally {
    await producer.disconnect();
  }
  progress.done(result.messages);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
