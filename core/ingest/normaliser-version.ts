/**
 * Version of the mapping from documents to canonical records. Bump it when a reader's output
 * changes; `lac reprocess` re-normalises rows stored with an older version.
 */
export const NORMALISER_VERSION = 1;
