export { readNavJson, readNavJsonDetailed, readCdmVersion, looksLikeNavJson } from './read-nav.js';
export type { NavExtras, NavReadResult } from './read-nav.js';
export type { A008Change } from './a008.js';
export type { ExceptionReply } from './decisions.js';
