/** Employers, self-employment and employers in the other state: `{name, IdentificationNumbers/IdentificationNumber[]{number, type}, Address}`. */
import type { Employer, EmployerId } from '../../model/canonical.js';
import { EMPLOYER_ID_TYPE } from '../../../schemas/sed/index.js';
import type { EmployerBlockDef } from '../../../schemas/sed/index.js';
import { mapCode, str } from './coded.js';
import type { MapContext } from './coded.js';
import { readPlainAddress } from './addresses.js';
import { hasContent, resolve } from './tree.js';
import type { At } from './tree.js';

/** Every employer of the definition's blocks, in the order of the blocks, then of the document. */
export function readEmployers(ctx: MapContext, root: At, blocks: readonly EmployerBlockDef[]): Employer[] {
  const out: Employer[] = [];
  for (const block of blocks) {
    for (const at of resolve(root, block.path)) {
      if (!hasContent(at.node)) continue;
      out.push(readEmployer(ctx, at, block.role));
    }
  }
  return out;
}

function readEmployer(ctx: MapContext, at: At, role: Employer['role']): Employer {
  const ids: EmployerId[] = [];
  for (const idAt of resolve(at, 'IdentificationNumbers/IdentificationNumber')) {
    const id = str(idAt, 'number');
    if (id === null) continue;
    ids.push({ type: mapCode(idAt, 'type', EMPLOYER_ID_TYPE, 'identification number type') ?? 'unknown', id });
  }
  const address = readPlainAddress(ctx, resolve(at, 'Address')[0]);
  return { role, name: str(at, 'name'), country: address?.country ?? null, ids, address };
}
