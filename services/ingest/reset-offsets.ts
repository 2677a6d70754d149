/** `lac ingest --reset-offsets earliest|<ISO timestamp>`: move the group before it joins. */
import type { Kafka } from 'kafkajs';
import type { Logger } from '../../lib/log/logger.js';

export async function resetOffsets(kafka: Kafka, groupId: string, topics: string[], from: string, logger: Logger): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    for (const topic of topics.filter((t) => existing.has(t))) {
      if (from === 'earliest') {
        await admin.resetOffsets({ groupId, topic, earliest: true });
      } else {
        const ts = Date.parse(from);
        if (Number.isNaN(ts)) throw new Error(`--reset-offsets: "${from}" is neither "earliest" nor an ISO timestamp`);
        const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, ts);
        await admin.setOffsets({ groupId, topic, partitions: offsets.map((o) => ({ partition: o.partition, offset: o.offset })) });
      }
      logger.info({ groupId, topic, from }, 'consumer group offsets reset');
    }
  } finally {
    await admin.disconnect();
  }
}
