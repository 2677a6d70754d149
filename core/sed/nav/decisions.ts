/**
 * What each LA SED decides or asks, from NAV's `medlemskap` block.
 *
 * | SED       | canonical                                                                     |
 * |-----------|-------------------------------------------------------------------------------|
 * | A001      | `request` (soeknadsperiode, naavaerendemedlemskap, forespurtmedlemskap)        |
 * | A002      | `decision` with the other period when `unntak.vedtak.id` is godkjent_for_annen_periode; null when ikke_godkjent |
 * | A003      | `decision` from `vedtak`; article `relevantartikkelfor8832004eller9872009`; provisional from `isDeterminationProvisional` |
 * | A009      | `decision` from `vedtak`; article `vedtak.artikkelforordning`                  |
 * | A010      | `decision` from `vedtak`; article `meldingomlovvalg.artikkel`                  |
 * | others    | `decision` null: A004-A008, A011/A012, X..., H...                               |
 *
 * A011 (exception accepted) and A012 (determination agreed) carry only the person, in NAV's model
 * as in the CDM 4.4 schemas: no state, no period. The decision they accept lives in the A001/A003
 * of the same case, so `decision` stays null here, as in the XML/RINA reader; the SED type says
 * what they are. A008 notifies a change and determines nothing (see a008.ts).
 *
 * Amending: the schema's Decision is a choice of `InitialDecision` (NAV: `eropprinneligvedtak: ja`)
 * or `AmendingDecision{InitialDecision = No, datePreviousDecision}` (NAV: `erendringsvedtak: nei`
 * plus `datoforrigevedtak`). RINA only ever writes `erendringsvedtak` as `nei` or leaves it out.
 */
import type { Decision, Request } from '../../model/canonical.js';
import { RejectionCodes, RejectionError } from '../../errors.js';
import { normaliseCountry, parseDate } from '../codes.js';
import { normaliseA009Article, normaliseArticle } from './nav-codes.js';
import { readPeriodAt } from './periods.js';
import type { JsonObject, ReadContext } from './values.js';
import { asString, clip, getObject, getString, getYesNo, isObject, join, shapeError, uniqueBy } from './values.js';

/** SED types whose NAV document must carry `medlemskap.vedtak`. */
const VEDTAK_REQUIRED = new Set(['A003', 'A009', 'A010']);

export function emptyDecision(): Decision {
  return {
    legislationState: null,
    article: null,
    startDate: null,
    endDate: null,
    openEnded: false,
    provisional: false,
    amending: false,
    previousDecisionDate: null,
    appliesForDurationOfActivity: null,
  };
}

/** Amending per the schema's Decision choice; an explicit initial decision wins unless `erendringsvedtak` is `nei`. */
function isAmending(initial: boolean | null, notInitial: boolean | null, previousDecisionDate: string | null): boolean {
  if (initial === true && notInitial !== false) return false;
  return notInitial === false || previousDecisionDate !== null;
}

function readVedtak(
  vedtak: JsonObject,
  path: string,
  article: string | null,
  provisional: boolean,
  ctx: ReadContext,
): Decision {
  const period = readPeriodAt(vedtak, 'gjelderperiode', path);
  const previousDecisionDate = parseDate(getString(vedtak, 'datoforrigevedtak', path), join(path, 'datoforrigevedtak'));
  const initial = getYesNo(vedtak, 'eropprinneligvedtak', path);
  const notInitial = getYesNo(vedtak, 'erendringsvedtak', path);
  return {
    legislationState: normaliseCountry(getString(vedtak, 'land', path), join(path, 'land'), ctx.originals),
    article,
    startDate: period?.startDate ?? null,
    endDate: period?.endDate ?? null,
    openEnded: period?.openEnded ?? false,
    provisional,
    amending: isAmending(initial, notInitial, previousDecisionDate),
    previousDecisionDate,
    appliesForDurationOfActivity: getYesNo(vedtak, 'gjeldervarighetyrkesaktivitet', path),
  };
}

function provisionalFlag(medlemskap: JsonObject | null): boolean {
  return getYesNo(medlemskap, 'isDeterminationProvisional', 'medlemskap') ?? false;
}

export function readDecision(sedType: string, medlemskap: JsonObject | null, ctx: ReadContext): Decision | null {
  const vedtak = getObject(medlemskap, 'vedtak', 'medlemskap');
  const vp = 'medlemskap.vedtak';
  if (VEDTAK_REQUIRED.has(sedType) && vedtak === null) {
    throw new RejectionError(RejectionCodes.FIELD_MISSING, `${sedType} without its decision (medlemskap.vedtak)`, vp);
  }
  switch (sedType) {
    case 'A003': {
      const p = 'medlemskap.relevantartikkelfor8832004eller9872009';
      const article = normaliseArticle(getString(medlemskap, 'relevantartikkelfor8832004eller9872009', 'medlemskap'), p, ctx);
      return readVedtak(vedtak as JsonObject, vp, article, provisionalFlag(medlemskap), ctx);
    }
    case 'A009': {
      const p = join(vp, 'artikkelforordning');
      const article = normaliseA009Article(getString(vedtak, 'artikkelforordning', vp), p, ctx);
      return readVedtak(vedtak as JsonObject, vp, article, provisionalFlag(medlemskap), ctx);
    }
    case 'A010': {
      const melding = getObject(medlemskap, 'meldingomlovvalg', 'medlemskap');
      const p = 'medlemskap.meldingomlovvalg';
      const article = normaliseArticle(getString(melding, 'artikkel', p), join(p, 'artikkel'), ctx);
      return readVedtak(vedtak as JsonObject, vp, article, provisionalFlag(medlemskap), ctx);
    }
    case 'A002':
      return readA002(medlemskap);
    default:
      return null;
  }
}

