/**
 * What a batch adds, decided before writing (lib/ingest/plan-batch.ts): version duplicates as
 * ON CONFLICT DO NOTHING made them (stored ones, and repeats inside the batch where the first to
 * arrive wins), raw outcomes, which new SEDs need their status derived, which declarations are
 * current and which stored versions they supersede.
 */
import { expect, test } from 'vitest';
import { planBatch } from '../../lib/ingest/plan-batch.js';
import { caseTypeKey, emptyStoredState, type StoredState } from '../../lib/ingest/sql-batch-state.js';
import type { PreparedMessage, Rejection, SedRow } from '../../core/ingest/types.js';
import { RejectionCodes } from '../../core/errors.js';
import type { PostingDeclaration } from '../../core/model/declaration.js';

function stored(partial: Partial<StoredState> = {}): StoredState {
  return { ...emptyStoredState(), ...partial };
}

let seq = 0;
function message(outcome: PreparedMessage['outcome']): PreparedMessage {
  seq += 1;
  return {
    hash: Buffer.from(String(seq)),
    kind: outcome.type === 'rejected' ? 'unknown' : outcome.type,
    message: { source: 'test', topic: null, partition: null, offset: null, key: null, headers: {}, body: Buffer.from(String(seq)) },
    outcome,
  };
}

function sed(documentId: string, version: number, extra: { sedType?: string; caseId?: string | null; supported?: boolean; target?: { documentId: string | null; sedType: string | null } } = {}): PreparedMessage {
  const sedType = extra.sedType ?? 'A009';
  const row: SedRow = {
    documentId, version, documentIdDerived: false, caseId: extra.caseId === undefined ? 'case-1' : extra.caseId, sedType, bucType: 'LA_BUC_04',
    cdmVersion: '4.2', sourceFormat: 'xml', senderInstitution: null, senderCountry: null, receiverInstitution: null, receiverCountry: null,
    supported: extra.supported ?? true, notes: [],
    content: {
      sedType, cdmVersion: '4.2', sourceFormat: 'xml', person: null, addresses: [], employers: [], workplaces: [], decision: null, request: null,
      target: extra.target ?? null, originals: {},
    },
  };
  return message({ type: 'sed', sed: row });
}

function declaration(declarationId: string, version: number): PreparedMessage {
  return message({ type: 'declaration', declaration: { declarationId, version } as PostingDeclaration });
}

test('SED versions already stored, or repeated in the batch, are duplicates; ids follow document order', () => {
  const batch = [sed('b', 1), sed('a', 2), sed('a', 1), sed('b', 1), sed('c', 1, { supported: false }), sed('d', 3)];
  const plan = planBatch(batch, stored({ sedVersions: new Map([['d', [3]]]) }));
  expect(plan.seds.map((s) => [s.sed.documentId, s.sed.version, s.item])).toEqual([['a', 1, 2], ['a', 2, 1], ['b', 1, 0], ['c', 1, 4]]);
  // The second 'b' v1 arrived later: it is the duplicate, as ON CONFLICT made the later one.
  expect(plan.versionDuplicates.sort()).toEqual([3, 5]);
  expect(plan.outcomes).toEqual(['stored', 'stored', 'stored', 'duplicate', 'unsupported', 'duplicate']);
});

test('only SEDs whose status other rows bear on are refreshed; a lone first version is active as written', () => {
  const batch = [
    sed('lone', 1),
    sed('two-in-batch', 1), sed('two-in-batch', 2),
    sed('has-stored', 2),
    sed('targeted-stored', 1),
    sed('targeted-here', 1),
    sed('x008', 1, { sedType: 'X008', target: { documentId: 'targeted-here', sedType: null } }),
    sed('typed-stored', 1, { sedType: 'A003', caseId: 'case-9' }),
    sed('typed-here', 1, { sedType: 'A004', caseId: 'case-8' }),
    sed('x008-typed', 1, { sedType: 'X008', caseId: 'case-8', target: { documentId: null, sedType: 'A004' } }),
    sed('other-case', 1, { sedType: 'A004', caseId: 'case-7' }),
  ];
  const plan = planBatch(batch, stored({
    sedVersions: new Map([['has-stored', [1]]]),
    invalidatedDocuments: new Set(['targeted-stored']),
    invalidatedCaseTypes: new Set([caseTypeKey('case-9', 'A003')]),
  }));
  const refreshed = plan.seds.filter((s) => s.refreshStatus).map((s) => `${s.sed.documentId}/${s.sed.version}`).sort();
  expect(refreshed).toEqual([
    'has-stored/2', 'targeted-here/1', 'targeted-stored/1', 'two-in-batch/1', 'two-in-batch/2', 'typed-here/1', 'typed-stored/1', 'x008-typed/1', 'x008/1',
  ]);
});

test('declarations: new versions only; the highest of stored and new is current, and stored ones below it are superseded', () => {
  const batch = [declaration('D1', 1), declaration('D1', 2), declaration('D2', 3), declaration('D2', 3), declaration('D3', 1), declaration('D4', 5)];
  const plan = planBatch(batch, stored({ declarationVersions: new Map([['D3', [2]], ['D4', [1, 4]]]) }));
  expect(plan.declarations.map((d) => [d.declaration.declarationId, d.declaration.version, d.isCurrent])).toEqual([
    ['D1', 1, false], ['D1', 2, true], ['D2', 3, true], ['D3', 1, false], ['D4', 5, true],
  ]);
  expect(plan.supersededDeclarations).toEqual(new Map([['D4', 5]]));
  expect(plan.outcomes.every((o) => o === 'stored')).toBe(true);
});

test('certificates and rejections pass through with their positions', () => {
  const rejection: Rejection = { code: RejectionCodes.TOO_LARGE, message: 'bad', path: null };
  const plan = planBatch([message({ type: 'rejected', rejection }), sed('a', 1)], stored());
  expect(plan.rejected).toEqual([{ item: 0, rejection }]);
  expect(plan.outcomes).toEqual(['rejected', 'stored']);
});
