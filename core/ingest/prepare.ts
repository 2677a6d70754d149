/**
 * The pure half of ingestion: bytes in, a decision out (store this SED / declaration /
 * certificate, or reject it with a stable code). No I/O, so it runs the same in the
 * services, in `lac replay`, in the demo and in worker threads.
 */
import { isRejection, RejectionCodes } from '../errors.js';
import { classifyMessage } from '../input/classify.js';
import { messageHash } from './message-identity.js';
import { toSedRow } from './sed-row.js';
import type { Outcome, PreparedMessage, SourceMessage } from './types.js';

export interface PrepareLimits {
  maxBytes: number;
  maxDepth: number;
}

export function prepareMessage(message: SourceMessage, limits: PrepareLimits): PreparedMessage {
  const hash = messageHash(message.headers, message.body);
  let outcome: Outcome;
  try {
    const classified = classifyMessage(message.body, message.headers, limits);
    switch (classified.kind) {
      case 'sed':
        outcome = { type: 'sed', sed: toSedRow(classified.envelope, classified.content, message.body, classified.notes) };
        break;
      case 'declaration':
        outcome = { type: 'declaration', declaration: classified.declaration };
        break;
      case 'certificate':
        outcome = { type: 'certificate', certificate: classified.certificate };
        break;
    }
  } catch (err) {
    if (isRejection(err)) {
      outcome = { type: 'rejected', rejection: { code: err.code, message: err.message, path: err.path } };
    } else {
      // A reader bug must not block the partition: park the message with its bytes; fix, then `lac dlq retry`.
      const e = err as Error;
      outcome = {
        type: 'rejected',
        rejection: { code: RejectionCodes.READER_FAILED, message: `${e.name}: ${e.message}`, path: null },
      };
    }
  }
  return { hash, kind: outcome.type === 'rejected' ? 'unknown' : outcome.type, message, outcome };
}
