/** SQL for posting declarations: every version kept, the highest version current. */
import type { PoolClient } from '../db/pool.js';
import type { PostingDeclaration } from '../../core/model/declaration.js';

export interface DeclarationToStore {
  rawMessageId: number;
  declaration: PostingDeclaration;
}

/** Inserts declaration versions not stored yet, with their workers; returns how many were new. */
export async function insertDeclarations(client: PoolClient, items: DeclarationToStore[]): Promise<number> {
  if (items.length === 0) return 0;
  const decl = items.map((i) => i.declaration);
  const res = await client.query<{ id: string; declaration_id: string; version: number }>(
    `INSERT INTO declarations (declaration_id, version, status, declared_at, host_country, undertaking_name,
                               undertaking_country, sector, start_date, end_date, record, raw_message_id)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::timestamptz[], $5::text[], $6::text[],
                          $7::text[], $8::text[], $9::date[], $10::date[], $11::jsonb[], $12::bigint[])
     ON CONFLICT (declaration_id, version) DO NOTHING
     RETURNING id, declaration_id, version`,
    [
      decl.map((d) => d.declarationId),
      decl.map((d) => d.version),
      decl.map((d) => d.status),
      decl.map((d) => d.declaredAt),
      decl.map((d) => d.hostCountry),
      decl.map((d) => d.postingUndertaking.name),
      decl.map((d) => d.postingUndertaking.country),
      decl.map((d) => d.sector),
      decl.map((d) => d.startDate),
      decl.map((d) => d.endDate),
      decl.map((d) => JSON.stringify(d)),
      items.map((i) => i.rawMessageId),
    ],
  );
  if (res.rows.length === 0) return 0;
  const byKey = new Map(decl.map((d) => [`${d.declarationId}\u0000${d.version}`, d]));
  const rowId: number[] = [];
  const idx: number[] = [];
  const family: Array<string | null> = [];
  const fore: Array<string | null> = [];
  const birth: Array<string | null> = [];
  const sex: Array<string | null> = [];
  const a1: Array<string | null> = [];
  const pins: string[] = [];
  for (const r of res.rows) {
    const d = byKey.get(`${r.declaration_id}\u0000${r.version}`);
    d?.workers.forEach((w, i) => {
      rowId.push(Number(r.id));
      idx.push(i);
      family.push(w.familyName);
      fore.push(w.forename);
      birth.push(w.birthDate);
      sex.push(w.sex);
      a1.push(w.a1Reference);
      pins.push(JSON.stringify(w.pins));
    });
  }
  if (rowId.length > 0) {
    await client.query(
      `INSERT INTO declaration_workers (declaration_row_id, worker_idx, family_name, forename, birth_date, sex, a1_reference, pins)
       SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[], $8::jsonb[])`,
      [rowId, idx, family, fore, birth, sex, a1, pins],
    );
  }
  await client.query(
    `UPDATE declarations d SET is_current = (d.version = m.maxv)
       FROM (SELECT declaration_id, max(version) AS maxv FROM declarations
              WHERE declaration_id = ANY($1::text[]) GROUP BY declaration_id) m
      WHERE d.declaration_id = m.declaration_id AND d.is_current <> (d.version = m.maxv)`,
    [[...new Set(res.rows.map((r) => r.declaration_id))]],
  );
  return res.rows.length;
}
