/** Consumer lag of a group: log end offset minus committed offset, per topic. */
import type { Kafka } from 'kafkajs';

export interface TopicLag {
  topic: string;
  lag: number;
  endOffset: number;
}

export async function consumerLag(kafka: Kafka, groupId: string, topics: string[]): Promise<TopicLag[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((t) => existing.has(t));
    const committed = present.length > 0 ? await admin.fetchOffsets({ groupId, topics: present }) : [];
    const result: TopicLag[] = [];
    for (const topic of present) {
      const ends = await admin.fetchTopicOffsets(topic);
      const group = committed.find((c) => c.topic === topic);
      let lag = 0;
      let endOffset = 0;
      for (const e of ends) {
        const high = Number(e.high);
        const low = Number(e.low);
        const done = Number(group?.partitions.find((p) => p.partition === e.partition)?.offset ?? '-1');
        endOffset += high;
        lag += high - (done < 0 ? low : done);
      }
      result.push({ topic, lag, endOffset });
    }
    return result;
  } finally {
    await admin.disconnect();
  }
}
