/** Shared set-up of the API tests: real scored data from the synthetic corpus, keys, a server on an ephemeral port. */
import type { AddressInfo } from 'node:net';
import { COMPANY_CONTROLS, PERSON_CONTROLS } from '../../core/controls/catalog/index.js';
import { Ingestor } from '../../lib/ingest/ingestor.js';
import { runMatch } from '../../lib/match/run-match.js';
import { runCompanyControls, runPersonControls } from '../../lib/controls/run-controls.js';
import { runScoring } from '../../lib/risk/run-scoring.js';
import { createLogger, type Logger } from '../../lib/log/logger.js';
import type { Pool } from '../../lib/db/pool.js';
import { generateApiKey, parseApiKeys } from '../../lib/api/keys.js';
import { createApiServer, type ApiServer } from '../../lib/api/server.js';
import { asSourceMessage, corpusMessages } from '../support/corpus.js';

export const silent = createLogger({ level: 'silent' });

/** Ingest, match, run every control and score: the tables the API reads, filled by the real pipeline. */
export async function seedScoredCorpus(pool: Pool, seed: number): Promise<void> {
  const corpus = corpusMessages({ seed, seds: 700, declarations: 300, certificates: 350 });
  await new Ingestor({ pool, limits: { maxBytes: 5e6, maxDepth: 64 }, logger: silent }).ingest(corpus.map((m) => asSourceMessage(m)));
  await runMatch(pool, { logger: silent });
  await runPersonControls(pool, PERSON_CONTROLS, { asOf: '2026-06-30', logger: silent });
  await runCompanyControls(pool, COMPANY_CONTROLS, { asOf: '2026-06-30', logger: silent });
  await runScoring(pool, { asOf: '2026-06-30', logger: silent });
}

export const inspector = generateApiKey('insp-1', 'inspector');
export const operator = generateApiKey('ops-1', 'operator');
export const KEYS = parseApiKeys(`${inspector.entry},${operator.entry}`);

export interface RunningApi {
  api: ApiServer;
  base: string;
  get(path: string, token?: string | null, init?: RequestInit): Promise<{ status: number; body: unknown; headers: Headers }>;
}

export async function startApi(pool: Pool, logger: Logger = silent): Promise<RunningApi> {
  const api = createApiServer({ pool, keys: KEYS, logger });
  await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  return {
    api,
    base,
    async get(path, token = inspector.token, init = {}) {
      const headers = new Headers(init.headers);
      if (token !== null) headers.set('authorization', `Bearer ${token}`);
      const res = await fetch(`${base}${path}`, { ...init, headers });
      const text = await res.text();
      return { status: res.status, body: text === '' ? null : (JSON.parse(text) as unknown), headers: res.headers };
    },
  };
}
