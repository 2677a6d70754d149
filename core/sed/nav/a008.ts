/**
 * A008, notification of a relevant change: `medlemskap.endring{periode, startdato, sluttdato,
 * trerikraftfra, adresse, arbeidssted}` and `medlemskap.bruker.arbeidiflereland{bosted, yrkesaktivitet}`.
 *
 * A008 determines no applicable legislation, so its canonical `decision` is null. Its new address and
 * new place of work go to `addresses` / `workplaces`; the member state of residence of a person
 * working in several states becomes a residence address. The change dates have no place in the
 * canonical record and are returned as `A008Change` (see `readNavJsonDetailed`).
 *
 * Versions: `endring.periode` is a string in CDM 4.3 and a period object in 4.4;
 * `arbeidiflereland` is an object up to 4.3 and an array in 4.4 (the first entry counts, as in NAV's reader).
 */
import type { Address, Workplace } from '../../model/canonical.js';
import { normaliseCountry, parseDate } from '../codes.js';
import { readAddress } from './addresses.js';
import type { Period } from './periods.js';
import { readPeriod } from './periods.js';
import type { JsonObject, ReadContext } from './values.js';
import { asString, getObject, getObjectList, getString, join, shapeError } from './values.js';

export interface A008Change {
  startDate: string | null;
  endDate: string | null;
  openEnded: boolean;
  /** `trerikraftfra`: the date the change takes effect. */
  effectiveFrom: string | null;
  /** CDM 4.3 writes `endring.periode` as a plain string; kept as written. */
  periodCode: string | null;
  /** `arbeidiflereland.yrkesaktivitet.startdato`. */
  activityStartDate: string | null;
}

export interface A008Content {
  change: A008Change | null;
  addresses: Address[];
  workplaces: Workplace[];
}

function firstArbeidIFlereLand(bruker: JsonObject | null): { value: JsonObject; path: string } | null {
  const list = getObjectList(bruker, 'arbeidiflereland', 'medlemskap.bruker');
  return list[0] ?? null;
}

export function readA008(medlemskap: JsonObject | null, ctx: ReadContext): A008Content {
  const ep = 'medlemskap.endring';
  const endring = getObject(medlemskap, 'endring', 'medlemskap');
  const addresses: Address[] = [];
  const workplaces: Workplace[] = [];

  let change: A008Change | null = null;
  if (endring !== null) {
    const rawPeriode = endring['periode'];
    const pp = join(ep, 'periode');
    let periodCode: string | null = null;
    let period: Period | null = null;
    if (typeof rawPeriode === 'string' || typeof rawPeriode === 'number') {
      periodCode = asString(rawPeriode, pp);
    } else if (rawPeriode !== undefined && rawPeriode !== null) {
      const periodeObj = getObject(endring, 'periode', ep);
      if (periodeObj === null) throw shapeError(pp, 'a string or a period object', rawPeriode);
      period = readPeriod(periodeObj, pp);
    }
    const start = parseDate(getString(endring, 'startdato', ep), join(ep, 'startdato'));
    const end = parseDate(getString(endring, 'sluttdato', ep), join(ep, 'sluttdato'));
    change = {
      startDate: period?.startDate ?? start,
      endDate: period ? period.endDate : end,
      openEnded: period?.openEnded ?? false,
      effectiveFrom: parseDate(getString(endring, 'trerikraftfra', ep), join(ep, 'trerikraftfra')),
      periodCode,
      activityStartDate: null,
    };

    const adresse = getObject(endring, 'adresse', ep);
    if (adresse) {
      const a = readAddress(adresse, join(ep, 'adresse'), 'other', ctx);
      if (a) addresses.push(a);
    }
    const arbeidssted = getObject(endring, 'arbeidssted', ep);
    if (arbeidssted) {
      const wp = join(ep, 'arbeidssted');
      const w: Workplace = {
        name: getString(arbeidssted, 'navn', wp),
        country: normaliseCountry(getString(arbeidssted, 'land', wp), join(wp, 'land'), ctx.originals),
        town: getString(arbeidssted, 'by', wp),
        noFixedAddress: false,
        homeBase: null,
      };
      if (w.name !== null || w.country !== null || w.town !== null) workplaces.push(w);
    }
  }

  const afl = firstArbeidIFlereLand(getObject(medlemskap, 'bruker', 'medlemskap'));
  if (afl) {
    const bosted = getObject(afl.value, 'bosted', afl.path);
    const bp = join(afl.path, 'bosted');
    const country = normaliseCountry(getString(bosted, 'land', bp), join(bp, 'land'), ctx.originals);
    if (country !== null) {
      addresses.push({ type: 'residence', street: null, building: null, town: null, postalCode: null, region: null, country });
    }
    const aktivitet = getObject(afl.value, 'yrkesaktivitet', afl.path);
    const ap = join(afl.path, 'yrkesaktivitet');
    const activityStartDate = parseDate(getString(aktivitet, 'startdato', ap), join(ap, 'startdato'));
    if (activityStartDate !== null) {
      change = {
        ...(change ?? { startDate: null, endDate: null, openEnded: false, effectiveFrom: null, periodCode: null }),
        activityStartDate,
      };
    }
  }

  return { change, addresses, workplaces };
}
