/** An empty PersonFacts for control tests, with fields overridden as each test needs. */
import type { PersonFacts } from '../../core/controls/types.js';

export const CONTROL_AS_OF = '2025-06-30';

export function personFacts(over: Partial<PersonFacts> = {}): PersonFacts {
  return {
    personKey: 'P-1',
    asOf: CONTROL_AS_OF,
    ambiguousRecords: [],
    birthDates: [],
    sexes: [],
    attestations: [],
    certificates: [],
    postings: [],
    matches: [],
    ...over,
  };
}
