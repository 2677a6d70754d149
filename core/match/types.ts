/** The matcher's transport-free model: a subject (what must be covered) and the evidence that may cover it. */

export type MatchOutcome =
  | 'matched'
  | 'no-certificate'
  | 'period-partial'
  | 'employer-mismatch'
  | 'state-mismatch'
  | 'withdrawn'
  | 'conflict'
  | 'ambiguous-identity';

export type SubjectType = 'sed' | 'declaration-worker';

export interface Subject {
  type: SubjectType;
  /** SED document id, or `<declarationId>#<worker index>`. */
  ref: string;
  personKey: string;
  /** The person record could belong to several persons: never decided automatically. */
  ambiguousIdentity: boolean;
  /** Identity keys of the employer (see company-keys.ts); the first is the company key. */
  companyKeys: string[];
  /** The state whose legislation should apply (a posting: the sending state). */
  expectedState: string | null;
  startDate: string;
  endDate: string;
}

export interface Evidence {
  /** Certificate number, or `sed:<documentId>` for an attestation received as a SED. */
  ref: string;
  kind: 'certificate' | 'sed';
  personKey: string;
  companyKeys: string[];
  legislationState: string | null;
  startDate: string;
  /** Null when open-ended. */
  endDate: string | null;
  withdrawn: boolean;
}

export interface MatchResult {
  outcome: MatchOutcome;
  /** Share of the subject's days covered by fitting evidence, 0..1 (4 decimals). */
  coverage: number;
  /** The evidence the outcome rests on. */
  evidenceRefs: string[];
  explanation: string;
}
