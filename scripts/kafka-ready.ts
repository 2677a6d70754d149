/**
 * Waits until a Kafka broker answers an admin client.
 *
 *   npx tsx scripts/kafka-ready.ts 127.0.0.1:9092 [timeoutSec]
 *
 * Connects a kafkajs admin client and lists topics, retrying until it works
 * or the timeout (default 60 s) passes. Exit code 0 when the broker is ready,
 * 1 when it is not (last error on stderr), 2 on bad arguments.
 * Several brokers may be given comma-separated.
 */
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;

function usage(message: string): never {
  process.stderr.write(`kafka-ready: ${message}\nusage: tsx scripts/kafka-ready.ts HOST:PORT[,HOST:PORT...] [timeoutSec]\n`);
  process.exit(2);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

async function tryOnce(brokers: string[], attemptTimeoutMs: number): Promise<string[]> {
  const kafka = new Kafka({
    clientId: 'lac-kafka-ready',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.min(attemptTimeoutMs, 3_000),
    requestTimeout: attemptTimeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    return await admin.listTopics();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const [brokerArg, timeoutArg] = process.argv.slice(2);
  if (!brokerArg) usage('missing broker address');
  const brokers = brokerArg
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  if (brokers.length === 0 || brokers.some((b) => !/^[^:\s]+:\d+$/.test(b))) {
    usage(`bad broker address '${brokerArg}' (expected HOST:PORT)`);
  }
  const timeoutSec = timeoutArg === undefined ? 60 : Number(timeoutArg);
  if (!Number.isFinite(timeoutSec) || timeoutSec <= 0) usage(`bad timeout '${timeoutArg}' (seconds, > 0)`);

  const deadline = Date.now() + timeoutSec * 1000;
  let lastError = 'no attempt made';
  let attempts = 0;
  while (Date.now() < deadline) {
    attempts += 1;
    const left = deadline - Date.now();
    try {
      const topics = await tryOnce(brokers, Math.max(1_000, Math.min(10_000, left)));
      process.stdout.write(
        `kafka-ready: ${brokers.join(',')} is up (${topics.length} topic${topics.length === 1 ? '' : 's'}, attempt ${attempts})\n`,
      );
      return;
    } catch (err) {
      lastError = describe(err);
    }
    const pause = Math.min(1_000, deadline - Date.now());
    if (pause > 0) await sleep(pause);
  }
  process.stderr.write(
    `kafka-ready: ${brokers.join(',')} not ready after ${timeoutSec}s (${attempts} attempts); last error: ${lastError}\n`,
  );
  process.exit(1);
}

main().catch((err: unknown) => {
  process.stderr.write(`kafka-ready: ${describe(err)}\n`);
  process.exit(1);
});
