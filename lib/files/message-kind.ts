/**
 * Cheap routing of a backlog message to a Kafka topic (`lac replay --to kafka`), without
 * validating it: ingest does that, and rejects what does not fit whatever topic it came on.
 *
 * | kind          | recognised by                                                                |
 * |---------------|------------------------------------------------------------------------------|
 * | `sed`         | XML (first non-blank character `<`, after an optional UTF-8 BOM); JSON object with a top-level `sedHendelse`, `sed`, or exactly one `A009`/`X008`/`H001`-like key |
 * | `certificate` | JSON object with a top-level `certificateNumber`                             |
 * | `declaration` | JSON object with a top-level `declarationId`                                 |
 * | `unknown`     | anything else (arrays, scalars, malformed JSON, other objects)               |
 *
 * When several match, the first row of `sedHendelse`, `certificateNumber`, `declarationId`,
 * `sed`, SED-type key wins (ingest rejects such an object as ambiguous anyway).
 *
 * The top-level keys are found by a byte scanner over the first {@link SCAN_BYTES} bytes
 * (strings and nesting are tracked, so nested keys never count); only when that window
 * ends before anything decisive is seen does the whole body go through JSON.parse.
 */

export type TopicKind = 'sed' | 'declaration' | 'certificate' | 'unknown';

/** Bytes looked at before falling back to a full parse. */
export const SCAN_BYTES = 8 * 1024;

const SED_TYPE_KEY_RE = /^[AXH]\d{3}$/;

/** Which topic a message belongs on. */
export function topicKindOf(body: Buffer): TopicKind {
  return routeOf(body).kind;
}

/**
 * The Kafka key for a message of that kind: the RINA case id (`sedHendelse.rinaSakId`) for a
 * SED event, `declarationId`, `certificateNumber`. Null when absent or empty, for a bare SED
 * document (its case id travels in headers, which files do not have), and for `unknown`.
 * Numbers are kept as written.
 */
export function kafkaKeyOf(body: Buffer, kind: TopicKind): string | null {
  const path = KEY_PATHS[kind];
  if (path === null) return null;
  const scan = scanJson(body, SCAN_BYTES);
  if (scan === null || scan === 'xml') return null;
  const found = scan.values.get(path);
  if (found !== undefined) return nonEmpty(found);
  if (scan.complete) return null;
  const parsed = parseObject(body);
  return parsed === null ? null : valueAt(parsed, path);
}

/** Kind and key in one pass. */
export function routeOf(body: Buffer): { kind: TopicKind; key: string | null } {
  const scan = scanJson(body, SCAN_BYTES);
  if (scan === 'xml') return { kind: 'sed', key: null };
  if (scan === null) return { kind: 'unknown', key: null };
  const kind = kindFromKeys(scan.keys, scan.complete);
  if (kind !== null) {
    const path = KEY_PATHS[kind];
    const found = path === null ? undefined : scan.values.get(path);
    if (found !== undefined || scan.complete || path === null) return { kind, key: found === undefined ? null : nonEmpty(found) };
    const parsed = parseObject(body);
    return { kind, key: parsed === null ? null : valueAt(parsed, path) };
  }
  if (scan.complete) return { kind: 'unknown', key: null };
  const parsed = parseObject(body);
  if (parsed === null) return { kind: 'unknown', key: null };
  const full = kindFromKeys(Object.keys(parsed), true) ?? 'unknown';
  const path = KEY_PATHS[full];
  return { kind: full, key: path === null ? null : valueAt(parsed, path) };
}

const KEY_PATHS: Record<TopicKind, string | null> = {
  sed: 'sedHendelse.rinaSakId',
  declaration: 'declarationId',
  certificate: 'certificateNumber',
  unknown: null,
};

function kindFromKeys(keys: readonly string[], complete: boolean): TopicKind | null {
  if (keys.includes('sedHendelse')) return 'sed';
  if (keys.includes('certificateNumber')) return 'certificate';
  if (keys.includes('declarationId')) return 'declaration';
  if (keys.includes('sed')) return 'sed';
  const sedTypeKeys = keys.filter((k) => SED_TYPE_KEY_RE.test(k)).length;
  // A partial scan cannot know that no second SED-type key follows; one is telling enough.
  if (sedTypeKeys === 1 || (!complete && sedTypeKeys > 0)) return 'sed';
  return null;
}

