import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { exposeGc } from '../support/gc.js';
import { describe, expect, it } from 'vitest';
import { RejectionCodes } from '../../core/errors.js';
import {
  BUC_OF_SED,
  generateCorpus,
  isValidSiren,
  isValidSiret,
  toNdjsonLine,
  writeNdjson,
  type CorpusOptions,
  type SynthMessage,
} from '../../core/synth/index.js';

const SMALL: CorpusOptions = { seed: 1234, seds: 3000, declarations: 800, certificates: 1200, badRate: 0.03 };

function digest(opts: CorpusOptions): string {
  const h = createHash('sha256');
  for (const m of generateCorpus(opts)) {
    h.update(`${m.topic}\u0000${m.key}\u0000${JSON.stringify(m.headers)}\u0000${m.value}\u0000${JSON.stringify(m.expect)}\n`);
  }
  return h.digest('hex');
}

function collect(opts: CorpusOptions): SynthMessage[] {
  return [...generateCorpus(opts)];
}

describe('generateCorpus: determinism and counts', () => {
  it('gives byte-identical output for the same options', () => {
    expect(digest(SMALL)).toBe(digest(SMALL));
  });

  it('gives different output for another seed', () => {
    expect(digest({ ...SMALL, seed: 4321 })).not.toBe(digest(SMALL));
  });

  it('emits exactly the requested number of messages per topic', () => {
    const counts = { sed: 0, declaration: 0, certificate: 0 };
    for (const m of generateCorpus(SMALL)) counts[m.topic]++;
    expect(counts).toEqual({ sed: 3000, declaration: 800, certificate: 1200 });
  });

  it('handles zero counts and interleaves topics evenly', () => {
    expect(collect({ seed: 1, seds: 0, declarations: 0, certificates: 0 })).toHaveLength(0);
    const onlyCerts = collect({ seed: 1, seds: 0, declarations: 0, certificates: 50 });
    expect(onlyCerts.every((m) => m.topic === 'certificate')).toBe(true);
    const ms = collect({ seed: 1, seds: 600, declarations: 200, certificates: 200 });
    const firstHalf = ms.slice(0, 500);
    const seds = firstHalf.filter((m) => m.topic === 'sed').length;
    expect(seds).toBeGreaterThan(280);
    expect(seds).toBeLessThan(320);
  });

  it('rejects invalid options', () => {
    expect(() => collect({ seed: 1, seds: -1, declarations: 0, certificates: 0 })).toThrow(RangeError);
    expect(() => collect({ seed: 1, seds: 1, declarations: 0, certificates: 0, badRate: 2 })).toThrow(RangeError);
    expect(() => collect({ seed: 1, seds: 1, declarations: 0, certificates: 0, shapeMix: { xml: 0, rina: 0, nav: 0 } })).toThrow(RangeError);
  });
});