export type ExceptionReply = 'rejected' | 'accepted-other-period';

const A002_RESULTS: Readonly<Record<string, ExceptionReply>> = {
  ikke_godkjent: 'rejected',
  godkjent_for_annen_periode: 'accepted-other-period',
};

/** A002's outcome: `medlemskap.unntak.vedtak.id`. Without an id, a given other period means acceptance for it. */
export function readA002Reply(medlemskap: JsonObject | null): ExceptionReply | null {
  const unntak = getObject(medlemskap, 'unntak', 'medlemskap');
  const vedtak = getObject(unntak, 'vedtak', 'medlemskap.unntak');
  const p = 'medlemskap.unntak.vedtak';
  if (vedtak === null) return null;
  const id = getString(vedtak, 'id', p);
  if (id === null) return readPeriodAt(vedtak, 'annenperiode', p) ? 'accepted-other-period' : null;
  const reply = A002_RESULTS[id.toLowerCase()];
  if (reply === undefined) {
    throw new RejectionError(RejectionCodes.CODE_UNKNOWN, `unknown A002 result "${clip(id)}"`, join(p, 'id'));
  }
  return reply;
}

function readA002(medlemskap: JsonObject | null): Decision | null {
  if (readA002Reply(medlemskap) !== 'accepted-other-period') return null;
  const p = 'medlemskap.unntak.vedtak';
  const vedtak = getObject(getObject(medlemskap, 'unntak', 'medlemskap'), 'vedtak', 'medlemskap.unntak');
  const period = readPeriodAt(vedtak, 'annenperiode', p);
  return {
    ...emptyDecision(),
    startDate: period?.startDate ?? null,
    endDate: period?.endDate ?? null,
    openEnded: period?.openEnded ?? false,
  };
}

/** `[{land}]` (or plain codes) → ISO countries, duplicates dropped. */
function readCountryList(parent: JsonObject | null, key: string, path: string, ctx: ReadContext): string[] {
  const raw = parent === null ? undefined : parent[key];
  const here = join(path, key);
  if (raw === undefined || raw === null) return [];
  const items: unknown[] = Array.isArray(raw) ? raw : [raw];
  const out: string[] = [];
  items.forEach((item, i) => {
    const p = Array.isArray(raw) ? `${here}[${i}]` : here;
    let code: string | null;
    let codePath = p;
    if (isObject(item)) {
      code = getString(item, 'land', p) ?? getString(item, 'landkode', p);
      codePath = join(p, 'land');
    } else if (typeof item === 'string' || item === null) {
      code = asString(item, p);
    } else {
      throw shapeError(p, 'an object or a country code', item);
    }
    const c = normaliseCountry(code, codePath, ctx.originals);
    if (c !== null) out.push(c);
  });
  return uniqueBy(out, (c) => c);
}

/** A001's request. Always present for an A001; absent parts are null or empty. */
export function readRequest(medlemskap: JsonObject | null, ctx: ReadContext): Request {
  const period = readPeriodAt(medlemskap, 'soeknadsperiode', 'medlemskap');
  return {
    startDate: period?.startDate ?? null,
    endDate: period?.endDate ?? null,
    currentStates: readCountryList(medlemskap, 'naavaerendemedlemskap', 'medlemskap', ctx),
    requestedStates: readCountryList(medlemskap, 'forespurtmedlemskap', 'medlemskap', ctx),
  };
}

/**
 * A001's article of the exception request: `medlemskap.unntak.grunnlag.artikkel` up to CDM 4.3,
 * `medlemskap.forordning8832004.unntak.grunnlag.artikkel` in 4.4 (the 4.4 place wins when both exist).
 */
export function readA001Article(medlemskap: JsonObject | null, ctx: ReadContext): string | null {
  const at = (base: JsonObject | null, basePath: string): string | null => {
    const unntak = getObject(base, 'unntak', basePath);
    const up = join(basePath, 'unntak');
    const grunnlag = getObject(unntak, 'grunnlag', up);
    const gp = join(up, 'grunnlag');
    return normaliseArticle(getString(grunnlag, 'artikkel', gp), join(gp, 'artikkel'), ctx);
  };
  const forordning = getObject(medlemskap, 'forordning8832004', 'medlemskap');
  return at(forordning, 'medlemskap.forordning8832004') ?? at(medlemskap, 'medlemskap');
}
