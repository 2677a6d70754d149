/**
 * The synthetic corpus: a lazy, seeded, reproducible stream of Kafka-like messages on three topics (SEDs, posting
 * declarations, certificate events), drawn from one synthetic world so that the three agree where they should and
 * disagree where an anomaly was planted. Memory stays flat: entities are pure functions of their index, and only
 * a small queue of deferred messages (later versions, duplicates, invalidations) is held.
 *
 *   for (const m of generateCorpus({ seed: 1, seds: 1000, declarations: 300, certificates: 800 })) ...
 */
import { RejectionCodes, type RejectionCode } from '../errors.js';
import {
  BAD_SED_KINDS_JSON,
  BAD_SED_KINDS_XML,
  badCodeOf,
  impossibleDate,
  truncate,
  withDoctype,
  withDuplicateKey,
  withForbiddenKey,
  withUnknownNamespace,
  type BadSedKind,
} from './bad.js';
import { buildSed, UNSUPPORTED_SED_TYPE } from './build-sed.js';
import {
  buildCertificate,
  buildLegacyE101,
  buildOutgoingCertificate,
  nextCertificateEvent,
  type CertificateEvent,
} from './certificates.js';
import { FR_RECEIVERS, INSTITUTIONS } from './data.js';
import { buildDeclaration, isDeclarable, nextDeclarationVersion, type PostingDeclaration } from './declarations.js';
import { eessiCountry, type Shape, type SynthSed } from './model.js';
import { World, type Engagement } from './population.js';
import { fmix32, Rng, type Day } from './random.js';
import { writeNav } from './write-nav.js';
import { writeRina } from './write-rina.js';
import { writeXml } from './write-xml.js';

export type SynthTopic = 'sed' | 'declaration' | 'certificate';
export type SynthExpectKind = 'valid' | 'duplicate' | 'new-version' | 'bad';

export interface SynthExpect {
  kind: SynthExpectKind;
  /** For `bad`: the code of core/errors.ts RejectionCodes the pipeline should reject it with. */
  badCode?: RejectionCode;
}

/** Ground truth about a message, for tests of matching and controls. Keys refer to the synthetic world. */
export interface SynthTruth {
  caseId?: string;
  documentId?: string;
  version?: number;
  /** X008: the document it invalidates (the document itself names it only by SED type and issue date). */
  targetDocumentId?: string;
  /** Engagement (one worker in one project): `EN-<project>-<worker>`. */
  engagement?: string;
  /** Declarations: the engagements of the declared workers, in the order of `workers[]`. */
  engagements?: string[];
  project?: string;
  person?: string;
  company?: string;
  /** Planted anomalies of the engagement (see population.ts `EngagementAnomalies`). */
  anomalies?: string[];
  /** A valid SED of a type the pipeline is not expected to normalise into a decision. */
  unsupported?: boolean;
  /** For `bad`: how the message was broken. */
  badKind?: string;
  /** Certificates issued by France for French workers abroad (no declaration or SED refers to them). */
  outgoing?: boolean;
  /** Legacy E101 certificates for old periods. */
  legacy?: boolean;
}

export interface SynthMessage {
  topic: SynthTopic;
  key: string;
  headers: Record<string, string>;
  value: string;
  expect: SynthExpect;
  truth?: SynthTruth;
  /** SEDs: the writers' input (what a reader should give back: `toSedContent(source, shape)`). */
  source?: SynthSed;
  shape?: Shape;
  /** SEDs: sent as a `{"sedHendelse": ..., "sed": ...}` event rather than a raw document with headers. */
  wrapped?: boolean;
}

export interface ShapeMix {
  xml: number;
  rina: number;
  nav: number;
}

