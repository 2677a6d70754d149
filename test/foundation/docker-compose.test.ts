/**
 * docker-compose.yml (for machines with Docker) and scripts/kafka.sh (Kafka from the
 * Maven jars, without Docker) must give the same services with the same settings.
 * The broker settings they share live in scripts/kafka/broker.properties; compose
 * carries them as KAFKA_* variables (a.b.c -> KAFKA_A_B_C).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (rel: string): string => fs.readFileSync(path.join(ROOT, rel), 'utf8');

/** Java .properties, the subset we use: key=value lines, # and ! comments. */
function parseProperties(text: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`unparsable properties line: ${raw}`);
    props.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return props;
}

const toEnvName = (key: string): string => `KAFKA_${key.toUpperCase().replace(/\./g, '_')}`;

interface ComposeService {
  image?: string;
  command?: string | string[];
  ports?: (string | { target?: number; published?: string | number })[];
  environment?: Record<string, string | number | boolean | null> | string[];
  healthcheck?: { test?: string | string[] };
}

function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  const out: Record<string, string> = {};
  if (Array.isArray(env)) {
    for (const entry of env) {
      const eq = entry.indexOf('=');
      if (eq > 0) out[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
  } else {
    for (const [k, v] of Object.entries(env)) out[k] = v === null ? '' : String(v);
  }
  return out;
}

/** Published "host:container" pairs, as numbers. */
function portsOf(service: ComposeService): { host: number; container: number }[] {
  return (service.ports ?? []).map((p) => {
    if (typeof p === 'string') {
      const parts = p.split(':');
      const container = Number(parts[parts.length - 1]);
      const host = parts.length >= 2 ? Number(parts[parts.length - 2]) : container;
      return { host, container };
    }
    return { host: Number(p.published ?? p.target), container: Number(p.target) };
  });
}

const commandOf = (service: ComposeService): string[] =>
  typeof service.command === 'string' ? service.command.split(/\s+/) : (service.command ?? []);

const compose = parse(read('docker-compose.yml')) as { services?: Record<string, ComposeService> };
const services = compose.services ?? {};
const shared = parseProperties(read('scripts/kafka/broker.properties'));
const kafkaScript = read('scripts/kafka.sh');
const pom = read('scripts/kafka/pom.xml');

// Settings that depend on where the broker runs: kafka.sh writes its own, compose its own.
const LOCAL_KEYS = ['listeners', 'advertised.listeners', 'controller.quorum.voters', 'log.dirs'];
// apache/kafka image variables that are not broker properties.
const IMAGE_VARIABLES = new Set(['KAFKA_HEAP_OPTS', 'KAFKA_OPTS', 'KAFKA_LOG4J_OPTS', 'KAFKA_JVM_PERFORMANCE_OPTS']);

describe('docker-compose.yml', () => {
  test('has kafka, postgres and redis on the usual ports', () => {
    expect(Object.keys(services).sort()).toEqual(expect.arrayContaining(['kafka', 'postgres', 'redis']));
    const expected: Record<string, number> = { kafka: 9092, postgres: 5432, redis: 6379 };
    for (const [name, port] of Object.entries(expected)) {
      const svc = services[name];
      expect(svc, name).toBeDefined();
      expect(portsOf(svc ?? {}), name).toContainEqual({ host: port, container: port });
      expect(svc?.healthcheck?.test, `${name} healthcheck`).toBeTruthy();
    }
  });

  test('kafka: a 4.x apache/kafka image of the same version as the Maven jars', () => {
    const image = services.kafka?.image ?? '';
    const m = /^apache\/kafka:(\d+\.\d+\.\d+)$/.exec(image);
    expect(m, `image ${image}`).not.toBeNull();
    const pomVersion = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1];
    expect(m?.[1]).toBe(pomVersion);
    expect(m?.[1]?.startsWith('4.')).toBe(true);
  });

  test('kafka: every setting of scripts/kafka/broker.properties, with the same value', () => {
    const env = environmentOf(services.kafka ?? {});
    expect(shared.size).toBeGreaterThan(5);
    for (const [key, value] of shared) {
      expect(env[toEnvName(key)], `${toEnvName(key)} (${key})`).toBe(value);
    }
  });

  test('kafka: no broker setting that the local broker lacks', () => {
    const env = environmentOf(services.kafka ?? {});
    const known = new Set([...shared.keys(), ...LOCAL_KEYS].map(toEnvName));
    const extra = Object.keys(env).filter((k) => k.startsWith('KAFKA_') && !known.has(k) && !IMAGE_VARIABLES.has(k));
    expect(extra).toEqual([]);
    for (const key of LOCAL_KEYS) expect(env[toEnvName(key)], toEnvName(key)).toBeTruthy();
  });

  test('kafka: the settings the pipeline relies on', () => {
    expect(shared.get('process.roles')).toBe('broker,controller');
    expect(shared.get('offsets.topic.replication.factor')).toBe('1');
    expect(shared.get('transaction.state.log.replication.factor')).toBe('1');
    expect(shared.get('transaction.state.log.min.isr')).toBe('1');
    expect(shared.get('group.initial.rebalance.delay.ms')).toBe('0');
    expect(shared.get('num.partitions')).toBe('4');
    expect(shared.get('auto.create.topics.enable')).toBe('true');
    const env = environmentOf(services.kafka ?? {});
    expect(env.KAFKA_ADVERTISED_LISTENERS).toMatch(/^PLAINTEXT:\/\/(127\.0\.0\.1|localhost):9092$/);
    expect(env.KAFKA_LISTENERS).toMatch(/PLAINTEXT:\/\/[^,]*:9092/);
  });

  test('kafka.sh adds exactly the local settings to broker.properties, and nothing shared', () => {
    expect(kafkaScript).toContain('scripts/kafka/broker.properties');
    const written = [...kafkaScript.matchAll(/printf '([a-z][a-z.]*)=/g)].map((m) => m[1]);
    expect(written.sort()).toEqual([...LOCAL_KEYS].sort());
    expect(kafkaScript).toMatch(/advertised\.listeners=PLAINTEXT:\/\/%s:%s/);
    expect(kafkaScript).toMatch(/LAC_KAFKA_PORT:-9092/);
  });

  test('postgres: trust auth, user postgres, database test', () => {
    const pg = services.postgres ?? {};
    expect(pg.image).toMatch(/^postgres:(15|16|17)(\b|$)/);
    const env = environmentOf(pg);
    expect(env.POSTGRES_HOST_AUTH_METHOD).toBe('trust');
    expect(env.POSTGRES_DB).toBe('test');
    expect(env.POSTGRES_USER ?? 'postgres').toBe('postgres');
  });

  test('redis: version 7 without persistence', () => {
    const redis = services.redis ?? {};
    expect(redis.image).toMatch(/^redis:7(\b|$)/);
    const cmd = commandOf(redis);
    const save = cmd.indexOf('--save');
    expect(save).toBeGreaterThanOrEqual(0);
    expect(['', '""', "''"]).toContain(cmd[save + 1]);
    expect(cmd[cmd.indexOf('--appendonly') + 1]).toBe('no');
  });

  test('scripts/services.sh hands out the same addresses', () => {
    const script = read('scripts/services.sh');
    expect(script).toMatch(/PG_PORT="?5432"?\n/);
    expect(script).toMatch(/REDIS_PORT="?6379"?\n/);
    expect(script).toMatch(/PG_DB="?test"?\n/);
    expect(script).toContain('LAC_KAFKA_PORT:-9092');
  });
});
