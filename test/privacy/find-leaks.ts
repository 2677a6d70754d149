/**
 * Finds personal values (names, birth dates, PINs) in log text. Names match case-insensitively as
 * whole words (Unicode letters), birth dates in the formats people and systems write them, PINs
 * with and without their separators. Log lines that are JSON are also searched decoded, so an
 * escaped value (`M\u00fcller`, `\"`) cannot hide.
 */

export interface Needles {
  names: string[];
  birthDates: string[];
  pins: string[];
}

export interface Leak {
  kind: 'name' | 'birth-date' | 'pin';
  needle: string;
  line: string;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** 1985-02-11 as 1985-02-11, 11.02.1985, 11/02/1985, 11-02-1985, 02/11/1985, 19850211, 1985/02/11. */
export function dateForms(iso: string): string[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return [iso];
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  return [`${y}-${mo}-${d}`, `${d}.${mo}.${y}`, `${d}/${mo}/${y}`, `${d}-${mo}-${y}`, `${mo}/${d}/${y}`, `${y}${mo}${d}`, `${y}/${mo}/${d}`];
}

/** The text to search for one log line: the line itself and, for JSON, every key and string value decoded. */
export function searchable(line: string): string {
  const parts = [line];
  try {
    const walk = (v: unknown): void => {
      if (typeof v === 'string') parts.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) { parts.push(k); walk(x); }
    };
    walk(JSON.parse(line));
  } catch {
    // not JSON: the line as it is
  }
  return parts.join('\n').normalize('NFC');
}

function wordRegex(words: string[], boundary: string): RegExp | null {
  const list = [...new Set(words.map((w) => w.normalize('NFC').trim()).filter((w) => w.length > 0))].sort((a, b) => b.length - a.length);
  if (list.length === 0) return null;
  return new RegExp(`(?<!${boundary})(?:${list.map(escape).join('|')})(?!${boundary})`, 'giu');
}

export function findLeaks(logText: string, needles: Needles): Leak[] {
  const names = wordRegex(needles.names, '[\\p{L}\\p{M}]');
  const dates = wordRegex(needles.birthDates.flatMap(dateForms), '[\\p{N}]');
  const pinForms = needles.pins.flatMap((p) => [p, p.replace(/[\s.\-/]/g, '')]);
  const pins = wordRegex(pinForms, '[\\p{L}\\p{N}]');
  const leaks: Leak[] = [];
  for (const line of logText.split('\n')) {
    if (line.trim() === '') continue;
    const text = searchable(line);
    for (const [kind, re] of [['name', names], ['birth-date', dates], ['pin', pins]] as const) {
      if (re === null) continue;
      re.lastIndex = 0;
      const m = re.exec(text);
      if (m) leaks.push({ kind, needle: m[0], line: line.slice(0, 500) });
    }
  }
  return leaks;
}
