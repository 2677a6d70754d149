/**
 * The one-pass XML reader (core/sed/eessi/xml-tree.ts): which documents it refuses as not
 * well-formed, what it tolerates, the tree it builds, and that it is at least as strict as the
 * fast-xml-parser validator it replaced (fuzzed, fixed seed).
 */
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { RejectionCodes } from '../../../core/errors.js';
import { readXmlTree } from '../../../core/sed/eessi/xml-tree.js';
import { validDocuments } from '../../support/hostile-corpus.js';
import { mutateText, mutateXml, textMutation, xmlMutation } from '../../hostile/fuzz-support.js';
import { expectRejection } from './helpers.js';

const read = (xml: string): unknown => readXmlTree(xml, 64).content;
const doc = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<r xmlns="urn:x">${body}</r>`;

describe('refused as not well-formed (XML_MALFORMED)', () => {
  it.each([
    ['a broken XML declaration', '<?xml vers="1.0"?><r/>'],
    ['an XML declaration after white space', ' <?xml version="1.0"?><r/>'],
    ['an XML declaration inside the root', doc('<?xml version="1.0"?>')],
    ['text before the root', 'x<r/>'],
    ['an entity reference after the root', `${doc('')}&amp;`],
    ['CDATA outside the root', '<![CDATA[x]]><r/>'],
    ['markup declarations in content', doc('<!ELEMENT x ANY>')],
    ['an unquoted attribute', doc('<a k=1/>')],
    ['attributes without white space between them', doc('<a k="1"j="2"/>')],
    ['an attribute given twice', doc('<a k="1" k="2"/>')],
    ['a mismatched closing tag', doc('<a>1</b>')],
    ['an unclosed element', '<r><a>1</a>'],
    ['an unclosed comment', doc('<!-- x')],
    ['a name starting with a digit', doc('<1a>1</1a>')],
    ['a bare ampersand in text', doc('<a>A & B</a>')],
    ['an ampersand without a semicolon', doc('<a>A &amp B</a>')],
    ['a bare ampersand in an attribute', doc('<a k="A & B"/>')],
    ['an undeclared entity', doc('<a>&nbsp;</a>')],
    ['a reference to U+0000', doc('<a>&#0;</a>')],
    ['a reference beyond Unicode', doc('<a>&#x110000;</a>')],
    ['a <__proto__> element', doc('<__proto__>1</__proto__>')],
    ['a constructor attribute', doc('<a constructor="1"/>')],
    ['two roots', '<r/><r/>'],
    ['no root', '<?xml version="1.0"?>'],
  ])('%s', (_name, xml) => {
    expectRejection(() => readXmlTree(xml, 64), RejectionCodes.XML_MALFORMED);
  });

  it('names the line of the fault', () => {
    const r = expectRejection(() => readXmlTree('<r>\n<a>\n</b></r>', 64), RejectionCodes.XML_MALFORMED);
    expect(r.message).toMatch(/^malformed XML at line 3: /);
  });
});

describe('tolerated, as the validator used before did', () => {
  it.each([
    ['"<" in an attribute value', doc('<a k="<"/>')],
    ['"--" inside a comment', doc('<!-- a -- b --><a>1</a>')],
    ['"]]>" in text', doc('<a>x ]]> y</a>')],
    ['processing instructions and comments around the root', '<?xml version="1.0"?><?pi x?><!-- c --><r><?p y?><a>1</a></r><!-- d --><?q?>\n'],
  ])('%s', (_name, xml) => {
    expect(() => readXmlTree(xml, 64)).not.toThrow();
  });
});

describe('the tree', () => {
  it('gives a leaf its trimmed text, entities decoded once, CR LF as LF, CDATA as written', () => {
    expect(read(doc('<a> M&#252;ller &amp;lt; </a><b>1\r\n2\r3</b><c><![CDATA[A &amp; B]]></c><d/><e>  </e>'))).toEqual({
      a: 'Müller &lt;',
      b: '1\n2\n3',
      c: 'A &amp; B',
      d: '',
      e: '',
    });
  });

  it('lists repeated elements and drops the text of mixed content', () => {
    expect(read(doc('<v>1</v><v>2</v><m>x<b>1</b>y</m>'))).toEqual({ v: ['1', '2'], m: { b: '1' } });
  });

  it('strips prefixes and merges same-named siblings in document order per original name', () => {
    expect(read(doc('<a>1</a><p:a xmlns:p="urn:p">2</p:a><a>3</a>'))).toEqual({ a: ['1', '3', '2'] });
  });

  it('keeps the root attributes aside, decoded, and builds objects without prototypes', () => {
    const root = readXmlTree('<ns2:A009 xmlns:ns2="urn:x" sedVer="&#52;"><a><b>1</b></a></ns2:A009>', 64);
    expect(root.name).toBe('ns2:A009');
    expect(root.attributes).toEqual({ 'xmlns:ns2': 'urn:x', sedVer: '4' });
    expect(Object.getPrototypeOf(root.content)).toBeNull();
    expect(Object.getPrototypeOf((root.content as Record<string, unknown>)['a'])).toBeNull();
  });

  it('accepts maxDepth levels and refuses one more (TOO_DEEP), the root being level 1', () => {
    const nested = (levels: number): string => `<r>${'<x>'.repeat(levels - 1)}v${'</x>'.repeat(levels - 1)}</r>`;
    expect(() => readXmlTree(nested(64), 64)).not.toThrow();
    const r = expectRejection(() => readXmlTree(nested(65), 64), RejectionCodes.TOO_DEEP);
    expect(r.path).toBe(`r${'.x'.repeat(63)}`);
  });
});

describe('at least as strict as the fast-xml-parser validator it replaced', () => {
  const bases = validDocuments().filter((d) => d.kind === 'xml');

  it('refuses every mutated document the validator refuses (fixed seed)', () => {
    let refusedByBoth = 0;
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.array(xmlMutation, { minLength: 1, maxLength: 3 }), textMutation, (base, mutations, tm) => {
        const xml = mutateText(mutations.reduce((x, m) => mutateXml(x, m), base.text), tm);
        if (XMLValidator.validate(xml) === true) return;
        let refused = false;
        try {
          readXmlTree(xml, 64);
        } catch {
          refused = true;
        }
        expect(refused, xml.slice(0, 300)).toBe(true);
        refusedByBoth++;
      }),
      { seed: 60606, numRuns: 800 },
    );
    expect(refusedByBoth).toBeGreaterThan(50);
  }, 240_000); // a loaded 2-core CI machine; about a second normally
});
