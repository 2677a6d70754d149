/**
 * Periods. NAV writes three shapes:
 * - flat `{startdato, sluttdato}` (A003/A010 `gjelderperiode`, A001 `soeknadsperiode`);
 * - `{fastperiode: {startdato, sluttdato}}` (A009 `gjelderperiode`, A002 `annenperiode`);
 * - `{aapenperiode: {startdato, type}}`: an open period, no end date.
 * A flat period may also carry `aapenperiode` (NAV's `PeriodeA010`).
 */
import { parseDate } from '../codes.js';
import type { JsonObject } from './values.js';
import { getObject, getString, join } from './values.js';

export interface Period {
  startDate: string | null;
  endDate: string | null;
  openEnded: boolean;
}

function fixed(o: JsonObject, path: string): Period {
  return {
    startDate: parseDate(getString(o, 'startdato', path), join(path, 'startdato')),
    endDate: parseDate(getString(o, 'sluttdato', path), join(path, 'sluttdato')),
    openEnded: false,
  };
}

function open(o: JsonObject, path: string): Period {
  return {
    startDate: parseDate(getString(o, 'startdato', path), join(path, 'startdato')),
    endDate: null,
    openEnded: true,
  };
}

/** Read a period object at `path`; null when absent. */
export function readPeriod(o: JsonObject | null, path: string): Period | null {
  if (o === null) return null;
  const aapen = getObject(o, 'aapenperiode', path);
  const fast = getObject(o, 'fastperiode', path);
  const aapenPath = join(path, 'aapenperiode');
  if (aapen !== null && getString(aapen, 'startdato', aapenPath) !== null) return open(aapen, aapenPath);
  if (fast !== null) return fixed(fast, join(path, 'fastperiode'));
  if (aapen !== null) return open(aapen, aapenPath);
  const flat = fixed(o, path);
  return flat.startDate === null && flat.endDate === null ? null : flat;
}

export function readPeriodAt(parent: JsonObject | null, key: string, path: string): Period | null {
  return readPeriod(getObject(parent, key, path), join(path, key));
}
