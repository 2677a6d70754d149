/**
 * Opaque keyset cursors: base64url of `<kind>:<n>:<n>...` (non-negative integers). A page starts
 * strictly after the position the cursor names, so pages never overlap or skip rows, and a list
 * cursor pins the scoring run it started on: paging through stays consistent when a new run lands.
 */
import { ApiError } from './errors.js';
import type { ParamParser } from './params.js';

export function encodeCursor(kind: string, values: number[]): string {
  return Buffer.from(`${kind}:${values.join(':')}`, 'utf8').toString('base64url');
}

export function cursorParser(kind: string, arity: number): ParamParser<number[]> {
  return (raw, name) => {
    const bad = new ApiError('invalid-cursor', 'the cursor is not one this endpoint issued', name);
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(raw)) throw bad;
    const parts = Buffer.from(raw, 'base64url').toString('utf8').split(':');
    if (parts.length !== arity + 1 || parts[0] !== kind) throw bad;
    const values = parts.slice(1).map((p) => (/^\d{1,15}$/.test(p) ? Number(p) : NaN));
    if (values.some((v) => !Number.isSafeInteger(v))) throw bad;
    return values;
  };
}