describe('generateCorpus: shapes are well-formed', () => {
  const ms = collect({ ...SMALL, eventRate: 0.3 });

  it('writes well-formed XML and parseable JSON for every non-bad message', () => {
    for (const m of ms) {
      if (m.expect.kind === 'bad') continue;
      if (m.topic === 'sed' && m.wrapped) {
        const ev = JSON.parse(m.value) as { sedHendelse: Record<string, unknown>; sed: unknown };
        expect(ev.sedHendelse.rinaDokumentId).toMatch(/^[0-9a-f]{32}$/);
        if (m.shape === 'xml') {
          expect(typeof ev.sed).toBe('string');
          expect(XMLValidator.validate(ev.sed as string)).toBe(true);
        } else {
          expect(typeof ev.sed).toBe('object');
        }
      } else if (m.topic === 'sed' && m.shape === 'xml') {
        expect(XMLValidator.validate(m.value), m.value.slice(0, 300)).toBe(true);
      } else {
        expect(() => JSON.parse(m.value)).not.toThrow();
      }
    }
  });

  it('puts the envelope in headers for raw SEDs, consistent with the document', () => {
    const raw = ms.filter((m) => m.topic === 'sed' && !m.wrapped && m.expect.kind !== 'bad');
    expect(raw.length).toBeGreaterThan(1000);
    for (const m of raw) {
      const h = m.headers;
      expect(h.rinaSakId).toBe(m.key);
      expect(h.rinaSakId).toMatch(/^\d{7,11}$/);
      expect(h.rinaDokumentId).toMatch(/^[0-9a-f]{32}$/);
      expect(h.avsenderId).toMatch(/^[A-Z]{2}:[A-Za-z0-9]{4,10}$/);
      expect(h.mottakerId).toMatch(/^FR:[A-Za-z0-9]{4,10}$/);
      const type = m.source?.sedType ?? '';
      if (h.sedType !== undefined) expect(h.sedType).toBe(type);
      if (type !== 'X001' && type !== 'X008') expect(h.bucType).toBe(BUC_OF_SED[type]);
      else expect(h.bucType).toMatch(/^(LA_BUC_0[1-6]|H_BUC_01)$/);
    }
  });

  it('writes EESSI XML with the 4.4 namespace, EESSI country spellings and coded values', () => {
    const xmls = ms.filter((m) => m.topic === 'sed' && m.shape === 'xml' && !m.wrapped && m.expect.kind === 'valid');
    const parser = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true });
    let sawEl = false;
    for (const m of xmls) {
      const type = m.source?.sedType ?? '';
      expect(m.value).toContain(`="http://ec.europa.eu/eessi/ns/4_4/${type}"`);
      expect(m.value).not.toMatch(/<value>(GR|GB)<\/value>/);
      if (/<value>(EL|UK)<\/value>/.test(m.value)) sawEl = true;
      const doc = parser.parse(m.value) as Record<string, Record<string, unknown>>;
      expect(doc[type]).toBeDefined();
    }
    expect(sawEl).toBe(true);
  });

  it('escapes XML special characters in text', () => {
    const withSpecial = ms.find((m) => m.topic === 'sed' && m.shape === 'xml' && m.expect.kind === 'valid' && m.value.includes('&amp;'));
    expect(withSpecial).toBeDefined();
    const parser = new XMLParser({ removeNSPrefix: true });
    expect(() => parser.parse(withSpecial?.value ?? '')).not.toThrow();
  });

  it('writes NAV JSON with Norwegian keys and ISO countries', () => {
    const navs = ms.filter((m) => m.topic === 'sed' && m.shape === 'nav' && !m.wrapped && m.expect.kind === 'valid');
    for (const m of navs) {
      const doc = JSON.parse(m.value) as Record<string, unknown>;
      expect(doc.sed).toBe(m.source?.sedType);
      expect(doc.sedGVer).toBe('4');
      expect(doc.nav).toBeDefined();
      expect(m.value).not.toMatch(/"land":"(EL|UK)"/);
    }
    const a009 = navs.find((m) => m.source?.sedType === 'A009');
    const doc = JSON.parse(a009?.value ?? '{}') as { medlemskap?: { vedtak?: { gjelderperiode?: Record<string, unknown> } } };
    const period = doc.medlemskap?.vedtak?.gjelderperiode ?? {};
    expect('fastperiode' in period || 'aapenperiode' in period).toBe(true);
  });

  it('writes RINA JSON with the SED type as the only top-level key and {value:[...]} codes', () => {
    const rinas = ms.filter((m) => m.topic === 'sed' && m.shape === 'rina' && !m.wrapped && m.expect.kind === 'valid');
    for (const m of rinas) {
      const doc = JSON.parse(m.value) as Record<string, Record<string, unknown>>;
      expect(Object.keys(doc)).toEqual([m.source?.sedType]);
    }
    const a009 = rinas.find((m) => m.source?.sedType === 'A009');
    expect(a009?.value).toMatch(/"sex":\{"value":\["0[12]"\]\}/);
  });
});

