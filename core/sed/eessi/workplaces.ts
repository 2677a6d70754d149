/**
 * Work places, ships and aircraft. CDM 4.4 (`LNewPlaceWorkType`):
 * `PlaceWork{aFixedPlaceWorkExistsIndicator, CountriesWork[]{countryWork, PlaceWork{PlaceWork[]{companyNameVesselName, flagStatehomeBase, Address}}}}`.
 * The fixed-place indicator is one per document, so every work place gets the same `noFixedAddress`.
 * A country of work without any place listed still gives a work place (name and town null).
 */
import type { Workplace } from '../../model/canonical.js';
import { country, str, yesNo } from './coded.js';
import type { MapContext } from './coded.js';
import { hasContent, resolve } from './tree.js';
import type { At } from './tree.js';

export function readWorkplaces(ctx: MapContext, root: At, path: string | null): Workplace[] {
  if (path === null) return [];
  const out: Workplace[] = [];
  for (const block of resolve(root, path)) {
    if (!hasContent(block.node)) continue;
    // `1` = a fixed place of work exists; `0` = none (ships, aircraft, itinerant work).
    const noFixedAddress = yesNo(block, 'aFixedPlaceWorkExistsIndicator') === false;
    const countriesWork = resolve(block, 'CountriesWork').filter((c) => hasContent(c.node));
    if (countriesWork.length > 0) {
      for (const cw of countriesWork) {
        const state = country(ctx, cw, 'countryWork');
        const places = resolve(cw, 'PlaceWork/PlaceWork').filter((p) => hasContent(p.node));
        if (places.length === 0) {
          out.push({ name: null, country: state, town: null, noFixedAddress, homeBase: null });
          continue;
        }
        for (const p of places) out.push(readPlace(p, state, noFixedAddress));
      }
    } else {
      // Without CountriesWork (documents before 4.4): places listed directly, country in their address.
      for (const p of resolve(block, 'PlaceWork').filter((x) => hasContent(x.node))) {
        out.push(readPlace(p, country(ctx, p, 'Address/country'), noFixedAddress));
      }
    }
  }
  return out;
}

function readPlace(p: At, state: string | null, noFixedAddress: boolean): Workplace {
  return {
    name: str(p, 'companyNameVesselName'),
    country: state,
    town: str(p, 'Address/town'),
    noFixedAddress,
    homeBase: str(p, 'flagStatehomeBase'),
  };
}
