/** Control catalogues in tests: one control by id, and its hits on given facts. */
import type { ControlHit } from '../../core/controls/types.js';

/** The control `id` of the catalogue; throws naming it when there is none. */
export function controlById<C extends { id: string }>(catalogue: readonly C[], id: string): C {
  const c = catalogue.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no control ${id}`);
  return c;
}

/** The hits of control `id` of the catalogue (person or company controls) on `facts`. */
export function evaluateControl<F>(catalogue: ReadonlyArray<{ id: string; evaluate(facts: F): ControlHit[] }>, id: string, facts: F): ControlHit[] {
  return controlById(catalogue, id).evaluate(facts);
}
