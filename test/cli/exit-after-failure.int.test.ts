/**
 * A command that fails once its connections are open still exits, with code 1, within the
 * CLI's grace period (2 s) of printing its reason: nothing it left open (here a listening ops
 * endpoint, a pool and a Kafka client) keeps the process alive.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestTopics, ingestEnv, testKafka, type TestTopics } from '../support/kafka.js';
import { startLac, type LacProcess } from '../support/lac-process.js';

/** The CLI's grace (2 s) plus room for a loaded machine; without the forced exit the process stays up for good. */
const EXIT_WITHIN_MS = 6_000;

let db: TestDatabase;
let topics: TestTopics;

beforeAll(async () => {
  db = await createTestDatabase();
  topics = await createTestTopics(testKafka(), ['sed', 'declarations', 'certificates', 'dlq'], 1);
});
afterAll(async () => {
  await topics.remove();
  await db.drop();
});

/** Waits for the one-line reason on stderr, then for the exit; the time between the two. */
async function failureThenExit(p: LacProcess, reason: RegExp): Promise<{ code: number | null; afterReasonMs: number }> {
  const deadline = Date.now() + 90_000;
  let seenAt: number | null = null;
  while (seenAt === null) {
    if (reason.test(p.output())) seenAt = Date.now();
    else if (Date.now() > deadline) throw new Error(`no failure reported:\n${p.output()}`);
    else await new Promise((r) => setTimeout(r, 50));
  }
  const killer = setTimeout(() => p.child.kill('SIGKILL'), 30_000);
  const exit = await p.exited;
  clearTimeout(killer);
  return { code: exit.code, afterReasonMs: Date.now() - seenAt };
}

test('lac ingest failing after its ops endpoint and heartbeat started (bad --reset-offsets): exit 1 within the grace', { timeout: 150_000 }, async () => {
  const p = startLac(['ingest', '--reset-offsets', 'not-a-time', '--metrics-port', '0'], { ...db.env, ...ingestEnv(topics, 'exit-test') });
  const r = await failureThenExit(p, /^lac: --reset-offsets: "not-a-time" is neither/m);
  expect(p.output()).toContain('ops endpoint listening');
  expect(r.code).toBe(1);
  expect(r.afterReasonMs).toBeLessThan(EXIT_WITHIN_MS);
});
