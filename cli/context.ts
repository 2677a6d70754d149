/** What every command needs: validated config and a logger. Connections are opened by commands that use them. */
import { loadConfig, type LacConfig } from '../lib/config/config.js';
import { createLogger, type Logger } from '../lib/log/logger.js';

export interface CliContext {
  config: LacConfig;
  logger: Logger;
}

export function cliContext(service: string): CliContext {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: service });
  return { config, logger };
}
