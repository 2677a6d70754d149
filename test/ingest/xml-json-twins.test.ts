/**
 * XML documents built by hand to the official A001 and A009 XSDs carry the same data as NAV's
 * JSON samples: ingesting either gives the same canonical record, apart from what the format
 * itself decides (source format, CDM version, original spellings) and one documented gap:
 * CDM 4.4 has a single fixed-place-of-work indicator per document where NAV JSON has one per
 * work place, so `noFixedAddress` cannot agree on samples that mix the two.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { prepareMessage } from '../../core/ingest/prepare.js';
import type { SedContent } from '../../core/model/canonical.js';
import { loadSample, referenceAvailable } from '../sed/nav/samples.js';

const limits = { maxBytes: 5 * 1024 * 1024, maxDepth: 64 };

function ingestContent(body: Buffer): SedContent {
  const p = prepareMessage({ source: 'test', topic: null, partition: null, offset: null, key: null, headers: {}, body }, limits);
  if (p.outcome.type !== 'sed') throw new Error(`not stored as a SED: ${JSON.stringify(p.outcome)}`);
  return p.outcome.sed.content;
}

function comparable(c: SedContent): unknown {
  const { sourceFormat: _f, cdmVersion: _v, originals: _o, ...rest } = c;
  return { ...rest, workplaces: rest.workplaces.map(({ noFixedAddress: _n, ...w }) => w) };
}

describe.skipIf(!referenceAvailable)('XML and NAV JSON twins', () => {
  test.each([
    ['A009', 'A009-cdm4.4-nav-sedA009.xml', 'sedA009.json'],
    ['A001', 'A001-cdm4.4-nav-sedA001.xml', 'sedA001.json'],
  ])('%s: same canonical record', (_type, xmlFile, jsonFile) => {
    const xml = ingestContent(readFileSync(new URL(`../fixtures/xml/${xmlFile}`, import.meta.url)));
    const json = ingestContent(Buffer.from(JSON.stringify(loadSample(jsonFile)), 'utf8'));
    expect(xml.sourceFormat).toBe('xml');
    expect(json.sourceFormat).toBe('nav-json');
    expect(comparable(xml)).toEqual(comparable(json));
  });
});
