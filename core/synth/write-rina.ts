/**
 * RINA JSON writer: `{"A009": {...}}` with the EESSI English element names, repeated elements as arrays and coded
 * values as `{"value": ["02"]}`, the version attributes inside the SED object (as in the RINA sample
 * doc_A001_CDM4.4_telework_rina_format.json).
 */
import { eessiTree, SED_PACKAGE } from './eessi-tree.js';
import type { SynthSed } from './model.js';

export interface RinaWriteOptions {
  /** Indent (default false: compact). */
  pretty?: boolean;
}

/** The SED as a RINA JSON object. */
export function rinaObject(sed: SynthSed): Record<string, unknown> {
  const tree: Record<string, unknown> = { ...eessiTree(sed) };
  tree.sedGVer = '4';
  tree.sedVer = '4';
  tree.sedPackage = SED_PACKAGE[sed.sedType] ?? '';
  return { [sed.sedType]: tree };
}

/** The SED as RINA JSON text. */
export function writeRina(sed: SynthSed, opts: RinaWriteOptions = {}): string {
  return JSON.stringify(rinaObject(sed), null, opts.pretty ? 4 : undefined);
}
