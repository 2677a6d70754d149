import type { Command } from 'commander';
import { ConfigError } from '../../core/errors.js';
import { required } from '../../lib/config/config.js';
import { loadApiConfig, parsePort } from '../../lib/api/config.js';
import { API_KEYS_VARIABLE, generateApiKey } from '../../lib/api/keys.js';
import { createApiServer } from '../../lib/api/server.js';
import { createPool } from '../../lib/db/pool.js';
import { migrateAtStartup } from '../../lib/db/migrate.js';
import { checkVerifySecret } from '../../lib/verify/secrets.js';
import { cliContext } from '../context.js';
import { onShutdown } from '../shutdown.js';

export function registerApi(program: Command): void {
  program
    .command('api')
    .description('HTTP API for inspectors and operators: top companies, dossiers, audit log (API keys, every read audited)')
    .option('--port <port>', 'listen port (default LAC_API_PORT or 8080; 0 picks a free one)')
    .option('--host <host>', 'listen address (default LAC_API_HOST or 127.0.0.1)')
    .option('--new-key <keyId>', 'print a new API key for --role and its LAC_API_KEYS entry, then exit')
    .option('--role <role>', 'role of --new-key: inspector or operator', 'inspector')
    .addHelpText('after', `
Endpoints: GET /v1/companies, /v1/companies/{companyKey}, /v1/audit (operators), /v1/verify,
/health, /ready, /v1/openapi.json. Keys come from ${API_KEYS_VARIABLE} only: "keyId:role:sha256hex,..."
(make one with --new-key). SIGTERM stops accepting, finishes requests in flight, then exits.`)
    .action(async (opts: { port?: string; host?: string; newKey?: string; role: string }) => {
      if (opts.newKey !== undefined) {
        const key = generateApiKey(opts.newKey, opts.role);
        process.stdout.write(`token (give it to the key holder, it is not stored anywhere): ${key.token}\n${API_KEYS_VARIABLE} entry: ${key.entry}\n`);
        return;
      }
      const { config, logger } = cliContext('api');
      const api = loadApiConfig();
      if (api.keys.size === 0) throw new ConfigError(API_KEYS_VARIABLE, 'is not set; the API refuses to start without keys (make one with `lac api --new-key ID --role ROLE`)');
      const port = opts.port === undefined ? api.port : parsePort(opts.port, '--port', api.port);
      const host = opts.host ?? api.host;
      const url = required(config.databaseUrl, 'DATABASE_URL', 'to serve the API');
      checkVerifySecret(); // /v1/verify hashes presented codes
      await migrateAtStartup(url, config.dbSchema, { timeoutMs: config.startupTimeoutMs, logger });
      const pool = createPool({ connectionString: url, schema: config.dbSchema, applicationName: 'lac-api' });
      const api$ = createApiServer({ pool, keys: api.keys, logger: logger.child({ component: 'api' }), trustProxy: api.trustProxy });
      await new Promise<void>((resolve, reject) => {
        api$.server.once('error', reject);
        api$.server.listen(port, host, () => resolve());
      });
      const address = api$.server.address();
      logger.info({ host, port: typeof address === 'object' && address !== null ? address.port : port, keys: api.keys.size }, 'api listening');
      await onShutdown(logger, async () => {
        await api$.close();
        await pool.end();
        logger.info('api stopped');
      });
    });
}
