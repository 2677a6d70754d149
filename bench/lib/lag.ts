/** Consumer-group lag over the run's topics: the ingest is done when it reaches 0. */
import type { Admin } from 'kafkajs';

/**
 * On a fresh broker the group coordinator (and its offsets topic) appears only after the first
 * consumer joins, so offset fetches fail for a moment with retriable errors: those read as
 * "lag unknown" (null), not as a failed run.
 */
export async function groupLag(admin: Admin, groupId: string, topics: string[]): Promise<number | null> {
  let committed: Awaited<ReturnType<Admin['fetchOffsets']>>;
  try {
    committed = await admin.fetchOffsets({ groupId, topics });
  } catch (err) {
    if (isRetriable(err)) return null;
    throw err;
  }
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

function isRetriable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { retriable?: unknown }).retriable === true;
}