export interface CorpusOptions {
  seed: number;
  /** Number of messages on the SED topic (duplicates, new versions and bad ones included). */
  seds: number;
  /** Number of messages on the declaration topic (versions, duplicates and bad ones included). */
  declarations: number;
  /** Number of messages on the certificate topic (amendments, withdrawals, duplicates and bad ones included). */
  certificates: number;
  /** Share of each SED shape (default half XML, a quarter RINA JSON, a quarter NAV JSON). */
  shapeMix?: ShapeMix;
  /** Share of original messages re-sent byte for byte later (default 0.02). */
  duplicateRate?: number;
  /** Share of original documents followed by a new version (default 0.05). */
  newVersionRate?: number;
  /** Share of messages that are broken (default 0). */
  badRate?: number;
  /** Share of SED messages sent as `sedHendelse` events instead of raw documents with headers (default 0.1). */
  eventRate?: number;
}

export const DEFAULT_SHAPE_MIX: ShapeMix = { xml: 0.5, rina: 0.25, nav: 0.25 };

// ---------------------------------------------------------------------------------------------------------------

/** A small time-ordered queue of messages to emit later (due = the stream's emitted count at which to emit). */
class Deferred {
  private readonly items: { due: number; seq: number; msg: SynthMessage }[] = [];
  private seq = 0;

  push(due: number, msg: SynthMessage): void {
    const item = { due, seq: this.seq++, msg };
    let i = this.items.length;
    while (i > 0) {
      const prev = this.items[i - 1];
      if (!prev || prev.due <= due) break;
      i--;
    }
    this.items.splice(i, 0, item);
  }

  popDue(now: number): SynthMessage | undefined {
    const first = this.items[0];
    if (first && first.due <= now) {
      this.items.shift();
      return first.msg;
    }
    return undefined;
  }

  get size(): number {
    return this.items.length;
  }
}

function duplicateOf(m: SynthMessage): SynthMessage {
  const d: SynthMessage = { ...m, headers: { ...m.headers }, expect: { kind: 'duplicate' } };
  return d;
}

interface Cursor {
  j: number;
  w: number;
  workers: number;
}

