/**
 * The document an administrative SED acts on.
 *
 * X008 (invalidate a SED) names the invalidated SED in `nav.sak.ugyldiggjoere.sed`
 * `{type, utstedelsesdato, grunn}`: its SED type, never its document id (NAV's model has no such
 * field), so `target.documentId` stays null and the pipeline resolves the document within the case.
 * Other SEDs (X001 close case, X006 remove participant...) name no document: target null.
 */
import type { SedTarget } from '../../model/canonical.js';
import { normaliseSedType } from './nav-codes.js';
import type { JsonObject } from './values.js';
import { getObject, getString, join } from './values.js';

export function readTarget(sedType: string, nav: JsonObject | null): SedTarget | null {
  if (sedType !== 'X008') return null;
  const sak = getObject(nav, 'sak', 'nav');
  const ugyldig = getObject(sak, 'ugyldiggjoere', 'nav.sak');
  const sed = getObject(ugyldig, 'sed', 'nav.sak.ugyldiggjoere');
  const p = 'nav.sak.ugyldiggjoere.sed';
  const rawType = getString(sed, 'type', p);
  const targetType = rawType === null ? null : normaliseSedType(rawType, join(p, 'type'));
  if (targetType === null) return null;
  return { documentId: null, sedType: targetType };
}
