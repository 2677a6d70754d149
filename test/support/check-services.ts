/** One quick round trip to each server, so a missing one fails the run with a clear reason. */
import pg from 'pg';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import type { ServiceUrls } from './services.js';

export async function checkServices(urls: ServiceUrls): Promise<string[]> {
  const problems: string[] = [];
  const client = new pg.Client({ connectionString: urls.DATABASE_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    problems.push(`PostgreSQL at ${urls.DATABASE_URL}: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  const redis = new Redis(urls.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5_000, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    problems.push(`Redis at ${urls.REDIS_URL}: ${(err as Error).message}`);
  } finally {
    redis.disconnect();
  }
  const admin = new Kafka({ clientId: 'lac-test-check', brokers: urls.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING, retry: { retries: 2 } }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } catch (err) {
    problems.push(`Kafka at ${urls.KAFKA_BROKERS}: ${(err as Error).message}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  return problems;
}
