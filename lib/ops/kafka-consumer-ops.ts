/**
 * Reads a kafkajs consumer's instrumentation events into the service's health and metrics:
 * joining the group makes Kafka "up" (the consumer can work), a crash makes it "down" until
 * kafkajs has restarted it and it has joined again; each batch's end reports the partition's
 * lag (messages after the batch, as of its fetch) and its duration. Listeners only: no extra broker requests.
 */
import type { Consumer } from 'kafkajs';
import type { LacMetrics } from './metrics.js';
import type { ServiceHealth } from './service-health.js';

export function watchKafkaConsumer(consumer: Consumer, health: ServiceHealth, metrics: LacMetrics): void {
  const { GROUP_JOIN, CRASH, DISCONNECT, END_BATCH_PROCESS } = consumer.events;
  consumer.on(GROUP_JOIN, () => {
    // Partitions may have moved to another member: drop their lag rather than keep stale values.
    metrics.consumerLag.reset();
    health.markUp('kafka');
  });
  consumer.on(CRASH, (e) => health.markDown('kafka', e.payload.error));
  // Leaving the group on shutdown is not an outage worth a warning.
  consumer.on(DISCONNECT, () => {
    if (!health.isStopping()) health.markDown('kafka', { code: 'DISCONNECTED' });
  });
  consumer.on(END_BATCH_PROCESS, (e) => {
    // The whole batch: read, store (one transaction), commit the offset.
    metrics.batchSeconds.observe(e.payload.duration / 1000);
    const lag = Number(e.payload.offsetLag);
    if (Number.isFinite(lag)) metrics.consumerLag.set({ topic: e.payload.topic, partition: String(e.payload.partition) }, Math.max(0, lag));
  });
}
