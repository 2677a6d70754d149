import { NotImplementedError } from '../core/errors.js';

/** Commands of the contract that later issues build: they explain themselves and exit 2. */
export function notBuilt(command: string, arrivesWith: string): () => never {
  return () => {
    throw new NotImplementedError(`\`lac ${command}\` is not built yet (arrives with ${arrivesWith})`);
  };
}