describe('generateCorpus: mix and rates', () => {
  const opts: CorpusOptions = { seed: 99, seds: 20000, declarations: 2000, certificates: 4000, duplicateRate: 0.02, newVersionRate: 0.05 };
  const counts = { xml: 0, rina: 0, nav: 0, dup: 0, nv: 0, valid: 0, bad: 0, wrapped: 0 };
  const types: Record<string, number> = {};
  for (const m of generateCorpus(opts)) {
    if (m.topic !== 'sed') continue;
    if (m.shape) counts[m.shape]++;
    if (m.wrapped) counts.wrapped++;
    if (m.expect.kind === 'duplicate') counts.dup++;
    if (m.expect.kind === 'new-version') counts.nv++;
    if (m.expect.kind === 'valid') counts.valid++;
    if (m.expect.kind === 'bad') counts.bad++;
    const t = m.source?.sedType ?? '?';
    types[t] = (types[t] ?? 0) + 1;
  }

  it('follows the default shape mix (half XML, a quarter each JSON)', () => {
    expect(counts.xml / 20000).toBeGreaterThan(0.47);
    expect(counts.xml / 20000).toBeLessThan(0.53);
    expect(counts.rina / 20000).toBeGreaterThan(0.22);
    expect(counts.nav / 20000).toBeGreaterThan(0.22);
    expect(counts.wrapped / 20000).toBeGreaterThan(0.08);
    expect(counts.wrapped / 20000).toBeLessThan(0.12);
  });

  it('has A009 dominant and covers all the required types', () => {
    expect((types.A009 ?? 0) / 20000).toBeGreaterThan(0.6);
    for (const t of ['A001', 'A003', 'A008', 'A009', 'A010', 'A011', 'A012', 'X001', 'X008', 'H001']) {
      expect(types[t] ?? 0, t).toBeGreaterThan(0);
    }
  });

  it('has roughly the requested duplicate and new-version rates and no bad messages by default', () => {
    expect(counts.bad).toBe(0);
    expect(counts.dup / 20000).toBeGreaterThan(0.01);
    expect(counts.dup / 20000).toBeLessThan(0.03);
    expect(counts.nv / 20000).toBeGreaterThan(0.03);
    expect(counts.nv / 20000).toBeLessThan(0.07);
  });

  it('honours a custom shape mix', () => {
    const c = { xml: 0, rina: 0, nav: 0 };
    for (const m of generateCorpus({ seed: 5, seds: 2000, declarations: 0, certificates: 0, shapeMix: { xml: 0, rina: 1, nav: 3 } })) {
      if (m.shape) c[m.shape]++;
    }
    expect(c.xml).toBe(0);
    expect(c.nav / 2000).toBeGreaterThan(0.7);
  });
});

