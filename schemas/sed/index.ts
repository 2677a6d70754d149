/** Per-SED-type definitions of the fields LAC reads (see README.md). */
import { A001 } from './a001.js';
import { A003 } from './a003.js';
import { A008 } from './a008.js';
import { A009 } from './a009.js';
import { A010 } from './a010.js';
import { A011, A012 } from './a011-a012.js';
import { GENERIC } from './generic.js';
import type { SedDefinition } from './types.js';

export type { DecisionDef, EmployerBlockDef, FieldDef, SedDefinition } from './types.js';
export * from './code-lists.js';

export const SED_DEFINITIONS: Readonly<Record<string, SedDefinition>> = { A001, A003, A008, A009, A010, A011, A012 };

/** The definition for a SED type, or the generic one for types we do not know in detail. */
export function getSedDefinition(sedType: string): SedDefinition {
  return SED_DEFINITIONS[sedType] ?? GENERIC;
}

export { GENERIC };
