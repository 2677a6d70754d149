/**
 * Legal-basis article references → the export form `12_1`, `13_1_a`, `13_1_b_i`, `16_1`.
 *
 * Accepted spellings (case-insensitive, blanks tolerated):
 *   `12_1`, `12.1`, `12-1`, `12(1)`, `12 (1)`, `Art. 12(1)`, `Article 12(1)`, `artikkel 12.1`,
 *   `13(1)(a)`, `13.1.a`, `13.1a`, `11.3a`, `13(1)(b)(i)`, `12(1) R.883/2004`,
 *   `Art. 13(1)(a) of Regulation (EC) No 883/2004`.
 * Rules:
 *   - paragraphs, points and sub-points become `_`-separated parts: digits, one letter, or a
 *     small roman numeral (`i` … `x`);
 *   - a letter written straight after the article number itself is part of that number
 *     (`87a`, 1408/71's `14a`), a letter after a paragraph is a point (`11.3a` → `11_3_a`);
 *   - a bare `16` means `16_1` (exception agreements; 16(2), pensioners, must be written out);
 *     other bare articles stay as they are (`15`, `12` when the paragraph is unknown);
 *   - a trailing regulation reference (`883/2004`, `987/2009`, `1408/71`, with `R.`, `Reg.`,
 *     `Regulation`, `(EC)`, `No` …) is dropped.
 * Coded values of the SED schemas (`01`, `02`: their meaning depends on the SED) are not
 * article references and are refused: a reader must map them first.
 */
import { RejectionCodes, RejectionError } from '../errors.js';

const PREFIX_RE = /^(?:art(?:icle|ikel|ikkel|icolo|ículo|iculo)?\.?|§)\s*/;
const REGULATION_RE =
  /\s*(?:of\s+)?(?:the\s+)?(?:(?:r|reg|regulation|verordnung|forordning|règlement|reglement)\.?\s*)?(?:(?:\((?:ec|eec|eu|ce|eg|ef)\)|(?:ec|eec|eu|ce|eg|ef))\s*)?(?:(?:no|nr|n°)\.?\s*)?\d{3,4}\s*\/\s*\d{2,4}.*$/;
const ARTICLE_NUMBER_RE = /^([1-9]\d{0,2})([a-z])?(?![a-z])/;
const PART_RE = /^(?:\d{1,3}|[a-z]|i{1,3}|iv|vi{0,3}|ix|x)$/;
const MAX_PARTS = 5;

/**
 * Normalise an article reference. Empty input gives null.
 * When the value was rewritten and `originals` is given, the original is kept under `article:<path>`.
 * @throws RejectionError CODE_UNKNOWN for something that is not an article reference.
 */
export function normaliseArticle(
  raw: string | null | undefined,
  path: string,
  originals?: Record<string, string>,
): string | null {
  if (raw === null || raw === undefined) return null;
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  const result = parse(trimmed.toLowerCase());
  if (result === null) {
    throw new RejectionError(RejectionCodes.CODE_UNKNOWN, `unknown article "${clip(trimmed)}"`, path);
  }
  if (originals && result !== trimmed) originals[`article:${path}`] = trimmed;
  return result;
}

function parse(input: string): string | null {
  let s = input.replace(PREFIX_RE, '');
  s = s.replace(REGULATION_RE, '').trim();
  const head = ARTICLE_NUMBER_RE.exec(s);
  if (!head) return null;
  const parts: string[] = [`${head[1] ?? ''}${head[2] ?? ''}`];
  let rest = s.slice(head[0].length);
  // The remainder: parts separated by `.`, `_`, `-`, blanks or wrapped in parentheses;
  // a letter glued to digits (`3a`) is a separate part.
  rest = rest.replace(/[()._\-\s]+/g, ' ').trim();
  if (rest !== '') {
    for (const token of rest.split(' ')) {
      for (const piece of token.match(/\d+|[a-z]+|[^\da-z]+/g) ?? []) {
        if (!PART_RE.test(piece)) return null;
        parts.push(piece);
      }
    }
  }
  if (parts.length > MAX_PARTS) return null;
  if (parts.length === 1 && parts[0] === '16') parts.push('1');
  return parts.join('_');
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
