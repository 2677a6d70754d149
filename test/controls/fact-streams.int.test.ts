/**
 * Full runs read facts as sorted streams (stream-person-facts.ts, stream-company-facts.ts);
 * incremental runs read a batch through indexes (load-person-facts.ts, load-company-facts.ts).
 * Both must build exactly the same facts for every person and company, or a full run and an
 * incremental one would disagree.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { createLogger } from '../../lib/log/logger.js';
import { loadPersonFacts } from '../../lib/controls/load-person-facts.js';
import { PersonFactStream } from '../../lib/controls/stream-person-facts.js';
import { loadCompanyDirectory } from '../../lib/controls/company-directory.js';
import { loadCompanyFacts } from '../../lib/controls/load-company-facts.js';
import { CompanyFactStream } from '../../lib/controls/stream-company-facts.js';
import { companyChunks } from '../../lib/controls/company-directory.js';
import type { CompanyFacts, PersonFacts } from '../../core/controls/types.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const logger = createLogger({ level: 'silent' });
const asOf = '2026-11-23';
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const corpus = corpusMessages({ seed: 73, seds: 900, declarations: 300, certificates: 400 });
  await new Ingestor({ pool: db.pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger }).ingest(corpus.map((m) => asSourceMessage(m)));
  await runMatch(db.pool, { logger });
}, 120_000);
afterAll(async () => {
  await db.drop();
});

test('the person stream and the batch loader build the same facts for every person', { timeout: 120_000 }, async () => {
  const client = await db.pool.connect();
  const streamed = new Map<string, PersonFacts>();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    // Small batches, so the streams are consumed across many batch boundaries.
    const stream = await PersonFactStream.open(client, asOf, 37);
    for (let b = await stream.next(); b !== null; b = await stream.next()) {
      for (const f of b.facts) streamed.set(f.personKey, f);
      expect(b.gone).toEqual([]);
    }
    await client.query('COMMIT');
    const keys = [...streamed.keys()];
    expect(keys.length).toBeGreaterThan(200);
    expect(new Set((await client.query<{ k: string }>('SELECT DISTINCT person_key AS k FROM person_records WHERE person_key IS NOT NULL')).rows.map((r) => r.k))).toEqual(new Set(keys));
    const loaded = await loadPersonFacts(client, keys, asOf);
    expect(loaded.some((f) => f.attestations.length > 0 && f.certificates.length > 0 && f.postings.length > 0 && f.matches.length > 0)).toBe(true);
    for (const f of loaded) expect(streamed.get(f.personKey), f.personKey).toEqual(f);
  } finally {
    client.release();
  }
});

test('the company stream and the chunk loader build the same facts for every company', { timeout: 120_000 }, async () => {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const dir = await loadCompanyDirectory(client);
    expect(dir.keys.length).toBeGreaterThan(20);
    const stream = await CompanyFactStream.open(client, dir, asOf);
    const streamed: CompanyFacts[] = [];
    // Small chunks, so the streams are consumed across many chunk boundaries.
    for (const chunk of companyChunks(dir, dir.keys, 50)) streamed.push(...(await stream.facts(chunk)));
    await client.query('COMMIT');
    const loaded = await loadCompanyFacts(client, dir, dir.keys, asOf);
    expect(streamed.length).toBe(dir.keys.length);
    expect(loaded.some((f) => f.postings.length > 0 && f.attestations.length > 0 && f.personsKnown > f.personsPosted)).toBe(true);
    expect(loaded.some((f) => f.sharedAddressCompanies.length > 0)).toBe(true);
    expect(streamed).toEqual(loaded);
  } finally {
    client.release();
  }
});
