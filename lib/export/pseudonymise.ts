/**
 * `--pseudonymise`: personal identifiers in exports are replaced with keyed hashes, so an export
 * can leave the office while records of the same person still line up across documents, exports
 * and runs.
 *
 * A pseudonym is `p_` + the first 16 hex characters (64 bits) of
 * HMAC-SHA256(LAC_PSEUDONYM_SECRET, `<kind>\0<normalised value>`). It is stable for as long as
 * the secret is; without the secret it cannot be reversed or recomputed. Keep the secret long and
 * random: birth dates and common names are few, so a guessable secret lets anyone who has it
 * enumerate them.
 *
 * Kinds keep different fields apart: `pin` (with its country: the same digits in two countries are
 * two people), `name` (family names and forenames share a kind, so a family name at birth equal
 * to the current one gets the same pseudonym) and `birth-date`. Values are normalised before
 * hashing (Unicode NFC, whitespace collapsed, upper case; PINs also without spaces, dots and
 * dashes), so `Müller` and ` MÜLLER ` get one pseudonym.
 *
 * A value that already is a pseudonym (`p_` + 16 hex: what `lac retention run` leaves in place of
 * names and PINs past their retention age) is returned unchanged, so a pseudonymised export shows
 * the same pseudonym for a person before and after retention purged the clear value.
 */
import { createHmac } from 'node:crypto';
import { ConfigError } from '../../core/errors.js';

export const PSEUDONYM_SECRET_VARIABLE = 'LAC_PSEUDONYM_SECRET';

export interface Pseudonymiser {
  pin(country: string | null, id: string): string;
  name(value: string): string;
  birthDate(value: string): string;
}

export function createPseudonymiser(secret: string): Pseudonymiser {
  if (secret === '') throw new ConfigError(PSEUDONYM_SECRET_VARIABLE, 'is empty; it is needed to pseudonymise exports');
  const hash = (kind: string, value: string): string =>
    `p_${createHmac('sha256', secret).update(`${kind}\0${value}`, 'utf8').digest('hex').slice(0, 16)}`;
  return {
    pin: (country, id) => (isPseudonym(id) ? id : hash('pin', `${(country ?? '').toUpperCase()}\0${normalise(id).replace(/[\s.\-/]/g, '')}`)),
    name: (value) => (isPseudonym(value) ? value : hash('name', normalise(value))),
    birthDate: (value) => (isPseudonym(value) ? value : hash('birth-date', value.trim())),
  };
}

/** The pseudonymiser keyed with `LAC_PSEUDONYM_SECRET`; a ConfigError naming it when it is not set. */
export function pseudonymiserFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): Pseudonymiser {
  const secret = env[PSEUDONYM_SECRET_VARIABLE];
  if (secret === undefined || secret.trim() === '') {
    throw new ConfigError(PSEUDONYM_SECRET_VARIABLE, 'is not set; it is the key of the hashes that --pseudonymise writes (keep it secret and keep it: the same key gives the same pseudonyms)');
  }
  return createPseudonymiser(secret);
}

const PSEUDONYM = /^p_[0-9a-f]{16}$/;

/** True for a value this module produced (`p_` + 16 lower-case hex characters). */
export function isPseudonym(value: string): boolean {
  return PSEUDONYM.test(value);
}

function normalise(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/g, ' ').toUpperCase();
}

/** A person key as exported: derived from identifying data, so pseudonymised like a PIN; unchanged without a pseudonymiser. */
export function exportedPersonKey(pseudonymiser: Pseudonymiser | null, personKey: string | null): string | null {
  return personKey === null || pseudonymiser === null ? personKey : pseudonymiser.pin(null, personKey);
}
