/**
 * Employers and their roles.
 *
 * | NAV JSON                                        | role            |
 * |-------------------------------------------------|-----------------|
 * | `medlemskap.utsendingsland.arbeidsgiver[]` (A009)| employer        |
 * | `nav.arbeidsgiver` (object or array)            | employer        |
 * | `nav.selvstendig.arbeidsgiver[]`                | self-employment |
 * | `medlemskap.andreland.arbeidsgiver[]`           | host            |
 * | `medlemskap.vertsland.arbeidsgiver[]` (A001)    | host            |
 *
 * The same employer written twice under one role (A009 may repeat the sending employer in
 * `nav.arbeidsgiver` and `utsendingsland`) is kept once, its identifiers merged.
 */
import type { Employer, EmployerId, EmployerRole } from '../../model/canonical.js';
import { mapEmployerIdType } from './nav-codes.js';
import { readPlainAddressAt } from './addresses.js';
import type { JsonObject, ReadContext } from './values.js';
import { getObject, getObjectList, getString, join, uniqueBy } from './values.js';

export function readEmployer(o: JsonObject, path: string, role: EmployerRole, ctx: ReadContext): Employer | null {
  const name = getString(o, 'navn', path);
  const address = readPlainAddressAt(o, 'adresse', path, ctx);
  const ids: EmployerId[] = [];
  for (const { value, path: p } of getObjectList(o, 'identifikator', path)) {
    const id = getString(value, 'id', p);
    const type = mapEmployerIdType(getString(value, 'type', p), join(p, 'type'));
    if (id === null) continue;
    ids.push({ type: type ?? 'unknown', id });
  }
  if (name === null && address === null && ids.length === 0) return null;
  return {
    role,
    name,
    country: address?.country ?? null,
    ids: uniqueBy(ids, (i) => `${i.type}|${i.id}`),
    address,
  };
}

function readEmployerList(
  parent: JsonObject | null,
  key: string,
  path: string,
  role: EmployerRole,
  ctx: ReadContext,
): Employer[] {
  const out: Employer[] = [];
  for (const { value, path: p } of getObjectList(parent, key, path)) {
    const e = readEmployer(value, p, role, ctx);
    if (e) out.push(e);
  }
  return out;
}

/** Employers of every role, in the order employer, self-employment, host. */
export function readEmployers(nav: JsonObject | null, medlemskap: JsonObject | null, ctx: ReadContext): Employer[] {
  const at = (parentKey: string): JsonObject | null => getObject(medlemskap, parentKey, 'medlemskap');
  const all: Employer[] = [
    ...readEmployerList(at('utsendingsland'), 'arbeidsgiver', 'medlemskap.utsendingsland', 'employer', ctx),
    ...readEmployerList(nav, 'arbeidsgiver', 'nav', 'employer', ctx),
    ...readEmployerList(getObject(nav, 'selvstendig', 'nav'), 'arbeidsgiver', 'nav.selvstendig', 'self-employment', ctx),
    ...readEmployerList(at('andreland'), 'arbeidsgiver', 'medlemskap.andreland', 'host', ctx),
    ...readEmployerList(at('vertsland'), 'arbeidsgiver', 'medlemskap.vertsland', 'host', ctx),
  ];
  return mergeDuplicates(all);
}

function sameEmployer(a: Employer, b: Employer): boolean {
  if (a.role !== b.role) return false;
  if ((a.name ?? '').toLowerCase() !== (b.name ?? '').toLowerCase()) return false;
  if (a.country !== b.country) return false;
  if (a.ids.length === 0 || b.ids.length === 0) return true;
  // Same employer when every identifier of one appears in the other.
  const key = (i: EmployerId): string => `${i.type}|${i.id}`;
  const aKeys = new Set(a.ids.map(key));
  const bKeys = new Set(b.ids.map(key));
  return [...aKeys].every((k) => bKeys.has(k)) || [...bKeys].every((k) => aKeys.has(k));
}

function mergeDuplicates(employers: readonly Employer[]): Employer[] {
  const out: Employer[] = [];
  for (const e of employers) {
    const idx = out.findIndex((kept) => sameEmployer(kept, e));
    const kept = idx >= 0 ? out[idx] : undefined;
    if (kept === undefined) {
      out.push(e);
      continue;
    }
    out[idx] = {
      ...kept,
      ids: uniqueBy([...kept.ids, ...e.ids], (i) => `${i.type}|${i.id}`),
      address: kept.address ?? e.address,
    };
  }
  return out;
}
