/**
 * The facts of every person, batch after batch, for a full run: one sorted query per source
 * (hash joins and one sort each, instead of index lookups per person), read through cursors and
 * consumed side by side in person-key order (`COLLATE "C"`), with the person flags stored so far.
 * The caller holds `client` in a transaction (one snapshot for all the streams).
 */
import type { PoolClient } from '../db/pool.js';
import type { PersonFacts } from '../../core/controls/types.js';
import { Cursor } from './cursor.js';
import {
  addCertificate, addMatch, addPosting, addRecord, addSed, CERT_COLUMNS, finishPersonFacts, MATCH_COLUMNS, newPersonFacts, POSTING_COLUMNS,
  RECORD_COLUMNS, REF_DECLARATION, REF_WORKER, SED_FILTER, sedColumns, type CertRow, type MatchRow, type PostingRow, type RecordRow, type SedRow,
} from './person-fact-rows.js';
import { STORED_FLAG_COLUMNS, type StoredFlag } from './sql-flags.js';

export interface PersonBatch {
  keys: string[];
  facts: PersonFacts[];
  /** Flags stored for these persons. */
  stored: StoredFlag[];
  /** Flags stored for person keys that no longer exist (up to this batch's last key; all the rest with the last batch). */
  gone: StoredFlag[];
}

const BY_KEY = 'ORDER BY r.person_key COLLATE "C"';

export class PersonFactStream {
  private finished = false;

  private constructor(
    private readonly asOf: string,
    private readonly batchSize: number,
    private readonly records: Cursor<RecordRow>,
    private readonly seds: Cursor<SedRow>,
    private readonly certs: Cursor<CertRow>,
    private readonly postings: Cursor<PostingRow>,
    private readonly matches: Cursor<MatchRow>,
    private readonly flags: Cursor<StoredFlag>,
  ) {}

  static async open(client: PoolClient, asOf: string, batchSize: number): Promise<PersonFactStream> {
    const records = await Cursor.open<RecordRow>(client, `SELECT ${RECORD_COLUMNS} FROM person_records r WHERE r.person_key IS NOT NULL ${BY_KEY}`);
    // The first employer of each SED, by one ordered pass over sed_employers (not one lookup per SED).
    const seds = await Cursor.open<SedRow>(
      client,
      `SELECT ${sedColumns("CASE WHEN e.sed_id IS NOT NULL THEN jsonb_build_object('name', e.name, 'country', e.country, 'ids', e.ids)::text END")}
         FROM person_records r
         JOIN seds s ON s.document_id = substr(r.ref, 5) AND ${SED_FILTER}
         LEFT JOIN (SELECT DISTINCT ON (e.sed_id) e.sed_id, e.name, e.country, e.ids FROM sed_employers e
                     WHERE e.role IN ('employer', 'self-employment') ORDER BY e.sed_id, e.idx) e ON e.sed_id = s.id
        WHERE r.person_key IS NOT NULL AND r.ref LIKE 'sed:%' ${BY_KEY}`,
    );
    const certs = await Cursor.open<CertRow>(
      client,
      `SELECT ${CERT_COLUMNS}
         FROM person_records r JOIN certificates c ON c.certificate_number = substr(r.ref, 6) AND c.start_date IS NOT NULL
        WHERE r.person_key IS NOT NULL AND r.ref LIKE 'cert:%' ${BY_KEY}`,
    );
    const postings = await Cursor.open<PostingRow>(
      client,
      `SELECT ${POSTING_COLUMNS}
         FROM person_records r
         JOIN declarations d ON d.declaration_id = ${REF_DECLARATION} AND d.is_current AND d.status <> 'cancelled'
         JOIN declaration_workers w ON w.declaration_row_id = d.id AND w.worker_idx = ${REF_WORKER}
        WHERE r.person_key IS NOT NULL AND r.source_kind = 'declaration-worker' ${BY_KEY}`,
    );
    const matches = await Cursor.open<MatchRow>(client, `SELECT ${MATCH_COLUMNS} FROM matches m WHERE m.person_key IS NOT NULL ORDER BY m.person_key COLLATE "C"`);
    const flags = await Cursor.open<StoredFlag>(client, `SELECT ${STORED_FLAG_COLUMNS} FROM flags WHERE scope = 'person' ORDER BY scope_key COLLATE "C"`);
    return new PersonFactStream(asOf, batchSize, records, seds, certs, postings, matches, flags);
  }

  /** The next batch of persons (in key order), or null after the last one. */
  async next(): Promise<PersonBatch | null> {
    if (this.finished) return null;
    const facts = new Map<string, PersonFacts>();
    let current: PersonFacts | undefined;
    const keys = await this.records.takeKeys(this.batchSize, (r) => r.person_key, (r) => {
      if (current?.personKey !== r.person_key) {
        current = newPersonFacts(r.person_key, this.asOf);
        facts.set(r.person_key, current);
      }
      addRecord(current, r);
    });
    const stored: StoredFlag[] = [];
    const gone: StoredFlag[] = [];
    const add = <R extends { person_key: string }>(fn: (f: PersonFacts, r: R) => void) => (r: R): void => {
      const f = facts.get(r.person_key);
      if (f) fn(f, r);
    };
    const flag = (f: StoredFlag): void => {
      (facts.has(f.scope_key) ? stored : gone).push(f);
    };
    const last = keys[keys.length - 1];
    // The last batch (fewer keys than asked): what is left in the other streams is its own or no one's.
    this.finished = last === undefined || keys.length < this.batchSize;
    const through = this.finished ? null : (last ?? null);
    const take = <R>(cursor: Cursor<R>, keyOf: (r: R) => string, sink: (r: R) => void): Promise<void> =>
      through === null ? cursor.takeRest(sink) : cursor.takeThrough(through, keyOf, sink);
    const personOf = (r: { person_key: string }): string => r.person_key;
    await take(this.seds, personOf, add(addSed));
    await take(this.certs, personOf, add(addCertificate));
    await take(this.postings, personOf, add(addPosting));
    await take(this.matches, personOf, add(addMatch));
    await take(this.flags, (f) => f.scope_key, flag);
    if (keys.length === 0 && gone.length === 0) return null;
    return { keys, facts: [...facts.values()].map(finishPersonFacts), stored, gone };
  }
}
