/** Consumer-group lag over the run's topics: the ingest is done when it reaches 0. */
import type { Admin } from 'kafkajs';

export async function groupLag(admin: Admin, groupId: string, topics: string[]): Promise<number> {
  const committed = await admin.fetchOffsets({ groupId, topics });
  let lag = 0;
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
    for (const p of ends) {
      const c = mine.find((x) => x.partition === p.partition);
      const at = c === undefined || c.offset === '-1' ? BigInt(p.low) : BigInt(c.offset);
      lag += Number(BigInt(p.high) - at);
    }
  }
  return lag;
}