describe('generateCorpus: duplicates, versions, invalidations, bad documents', () => {
  const ms = collect({ seed: 2024, seds: 8000, declarations: 1500, certificates: 2500, badRate: 0.05, newVersionRate: 0.1, duplicateRate: 0.05 });

  it('re-sends duplicates byte for byte after the original', () => {
    const seen = new Set<string>();
    let dups = 0;
    for (const m of ms) {
      const id = `${m.topic}|${m.key}|${JSON.stringify(m.headers)}|${m.value}`;
      if (m.expect.kind === 'duplicate') {
        dups++;
        expect(seen.has(id)).toBe(true);
      }
      seen.add(id);
    }
    expect(dups).toBeGreaterThan(50);
  });

  it('gives new versions the same document id and a higher version, after the first', () => {
    const versions = new Map<string, number>();
    let nv = 0;
    for (const m of ms) {
      if (m.topic !== 'sed' || m.expect.kind === 'bad') continue;
      const id = m.truth?.documentId ?? '';
      const v = m.truth?.version ?? 0;
      if (m.expect.kind === 'new-version') {
        nv++;
        expect(versions.get(id)).toBe(v - 1);
      }
      if (m.expect.kind !== 'duplicate') versions.set(id, v);
    }
    expect(nv).toBeGreaterThan(100);
  });

  it('sends X008 after the document it invalidates, in the same case, naming its type', () => {
    const docs = new Map<string, SynthMessage>();
    let x008 = 0;
    for (const m of ms) {
      if (m.topic !== 'sed' || m.expect.kind === 'bad') continue;
      if (m.source?.sedType === 'X008') {
        x008++;
        const target = docs.get(m.truth?.targetDocumentId ?? '');
        expect(target).toBeDefined();
        expect(target?.key).toBe(m.key);
        expect(m.source.invalidates?.sedType).toBe(target?.source?.sedType);
      }
      docs.set(m.truth?.documentId ?? '', m);
    }
    expect(x008).toBeGreaterThan(0);
  });

  it('marks declaration and certificate versions', () => {
    const decls = ms.filter((m) => m.topic === 'declaration' && m.expect.kind === 'new-version').map((m) => JSON.parse(m.value) as { version: number; status: string });
    expect(decls.length).toBeGreaterThan(20);
    for (const d of decls) {
      expect(d.version).toBeGreaterThan(1);
      expect(['amended', 'cancelled']).toContain(d.status);
    }
    const certs = ms.filter((m) => m.topic === 'certificate' && m.expect.kind === 'new-version').map((m) => JSON.parse(m.value) as { issueType: string });
    expect(certs.length).toBeGreaterThan(20);
    for (const c of certs) expect(['amendment', 'withdrawal']).toContain(c.issueType);
  });

  it('gives every bad message a known rejection code, and breaks it for real', () => {
    const codes = new Set<string>(Object.values(RejectionCodes));
    const bad = ms.filter((m) => m.expect.kind === 'bad');
    expect(bad.length).toBeGreaterThan(300);
    const seen = new Set<string>();
    for (const m of bad) {
      const code = m.expect.badCode ?? '';
      expect(codes.has(code), code).toBe(true);
      seen.add(code);
      switch (code) {
        case 'EMPTY':
          expect(m.value).toBe('');
          break;
        case 'XML_MALFORMED':
          expect(XMLValidator.validate(m.value)).not.toBe(true);
          break;
        case 'JSON_MALFORMED':
          expect(() => JSON.parse(m.value)).toThrow();
          break;
        case 'XML_DTD_FORBIDDEN':
          expect(m.value).toContain('<!DOCTYPE');
          break;
        case 'DATE_INVALID':
          expect(m.value).toMatch(/\d{4}-(02-30|04-31|13-01|00-10)/);
          break;
        case 'CODE_UNKNOWN':
          expect(m.value).toContain('ZZ');
          break;
        default:
          break;
      }
    }
    for (const c of ['XML_MALFORMED', 'JSON_MALFORMED', 'DATE_INVALID', 'CODE_UNKNOWN', 'XML_DTD_FORBIDDEN', 'JSON_DUPLICATE_KEY']) {
      expect(seen.has(c), c).toBe(true);
    }
  });
});

