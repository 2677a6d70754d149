/**
 * Our own definitions of the SED fields LAC reads from the two English-named shapes
 * (EESSI XML and RINA JSON), with where NAV JSON keeps the same fact.
 * See ./README.md for the conventions; the readers in core/sed/eessi/ use these
 * definitions for the mandatory-field, length and code-list checks.
 */
import type { CodeListName } from './code-lists.js';
import type { EmployerRole } from '../../core/model/canonical.js';

/**
 * One field we read.
 *
 * `path` is relative to the SED root element (XML) or the SED object (RINA JSON):
 * element names separated by `/`; `(A|B)` in a segment means either element.
 * Repeated elements need no marker: every step may hold one node or a list.
 * Coded values are read through their `value` wrapper, which the path does not name.
 */
export interface FieldDef {
  /** Canonical field (see core/model/canonical.ts), or `-` for a field we check but do not export. */
  readonly canonical: string;
  readonly path: string;
  /**
   * The container the field belongs to. `mandatory` then means "every instance of the
   * container carries the field"; an absent container is fine. Omitted: the SED root,
   * so a mandatory field must be present in the document.
   */
  readonly within?: string;
  /** Where NAV JSON keeps the same fact, null when it has no equivalent. */
  readonly nav: string | null;
  /** Reject the document (FIELD_MISSING) when the field is absent or empty. */
  readonly mandatory: boolean;
  /** The XSD says minOccurs >= 1 (informative: we only reject on `mandatory`). */
  readonly xsdRequired: boolean;
  /** Maximum length in characters (XSD maxLength); longer values are rejected (FIELD_TOO_LONG). */
  readonly maxLength: number | null;
  /** Code list of the `value` wrapper; unknown codes are rejected (CODE_UNKNOWN). */
  readonly codeList: CodeListName | null;
  /** The XSD type, for the reader of this file. */
  readonly xsdType?: string;
}

/** Where employers sit in a SED type, and which role they play. */
export interface EmployerBlockDef {
  /** Path of each employer (the repeated element), e.g. `EmployerInPostingState/Employer`. */
  readonly path: string;
  readonly role: EmployerRole;
  readonly nav: string | null;
}

/** How a SED type states its decision on the applicable legislation. */
export interface DecisionDef {
  /** The `DecisionLegislationApplicable` block (state, period, initial/amending, duration). */
  readonly block: string;
  /** Paths tried in order for the legal basis; the first present wins. */
  readonly articlePaths: readonly string[];
  /** How the article is coded. */
  readonly articleCoding: 'a009' | 'article-code';
  /** Paths tried for the provisional flag (A003), empty when the SED has none. */
  readonly provisionalPaths: readonly string[];
}

export interface SedDefinition {
  /** `A009`, or `*` for the generic definition used for SED types we do not know in detail. */
  readonly sedType: string;
  readonly title: string;
  /** Official XSD the paths were checked against, or null when written from secondary sources. */
  readonly xsd: string | null;
  /** Paths tried in order for the person block (the element holding familyName, forename...). */
  readonly personPaths: readonly string[];
  /** Path of the `Addresses/Address` list, null when the SED has none. */
  readonly addressesPath: string | null;
  readonly employers: readonly EmployerBlockDef[];
  /** Path of the 4.4 `PlaceWork` block, null when the SED has none. */
  readonly placeWorkPath: string | null;
  readonly decision: DecisionDef | null;
  /** A001: the request block is read. */
  readonly request: boolean;
  readonly fields: readonly FieldDef[];
}
