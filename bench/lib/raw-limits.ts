/**
 * The machine's own limits for the same work, measured in the same run as our pipeline:
 *  - COPY: the rows our ingest produced (every ingest table), exported to files first, then
 *    COPY FROM (binary) into empty copies of the tables with the same indexes: the fastest
 *    PostgreSQL can take those rows. Only the COPY FROM part is timed.
 *  - parse: plain JSON.parse (JSON documents) and fast-xml-parser with default options (XML
 *    documents) of the same corpus bytes, beside our full prepareMessage (decode, detect, safe
 *    parse, read, validate), one thread.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { XMLParser } from 'fast-xml-parser';
import { generateCorpus, type CorpusOptions } from '../../core/synth/index.js';
import { prepareMessage } from '../../core/ingest/prepare.js';
import { quoteIdent } from '../../lib/db/migrate.js';
import { Progress } from './progress.js';

/** Every table one ingest batch writes. */
export const INGEST_TABLES = [
  'raw_messages', 'seds', 'sed_pins', 'sed_employers', 'sed_invalidations', 'sed_cases',
  'declarations', 'declaration_workers', 'certificate_events', 'certificates', 'dead_letters',
] as const;

export interface CopyLimit {
  rows: number;
  bytes: number;
  seconds: number;
  /** Input documents per second equivalent: the documents whose rows were copied / COPY time. */
  docsPerSecond: number;
}

export async function measureCopyLimit(url: string, schema: string, documents: number): Promise<CopyLimit> {
  const target = `${schema}_copy`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lac-bench-copy-'));
  const a = new pg.Client({ connectionString: url, application_name: 'lac-bench-copy' });
  await a.connect();
  const result: CopyLimit = { rows: 0, bytes: 0, seconds: 0, docsPerSecond: 0 };
  try {
    await a.query(`CREATE SCHEMA ${quoteIdent(target)}`);
    for (const t of INGEST_TABLES) {
      await a.query(`CREATE TABLE ${quoteIdent(target)}.${t} (LIKE ${quoteIdent(schema)}.${t} INCLUDING ALL)`);
      const file = path.join(dir, `${t}.bin`);
      await pipeline(a.query(copyTo(`COPY ${quoteIdent(schema)}.${t} TO STDOUT (FORMAT binary)`)), fs.createWriteStream(file));
      result.bytes += fs.statSync(file).size;
    }
    const started = performance.now();
    for (const t of INGEST_TABLES) {
      const stream = a.query(copyFrom(`COPY ${quoteIdent(target)}.${t} FROM STDIN (FORMAT binary)`));
      await pipeline(fs.createReadStream(path.join(dir, `${t}.bin`), { highWaterMark: 1 << 20 }), stream);
      result.rows += stream.rowCount;
    }
    result.seconds = (performance.now() - started) / 1000;
    result.docsPerSecond = documents / Math.max(result.seconds, 0.001);
  } finally {
    await a.query(`DROP SCHEMA IF EXISTS ${quoteIdent(target)} CASCADE`).catch(() => undefined);
    await a.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

export interface ParseLimit {
  documents: number;
  json: { documents: number; perSecond: number };
  xml: { documents: number; perSecond: number };
  /** All sampled documents, each with the plain parser of its kind. */
  plainPerSecond: number;
  /** Our prepareMessage on the same documents, one thread. */
  preparePerSecond: number;
  prepareJsonPerSecond: number;
  prepareXmlPerSecond: number;
}

/** Streams the corpus again (same seed, so the same bytes) and times each parser per document. */
export function measureParseLimit(options: CorpusOptions, sample: number): ParseLimit {
  const xml = new XMLParser();
  const limits = { maxBytes: 5 * 1024 * 1024, maxDepth: 64 };
  const t = { json: 0, xml: 0, prepJson: 0, prepXml: 0 };
  const n = { json: 0, xml: 0 };
  const progress = new Progress('parse limits', sample);
  let i = 0;
  for (const m of generateCorpus(options)) {
    if (i >= sample) break;
    i += 1;
    const body = Buffer.from(m.value, 'utf8');
    const isXml = body[0] === 0x3c;
    let t0 = performance.now();
    if (isXml) xml.parse(body);
    else JSON.parse(body.toString('utf8'));
    const plain = performance.now() - t0;
    t0 = performance.now();
    prepareMessage({ source: 'kafka', topic: m.topic, partition: 0, offset: String(i), key: m.key, headers: m.headers, body }, limits);
    const ours = performance.now() - t0;
    if (isXml) {
      t.xml += plain;
      t.prepXml += ours;
      n.xml += 1;
    } else {
      t.json += plain;
      t.prepJson += ours;
      n.json += 1;
    }
    if (i % 5000 === 0) progress.update(i);
  }
  progress.done(i);
  const rate = (count: number, ms: number): number => count / Math.max(ms / 1000, 1e-6);
  return {
    documents: i,
    json: { documents: n.json, perSecond: rate(n.json, t.json) },
    xml: { documents: n.xml, perSecond: rate(n.xml, t.xml) },
    plainPerSecond: rate(i, t.json + t.xml),
    preparePerSecond: rate(i, t.prepJson + t.prepXml),
    prepareJsonPerSecond: rate(n.json, t.prepJson),
    prepareXmlPerSecond: rate(n.xml, t.prepXml),
  };
}
