/**
 * Well-formed XML text -> the intermediate tree, in one pass: the document is checked, its entities
 * decoded and the tree built while reading, with no intermediate DOM and no second validating pass.
 *
 * Scope: what is left of XML 1.0 once parse-xml.ts has refused document type and entity declarations
 * and characters XML does not allow: an XML declaration at the very start, comments, processing
 * instructions, elements and attributes, character data, CDATA sections, the five predefined
 * entities and character references. Refused (XML_MALFORMED): a bad name, an unclosed or mismatched
 * tag, an attribute without a quoted value, without white space before it or given twice, a `&` that
 * does not start a predefined entity or a reference to a legal character, text or a second element
 * outside the root, an XML declaration anywhere but at the start, `<!` markup other than comments
 * and CDATA (inside the root); and the names `__proto__`, `constructor`, `prototype`, which the JSON
 * readers refuse too. Tolerated, as the validator used before did: `<` in an attribute value, `--`
 * inside a comment, `]]>` in text. The walk is iterative, so nesting costs no stack, and it stops at
 * `maxDepth` (TOO_DEEP).
 *
 * Tree shape (as before, with fast-xml-parser): attributes dropped, except the root's, returned
 * aside; an element without child elements is its text (text, entities decoded, and CDATA, line ends
 * normalised to LF, trimmed as a whole); an element with child elements is an object of them, its
 * own text dropped; repeated names become lists; a prefix is stripped from a name, and siblings that
 * then share a name are merged into one list, in document order per original name.
 */
import { RejectionCodes, RejectionError } from '../../errors.js';
import { newObject } from './tree.js';
import type { EessiNode, EessiObject } from './tree.js';

export interface XmlRootElement {
  /** Qualified name of the root element (`ns2:A009`). */
  readonly name: string;
  /** The root's attributes by qualified name, values decoded. */
  readonly attributes: Readonly<Record<string, string>>;
  /** The root's content: its text, or an object of its child elements. */
  readonly content: EessiNode;
}

/** An open element. */
interface Frame {
  readonly name: string;
  /** Children by qualified name, created with the first child. */
  children: EessiObject | null;
  /** Text so far; no longer kept once a child element makes it mixed content (dropped). */
  text: string;
  /** A child name has a prefix: merge by local name when the element closes. */
  prefixed: boolean;
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Element and attribute names that would be prototype keys in a plain object; refused like the JSON keys. */
const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

// Name characters (XML 1.0 fifth edition, productions 4 and 4a). ASCII goes through a table.
const NAME_START_RE =
  /^[:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]$/u;
const NAME_CHAR_RE =
  /^[-.0-9:A-Z_a-z\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]$/u;
const ASCII_NAME = new Uint8Array(128); // 1: may start a name, 2: may continue one
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  ASCII_NAME[c] = /[:A-Z_a-z]/.test(ch) ? 1 : /[-.0-9]/.test(ch) ? 2 : 0;
}

