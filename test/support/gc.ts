/** Forced garbage collection for memory tests: measure what is still reachable, not garbage awaiting collection. */
import v8 from 'node:v8';
import vm from 'node:vm';

export function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
