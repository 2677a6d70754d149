/**
 * Posting facts for person-control tests: one worker of company C-DE-1 (German legislation,
 * article 12(1)) posted for 2025, declared as D1#0 and attested by an A009. Host country France
 * unless a test file says otherwise.
 */
import type { AttestationFact, DeclaredPostingFact } from '../../core/controls/types.js';

export function declaredPostingFact(over: Partial<DeclaredPostingFact> = {}): DeclaredPostingFact {
  return {
    ref: 'D1#0',
    declarationId: 'D1',
    declaredAt: '2024-12-20',
    hostCountry: 'FR',
    sendingState: 'DE',
    companyKey: 'C-DE-1',
    clientKey: 'FR-CLIENT',
    period: { start: '2025-01-01', end: '2025-12-31' },
    sector: 'construction',
    a1Reference: null,
    ...over,
  };
}

export function attestationFact(over: Partial<AttestationFact> = {}): AttestationFact {
  return {
    documentId: 'DOC-1',
    caseId: 'CASE-1',
    sedType: 'A009',
    legislationState: 'DE',
    article: '12_1',
    period: { start: '2025-01-01', end: '2025-12-31' },
    provisional: false,
    contested: false,
    senderCountry: 'DE',
    receiverCountry: 'FR',
    companyKey: 'C-DE-1',
    receivedAt: '2025-01-05',
    ...over,
  };
}
