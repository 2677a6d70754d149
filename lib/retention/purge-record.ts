/**
 * What a stored record keeps once its personal fields are past their retention age (pure).
 *
 * Names and PINs become keyed pseudonyms (lib/export/pseudonymise.ts, the same key and algorithm as
 * `--pseudonymise` exports), so records of one person still line up for counts and for the
 * evidence already derived from them; birth dates, nationality, birth place, the person's
 * addresses and the declaration's liaison person are cleared. Sex, periods, states, articles,
 * employers and certificate references stay: they are what the controls and the scores rest on.
 * Applying it twice gives the same record (pseudonyms pass through the pseudonymiser unchanged).
 */
import type { Pseudonymiser } from '../export/pseudonymise.js';

type Obj = Record<string, unknown>;

const NAME_KEYS = ['familyName', 'forename', 'familyNameAtBirth', 'forenameAtBirth'] as const;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function pseudonymName(value: unknown, p: Pseudonymiser): unknown {
  return typeof value === 'string' && value.trim() !== '' ? p.name(value) : value;
}

export function pseudonymPins(pins: unknown, p: Pseudonymiser): unknown {
  if (!Array.isArray(pins)) return pins;
  return pins.map((pin: unknown) => {
    if (!isObj(pin) || typeof pin.id !== 'string') return pin;
    const country = typeof pin.country === 'string' ? pin.country : null;
    return { ...pin, id: p.pin(country, pin.id) };
  });
}

/** A person as held in SEDs, declarations (a worker) and certificates. */
export function purgePerson(person: unknown, p: Pseudonymiser): unknown {
  if (!isObj(person)) return person;
  const out: Obj = { ...person };
  for (const k of NAME_KEYS) if (k in out) out[k] = pseudonymName(out[k], p);
  if ('birthDate' in out) out.birthDate = null;
  if ('nationalities' in out) out.nationalities = [];
  if ('nationality' in out) out.nationality = null;
  if ('birthPlace' in out) out.birthPlace = null;
  if ('pins' in out) out.pins = pseudonymPins(out.pins, p);
  return out;
}

/** seds.record: the person, and the person's addresses (employers and work places are companies and sites). */
export function purgeSedRecord(record: unknown, p: Pseudonymiser): unknown {
  if (!isObj(record)) return record;
  const out: Obj = { ...record, person: purgePerson(record.person, p) };
  if ('addresses' in out) out.addresses = [];
  return out;
}

/** declarations.record: every worker, and the liaison person. */
export function purgeDeclarationRecord(record: unknown, p: Pseudonymiser): unknown {
  if (!isObj(record)) return record;
  const out: Obj = { ...record };
  if (Array.isArray(out.workers)) out.workers = out.workers.map((w: unknown) => purgePerson(w, p));
  if ('liaisonPerson' in out) out.liaisonPerson = null;
  return out;
}

/** certificate_events.record and certificates.record: the person. */
export function purgeCertificateRecord(record: unknown, p: Pseudonymiser): unknown {
  if (!isObj(record)) return record;
  return 'person' in record ? { ...record, person: purgePerson(record.person, p) } : record;
}
