/**
 * A001: the requested exception (`RequestedPeriod`, `ApplicableLegislation{applicableLegislationCurrentSituation,
 * applicableLegislationRequestedSituation}`). The exception itself is always Art 16(1); the article whose rule
 * it departs from (`regulationArticlesSituationAgreementExceptionProposed`) is checked against its code list
 * but has no place in the canonical request.
 */
import type { Request } from '../../model/canonical.js';
import { countries, date } from './coded.js';
import type { MapContext } from './coded.js';
import type { At } from './tree.js';

export function readRequest(ctx: MapContext, root: At): Request {
  return {
    startDate: date(root, 'RequestedPeriod/startDate'),
    endDate: date(root, 'RequestedPeriod/endDate'),
    currentStates: countries(ctx, root, 'ApplicableLegislation/applicableLegislationCurrentSituation'),
    requestedStates: countries(ctx, root, 'ApplicableLegislation/applicableLegislationRequestedSituation'),
  };
}
