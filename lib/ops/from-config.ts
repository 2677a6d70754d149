/** ServiceOps for a CLI-started service, from the configuration and the `--metrics-port` option. */
import { parsePort, type LacConfig } from '../config/config.js';
import type { Pool } from '../db/pool.js';
import type { Logger } from '../log/logger.js';
import type { ServiceKind } from './metrics.js';
import { ServiceOps } from './service-ops.js';

export const METRICS_PORT_HELP = 'serve /health, /ready and /metrics on this port (0 = a free port, logged; default: LAC_METRICS_PORT, else no endpoint)';

export function opsFromConfig(
  kind: ServiceKind,
  dependencies: string[],
  context: { config: LacConfig; pool: Pool; logger: Logger },
  metricsPortOption?: string,
): ServiceOps {
  const { config, pool, logger } = context;
  return new ServiceOps({
    kind,
    dependencies,
    pool,
    logger,
    heartbeatMs: config.ops.heartbeatMs,
    metricsPort: metricsPortOption === undefined ? config.ops.metricsPort : parsePort(metricsPortOption, '--metrics-port'),
    metricsHost: config.ops.metricsHost,
  });
}