/** XMLDecl (production 23): version, then optionally encoding and standalone, in that order. */
const XML_DECLARATION_RE =
  /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"1\.[0-9]+"|'1\.[0-9]+')(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"[A-Za-z][\w.-]*"|'[A-Za-z][\w.-]*'))?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\r\n]*\?>/;

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** Could this character continue a name? (Used only where a name must end: `>` or white space follow.) */
function continuesName(c: number): boolean {
  return c >= 128 || (c < 128 && (ASCII_NAME[c] as number) !== 0);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/**
 * Decode the predefined entities and character references of a text or attribute value, in one
 * pass (a decoded `&` never starts another reference).
 * @throws RejectionError XML_MALFORMED for an undeclared entity, a reference to an illegal
 *   character, or a `&` that starts no reference.
 */
export function decodeXmlEntities(text: string): string {
  let amp = text.indexOf('&');
  if (amp === -1) return text;
  let out = '';
  let from = 0;
  while (amp !== -1) {
    const semi = text.indexOf(';', amp + 1);
    // A reference is short: a longer run is a bare `&` followed by text with a `;` somewhere.
    if (semi === -1 || semi - amp > 40) throw malformedAt(null, `"&" does not start an entity or character reference`);
    out += text.slice(from, amp) + referenced(text.slice(amp + 1, semi));
    from = semi + 1;
    amp = text.indexOf('&', from);
  }
  return out + text.slice(from);
}

function referenced(ref: string): string {
  if (ref.charCodeAt(0) === 0x23 /* # */) {
    const hex = ref.charCodeAt(1) === 0x78; /* x */
    const digits = ref.slice(hex ? 2 : 1);
    if (!(hex ? /^[0-9a-fA-F]{1,16}$/ : /^[0-9]{1,16}$/).test(digits)) {
      throw malformedAt(null, `malformed character reference "&${ref.slice(0, 20)};"`);
    }
    const cp = Number.parseInt(digits, hex ? 16 : 10);
    if (!isXmlChar(cp)) {
      throw new RejectionError(RejectionCodes.XML_MALFORMED, `character reference to an illegal character (${cp > 0x10ffff ? ref.slice(0, 20) : cp})`);
    }
    return String.fromCodePoint(cp);
  }
  const v = PREDEFINED[ref];
  if (v === undefined) {
    if (!/^[A-Za-z_:][\w.:-]*$/.test(ref)) throw malformedAt(null, `"&" does not start an entity or character reference`);
    throw new RejectionError(RejectionCodes.XML_MALFORMED, `undeclared entity "&${ref.slice(0, 20)};"`);
  }
  return v;
}

function malformedAt(line: number | null, msg: string): RejectionError {
  return new RejectionError(RejectionCodes.XML_MALFORMED, line === null ? `malformed XML: ${msg}` : `malformed XML at line ${line}: ${msg}`);
}

/** XML line-end handling: CR LF and a lone CR are read as LF. */
function normaliseLineEnds(s: string): string {
  return s.indexOf('\r') === -1 ? s : s.replace(/\r\n?/g, '\n');
}

/**
 * Read a whole document.
 * @throws RejectionError XML_MALFORMED (not well-formed, or no root element), TOO_DEEP (an element
 *   nested deeper than `maxDepth`, the root being level 1).
 */
export function readXmlTree(text: string, maxDepth: number): XmlRootElement {
  return new TreeReader(text, maxDepth).read();
}

class TreeReader {
  private pos = 0;
  private readonly stack: Frame[] = [];
  private root: XmlRootElement | null = null;
  private rootAttributes: Record<string, string> | null = null;
  /** Index of the next `&` at or after pos (text.length when none): one search per document, not per text. */
  private nextAmp = -1;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  read(): XmlRootElement {
    const text = this.text;
    const n = text.length;
    if (text.startsWith('<?xml') && (isSpace(text.charCodeAt(5)) || text.charCodeAt(5) === 0x3f)) {
      const decl = XML_DECLARATION_RE.exec(text);
      if (decl === null) throw this.malformed(0, 'malformed XML declaration');
      this.pos = decl[0].length;
    }
    while (this.pos < n) {
      const lt = text.indexOf('<', this.pos);
      const end = lt === -1 ? n : lt;
      if (end > this.pos) this.characters(end);
      if (lt === -1) break;
      const c = text.charCodeAt(lt + 1);
      if (c === 0x2f /* / */) this.endTag(lt);
      else if (c === 0x21 /* ! */) this.markupDeclaration(lt);
      else if (c === 0x3f /* ? */) this.skipInstruction(lt);
      else this.startTag(lt);
    }
    if (this.stack.length > 0) {
      throw this.malformed(n, `element <${this.clip((this.stack[this.stack.length - 1] as Frame).name)}> is not closed`);
    }
    if (this.root === null) throw this.malformed(n, 'no root element');
    return this.root;
  }

  /** Character data from pos to `end` (the next `<` or the end of the text). */
  private characters(end: number): void {
    const text = this.text;
    const frame = this.stack[this.stack.length - 1];
    if (frame === undefined) {
      // Outside the root only white space may stand.
      for (let i = this.pos; i < end; i++) {
        if (!isSpace(text.charCodeAt(i))) throw this.malformed(i, `text outside the root element`);
      }
      this.pos = end;
      return;
    }
    if (this.nextAmp < this.pos) {
      this.nextAmp = text.indexOf('&', this.pos);
      if (this.nextAmp === -1) this.nextAmp = text.length;
    }
    const hasReference = this.nextAmp < end;
    if (frame.children === null) {
      const piece = text.slice(this.pos, end);
      frame.text += hasReference ? this.decodeAt(piece, this.pos) : normaliseLineEnds(piece);
    } else if (hasReference) {
      // Mixed content is dropped, but must still be well-formed.
      this.decodeAt(text.slice(this.pos, end), this.pos);
    }
    this.pos = end;
  }

  private decodeAt(raw: string, at: number): string {
    try {
      return normaliseLineEnds(decodeXmlEntities(raw));
    } catch (err) {
      if (err instanceof RejectionError) {
        throw new RejectionError(err.code, err.message.replace(/^malformed XML: /, `malformed XML at line ${this.lineOf(at)}: `));
      }
      throw err;
    }
  }

  /** `<name attr="v" ...>` or `<name .../>`, `lt` at the `<`. */
  private startTag(lt: number): void {
    const text = this.text;
    if (this.root !== null) throw this.malformed(lt, 'more than one root element');
    const nameEnd = this.nameEnd(lt + 1);
    if (nameEnd === lt + 1) throw this.malformed(lt, `"<" not followed by a tag name`);
    const name = text.slice(lt + 1, nameEnd);
    if (RESERVED_NAMES.has(name)) throw this.malformed(lt, `element name "${name}" is not accepted`);
    const depth = this.stack.length + 1;
    if (depth > this.maxDepth) {
      throw new RejectionError(RejectionCodes.TOO_DEEP, `nesting deeper than ${this.maxDepth} elements`, this.stackPath());
    }
    let i = nameEnd;
    let seen: string[] | null = null;
    const isRoot = depth === 1;
    const attributes = isRoot ? (Object.create(null) as Record<string, string>) : null;
    for (;;) {
      const spaced = isSpace(text.charCodeAt(i));
      while (isSpace(text.charCodeAt(i))) i++;
      const c = text.charCodeAt(i);
      if (c === 0x3e /* > */) {
        this.pos = i + 1;
        this.open(name, attributes);
        return;
      }
      if (c === 0x2f /* / */) {
        if (text.charCodeAt(i + 1) !== 0x3e) throw this.malformed(i, `"/" not followed by ">" in <${this.clip(name)}>`);
        this.pos = i + 2;
        this.open(name, attributes);
        this.close();
        return;
      }
      if (Number.isNaN(c)) throw this.malformed(i, `tag <${this.clip(name)}> is not closed`);
      if (!spaced) throw this.malformed(i, `attribute without white space before it in <${this.clip(name)}>`);
      const attrEnd = this.nameEnd(i);
      if (attrEnd === i) throw this.malformed(i, `invalid attribute name in <${this.clip(name)}>`);
      const attr = text.slice(i, attrEnd);
      if (RESERVED_NAMES.has(attr)) throw this.malformed(i, `attribute name "${attr}" is not accepted`);
      i = attrEnd;
      while (isSpace(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== 0x3d /* = */) throw this.malformed(i, `attribute "${this.clip(attr)}" without a value`);
      i++;
      while (isSpace(text.charCodeAt(i))) i++;
      const quote = text.charCodeAt(i);
      if (quote !== 0x22 && quote !== 0x27) throw this.malformed(i, `value of attribute "${this.clip(attr)}" is not quoted`);
      const close = text.indexOf(quote === 0x22 ? '"' : "'", i + 1);
      if (close === -1) throw this.malformed(i, `value of attribute "${this.clip(attr)}" is not closed`);
      seen ??= [];
      if (seen.includes(attr)) throw this.malformed(i, `attribute "${this.clip(attr)}" given twice`);
      seen.push(attr);
      // Every value is checked for its references; only the root's are kept.
      const raw = text.slice(i + 1, close);
      const value = raw.indexOf('&') === -1 ? raw : this.decodeAt(raw, i);
      if (attributes !== null) attributes[attr] = normaliseLineEnds(value);
      i = close + 1;
    }
  }

  private open(name: string, attributes: Record<string, string> | null): void {
    if (attributes !== null) this.rootAttributes = attributes;
    const parent = this.stack[this.stack.length - 1];
    if (parent !== undefined && parent.children === null) {
      parent.children = newObject();
      parent.text = '';
    }
    this.stack.push({ name, children: null, text: '', prefixed: false });
  }

  /** `</name>`, `lt` at the `<`. */
  private endTag(lt: number): void {
    const text = this.text;
    const frame = this.stack[this.stack.length - 1];
    // The open element's name, then a character that cannot continue a name: no need to read the name.
    const expectedEnd = frame === undefined ? -1 : lt + 2 + frame.name.length;
    const matches =
      frame !== undefined && text.startsWith(frame.name, lt + 2) && !continuesName(text.charCodeAt(expectedEnd));
    if (!matches) {
      const name = text.slice(lt + 2, this.nameEnd(lt + 2));
      if (frame === undefined) throw this.malformed(lt, `closing tag </${this.clip(name)}> without an open element`);
      throw this.malformed(lt, `closing tag </${this.clip(name)}> does not match <${this.clip(frame.name)}>`);
    }
    const name = frame.name;
    let i = expectedEnd;
    while (isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 0x3e) throw this.malformed(i, `closing tag </${this.clip(name)}> is not closed`);
    this.pos = i + 1;
    this.close();
  }

  private close(): void {
    const frame = this.stack.pop() as Frame;
    let value: EessiNode;
    if (frame.children === null) value = frame.text.trim();
    else value = frame.prefixed ? mergeByLocalName(frame.children) : frame.children;
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) {
      this.root = { name: frame.name, attributes: this.rootAttributes ?? Object.create(null), content: value };
      return;
    }
    const children = parent.children as EessiObject;
    const existing = children[frame.name];
    if (existing === undefined) {
      children[frame.name] = value;
      if (frame.name.includes(':')) parent.prefixed = true;
    } else if (Array.isArray(existing)) {
      existing.push(value);
    } else {
      children[frame.name] = [existing, value];
    }
  }

  /** `<!--...-->`, `<![CDATA[...]]>`; any other `<!` is refused (DOCTYPE and ENTITY never get here). */
  private markupDeclaration(lt: number): void {
    const text = this.text;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end === -1) throw this.malformed(lt, 'comment is not closed');
      this.pos = end + 3;
      return;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const frame = this.stack[this.stack.length - 1];
      if (frame === undefined) throw this.malformed(lt, 'CDATA section outside the root element');
      const end = text.indexOf(']]>', lt + 9);
      if (end === -1) throw this.malformed(lt, 'CDATA section is not closed');
      if (frame.children === null) frame.text += normaliseLineEnds(text.slice(lt + 9, end));
      this.pos = end + 3;
      return;
    }
    throw this.malformed(lt, `unexpected "<!" markup`);
  }

  /** `<?target ...?>`; the target `xml` is the XML declaration, read at the very start only. */
  private skipInstruction(lt: number): void {
    const text = this.text;
    const nameEnd = this.nameEnd(lt + 2);
    if (nameEnd === lt + 2) throw this.malformed(lt, `"<?" not followed by a target name`);
    if (text.slice(lt + 2, nameEnd).toLowerCase() === 'xml') {
      throw this.malformed(lt, 'XML declaration allowed only at the start of the document');
    }
    const end = text.indexOf('?>', nameEnd);
    if (end === -1) throw this.malformed(lt, 'processing instruction is not closed');
    if (end > nameEnd && !isSpace(text.charCodeAt(nameEnd))) throw this.malformed(nameEnd, 'invalid processing instruction target');
    this.pos = end + 2;
  }

  /** End of the XML Name starting at `i` (`i` itself when there is none). */
  private nameEnd(i: number): number {
    const text = this.text;
    const n = text.length;
    let j = i;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c < 128) {
        const kind = ASCII_NAME[c] as number;
        if (kind === 0 || (kind === 2 && j === i)) break;
        j++;
        continue;
      }
      const cp = text.codePointAt(j) as number;
      const ch = String.fromCodePoint(cp);
      if (!(j === i ? NAME_START_RE : NAME_CHAR_RE).test(ch)) break;
      j += ch.length;
    }
    return j;
  }

  private stackPath(): string {
    return this.stack.map((f) => localName(f.name)).join('.');
  }

  private clip(name: string): string {
    return name.length > 40 ? `${name.slice(0, 40)}…` : name;
  }

  private lineOf(at: number): number {
    let line = 1;
    for (let i = this.text.indexOf('\n'); i !== -1 && i < at; i = this.text.indexOf('\n', i + 1)) line++;
    return line;
  }

  private malformed(at: number, msg: string): RejectionError {
    return malformedAt(this.lineOf(at), msg);
  }
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon >= 0 ? name.slice(colon + 1) : name;
}

/** Children keyed by qualified name -> by local name; same-named lists joined in the order the names first appeared. */
function mergeByLocalName(children: EessiObject): EessiObject {
  const out = newObject();
  for (const key of Object.keys(children)) {
    const value = children[key] as EessiNode;
    const name = localName(key);
    const existing = out[name];
    if (existing === undefined) {
      out[name] = value;
    } else {
      out[name] = [...(Array.isArray(existing) ? existing : [existing]), ...(Array.isArray(value) ? value : [value])];
    }
  }
  return out;
}
