/**
 * The envelope of a received SED: what travels beside the document (../shared/CONTRACTS.md),
 * either as Kafka headers of a raw document or as the `sedHendelse` object of a SED event.
 * Field names are NAV's `SedHendelse` names, as on the wire.
 */
import type { Institution } from './canonical.js';

export interface SedEnvelope {
  /** RINA case id. */
  rinaSakId: string;
  /** Document id (32 hex characters in RINA; not enforced). */
  rinaDokumentId: string;
  /** Document version, a positive integer. */
  rinaDokumentVersjon: number;
  /** SED type; when envelope and document disagree, the document's (see `ClassifiedMessage.notes`). */
  sedType: string;
  bucType: string;
  /** Sender institution, `CC:ID` (e.g. `DE:12345`, `EL:IKA0001`), as written. */
  avsenderId: string;
  /** Receiver institution, `CC:ID`, as written. */
  mottakerId: string;
  avsenderNavn: string | null;
  mottakerNavn: string | null;
  sektorKode: string | null;
  /** Derived from `avsenderId`: the id as written and its ISO country (EESSI's `EL`/`UK` → `GR`/`GB`). */
  sender: Institution;
  /** Derived from `mottakerId`, like `sender`. */
  receiver: Institution;
}

/** The envelope fields read from headers / `sedHendelse`, in their wire spelling. */
export const ENVELOPE_STRING_FIELDS = [
  'rinaSakId',
  'rinaDokumentId',
  'sedType',
  'bucType',
  'avsenderId',
  'mottakerId',
  'avsenderNavn',
  'mottakerNavn',
  'sektorKode',
] as const;

export type EnvelopeStringField = (typeof ENVELOPE_STRING_FIELDS)[number];