describe('generateCorpus: declarations and certificates', () => {
  const ms = collect({ seed: 77, seds: 2000, declarations: 1500, certificates: 2500 });
  const decls = ms.filter((m) => m.topic === 'declaration').map((m) => JSON.parse(m.value) as Record<string, unknown>);
  const certs = ms.filter((m) => m.topic === 'certificate').map((m) => JSON.parse(m.value) as Record<string, unknown>);

  it('writes declarations in the contract shape with valid SIRETs', () => {
    for (const d of decls) {
      expect(Object.keys(d)).toEqual([
        'declarationId', 'version', 'status', 'declaredAt', 'hostCountry', 'postingUndertaking', 'client', 'sector',
        'serviceNature', 'startDate', 'endDate', 'workplaces', 'workers', 'liaisonPerson',
      ]);
      expect(d.declaredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      const client = d.client as { ids: { type: string; id: string }[] };
      const siret = client.ids.find((i) => i.type === 'siret')?.id ?? '';
      expect(isValidSiret(siret), siret).toBe(true);
      expect(isValidSiren(siret.slice(0, 9))).toBe(true);
      expect((d.workers as unknown[]).length).toBeGreaterThan(0);
      expect(String(d.startDate) <= String(d.endDate)).toBe(true);
    }
  });

  it('writes certificates in the contract shape, most of them A1', () => {
    const kinds: Record<string, number> = {};
    for (const c of certs) {
      kinds[String(c.kind)] = (kinds[String(c.kind)] ?? 0) + 1;
      expect(c.securityCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      expect(['initial', 'amendment', 'withdrawal']).toContain(c.issueType);
      expect(String(c.startDate) <= String(c.endDate)).toBe(true);
      if (c.kind === 'BILATERAL') {
        expect(typeof c.form).toBe('string');
        expect(c.agreement).not.toBe('EU');
      }
    }
    expect((kinds.A1 ?? 0) / certs.length).toBeGreaterThan(0.8);
    expect(kinds.BILATERAL ?? 0).toBeGreaterThan(0);
    expect(kinds.E101 ?? 0).toBeGreaterThan(0);
  });

  it('links declared workers to certificates (most have one, some do not) and plants anomalies', () => {
    const certNumbers = new Set(certs.map((c) => String(c.certificateNumber)));
    const a1Refs = decls.flatMap((d) => (d.workers as { a1Reference?: string }[]).map((w) => w.a1Reference).filter((r): r is string => !!r));
    expect(a1Refs.length).toBeGreaterThan(100);
    const known = a1Refs.filter((r) => certNumbers.has(r)).length;
    expect(known / a1Refs.length).toBeGreaterThan(0.5);
    const anomalies = new Set(ms.flatMap((m) => m.truth?.anomalies ?? []));
    for (const a of ['noCertificate', 'periodPartial', 'employerMismatch', 'stateMismatch', 'nameVariantDeclaration', 'nameVariantCertificate']) {
      expect(anomalies.has(a), a).toBe(true);
    }
  });
});

describe('NDJSON', () => {
  it('writes one JSON value per line, SEDs as sedHendelse events', async () => {
    const ms = collect({ seed: 3, seds: 800, declarations: 200, certificates: 200, badRate: 0.05 });
    const chunks: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk.toString('utf8'));
        cb();
      },
    });
    const seen: SynthMessage[] = [];
    const stats = await writeNdjson(ms, sink, (m) => seen.push(m));
    const lines = chunks.join('').split('\n').filter((l) => l !== '');
    expect(lines.length).toBe(stats.lines);
    expect(stats.lines + stats.skipped).toBe(ms.length);
    expect(seen.length).toBe(stats.lines);
    lines.forEach((line, i) => {
      const m = seen[i];
      if (!m) throw new Error('line without message');
      if (m.expect.kind === 'bad' && m.topic !== 'sed') {
        return;
      }
      const v = JSON.parse(line) as Record<string, unknown>;
      if (m.topic === 'sed') {
        expect(v.sedHendelse).toBeDefined();
        expect(v.sed).toBeDefined();
      } else if (m.topic === 'declaration') {
        expect(v.declarationId).toBeDefined();
      } else {
        expect(v.certificateNumber).toBeDefined();
      }
    });
  });

  it('keeps a duplicate key of a bad JSON SED inside the line', () => {
    const m = collect({ seed: 11, seds: 3000, declarations: 0, certificates: 0, badRate: 0.2 }).find(
      (x) => x.expect.badCode === 'JSON_DUPLICATE_KEY',
    );
    expect(m).toBeDefined();
    const line = m ? toNdjsonLine(m) : null;
    expect(line).toContain(m?.value ?? 'x');
  });
});

describe('laziness and speed', () => {
  it('streams 200k messages with flat memory', { timeout: 120_000 }, () => {
    const gc = exposeGc();
    gc();
    const before = process.memoryUsage().heapUsed;
    let n = 0;
    let bytes = 0;
    let peak = before;
    for (const m of generateCorpus({ seed: 8, seds: 120_000, declarations: 30_000, certificates: 50_000 })) {
      n++;
      bytes += m.value.length;
      if (n % 20_000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    expect(n).toBe(200_000);
    // ~400 MB of text went through; what stays reachable must not grow with it.
    expect(bytes).toBeGreaterThan(200_000_000);
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
  });
});
