/**
 * Work places, ships and aircraft: `nav.arbeidssted[]{navn, adresse, hjemmebase, erikkefastadresse}`.
 * CDM 4.4 adds `nav.arbeidsland[]{land, arbeidssted[]}` (a country of work with its places) and
 * `nav.harfastarbeidssted` (`nei`: no fixed place of work).
 */
import type { Workplace } from '../../model/canonical.js';
import { normaliseCountry } from '../codes.js';
import type { JsonObject, ReadContext } from './values.js';
import { getObject, getObjectList, getString, getYesNo, join, uniqueBy } from './values.js';

function readWorkplace(
  o: JsonObject,
  path: string,
  defaults: { noFixedAddress: boolean; country: string | null },
  ctx: ReadContext,
): Workplace | null {
  const adresse = getObject(o, 'adresse', path);
  const ap = join(path, 'adresse');
  const country = normaliseCountry(getString(adresse, 'land', ap), join(ap, 'land'), ctx.originals) ?? defaults.country;
  const w: Workplace = {
    name: getString(o, 'navn', path) ?? getString(adresse, 'navn', ap),
    country,
    town: getString(adresse, 'by', ap),
    noFixedAddress: getYesNo(o, 'erikkefastadresse', path) ?? defaults.noFixedAddress,
    homeBase: getString(o, 'hjemmebase', path),
  };
  const empty = w.name === null && w.country === null && w.town === null && w.homeBase === null;
  return empty ? null : w;
}

export function readWorkplaces(nav: JsonObject | null, ctx: ReadContext): Workplace[] {
  const hasFixed = getYesNo(nav, 'harfastarbeidssted', 'nav');
  const noFixedAddress = hasFixed === false;
  const out: Workplace[] = [];
  for (const { value, path } of getObjectList(nav, 'arbeidssted', 'nav')) {
    const w = readWorkplace(value, path, { noFixedAddress, country: null }, ctx);
    if (w) out.push(w);
  }
  for (const { value: land, path: lp } of getObjectList(nav, 'arbeidsland', 'nav')) {
    const country = normaliseCountry(getString(land, 'land', lp), join(lp, 'land'), ctx.originals);
    const places = getObjectList(land, 'arbeidssted', lp)
      .map(({ value, path }) => readWorkplace(value, path, { noFixedAddress, country }, ctx))
      .filter((w): w is Workplace => w !== null);
    if (places.length > 0) out.push(...places);
    else if (country !== null) out.push({ name: null, country, town: null, noFixedAddress, homeBase: null });
  }
  return uniqueBy(out, (w) => JSON.stringify(w));
}
