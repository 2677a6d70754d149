/**
 * The decision on the applicable legislation (`DecisionLegislationApplicable`, LDecisionLAType) and its
 * legal basis, per SED type as the definition says (A009 `01`/`02` codes, A003/A010 article codes).
 */
import type { Decision } from '../../model/canonical.js';
import type { DecisionDef } from '../../../schemas/sed/index.js';
import { OPEN_PERIOD_TYPE } from '../../../schemas/sed/index.js';
import { a009Article, articleCode, country, date, mapCode, yesNo, yesNoValue } from './coded.js';
import type { MapContext } from './coded.js';
import { code, codesOf, first, hasContent, isObject, resolve } from './tree.js';
import type { At, EessiNode } from './tree.js';

export function readDecision(ctx: MapContext, def: DecisionDef | null, root: At): Decision | null {
  if (def === null) return null;
  const block = resolve(root, def.block).find((b) => hasContent(b.node));
  const article = readArticle(ctx, def, root);
  if (block === undefined && article === null) return null;

  const period = block === undefined ? { startDate: null, endDate: null, openEnded: false } : readPeriod(block);
  const { amending, previousDecisionDate } = block === undefined ? { amending: false, previousDecisionDate: null } : readAmending(block);

  return {
    legislationState: block === undefined ? null : country(ctx, block, 'memberStateWhichLegislationApplies'),
    article,
    startDate: period.startDate,
    endDate: period.endDate,
    openEnded: period.openEnded,
    provisional: readProvisional(def, root),
    amending,
    previousDecisionDate,
    appliesForDurationOfActivity: block === undefined ? null : yesNo(block, 'theDecisionAppliesForDurationActivityIndicator'),
  };
}

function readArticle(ctx: MapContext, def: DecisionDef, root: At): string | null {
  for (const p of def.articlePaths) {
    const c = code(root, p);
    if (c === null) continue;
    return def.articleCoding === 'a009' ? a009Article(c.value, c.path) : articleCode(c.value, c.path, ctx.originals);
  }
  return null;
}

/** Fixed `{startDate, endDate}` or open `{typeOpenPeriod, startDate}` (open: `openEnded`, no end date). */
function readPeriod(block: At): { startDate: string | null; endDate: string | null; openEnded: boolean } {
  const period = first(block, 'PeriodForWhichDecisionApplies');
  if (period === undefined) return { startDate: null, endDate: null, openEnded: false };
  const fixed = resolve(period, 'FixedPeriod').find((p) => hasContent(p.node));
  const open = resolve(period, 'OpenPeriod').find((p) => hasContent(p.node));
  if (fixed !== undefined && (open === undefined || code(fixed, 'startDate') !== null)) {
    return { startDate: date(fixed, 'startDate'), endDate: date(fixed, 'endDate'), openEnded: false };
  }
  if (open !== undefined) {
    mapCode(open, 'typeOpenPeriod', OPEN_PERIOD_TYPE, 'open period type');
    return { startDate: date(open, 'startDate'), endDate: null, openEnded: true };
  }
  return { startDate: null, endDate: null, openEnded: false };
}

/**
 * `Decision{InitialDecision}` (value 1) is an initial decision; `Decision{AmendingDecision{InitialDecision = 0,
 * datePreviousDecision}}` amends the decision of that date. A bare `InitialDecision = 0` is amending too.
 */
function readAmending(block: At): { amending: boolean; previousDecisionDate: string | null } {
  const decision = first(block, 'Decision');
  if (decision === undefined) return { amending: false, previousDecisionDate: null };
  const amendingAt = resolve(decision, 'AmendingDecision').find((a) => hasContent(a.node));
  if (amendingAt !== undefined) {
    yesNo(amendingAt, 'InitialDecision');
    return { amending: true, previousDecisionDate: date(amendingAt, 'datePreviousDecision') };
  }
  return { amending: yesNo(decision, 'InitialDecision') === false, previousDecisionDate: null };
}

/** A003: provisional determination (Art 16 of 987/2009). The indicator is the first value found in the element. */
function readProvisional(def: DecisionDef, root: At): boolean {
  for (const p of def.provisionalPaths) {
    for (const at of resolve(root, p)) {
      const v = firstLeaf(at.node);
      if (v !== null) return yesNoValue(v, at.path);
    }
  }
  return false;
}

function firstLeaf(node: EessiNode): string | null {
  const direct = codesOf(node)[0];
  if (direct !== undefined) return direct;
  if (Array.isArray(node)) {
    for (const n of node) {
      const v = firstLeaf(n);
      if (v !== null) return v;
    }
  } else if (isObject(node)) {
    for (const n of Object.values(node)) {
      const v = firstLeaf(n);
      if (v !== null) return v;
    }
  }
  return null;
}
