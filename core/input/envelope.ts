/**
 * Reading a SED envelope from Kafka headers or from a SED event's `sedHendelse` object.
 *
 * Leniency: every field is optional here (the result is `Partial<SedEnvelope>`); an
 * institution id that does not look like `CC:ID` or names an unknown country is kept as
 * written, with a null country and a note, never rejected. Strictness: a version that is
 * present but not a positive integer is CODE_UNKNOWN; a value longer than 500 characters is
 * FIELD_TOO_LONG; a non-scalar value in `sedHendelse` is SHAPE_UNKNOWN.
 */
import type { Institution } from '../model/canonical.js';
import type { SedEnvelope } from '../model/envelope.js';
import { ENVELOPE_STRING_FIELDS } from '../model/envelope.js';
import { isIsoCountry } from '../sed/codes.js';
import { asPositiveInt, asString, clip } from './fields.js';

/** `CC:ID` with a lenient id part. */
const INSTITUTION_ID_RE = /^([A-Za-z]{2}):([A-Za-z0-9][A-Za-z0-9._-]{0,39})$/;
const STRICT_ID_PART_RE = /^[A-Za-z0-9]{4,10}$/;
const EESSI_TO_ISO: Readonly<Record<string, string>> = { EL: 'GR', UK: 'GB' };

/**
 * An institution from its `CC:ID` id. The id is kept as written (it is a key in the EESSI
 * directory: `EL:…` stays `EL:…`); the country is the ISO code of the prefix, or null when
 * the id has no recognisable country prefix (a note says so).
 */
export function institutionFromId(rawId: string | null | undefined, label: string, notes?: string[]): Institution {
  if (rawId === null || rawId === undefined) return { institutionId: null, country: null };
  const id = rawId.trim();
  if (id === '') return { institutionId: null, country: null };
  const m = INSTITUTION_ID_RE.exec(id);
  if (!m) {
    notes?.push(`${label} "${clip(id)}" is not of the form CC:ID; country unknown`);
    return { institutionId: id, country: null };
  }
  const prefix = (m[1] ?? '').toUpperCase();
  const country = EESSI_TO_ISO[prefix] ?? prefix;
  if (!isIsoCountry(country)) {
    notes?.push(`${label} "${clip(id)}": "${prefix}" is not a country; country unknown`);
    return { institutionId: id, country: null };
  }
  if (!STRICT_ID_PART_RE.test(m[2] ?? '')) notes?.push(`${label} "${clip(id)}": unusual institution id`);
  return { institutionId: id, country };
}

/** Where an envelope was read from; used in error paths (`header:rinaSakId`, `sedHendelse.rinaSakId`). */
export type EnvelopeSource = 'headers' | 'sedHendelse';

/**
 * Read the envelope fields present in `values`. Unknown keys are ignored.
 * Header names are matched exactly first, then case-insensitively.
 */
export function readEnvelopeFields(values: Record<string, unknown>, source: EnvelopeSource): Partial<SedEnvelope> {
  const lookup = source === 'headers' ? caseInsensitive(values) : (k: string): unknown => values[k];
  const pathOf = (k: string): string => (source === 'headers' ? `header:${k}` : `sedHendelse.${k}`);
  const env: Partial<SedEnvelope> = {};
  for (const field of ENVELOPE_STRING_FIELDS) {
    const s = asString(lookup(field), pathOf(field));
    if (s === null) continue;
    env[field] = field === 'sedType' ? s.toUpperCase() : s;
  }
  const version = asPositiveInt(lookup('rinaDokumentVersjon'), pathOf('rinaDokumentVersjon'));
  if (version !== null) env.rinaDokumentVersjon = version;
  return env;
}

/**
 * Merge a primary envelope with a secondary one (e.g. `sedHendelse` over Kafka headers):
 * the primary wins; a disagreement is noted.
 */
export function mergeEnvelopes(
  primary: Partial<SedEnvelope>,
  secondary: Partial<SedEnvelope>,
  labels: { primary: string; secondary: string },
  notes: string[],
): Partial<SedEnvelope> {
  const out: Partial<SedEnvelope> = { ...secondary, ...primary };
  for (const field of [...ENVELOPE_STRING_FIELDS, 'rinaDokumentVersjon'] as const) {
    const a = primary[field];
    const b = secondary[field];
    if (a !== undefined && a !== null && b !== undefined && b !== null && a !== b) {
      notes.push(`${field}: ${labels.primary} says "${clip(String(a))}", ${labels.secondary} says "${clip(String(b))}"; ${labels.primary} used`);
    }
  }
  return out;
}

/** Fill `sender` / `receiver` from the institution ids. */
export function deriveInstitutions(env: Partial<SedEnvelope>, notes: string[]): Partial<SedEnvelope> {
  const out = { ...env };
  if (env.avsenderId !== undefined) out.sender = institutionFromId(env.avsenderId, 'avsenderId', notes);
  if (env.mottakerId !== undefined) out.receiver = institutionFromId(env.mottakerId, 'mottakerId', notes);
  return out;
}

function caseInsensitive(values: Record<string, unknown>): (k: string) => unknown {
  let lower: Map<string, unknown> | null = null;
  return (k: string): unknown => {
    if (Object.hasOwn(values, k)) return values[k];
    if (lower === null) {
      lower = new Map();
      for (const [name, v] of Object.entries(values)) {
        const l = name.toLowerCase();
        if (!lower.has(l)) lower.set(l, v);
      }
    }
    return lower.get(k.toLowerCase());
  };
}