function nonEmpty(s: string): string | null {
  const t = s.trim();
  return t === '' ? null : t;
}

function parseObject(body: Buffer): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function valueAt(o: Record<string, unknown>, path: string): string | null {
  let cur: unknown = o;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur) || !Object.hasOwn(cur, part)) return null;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (typeof cur === 'string') return nonEmpty(cur);
  if (typeof cur === 'number' && Number.isFinite(cur)) return String(cur);
  return null;
}

// ---------------------------------------------------------------------------------------------

interface JsonScan {
  /** Top-level keys, in order. */
  keys: string[];
  /** String and number values at depth 1 (`key`) and 2 (`parent.child`); strings decoded, numbers raw. */
  values: Map<string, string>;
  /** The whole top-level object was scanned. */
  complete: boolean;
}

interface Frame {
  isObject: boolean;
  expectKey: boolean;
  lastKey: string | null;
}

/**
 * Scans the first `limit` bytes of a JSON object. 'xml' for XML, null when the body is not a
 * JSON object (or is malformed within the window). Works on bytes: UTF-8 continuation bytes
 * never equal the ASCII structural characters.
 */
function scanJson(body: Buffer, limit: number): JsonScan | 'xml' | null {
  const end = Math.min(body.length, limit);
  let i = 0;
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) i = 3;
  while (i < end && isSpace(body[i])) i++;
  if (i >= end) return null;
  if (body[i] === 0x3c) return 'xml';
  if (body[i] !== 0x7b) return null;

  const scan: JsonScan = { keys: [], values: new Map(), complete: false };
  const stack: Frame[] = [];
  while (i < end) {
    const c = body[i];
    if (c === undefined) break;
    if (isSpace(c) || c === 0x3a /* : */) {
      i++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      stack.push({ isObject: c === 0x7b, expectKey: c === 0x7b, lastKey: null });
      i++;
      continue;
    }
    if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      i++;
      if (stack.length === 0) {
        scan.complete = true;
        return scan;
      }
      continue;
    }
    if (top === undefined) return null; // text after the closing brace is not ours to judge here
    if (c === 0x2c /* , */) {
      if (top.isObject) top.expectKey = true;
      i++;
      continue;
    }
    if (c === 0x22 /* " */) {
      const close = stringEnd(body, i + 1, end);
      if (close === -1) return scan; // the window ends inside a string
      let text: string;
      try {
        text = JSON.parse(body.toString('utf8', i, close + 1)) as string;
      } catch {
        return null;
      }
      i = close + 1;
      if (top.isObject && top.expectKey) {
        top.expectKey = false;
        top.lastKey = text;
        if (stack.length === 1) scan.keys.push(text);
      } else {
        record(scan, stack, text);
      }
      continue;
    }
    // A number, true, false or null.
    let j = i;
    while (j < end && !isDelimiter(body[j])) j++;
    if (j >= end && end < body.length) return scan; // may be cut by the window
    const token = body.toString('latin1', i, j);
    if (/^-?\d/.test(token)) record(scan, stack, token);
    i = j;
  }
  return scan;
}

function record(scan: JsonScan, stack: readonly Frame[], value: string): void {
  const first = stack[0];
  if (stack.length === 1 && first?.lastKey != null) scan.values.set(first.lastKey, value);
  const second = stack[1];
  if (stack.length === 2 && first?.lastKey != null && second?.isObject === true && second.lastKey !== null) {
    scan.values.set(`${first.lastKey}.${second.lastKey}`, value);
  }
}

/** Index of the quote closing a string whose content starts at `from`, or -1 before `end`. */
function stringEnd(body: Buffer, from: number, end: number): number {
  for (let j = from; j < end; j++) {
    const c = body[j];
    if (c === 0x5c /* \ */) j++;
    else if (c === 0x22) return j;
  }
  return -1;
}

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDelimiter(c: number | undefined): boolean {
  return c === undefined || isSpace(c) || c === 0x2c || c === 0x7d || c === 0x5d || c === 0x3a;
}