function advance(world: World, c: Cursor): void {
  c.w++;
  if (c.w >= c.workers) {
    c.j++;
    c.w = 0;
    c.workers = world.project(c.j).workers;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// SEDs

interface CaseCtx {
  caseId: string;
  bucType: string;
  shape: Shape;
  sender: readonly [string, string];
  receiver: readonly [string, string];
}

class SedStream {
  private readonly rng: Rng;
  private readonly q = new Deferred();
  private readonly cursor: Cursor;
  private emitted = 0;
  private caseCounter = 0;
  private eventId = 0;
  private readonly seedMix: number;

  constructor(
    private readonly world: World,
    private readonly opts: Required<Omit<CorpusOptions, 'seed' | 'seds' | 'declarations' | 'certificates'>>,
  ) {
    this.rng = Rng.for(world.seed, 'stream:sed');
    this.cursor = { j: 0, w: 0, workers: world.project(0).workers };
    this.seedMix = Math.imul(world.seed, 0x3c6ef372) >>> 0;
  }

  next(): SynthMessage {
    for (;;) {
      const due = this.q.popDue(this.emitted);
      if (due) return this.emit(due);
      if (this.opts.badRate > 0 && this.rng.chance(this.opts.badRate)) return this.emit(this.bad());
      const eng = this.world.engagement(this.cursor.j, this.cursor.w);
      advance(this.world, this.cursor);
      if (!eng.hasSed) continue;
      const first = this.casesOf(eng);
      if (first) return this.emit(first);
    }
  }

  private emit(m: SynthMessage): SynthMessage {
    this.emitted++;
    return m;
  }

  private later(min: number, max: number, m: SynthMessage): void {
    this.q.push(this.emitted + 1 + this.rng.int(min, max), m);
  }

  private shape(): Shape {
    const mix = this.opts.shapeMix;
    return this.rng.weighted<Shape>([
      ['xml', mix.xml],
      ['rina', mix.rina],
      ['nav', mix.nav],
    ]);
  }

  private newCase(eng: Engagement, bucType: string, senderState: string): CaseCtx {
    const n = this.caseCounter++;
    const inst = INSTITUTIONS[senderState] ?? INSTITUTIONS[eng.project.company.country] ?? INSTITUTIONS.DE ?? [];
    const sender = inst.length > 0 ? this.rng.pick(inst) : (['DE:12345', 'DVKA'] as const);
    const receiver =
      eng.project.sector === 'agriculture' && this.rng.chance(0.7)
        ? (['FR:MSA00001', 'Caisse centrale de la MSA'] as const)
        : this.rng.pick(FR_RECEIVERS);
    return {
      caseId: String(1_000_000 + fmix32((n ^ this.seedMix) >>> 0)),
      bucType,
      shape: this.shape(),
      sender,
      receiver,
    };
  }

  private docMessage(c: CaseCtx, sed: SynthSed, docId: string, version: number, kind: SynthExpectKind, eng: Engagement | null): SynthMessage {
    const rng = this.rng;
    let text: string;
    switch (c.shape) {
      case 'xml':
        text = writeXml(sed, { pretty: rng.chance(0.7), prefix: rng.pick(['ns2', 'ns2', 'sed', `sed${sed.sedType}`]) });
        break;
      case 'rina':
        text = writeRina(sed, { pretty: rng.chance(0.1) });
        break;
      case 'nav':
        text = writeNav(sed, { pretty: rng.chance(0.1), employerAsObject: rng.chance(0.1) });
        break;
    }
    const truth: SynthTruth = { caseId: c.caseId, documentId: docId, version };
    if (eng) {
      truth.engagement = eng.key;
      truth.project = eng.project.key;
      truth.person = eng.person.key;
      truth.company = eng.project.company.key;
      truth.anomalies = eng.anomalyList;
    }
    if (sed.sedType === UNSUPPORTED_SED_TYPE) truth.unsupported = true;
    const wrapped = rng.chance(this.opts.eventRate);
    const base = { topic: 'sed' as const, key: c.caseId, expect: { kind }, truth, source: sed, shape: c.shape, wrapped };
    if (wrapped) {
      const h = {
        id: ++this.eventId,
        sedId: `${docId}_${version}`,
        sektorKode: c.bucType.startsWith('LA_') ? 'LA' : c.bucType.slice(0, 1),
        bucType: c.bucType,
        rinaSakId: c.caseId,
        avsenderId: c.sender[0],
        avsenderNavn: c.sender[1],
        mottakerId: c.receiver[0],
        mottakerNavn: c.receiver[1],
        rinaDokumentId: docId,
        rinaDokumentVersjon: String(version),
        sedType: sed.sedType,
      };
      const doc = c.shape === 'xml' ? JSON.stringify(text) : text;
      return { ...base, headers: {}, value: `{"sedHendelse":${JSON.stringify(h)},"sed":${doc}}` };
    }
    const headers: Record<string, string> = {
      rinaSakId: c.caseId,
      rinaDokumentId: docId,
      rinaDokumentVersjon: String(version),
      sedType: sed.sedType,
      bucType: c.bucType,
      avsenderId: c.sender[0],
      mottakerId: c.receiver[0],
    };
    // The document wins when the envelope lacks something it carries (the SED type). A missing
    // document version reads as 1, so only first versions travel without it.
    if (rng.chance(0.02)) {
      delete headers.sedType;
      if (version === 1) delete headers.rinaDokumentVersjon;
    }
    return { ...base, headers, value: text };
  }

  private issuedOn(eng: Engagement): Day {
    return this.rng.chance(0.1 + 0.2 * eng.project.company.risk) ? eng.certStart + this.rng.int(1, 90) : eng.certStart - this.rng.int(0, 30);
  }

  /** Messages of the case(s) of one engagement: returns the first, queues the rest. */
  private casesOf(eng: Engagement): SynthMessage | null {
    const rng = this.rng;
    const kind = eng.project.kind;
    let sedType: string;
    switch (kind) {
      case 'posting':
      case 'self-employed':
        sedType = 'A009';
        break;
      case 'multistate':
        sedType = rng.chance(0.75) ? 'A003' : 'A012';
        break;
      case 'exception':
        sedType = rng.chance(0.6) ? 'A001' : 'A011';
        break;
      case 'other':
        sedType = 'A010';
        break;
      case 'unsupported':
        sedType = UNSUPPORTED_SED_TYPE;
        break;
    }
    const senderState = sedType === 'A001' || sedType === 'A011' || sedType === 'A012' ? eng.project.company.country : eng.legislationState;
    const issued = this.issuedOn(eng);
    const sed = buildSed(eng, sedType, rng, { issuedOn: issued });
    const c = this.newCase(eng, sed.bucType, senderState);
    const docId = rng.hex(32);
    const first = this.docMessage(c, sed, docId, 1, 'valid', eng);

    if (rng.chance(this.opts.duplicateRate)) this.later(0, 40, duplicateOf(first));
    if (rng.chance(this.opts.newVersionRate)) {
      const v2 = newVersionOf(sed, rng);
      this.later(1, 60, this.docMessage(c, v2, docId, 2, 'new-version', eng));
    }
    if (eng.anomalies.withdrawn && (sedType === 'A009' || sedType === 'A003' || sedType === 'A010')) {
      const x008 = buildSed(eng, 'X008', rng, { issuedOn: issued + rng.int(30, 200), invalidates: { sedType, issuedOn: issued } });
      x008.bucType = c.bucType;
      const m = this.docMessage(c, x008, rng.hex(32), 1, 'valid', eng);
      if (m.truth) m.truth.targetDocumentId = docId;
      this.later(61, 120, m);
    }
    if (rng.chance(0.03)) {
      const x001 = buildSed(eng, 'X001', rng, { issuedOn: issued + rng.int(60, 400) });
      x001.bucType = c.bucType;
      this.later(121, 200, this.docMessage(c, x001, rng.hex(32), 1, 'valid', eng));
    }
    if (sedType === 'A009' && rng.chance(0.03)) {
      const a008 = buildSed(eng, 'A008', rng, { issuedOn: issued + rng.int(20, 200) });
      const c2 = this.newCase(eng, a008.bucType, eng.legislationState);
      this.later(1, 100, this.docMessage(c2, a008, rng.hex(32), 1, 'valid', eng));
    }
    return first;
  }

  private bad(): SynthMessage {
    const rng = this.rng;
    const jb = rng.int(0, this.cursor.j);
    const eng = this.world.engagement(jb, 0);
    const kind = eng.project.kind;
    const sedType = kind === 'multistate' ? 'A003' : kind === 'exception' ? 'A001' : kind === 'other' ? 'A010' : 'A009';
    const sed = buildSed(eng, sedType, rng, { issuedOn: eng.certStart });
    const c = this.newCase(eng, sed.bucType, eng.legislationState);
    const isXml = c.shape === 'xml';
    const badKind: BadSedKind = rng.weighted(isXml ? BAD_SED_KINDS_XML : BAD_SED_KINDS_JSON);
    if (badKind === 'bad-date') {
      if (sed.decision?.startDate) sed.decision.startDate = impossibleDate(sed.decision.startDate, rng);
      else if (sed.request?.startDate) sed.request.startDate = impossibleDate(sed.request.startDate, rng);
      else if (sed.person?.birthDate) sed.person.birthDate = impossibleDate(sed.person.birthDate, rng);
    } else if (badKind === 'unknown-country') {
      if (sed.decision) sed.decision.legislationState = 'ZZ';
      else if (sed.request) sed.request.requestedStates = ['ZZ'];
      else if (sed.person) sed.person.nationalities = ['ZZ'];
    }
    let text = isXml ? writeXml(sed, { pretty: rng.chance(0.5) }) : c.shape === 'rina' ? writeRina(sed) : writeNav(sed);
    const headers: Record<string, string> = {
      rinaSakId: c.caseId,
      rinaDokumentId: rng.hex(32),
      rinaDokumentVersjon: '1',
      sedType: sed.sedType,
      bucType: c.bucType,
      avsenderId: c.sender[0],
      mottakerId: c.receiver[0],
    };
    switch (badKind) {
      case 'truncated':
        text = truncate(text, rng);
        break;
      case 'dtd':
        text = withDoctype(text, `ns2:${sed.sedType}`);
        break;
      case 'namespace':
        text = withUnknownNamespace(text);
        break;
      case 'duplicate-key':
        text = withDuplicateKey(text);
        break;
      case 'forbidden-key':
        text = withForbiddenKey(text);
        break;
      case 'empty':
        text = '';
        break;
      default:
        break;
    }
    return {
      topic: 'sed',
      key: c.caseId,
      headers,
      value: text,
      expect: { kind: 'bad', badCode: badCodeOf(badKind, isXml) },
      truth: { caseId: c.caseId, documentId: headers.rinaDokumentId, badKind, engagement: eng.key },
      source: sed,
      shape: c.shape,
      wrapped: false,
    };
  }
}

/** A later version of a document: the period extended (an amending decision), or a corrected remark. */
export function newVersionOf(sed: SynthSed, rng: Rng): SynthSed {
  const v2: SynthSed = {
    ...sed,
    person: sed.person ? { ...sed.person, pins: sed.person.pins.map((p) => ({ ...p })) } : null,
    decision: sed.decision ? { ...sed.decision } : null,
    request: sed.request ? { ...sed.request } : null,
  };
  if (v2.decision && v2.decision.endDate) {
    const [y, m, d] = v2.decision.endDate.split('-').map(Number);
    const nm = (m ?? 1) + rng.int(1, 3);
    const ny = (y ?? 2024) + Math.floor((nm - 1) / 12);
    const mm = ((nm - 1) % 12) + 1;
    const dd = Math.min(d ?? 1, 28);
    v2.decision.endDate = `${ny}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
  } else if (v2.request && v2.request.endDate) {
    v2.request.endDate = `${Number(v2.request.endDate.slice(0, 4)) + 1}${v2.request.endDate.slice(4, 8)}01`;
  } else {
    v2.additionalInformation = 'Corrected version: previous document contained an error.';
  }
  return v2;
}

// ---------------------------------------------------------------------------------------------------------------
// Declarations

class DeclarationStream {
  private readonly rng: Rng;
  private readonly q = new Deferred();
  private j = 0;
  private emitted = 0;

  constructor(
    private readonly world: World,
    private readonly opts: Required<Omit<CorpusOptions, 'seed' | 'seds' | 'declarations' | 'certificates'>>,
  ) {
    this.rng = Rng.for(world.seed, 'stream:declaration');
  }

  next(): SynthMessage {
    for (;;) {
      const due = this.q.popDue(this.emitted);
      if (due) return this.emit(due);
      if (this.opts.badRate > 0 && this.rng.chance(this.opts.badRate)) {
        const b = this.bad();
        if (b) return this.emit(b);
      }
      const j = this.j++;
      const project = this.world.project(j);
      if (!isDeclarable(project)) continue;
      const { initial, workers } = buildDeclaration(this.world, j);
      const anomalies = new Set<string>();
      for (const e of workers) for (const a of e.anomalyList) anomalies.add(a);
      const truth: SynthTruth = {
        project: project.key,
        company: project.company.key,
        engagements: workers.map((e) => e.key),
        anomalies: [...anomalies],
      };
      const first = this.message(initial, 'valid', truth);
      if (this.rng.chance(this.opts.duplicateRate)) this.later(0, 40, duplicateOf(first));
      if (this.rng.chance(this.opts.newVersionRate)) {
        const cancel = this.rng.chance(0.25);
        const v2 = nextDeclarationVersion(initial, this.rng, cancel);
        this.later(1, 60, this.message(v2, 'new-version', truth));
        if (!cancel && this.rng.chance(0.15)) {
          this.later(61, 120, this.message(nextDeclarationVersion(v2, this.rng, true), 'new-version', truth));
        }
      }
      return this.emit(first);
    }
  }

  private emit(m: SynthMessage): SynthMessage {
    this.emitted++;
    return m;
  }

  private later(min: number, max: number, m: SynthMessage): void {
    this.q.push(this.emitted + 1 + this.rng.int(min, max), m);
  }

  private message(d: PostingDeclaration, kind: SynthExpectKind, truth: SynthTruth): SynthMessage {
    return { topic: 'declaration', key: d.declarationId, headers: {}, value: JSON.stringify(d), expect: { kind }, truth };
  }

  private bad(): SynthMessage | null {
    const rng = this.rng;
    for (let tries = 0; tries < 50; tries++) {
      const j = rng.int(0, this.j + 20);
      if (!isDeclarable(this.world.project(j))) continue;
      const d: PostingDeclaration = { ...buildDeclaration(this.world, j).initial };
      d.declarationId = `${d.declarationId}-X${rng.int(10, 99)}`;
      const k = rng.weighted<string>([
        ['truncated', 30],
        ['bad-date', 20],
        ['unknown-country', 20],
        ['duplicate-key', 15],
        ['missing-field', 10],
        ['empty', 5],
      ]);
      let code: RejectionCode;
      let text: string;
      switch (k) {
        case 'truncated':
          text = truncate(JSON.stringify(d), rng);
          code = RejectionCodes.JSON_MALFORMED;
          break;
        case 'bad-date':
          d.startDate = impossibleDate(d.startDate, rng);
          text = JSON.stringify(d);
          code = RejectionCodes.DATE_INVALID;
          break;
        case 'unknown-country':
          d.postingUndertaking = { ...d.postingUndertaking, country: 'ZZ' };
          text = JSON.stringify(d);
          code = RejectionCodes.CODE_UNKNOWN;
          break;
        case 'duplicate-key':
          text = JSON.stringify(d).replace('"version":', `"version":${d.version + 1},"version":`);
          code = RejectionCodes.JSON_DUPLICATE_KEY;
          break;
        case 'missing-field': {
          const { startDate: _drop, ...rest } = d;
          void _drop;
          text = JSON.stringify(rest);
          code = RejectionCodes.FIELD_MISSING;
          break;
        }
        default:
          text = '';
          code = RejectionCodes.EMPTY;
      }
      return { topic: 'declaration', key: d.declarationId, headers: {}, value: text, expect: { kind: 'bad', badCode: code }, truth: { badKind: k } };
    }
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Certificates

class CertificateStream {
  private readonly rng: Rng;
  private readonly q = new Deferred();
  private readonly cursor: Cursor;
  private emitted = 0;
  private outgoing = 0;

  constructor(
    private readonly world: World,
    private readonly opts: Required<Omit<CorpusOptions, 'seed' | 'seds' | 'declarations' | 'certificates'>>,
  ) {
    this.rng = Rng.for(world.seed, 'stream:certificate');
    this.cursor = { j: 0, w: 0, workers: world.project(0).workers };
  }

  next(): SynthMessage {
    const rng = this.rng;
    for (;;) {
      const due = this.q.popDue(this.emitted);
      if (due) return this.emit(due);
      if (this.opts.badRate > 0 && rng.chance(this.opts.badRate)) return this.emit(this.bad());
      if (rng.chance(0.04)) {
        const c = buildOutgoingCertificate(this.world, this.outgoing++);
        return this.emit(this.message(c, 'valid', { outgoing: true }));
      }
      const eng = this.world.engagement(this.cursor.j, this.cursor.w);
      advance(this.world, this.cursor);
      if (!eng.hasCertificate) continue;
      const truth: SynthTruth = {
        engagement: eng.key,
        project: eng.project.key,
        person: eng.person.key,
        company: eng.project.company.key,
        anomalies: eng.anomalyList,
      };
      const cert = buildCertificate(this.world, eng);
      const first = this.message(cert, 'valid', truth);
      if (rng.chance(this.opts.duplicateRate)) this.later(0, 40, duplicateOf(first));
      let last = cert;
      if (rng.chance(this.opts.newVersionRate)) {
        last = nextCertificateEvent(cert, rng, false);
        this.later(1, 60, this.message(last, 'new-version', truth));
      }
      if (eng.anomalies.withdrawn) this.later(61, 120, this.message(nextCertificateEvent(last, rng, true), 'new-version', truth));
      if (rng.chance(0.01)) this.later(0, 10, this.message(buildLegacyE101(this.world, eng), 'valid', { ...truth, legacy: true }));
      return this.emit(first);
    }
  }

  private emit(m: SynthMessage): SynthMessage {
    this.emitted++;
    return m;
  }

  private later(min: number, max: number, m: SynthMessage): void {
    this.q.push(this.emitted + 1 + this.rng.int(min, max), m);
  }

  private message(c: CertificateEvent, kind: SynthExpectKind, truth: SynthTruth): SynthMessage {
    return { topic: 'certificate', key: c.certificateNumber, headers: {}, value: JSON.stringify(c), expect: { kind }, truth };
  }

  private bad(): SynthMessage {
    const rng = this.rng;
    const c: CertificateEvent = { ...buildOutgoingCertificate(this.world, 1_000_000 + rng.int(0, 1_000_000)) };
    c.certificateNumber = `${c.certificateNumber}-X${rng.int(10, 99)}`;
    const k = rng.weighted<string>([
      ['truncated', 30],
      ['bad-date', 25],
      ['unknown-country', 20],
      ['duplicate-key', 15],
      ['empty', 10],
    ]);
    let text: string;
    let code: RejectionCode;
    switch (k) {
      case 'truncated':
        text = truncate(JSON.stringify(c), rng);
        code = RejectionCodes.JSON_MALFORMED;
        break;
      case 'bad-date':
        c.endDate = impossibleDate(c.endDate, rng);
        text = JSON.stringify(c);
        code = RejectionCodes.DATE_INVALID;
        break;
      case 'unknown-country':
        c.legislationState = 'ZZ';
        text = JSON.stringify(c);
        code = RejectionCodes.CODE_UNKNOWN;
        break;
      case 'duplicate-key':
        text = JSON.stringify(c).replace('"kind":', '"kind":"E101","kind":');
        code = RejectionCodes.JSON_DUPLICATE_KEY;
        break;
      default:
        text = '';
        code = RejectionCodes.EMPTY;
    }
    return { topic: 'certificate', key: c.certificateNumber, headers: {}, value: text, expect: { kind: 'bad', badCode: code }, truth: { badKind: k } };
  }
}

// ---------------------------------------------------------------------------------------------------------------

function checkRate(name: string, v: number): number {
  if (!Number.isFinite(v) || v < 0 || v > 1) throw new RangeError(`${name} must be between 0 and 1, got ${v}`);
  return v;
}

/**
 * The corpus as a lazy generator. Same options → same messages, byte for byte. The three topics are interleaved
 * evenly (each topic's messages spread over the whole run); within a topic, later versions, duplicates and
 * invalidations come after what they refer to.
 */
export function* generateCorpus(opts: CorpusOptions): Generator<SynthMessage, void, undefined> {
  const counts = [opts.seds, opts.declarations, opts.certificates];
  for (const n of counts) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`message counts must be non-negative integers, got ${n}`);
  }
  const mix = opts.shapeMix ?? DEFAULT_SHAPE_MIX;
  if (mix.xml < 0 || mix.rina < 0 || mix.nav < 0 || mix.xml + mix.rina + mix.nav <= 0) {
    throw new RangeError('shapeMix weights must be non-negative and not all zero');
  }
  const resolved = {
    shapeMix: mix,
    duplicateRate: checkRate('duplicateRate', opts.duplicateRate ?? 0.02),
    newVersionRate: checkRate('newVersionRate', opts.newVersionRate ?? 0.05),
    badRate: checkRate('badRate', opts.badRate ?? 0),
    eventRate: checkRate('eventRate', opts.eventRate ?? 0.1),
  };
  const world = corpusWorld(opts, resolved);
  const streams: { next(): SynthMessage }[] = [
    new SedStream(world, resolved),
    new DeclarationStream(world, resolved),
    new CertificateStream(world, resolved),
  ];
  const emitted = [0, 0, 0];
  const total = opts.seds + opts.declarations + opts.certificates;
  for (let i = 0; i < total; i++) {
    let best = -1;
    let bestRatio = Infinity;
    for (let t = 0; t < 3; t++) {
      const target = counts[t] ?? 0;
      const done = emitted[t] ?? 0;
      if (done >= target) continue;
      const ratio = (done + 1) / target;
      if (ratio < bestRatio) {
        bestRatio = ratio;
        best = t;
      }
    }
    const stream = streams[best];
    if (!stream) return;
    emitted[best] = (emitted[best] ?? 0) + 1;
    yield stream.next();
  }
}

const clamp = (v: number, lo: number, hi: number): number => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : hi);

/**
 * The world a corpus is drawn from. Each topic walks the projects at its own pace, so with the default shares a
 * short certificate stream would stop long before the declarations do (at 20 000 SEDs: project ~3 400 against
 * ~7 250), leaving honest declared workers with neither SED nor certificate. A deterministic dry walk finds how
 * far the declarations reach and thins the certificates (and the optional A009 next to a certificate) so that
 * each attestation stream covers that span, a little beyond. Streams with room to spare keep the default shares
 * and simply run further. Message multiplicities (duplicates, versions, follow-ups) are approximated.
 */
export function corpusWorld(opts: CorpusOptions, rates: { duplicateRate?: number; newVersionRate?: number; badRate?: number } = {}): World {
  const engagements = Math.ceil(Math.max(opts.seds * 0.9, opts.certificates * 1.2, opts.declarations * 2.8, 50));
  if (opts.declarations <= 0) return new World(opts.seed, { engagements });
  const dup = rates.duplicateRate ?? opts.duplicateRate ?? 0.02;
  const nv = rates.newVersionRate ?? opts.newVersionRate ?? 0.05;
  const bad = rates.badRate ?? opts.badRate ?? 0;
  const probe = new World(opts.seed, { engagements });
  // Declarations: one per declarable project, plus duplicates, amendments and cancellations (corpus.ts).
  const perDeclaration = 1 + dup + nv * 1.1125;
  let spent = 0;
  let horizon = Infinity;
  let walked = 0;
  let bilateral = 0; // eligible engagements that can only be covered by a certificate
  let posting = 0; // eligible posted workers: a certificate, an A009, or both
  let other = 0; // eligible workers of other kinds: always a SED
  for (let j = 0; j < horizon && j < engagements * 4; j++) {
    const p = probe.project(j);
    spent += bad + (isDeclarable(p) ? perDeclaration : 0);
    if (spent >= opts.declarations && horizon === Infinity) horizon = Math.ceil(j * 1.05) + 1;
    for (let w = 0; w < p.workers; w++) {
      const e = probe.engagement(j, w);
      walked++;
      if (e.anomalies.noCertificate) continue;
      if (p.company.bilateral) bilateral++;
      else if (p.kind === 'posting') posting++;
      else other++;
    }
  }
  const perCertificate = 1 + dup + nv + 0.03;
  const certificateShare = clamp(((opts.certificates - walked * (0.04 + bad)) / perCertificate - bilateral) / (posting + other), 0.05, 0.9);
  const perSed = 1 + dup + nv + 0.06;
  const sedWithCertificateShare =
    posting === 0 ? 0.85 : clamp(((opts.seds - walked * bad) / perSed - other - (1 - certificateShare) * posting) / (certificateShare * posting), 0, 0.85);
  return new World(opts.seed, { engagements, certificateShare, sedWithCertificateShare });
}

/** Country of an institution id (`EL:EFKA0001` → `GR`). */
export function institutionCountry(id: string): string {
  const cc = id.slice(0, 2);
  return cc === 'EL' ? 'GR' : cc === 'UK' ? 'GB' : cc;
}

export { eessiCountry };
