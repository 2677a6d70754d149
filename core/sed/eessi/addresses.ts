/** `Addresses/Address[]{type, Address{street, buildingName, town, postalCode, region, country}}` and plain addresses. */
import type { Address, PlainAddress } from '../../model/canonical.js';
import { ADDRESS_TYPE } from '../../../schemas/sed/index.js';
import { country, mapCode, str } from './coded.js';
import type { MapContext } from './coded.js';
import { hasContent, resolve } from './tree.js';
import type { At } from './tree.js';

/** An address element (EESSIAddressWorldType / LAddressNoCountryType); null when empty. */
export function readPlainAddress(ctx: MapContext, address: At | undefined): PlainAddress | null {
  if (address === undefined || !hasContent(address.node)) return null;
  return {
    street: str(address, 'street'),
    building: str(address, 'buildingName'),
    town: str(address, 'town'),
    postalCode: str(address, 'postalCode'),
    region: str(address, 'region'),
    country: country(ctx, address, 'country'),
  };
}

/** The person's typed addresses; a missing type gives `other`. */
export function readAddresses(ctx: MapContext, root: At, path: string | null): Address[] {
  if (path === null) return [];
  const out: Address[] = [];
  for (const entry of resolve(root, path)) {
    if (!hasContent(entry.node)) continue;
    const type = mapCode(entry, 'type', ADDRESS_TYPE, 'address type') ?? 'other';
    const inner = resolve(entry, 'Address')[0];
    const plain = readPlainAddress(ctx, inner);
    out.push({
      type,
      street: plain?.street ?? null,
      building: plain?.building ?? null,
      town: plain?.town ?? null,
      postalCode: plain?.postalCode ?? null,
      region: plain?.region ?? null,
      country: plain?.country ?? null,
    });
  }
  return out;
}
