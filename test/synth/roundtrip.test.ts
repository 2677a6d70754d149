/**
 * Generated documents read back by the pipeline's readers give the generated values, in all three shapes; the
 * whole corpus goes through the input classifier with the expected outcome (accepted, or rejected with the
 * expected code).
 */
import { describe, expect, it } from 'vitest';
import { isRejection } from '../../core/errors.js';
import { classifyMessage } from '../../core/input/classify.js';
import type { SedContent } from '../../core/model/canonical.js';
import { readEessiXml } from '../../core/sed/eessi/read-xml.js';
import { readRinaJson } from '../../core/sed/eessi/read-rina.js';
import { readNavJson } from '../../core/sed/nav/read-nav.js';
import {
  buildSed,
  generateCorpus,
  Rng,
  SUPPORTED_SED_TYPES,
  toSedContent,
  UNSUPPORTED_SED_TYPE,
  World,
  writeNav,
  writeRina,
  writeXml,
  type ProjectKind,
  type Shape,
  type SynthSed,
} from '../../core/synth/index.js';

const LIMITS = { maxBytes: 10_000_000, maxDepth: 64 };

function read(sed: SynthSed, shape: Shape): SedContent {
  switch (shape) {
    case 'xml':
      return readEessiXml(writeXml(sed));
    case 'rina':
      return readRinaJson(JSON.parse(writeRina(sed)) as Record<string, unknown>);
    case 'nav':
      return readNavJson(JSON.parse(writeNav(sed)) as Record<string, unknown>);
  }
}

const withoutOriginals = (c: SedContent): SedContent => ({ ...c, originals: {} });
const shapeFree = (c: SedContent): Omit<SedContent, 'originals' | 'sourceFormat' | 'cdmVersion'> => {
  const { originals: _o, sourceFormat: _s, cdmVersion: _c, ...rest } = c;
  return rest;
};

const KIND_OF_TYPE: Readonly<Record<string, ProjectKind>> = {
  A001: 'exception',
  A011: 'exception',
  A003: 'multistate',
  A012: 'multistate',
  A010: 'other',
  A009: 'posting',
  A008: 'posting',
  X001: 'posting',
  X008: 'posting',
  [UNSUPPORTED_SED_TYPE]: 'unsupported',
};

describe('round trip through the readers: each SED type in each shape', () => {
  const world = new World(31, { engagements: 5000 });
  const types = [...SUPPORTED_SED_TYPES, UNSUPPORTED_SED_TYPE];

  for (const type of types) {
    it(`${type}: XML, RINA JSON and NAV JSON read back to the generated values and agree`, () => {
      let tested = 0;
      for (let j = 0; j < 3000 && tested < 25; j++) {
        const p = world.project(j);
        if (p.kind !== KIND_OF_TYPE[type]) continue;
        for (let w = 0; w < p.workers && tested < 25; w++) {
          const eng = world.engagement(j, w);
          const rng = Rng.for(31, `rt:${type}`, j, w);
          const issuedOn = eng.certStart - 10;
          const sed = buildSed(eng, type, rng, { issuedOn, invalidates: { sedType: 'A009', issuedOn: issuedOn - 100 } });
          const got = { xml: read(sed, 'xml'), rina: read(sed, 'rina'), nav: read(sed, 'nav') };
          for (const shape of ['xml', 'rina', 'nav'] as const) {
            expect(withoutOriginals(got[shape]), `${type} ${shape} ${eng.key}`).toEqual(toSedContent(sed, shape));
          }
          expect(shapeFree(got.rina)).toEqual(shapeFree(got.xml));
          expect(shapeFree(got.nav)).toEqual(shapeFree(got.xml));
          tested++;
        }
      }
      expect(tested).toBeGreaterThan(0);
    });
  }
});

describe('the whole corpus through the input classifier', () => {
  it('accepts valid messages with the generated content and rejects bad ones with the expected code', { timeout: 120_000 }, () => {
    const problems: string[] = [];
    const counts = { accepted: 0, rejected: 0 };
    for (const m of generateCorpus({ seed: 17, seds: 6000, declarations: 1500, certificates: 2500, badRate: 0.04, eventRate: 0.3 })) {
      let result: ReturnType<typeof classifyMessage> | null = null;
      let error: unknown = null;
      try {
        result = classifyMessage(Buffer.from(m.value, 'utf8'), m.headers, LIMITS);
      } catch (e) {
        error = e;
      }
      if (m.expect.kind === 'bad') {
        const code = isRejection(error) ? error.code : error ? `non-rejection: ${String(error)}` : 'accepted';
        if (code !== m.expect.badCode) problems.push(`${m.topic} ${m.truth?.badKind ?? ''} ${m.shape ?? ''}: expected ${m.expect.badCode ?? ''}, got ${code}`);
        else counts.rejected++;
        continue;
      }
      if (!result) {
        problems.push(`${m.topic} ${m.source?.sedType ?? ''} ${m.shape ?? ''}: rejected ${isRejection(error) ? `${error.code} at ${error.path ?? ''}: ${error.message}` : String(error)}`);
        continue;
      }
      counts.accepted++;
      expect(result.kind).toBe(m.topic);
      if (result.kind === 'sed' && m.source && m.shape) {
        const got = withoutOriginals(result.content);
        const want = toSedContent(m.source, m.shape);
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          expect(got, `${m.source.sedType} ${m.shape} ${m.truth?.documentId ?? ''}`).toEqual(want);
        }
        expect(result.envelope.rinaSakId ?? m.key).toBe(m.key);
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(counts.accepted).toBeGreaterThan(9000);
    expect(counts.rejected).toBeGreaterThan(200);
  });
});
