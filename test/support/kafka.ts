/** Unique topics per test file, created up front with the partitions the test asks for. */
import { inject } from 'vitest';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { uniqueName } from './db.js';

export function testKafka(clientId = 'lac-test'): Kafka {
  return new Kafka({ clientId, brokers: inject('services').KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
}

export interface TestTopics {
  names: string[];
  admin: Admin;
  remove(): Promise<void>;
}

export async function createTestTopics(kafka: Kafka, prefixes: string[], partitions = 2): Promise<TestTopics> {
  const admin = kafka.admin();
  await admin.connect();
  const names = prefixes.map((p) => uniqueName(`t.${p}`).replace(/_/g, '.'));
  await admin.createTopics({
    waitForLeaders: true,
    topics: names.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
  });
  return {
    names,
    admin,
    async remove() {
      await admin.deleteTopics({ topics: names }).catch(() => undefined);
      await admin.disconnect();
    },
  };
}

/**
 * The ingest service's Kafka settings for a test: the shared broker, these topics (created in
 * the order sed, declarations, certificates, dlq) and a fresh consumer group.
 */
export function ingestEnv(topics: TestTopics, group: string): Record<string, string> {
  const [sed, declarations, certificates, dlq] = topics.names as [string, string, string, string];
  return {
    KAFKA_BROKERS: inject('services').KAFKA_BROKERS,
    LAC_TOPIC_SED: sed,
    LAC_TOPIC_DECLARATIONS: declarations,
    LAC_TOPIC_CERTIFICATES: certificates,
    LAC_TOPIC_DLQ: dlq,
    LAC_INGEST_GROUP: uniqueName(group),
  };
}
