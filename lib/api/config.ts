/** Settings of `lac api`, from the environment (listed in CONFIG_VARIABLES, lib/config/config.ts). */
import { ConfigError } from '../../core/errors.js';
import type { Env } from '../config/config.js';
import { API_KEYS_VARIABLE, parseApiKeys, type ApiKeyEntry } from './keys.js';

export interface ApiConfig {
  host: string;
  port: number;
  keys: Map<string, ApiKeyEntry>;
  /** Behind one trusted reverse proxy: the verify endpoint rate-limits by the last X-Forwarded-For entry. */
  trustProxy: boolean;
}

export function loadApiConfig(env: Env = process.env): ApiConfig {
  return {
    host: env.LAC_API_HOST?.trim() || '127.0.0.1',
    port: parsePort(env.LAC_API_PORT, 'LAC_API_PORT', 8080),
    keys: parseApiKeys(env[API_KEYS_VARIABLE]),
    trustProxy: parseBool(env.LAC_API_TRUST_PROXY, 'LAC_API_TRUST_PROXY'),
  };
}

export function parsePort(value: string | undefined, name: string, def: number): number {
  const v = value?.trim();
  if (v === undefined || v === '') return def;
  if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw new ConfigError(name, `"${v}" is not a port number (0-65535)`);
  return Number(v);
}

function parseBool(value: string | undefined, name: string): boolean {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === '' || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  throw new ConfigError(name, `"${value}" is not true or false`);
}
