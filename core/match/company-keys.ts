/**
 * Identity keys of an undertaking as one source names it: its typed ids, normalised, and its
 * name without legal form within its country. Two records are the same undertaking when they
 * share a key; the first key (strongest id, else the name) is the record's company key.
 * Stateless, so the same record always gives the same keys, in any run.
 */
import { foldName } from '../identity/names.js';

export interface CompanyIdentity {
  name: string | null;
  country: string | null;
  ids: Array<{ type: string; id: string }>;
}

const LEGAL_FORMS = new Set([
  'gmbh', 'ag', 'kg', 'ohg', 'ug', 'mbh', 'co', 'sp', 'z', 'o', 'oo', 'spolka', 'sa', 'sas', 'sarl', 'eurl', 'sasu', 'snc', 'sca',
  'ltd', 'limited', 'plc', 'llp', 'bv', 'nv', 'vof', 'srl', 'spa', 'sl', 'slu', 'lda', 'unipessoal', 's', 'r', 'sro', 'as',
  'kft', 'zrt', 'nyrt', 'bt', 'doo', 'dd', 'ood', 'ead', 'eood', 'oy', 'ab', 'aps', 'sia', 'uab', 'ou', 'inc', 'corp', 'llc',
  'e', 'v', 'ike', 'ee', 'oe', 'se', 'scs', 'scrl', 'sprl', 'bvba', 'cvba',
]);

/** The name without legal forms, punctuation, diacritics and case: `Bau & Montage GmbH` -> `bau montage`. */
export function companyNameKey(name: string | null): string | null {
  const folded = foldName(name);
  if (folded === '') return null;
  const tokens = folded.split(' ').filter((t) => !LEGAL_FORMS.has(t));
  const key = (tokens.length > 0 ? tokens : folded.split(' ')).join(' ');
  return key === '' ? null : key;
}

function cleanId(id: string): string {
  return id.toUpperCase().replace(/[\s.\-/_]/g, '');
}

/** Typed ids as comparable keys; a SIRET also yields its SIREN (the undertaking, not the establishment). */
export function companyIdKeys(country: string | null, ids: CompanyIdentity['ids']): string[] {
  const keys: string[] = [];
  for (const { type, id } of ids) {
    const v = cleanId(id);
    if (v.length < 4) continue;
    switch (type) {
      case 'vat': {
        const withPrefix = /^[A-Z]{2}/.test(v) ? v : `${country ?? '??'}${v}`;
        keys.push(`vat:${withPrefix.replace(/^EL/, 'GR')}`);
        break;
      }
      case 'siret':
        if (/^\d{14}$/.test(v)) keys.push(`siren:${v.slice(0, 9)}`);
        break;
      case 'siren':
        if (/^\d{9}$/.test(v)) keys.push(`siren:${v}`);
        break;
      default:
        keys.push(`${type}:${country ?? '??'}:${v}`);
    }
  }
  return [...new Set(keys)].sort();
}

/** All keys of a record: ids first (sorted), then the name key. Empty when nothing identifies it. */
export function companyKeys(c: CompanyIdentity): string[] {
  const ids = companyIdKeys(c.country, c.ids);
  const name = companyNameKey(c.name);
  return name === null ? ids : [...ids, `name:${c.country ?? '??'}:${name}`];
}
