/**
 * NAV addresses: `{type, gate, bygning, by, postnummer, region, land}`.
 * Person addresses live in `nav.bruker.adresse[]` (H001 adds `nav.bruker.bostedsadresse`);
 * employers and work places carry the same shape without a meaningful type.
 */
import type { Address, AddressType, PlainAddress } from '../../model/canonical.js';
import { normaliseCountry } from '../codes.js';
import { mapAddressType } from './nav-codes.js';
import type { JsonObject, ReadContext } from './values.js';
import { getObject, getObjectList, getString, join, uniqueBy } from './values.js';

/** Address fields without the type; null when the object carries none of them. */
export function readPlainAddress(o: JsonObject | null, path: string, ctx: ReadContext): PlainAddress | null {
  if (o === null) return null;
  const a: PlainAddress = {
    street: getString(o, 'gate', path),
    building: getString(o, 'bygning', path),
    town: getString(o, 'by', path),
    postalCode: getString(o, 'postnummer', path),
    region: getString(o, 'region', path),
    country: normaliseCountry(getString(o, 'land', path), join(path, 'land'), ctx.originals),
  };
  return Object.values(a).every((v) => v === null) ? null : a;
}

/** `parent[key]` as a plain address (object expected). */
export function readPlainAddressAt(
  parent: JsonObject | null,
  key: string,
  path: string,
  ctx: ReadContext,
): PlainAddress | null {
  return readPlainAddress(getObject(parent, key, path), join(path, key), ctx);
}

/**
 * A typed address. Without a `type`, `fallbackType` applies (the canonical type is mandatory).
 * Null when no address field is filled.
 */
export function readAddress(
  o: JsonObject,
  path: string,
  fallbackType: AddressType,
  ctx: ReadContext,
): Address | null {
  const type = mapAddressType(getString(o, 'type', path), join(path, 'type')) ?? fallbackType;
  const plain = readPlainAddress(o, path, ctx);
  return plain === null ? null : { type, ...plain };
}

/** All person addresses under a NAV `bruker` object. */
export function readPersonAddresses(bruker: JsonObject | null, path: string, ctx: ReadContext): Address[] {
  const out: Address[] = [];
  for (const { value, path: p } of getObjectList(bruker, 'adresse', path)) {
    const a = readAddress(value, p, 'other', ctx);
    if (a) out.push(a);
  }
  // H001 carries the residence address on its own.
  const bosted = getObject(bruker, 'bostedsadresse', path);
  if (bosted) {
    const a = readAddress(bosted, join(path, 'bostedsadresse'), 'residence', ctx);
    if (a) out.push(a);
  }
  return dedupeAddresses(out);
}

export function dedupeAddresses(addresses: readonly Address[]): Address[] {
  const unique = uniqueBy(addresses, (a) => JSON.stringify(a));
  // A country-only address adds nothing when a fuller address of the same type and country exists.
  return unique.filter(
    (a) =>
      !(isCountryOnly(a) && unique.some((b) => b !== a && !isCountryOnly(b) && b.type === a.type && b.country === a.country)),
  );
}

function isCountryOnly(a: Address): boolean {
  return (
    a.country !== null &&
    a.street === null &&
    a.building === null &&
    a.town === null &&
    a.postalCode === null &&
    a.region === null
  );
}
