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
