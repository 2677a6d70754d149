/**
 * Query-string parsing: each route lists the parameters it accepts with a parser; anything else,
 * a repeated parameter or a value that does not parse is a 400 with a stable code. Lists are
 * comma-separated (`band=high,red`).
 */
import { ApiError } from './errors.js';

export type ParamParser<T> = (raw: string, name: string) => T;
export type ParamParsers = Record<string, ParamParser<unknown>>;
export type ParsedParams<P extends ParamParsers> = { [K in keyof P]?: ReturnType<P[K]> };

export function parseQuery<P extends ParamParsers>(search: URLSearchParams, parsers: P): ParsedParams<P> {
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const [name, raw] of search) {
    if (!Object.hasOwn(parsers, name)) throw new ApiError('unknown-parameter', `unknown query parameter "${safeName(name)}"`, safeName(name));
    if (seen.has(name)) throw new ApiError('invalid-parameter', `"${name}" is given more than once; use a comma-separated list`, name);
    seen.add(name);
    const parser = parsers[name];
    if (parser !== undefined) out[name] = parser(raw, name);
  }
  return out as ParsedParams<P>;
}

/** A parameter name as echoed in errors: printable ASCII, short (it is the caller's input). */
function safeName(name: string): string {
  return name.replace(/[^\x21-\x7e]/g, '?').slice(0, 40);
}

function invalid(name: string, what: string): ApiError {
  return new ApiError('invalid-parameter', `"${name}" must be ${what}`, name);
}

export function enumList<T extends string>(allowed: readonly T[]): ParamParser<T[]> {
  return (raw, name) => {
    const items = splitList(raw, name);
    for (const i of items) if (!(allowed as readonly string[]).includes(i)) throw invalid(name, `one or more of ${allowed.join(', ')}`);
    return items as T[];
  };
}

export function patternList(re: RegExp, what: string, normalise: (s: string) => string = (s) => s): ParamParser<string[]> {
  return (raw, name) => {
    const items = splitList(raw, name).map(normalise);
    for (const i of items) if (!re.test(i)) throw invalid(name, what);
    return items;
  };
}

function splitList(raw: string, name: string): string[] {
  const items = [...new Set(raw.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
  if (items.length === 0) throw invalid(name, 'a non-empty value');
  if (items.length > 50) throw invalid(name, 'a list of at most 50 values');
  return items;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isoDate: ParamParser<string> = (raw, name) => {
  const m = DATE_RE.exec(raw.trim());
  const d = new Date(`${raw.trim()}T00:00:00Z`);
  if (m === null || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== raw.trim()) throw invalid(name, 'a date YYYY-MM-DD');
  return raw.trim();
};

/** A date (the whole UTC day) or a timestamp with a zone; returned as an ISO instant range bound. */
export function instant(bound: 'start' | 'end'): ParamParser<string> {
  return (raw, name) => {
    const s = raw.trim();
    if (DATE_RE.test(s)) return bound === 'start' ? `${isoDate(s, name)}T00:00:00.000Z` : `${isoDate(s, name)}T23:59:59.999Z`;
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/i.test(s)) throw invalid(name, 'a date YYYY-MM-DD or a timestamp with a zone');
    const t = new Date(s);
    if (Number.isNaN(t.getTime())) throw invalid(name, 'a date YYYY-MM-DD or a timestamp with a zone');
    return t.toISOString();
  };
}

export function intInRange(min: number, max: number): ParamParser<number> {
  return (raw, name) => {
    if (!/^\d{1,9}$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) throw invalid(name, `an integer from ${min} to ${max}`);
    return Number(raw);
  };
}

export function text(re: RegExp, what: string): ParamParser<string> {
  return (raw, name) => {
    if (!re.test(raw)) throw invalid(name, what);
    return raw;
  };
}
