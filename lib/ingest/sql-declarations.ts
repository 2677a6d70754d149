/** SQL for posting declarations: every version kept, the highest version current. */
import type { PoolClient } from '../db/pool.js';
import type { PostingDeclaration } from '../../core/model/declaration.js';
import { copyRows, type CopyColumns, type CopyValue } from './copy-binary.js';

export interface DeclarationToCopy {
  id: number;
  rawMessageId: number;
  declaration: PostingDeclaration;
  /** The highest version of its declaration id, stored ones included (plan-batch.ts). */
  isCurrent: boolean;
}

const DECLARATION_COLUMNS: CopyColumns = [
  ['id', 'int8'], ['declaration_id', 'text'], ['version', 'int4'], ['status', 'text'], ['is_current', 'bool'],
  ['declared_at', 'timestamptz'], ['host_country', 'text'], ['undertaking_name', 'text'], ['undertaking_country', 'text'],
  ['sector', 'text'], ['start_date', 'date'], ['end_date', 'date'], ['record', 'jsonb'], ['raw_message_id', 'int8'],
];

const WORKER_COLUMNS: CopyColumns = [
  ['declaration_row_id', 'int8'], ['worker_idx', 'int4'], ['family_name', 'text'], ['forename', 'text'],
  ['birth_date', 'date'], ['sex', 'text'], ['a1_reference', 'text'], ['pins', 'jsonb'],
];

/**
 * Writes new declaration versions with their reserved ids, and their workers. The caller checked
 * that no version is stored: a concurrent writer of the same version makes this fail with a
 * unique violation, and the batch is retried (store-batch.ts).
 */
export async function copyDeclarations(client: PoolClient, items: readonly DeclarationToCopy[]): Promise<void> {
  if (items.length === 0) return;
  await copyRows(client, 'declarations', DECLARATION_COLUMNS, items.map(({ id, rawMessageId, declaration: d, isCurrent }) => [
    id, d.declarationId, d.version, d.status, isCurrent, d.declaredAt, d.hostCountry, d.postingUndertaking.name,
    d.postingUndertaking.country, d.sector, d.startDate, d.endDate, JSON.stringify(d), rawMessageId,
  ]));
  const workers: CopyValue[][] = [];
  for (const { id, declaration } of items) {
    declaration.workers.forEach((w, i) => workers.push([id, i, w.familyName, w.forename, w.birthDate, w.sex, w.a1Reference, JSON.stringify(w.pins)]));
  }
  await copyRows(client, 'declaration_workers', WORKER_COLUMNS, workers);
}

/** Stored versions below a declaration's new highest version stop being current. */
export async function markDeclarationsSuperseded(client: PoolClient, highest: ReadonlyMap<string, number>): Promise<void> {
  if (highest.size === 0) return;
  const ids = [...highest.keys()].sort();
  await client.query(
    `UPDATE declarations d SET is_current = false
       FROM unnest($1::text[], $2::int[]) AS u(declaration_id, maxv)
      WHERE d.declaration_id = u.declaration_id AND d.is_current AND d.version < u.maxv`,
    [ids, ids.map((id) => highest.get(id) ?? 0)],
  );
}
