/**
 * The catalogue of automatic controls, versioned as a whole: bump CATALOGUE_VERSION whenever a
 * control is added, removed, or changes its version. Scores and flags record it.
 */
import type { CompanyControl, PersonControl } from '../types.js';
import { COMPANY_CONTROLS } from './company-signals.js';
import { CERTIFICATE_CONTROLS } from './person-certificates.js';
import { PERIOD_CONTROLS } from './person-periods.js';

export const CATALOGUE_VERSION = '2026.11.2';

export const PERSON_CONTROLS: readonly PersonControl[] = [...PERIOD_CONTROLS, ...CERTIFICATE_CONTROLS];

export { COMPANY_CONTROLS };

export interface CatalogueEntry {
  id: string;
  version: number;
  severity: string;
  scope: 'person' | 'company';
  title: string;
  legalBasis: string;
  message: string;
}

export function catalogue(): CatalogueEntry[] {
  const entry = (scope: 'person' | 'company') => (c: PersonControl | CompanyControl): CatalogueEntry => ({
    id: c.id, version: c.version, severity: c.severity, scope, title: c.title, legalBasis: c.legalBasis, message: c.message,
  });
  return [...PERSON_CONTROLS.map(entry('person')), ...COMPANY_CONTROLS.map(entry('company'))].sort((a, b) => (a.id < b.id ? -1 : 1));
}
