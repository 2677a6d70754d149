/** Long-running commands wait here until SIGTERM/SIGINT, then run their graceful stop once. */
import type { Logger } from '../lib/log/logger.js';

export function onShutdown(logger: Logger, stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const handler = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down: finishing the batch in flight');
      stop().then(resolve, reject);
    };
    process.once('SIGTERM', handler);
    process.once('SIGINT', handler);
  });
}
