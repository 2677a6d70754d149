/**
 * Where the integration tests find real PostgreSQL, Redis and Kafka:
 * 1. DATABASE_URL, KAFKA_BROKERS and REDIS_URL when all three are set;
 * 2. otherwise `.lac/services.env`, written by `scripts/services.sh start`;
 * 3. otherwise containers started with testcontainers, when a container runtime answers;
 * 4. otherwise an error saying how to start them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../lib/paths.js';

export interface ServiceUrls {
  DATABASE_URL: string;
  KAFKA_BROKERS: string;
  REDIS_URL: string;
}

const NAMES = ['DATABASE_URL', 'KAFKA_BROKERS', 'REDIS_URL'] as const;

export function fromEnvironment(env: NodeJS.ProcessEnv): ServiceUrls | null {
  const values = NAMES.map((n) => env[n]);
  if (values.every((v) => v !== undefined && v !== '')) {
    return { DATABASE_URL: values[0] ?? '', KAFKA_BROKERS: values[1] ?? '', REDIS_URL: values[2] ?? '' };
  }
  return null;
}

export function fromServicesFile(file = path.join(PACKAGE_ROOT, '.lac', 'services.env')): ServiceUrls | null {
  if (!fs.existsSync(file)) return null;
  const env: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^(?:export\s+)?([A-Z_]+)=["']?([^"'\n]*)["']?\s*$/.exec(line.trim());
    if (m?.[1] !== undefined && m[2] !== undefined) env[m[1]] = m[2];
  }
  return fromEnvironment(env);
}

export const HOW_TO_START = [
  'Integration tests need real PostgreSQL, Redis and Kafka servers. Either:',
  '  - run `bash scripts/services.sh start` (local PostgreSQL and Redis, Kafka from Maven Central jars), or',
  '  - run `docker compose up -d` and export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test',
  '    KAFKA_BROKERS=127.0.0.1:9092 REDIS_URL=redis://127.0.0.1:6379, or',
  '  - set DATABASE_URL, KAFKA_BROKERS and REDIS_URL to servers of your own, or',
  '  - have a Docker/Podman runtime answering so the tests start containers themselves.',
].join('\n');
