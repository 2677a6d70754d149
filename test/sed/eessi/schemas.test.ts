/**
 * Our per-SED-type definitions (schemas/sed/) against the official CDM 4.4 schemas: every path exists,
 * lengths and "required" agree with the XSD. Uses reference/xsd/TREES.md when it is there.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERIC, MAX_LENGTH, SED_DEFINITIONS, getSedDefinition } from '../../../schemas/sed/index.js';
import type { FieldDef, SedDefinition } from '../../../schemas/sed/index.js';
import { referencePath } from './helpers.js';

interface TreeNode {
  min: number;
  type: string | null;
}

/** Parse TREES.md: `## A001 (...)` then an indented tree, `name [min..max]  :Type`. */
function parseTrees(text: string): Map<string, Map<string, TreeNode>> {
  const out = new Map<string, Map<string, TreeNode>>();
  let current: Map<string, TreeNode> | null = null;
  const stack: string[] = [];
  for (const line of text.split('\n')) {
    const h = /^## (A\d{3}) /.exec(line);
    if (h?.[1] !== undefined) {
      current = new Map();
      out.set(h[1], current);
      stack.length = 0;
      continue;
    }
    if (current === null || line.startsWith('```') || line.trim() === '') continue;
    const m = /^( *)(\(choice\)|\w+)(?: \[(\d+)\.\.(\w+)\])?(?:\s+:(\w+))?\s*$/.exec(line);
    if (m === null) continue;
    const depth = (m[1] ?? '').length / 2;
    const name = m[2] ?? '';
    stack.length = depth;
    stack.push(name);
    if (name === '(choice)') continue;
    const path = stack.filter((s) => s !== '(choice)').join('/');
    current.set(path, { min: m[3] === undefined ? 1 : Number(m[3]), type: m[5] ?? null });
  }
  return out;
}

const LENGTH_OF_TYPE: Record<string, number> = {
  EESSIPersonNameType: MAX_LENGTH.personName,
  EESSIPINType: MAX_LENGTH.pin,
  EESSIMediumStringType: MAX_LENGTH.medium,
  EESSIShortStringType: MAX_LENGTH.short,
  EESSITinyStringType: MAX_LENGTH.tiny,
  EESSILongStringType: MAX_LENGTH.long,
  EESSIVeryLongStringType: MAX_LENGTH.veryLong,
};

/** `A/(B|C)/d` -> [`A/B/d`, `A/C/d`]. */
function expandAlternatives(path: string): string[] {
  let out = [''];
  for (const seg of path.split('/')) {
    const alts = seg.replace(/^\((.*)\)$/, '$1').split('|');
    out = out.flatMap((p) => alts.map((a) => (p === '' ? a : `${p}/${a}`)));
  }
  return out;
}

const definitions: SedDefinition[] = [...Object.values(SED_DEFINITIONS), GENERIC];

describe('SED definitions', () => {
  it('cover A001, A003, A008, A009, A010, A011, A012, and fall back to the generic one', () => {
    expect(Object.keys(SED_DEFINITIONS).sort()).toEqual(['A001', 'A003', 'A008', 'A009', 'A010', 'A011', 'A012']);
    expect(getSedDefinition('X008')).toBe(GENERIC);
    expect(getSedDefinition('A009').sedType).toBe('A009');
  });

  it.each(definitions.map((d) => [d.sedType, d] as const))('%s: every field is well formed', (_t, def) => {
    for (const f of def.fields) {
      if (f.within !== undefined) expect(f.path.startsWith(`${f.within}/`), f.path).toBe(true);
      expect(f.path).not.toMatch(/^\/|\/$|\/\//);
      if (f.maxLength !== null) expect(f.maxLength).toBeGreaterThan(0);
      if (f.mandatory && f.within === undefined) expect(f.xsdRequired || def.xsd === null, f.path).toBe(true);
    }
  });

  const treesFile = referencePath('xsd/TREES.md');
  const trees = treesFile === null ? null : parseTrees(readFileSync(treesFile, 'utf8'));
  const official = definitions.filter((d) => d.xsd !== null);

  it.skipIf(trees === null).each(official.map((d) => [d.sedType, d] as const))('%s: paths, lengths and "required" agree with the official XSD', (t, def) => {
    if (trees === null) return;
    const tree = trees.get(t);
    expect(tree, `TREES.md has ${t}`).toBeDefined();
    if (tree === undefined) return;
    expect(tree.get('Person/PersonIdentification/familyName')).toEqual({ min: 1, type: 'EESSIPersonNameType' });
    expect(tree.get('Person/PersonIdentification/familyNameAtBirth')?.min).toBe(0);
    const check = (f: FieldDef): void => {
      for (const path of expandAlternatives(f.path)) {
        if (path.includes('*')) continue;
        const node = tree.get(path);
        expect(node, `${t}: ${path} is in the XSD`).toBeDefined();
        if (node === undefined) continue;
        if (node.type !== null && LENGTH_OF_TYPE[node.type] !== undefined) {
          expect(f.maxLength, `${t}: ${path} max length`).toBe(LENGTH_OF_TYPE[node.type]);
        }
        // required: every element from the container (or the root) down to the field has minOccurs >= 1
        const start = f.within === undefined ? 0 : f.within.split('/').length;
        const segments = path.split('/');
        let required = true;
        for (let i = start; i < segments.length; i++) {
          const n = tree.get(segments.slice(0, i + 1).join('/'));
          if (n !== undefined && n.min === 0) required = false;
        }
        expect(f.xsdRequired, `${t}: ${path} xsdRequired`).toBe(required);
      }
    };
    def.fields.forEach(check);
    // the employer blocks, person and address paths the reader uses exist too
    for (const e of def.employers) expect(tree.has(e.path), `${t}: ${e.path}`).toBe(true);
    for (const p of def.personPaths) expect(tree.has(p), `${t}: ${p}`).toBe(true);
    if (def.addressesPath !== null) expect(tree.has(def.addressesPath)).toBe(true);
    if (def.placeWorkPath !== null) expect(tree.has(def.placeWorkPath)).toBe(true);
    if (def.decision !== null) {
      expect(tree.has(def.decision.block)).toBe(true);
      for (const p of def.decision.articlePaths) expect(tree.has(p), `${t}: ${p}`).toBe(true);
    }
  });
});
