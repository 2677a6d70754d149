/**
 * The corpus as NDJSON, the backlog format of `lac replay` (../shared/CONTRACTS.md "Files"): one message per line;
 * SEDs as `{"sedHendelse": {...}, "sed": ...}` events (a JSON document embedded as an object, byte for byte, so a
 * duplicate key survives; XML, and JSON text that does not parse, as a string), declarations and certificates as
 * their JSON. A message with an empty body has no NDJSON form (a blank line is no message) and is skipped.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { SynthMessage } from './corpus.js';

const ENVELOPE_HEADERS = ['rinaSakId', 'rinaDokumentId', 'rinaDokumentVersjon', 'sedType', 'bucType', 'avsenderId', 'mottakerId'] as const;

function compactJson(text: string): string | null {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return null;
  }
}

/** One NDJSON line (without the newline) for a message, or null when it has none (empty body). */
export function toNdjsonLine(m: SynthMessage): string | null {
  if (m.value === '') return null;
  if (m.topic !== 'sed') {
    return m.value.includes('\n') ? (compactJson(m.value) ?? JSON.stringify(m.value)) : m.value;
  }
  if (m.wrapped) {
    return m.value.includes('\n') ? (compactJson(m.value) ?? JSON.stringify(m.value)) : m.value;
  }
  const envelope: Record<string, string> = {};
  for (const h of ENVELOPE_HEADERS) {
    const v = m.headers[h];
    if (v !== undefined) envelope[h] = v;
  }
  let doc: string;
  const t = m.value.trimStart();
  if (t.startsWith('{')) {
    if (m.value.includes('\n')) {
      doc = compactJson(m.value) ?? JSON.stringify(m.value);
    } else {
      // Embed as is when it parses (keeps duplicate keys), as a string when it does not.
      let parses = true;
      try {
        JSON.parse(m.value);
      } catch {
        parses = false;
      }
      doc = parses ? m.value : JSON.stringify(m.value);
    }
  } else {
    doc = JSON.stringify(m.value);
  }
  return `{"sedHendelse":${JSON.stringify(envelope)},"sed":${doc}}`;
}

export interface NdjsonStats {
  lines: number;
  skipped: number;
  bytes: number;
}

/**
 * Write messages as NDJSON to a stream, honouring back-pressure. Does not end the stream.
 * `onLine` (optional) sees each written message with its line number (from 0), e.g. to write expectations.
 */
export async function writeNdjson(
  messages: Iterable<SynthMessage>,
  out: Writable,
  onLine?: (m: SynthMessage, lineNo: number) => void,
): Promise<NdjsonStats> {
  const stats: NdjsonStats = { lines: 0, skipped: 0, bytes: 0 };
  let buf = '';
  for (const m of messages) {
    const line = toNdjsonLine(m);
    if (line === null) {
      stats.skipped++;
      continue;
    }
    onLine?.(m, stats.lines);
    stats.lines++;
    buf += line + '\n';
    if (buf.length >= 64 * 1024) {
      stats.bytes += Buffer.byteLength(buf);
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  if (buf.length > 0) {
    stats.bytes += Buffer.byteLength(buf);
    if (!out.write(buf)) await once(out, 'drain');
  }
  return stats;
}
