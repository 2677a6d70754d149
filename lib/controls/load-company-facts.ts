/**
 * Builds CompanyFacts for every undertaking seen as a posting undertaking or as an employer in an
 * attestation. Company keys are computed from each source record (core/match/company-keys.ts).
 * No personal data and no nationality: persons appear only as person keys, counted.
 */
import type { PoolClient } from '../db/pool.js';
import { companyKeys, type CompanyIdentity } from '../../core/match/company-keys.js';
import { foldName } from '../../core/identity/names.js';
import type { CompanyFacts, CompanyPostingFact } from '../../core/controls/types.js';

interface Acc {
  facts: CompanyFacts;
  known: Set<string>;
  posted: Set<string>;
  address: string | null;
}

function keyOf(c: CompanyIdentity | null | undefined): string | null {
  if (c === null || c === undefined) return null;
  return companyKeys({ name: c.name ?? null, country: c.country ?? null, ids: Array.isArray(c.ids) ? c.ids : [] })[0] ?? null;
}

function addressKey(a: unknown): string | null {
  if (typeof a !== 'object' || a === null) return null;
  const o = a as Record<string, unknown>;
  const parts = [o.street, o.postalCode, o.town, o.country].map((v) => (typeof v === 'string' ? foldName(v) : ''));
  return parts[0] === '' || (parts[1] === '' && parts[2] === '') ? null : parts.join('|');
}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

export async function loadCompanyFacts(client: PoolClient, asOf: string): Promise<CompanyFacts[]> {
  const companies = new Map<string, Acc>();
  const acc = (key: string, name: string | null, country: string | null, ids: CompanyIdentity['ids'] = []): Acc => {
    let a = companies.get(key);
    if (a === undefined) {
      a = {
        facts: { companyKey: key, name, country, ids: Array.isArray(ids) ? ids : [], sector: null, asOf, postings: [], personsKnown: 0, personsPosted: 0, attestations: [], sharedAddressCompanies: [], firstSeenOn: null },
        known: new Set(), posted: new Set(), address: null,
      };
      companies.set(key, a);
    }
    return a;
  };

  const postings = await client.query<{ declaration_id: string; worker_idx: number; declared_at: Date | null; host_country: string; undertaking_country: string;
    start_date: string; end_date: string; sector: string | null; a1_reference: string | null; record: Record<string, unknown>;
    person_key: string | null; outcome: string | null }>(
    `SELECT d.declaration_id, w.worker_idx, d.declared_at, d.host_country, d.undertaking_country, to_char(d.start_date, 'YYYY-MM-DD') AS start_date,
            to_char(d.end_date, 'YYYY-MM-DD') AS end_date, d.sector, w.a1_reference, d.record, r.person_key, m.outcome
       FROM declarations d JOIN declaration_workers w ON w.declaration_row_id = d.id
       LEFT JOIN person_records r ON r.ref = 'dw:' || d.declaration_id || '#' || w.worker_idx
       LEFT JOIN matches m ON m.subject_type = 'declaration-worker' AND m.subject_ref = d.declaration_id || '#' || w.worker_idx
      WHERE d.is_current AND d.status <> 'cancelled'
      ORDER BY d.declaration_id, w.worker_idx`,
  );
  for (const p of postings.rows) {
    const u = p.record.postingUndertaking as (CompanyIdentity & { address?: unknown }) | undefined;
    const key = keyOf(u);
    if (key === null || u === undefined) continue;
    const a = acc(key, u.name ?? null, u.country ?? null, u.ids);
    a.facts.sector ??= p.sector;
    a.address ??= addressKey(u.address);
    const declaredAt = p.declared_at === null ? null : p.declared_at.toISOString().slice(0, 10);
    const posting: CompanyPostingFact = {
      ref: `${p.declaration_id}#${p.worker_idx}`, declarationId: p.declaration_id, declaredAt, hostCountry: p.host_country,
      sendingState: p.undertaking_country, companyKey: key, clientKey: keyOf(p.record.client as CompanyIdentity | null | undefined),
      period: { start: p.start_date, end: p.end_date }, sector: p.sector, a1Reference: p.a1_reference, personKey: p.person_key, matchOutcome: p.outcome,
    };
    a.facts.postings.push(posting);
    if (p.person_key !== null) {
      a.posted.add(p.person_key);
      a.known.add(p.person_key);
    }
    a.facts.firstSeenOn = earliest(a.facts.firstSeenOn, earliest(declaredAt, p.start_date));
  }

  const seds = await client.query<{ document_id: string; sed_type: string; legislation_state: string | null; start_date: string; end_date: string | null;
    received_at: Date; name: string | null; country: string | null; ids: CompanyIdentity['ids']; person_key: string | null }>(
    `SELECT s.document_id, s.sed_type, s.legislation_state, to_char(s.start_date, 'YYYY-MM-DD') AS start_date, to_char(s.end_date, 'YYYY-MM-DD') AS end_date,
            s.received_at, e.name, e.country, e.ids, r.person_key
       FROM seds s JOIN sed_employers e ON e.sed_id = s.id AND e.role IN ('employer', 'self-employment')
       LEFT JOIN person_records r ON r.ref = 'sed:' || s.document_id
      WHERE s.status = 'active' AND s.sed_type IN ('A003', 'A009', 'A010') AND s.start_date IS NOT NULL
      ORDER BY s.document_id, e.idx`,
  );
  for (const s of seds.rows) {
    const key = keyOf({ name: s.name, country: s.country, ids: s.ids });
    if (key === null) continue;
    const a = acc(key, s.name, s.country, s.ids);
    a.facts.attestations.push({ documentId: s.document_id, sedType: s.sed_type, legislationState: s.legislation_state, period: { start: s.start_date, end: s.end_date }, personKey: s.person_key });
    if (s.person_key !== null) {
      a.known.add(s.person_key);
      if (s.sed_type === 'A009') a.posted.add(s.person_key);
    }
    a.facts.firstSeenOn = earliest(a.facts.firstSeenOn, s.received_at.toISOString().slice(0, 10));
  }

  const certs = await client.query<{ employer: CompanyIdentity | null; person_key: string | null; issued_at: string | null }>(
    `SELECT c.record->'employer' AS employer, r.person_key, c.record->>'issuedAt' AS issued_at
       FROM certificates c LEFT JOIN person_records r ON r.ref = 'cert:' || c.certificate_number`,
  );
  for (const c of certs.rows) {
    const key = keyOf(c.employer);
    if (key === null) continue;
    const a = companies.get(key);
    if (a === undefined) continue;
    if (c.person_key !== null) a.known.add(c.person_key);
    a.facts.firstSeenOn = earliest(a.facts.firstSeenOn, c.issued_at);
  }

  const byAddress = new Map<string, string[]>();
  for (const a of companies.values()) {
    if (a.address === null) continue;
    byAddress.set(a.address, [...(byAddress.get(a.address) ?? []), a.facts.companyKey]);
  }
  const result: CompanyFacts[] = [];
  for (const a of [...companies.values()].sort((x, y) => (x.facts.companyKey < y.facts.companyKey ? -1 : 1))) {
    a.facts.personsKnown = a.known.size;
    a.facts.personsPosted = a.posted.size;
    a.facts.sharedAddressCompanies = a.address === null ? [] : (byAddress.get(a.address) ?? []).filter((k) => k !== a.facts.companyKey).sort();
    a.facts.attestations.sort((x, y) => (x.documentId < y.documentId ? -1 : 1));
    result.push(a.facts);
  }
  return result;
}
