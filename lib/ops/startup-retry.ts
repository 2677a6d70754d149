/**
 * Waiting for a dependency at start-up: a service started before its database (a host reboot,
 * a compose or Kubernetes roll-out) retries with capped exponential backoff for a bounded time
 * instead of exiting at once, then stops with a StartupTimeoutError. Errors that waiting cannot
 * fix (bad password, missing database, a failing migration) are thrown at once.
 *
 * Each failed attempt is logged at warn with the error's code only (`ECONNREFUSED`, a SQLSTATE):
 * messages can quote a host, a user or a value, codes cannot.
 */
import type { Logger } from '../log/logger.js';

export interface StartupRetrySettings {
  /** What is waited for, in logs and errors: `postgres`. */
  dependency: string;
  /** Total time to keep trying; 0: one attempt. */
  timeoutMs: number;
  /** True for errors worth waiting out (connection refused, server starting up). */
  isTransient: (err: unknown) => boolean;
  logger: Logger;
  /** First wait (default 250 ms), doubled after each failure up to maxDelayMs (default 10 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** The variable that sets timeoutMs, named in the error (default LAC_STARTUP_TIMEOUT_MS). */
  timeoutVariable?: string;
}

/** A dependency still unreachable when the start-up wait ran out. */
export class StartupTimeoutError extends Error {
  override readonly name = 'StartupTimeoutError';
  readonly code = 'STARTUP_TIMEOUT';
  constructor(
    readonly dependency: string,
    readonly attempts: number,
    readonly waitedMs: number,
    /** Code of the last failure (`ECONNREFUSED`, a SQLSTATE), never its message. */
    readonly lastErrorCode: string,
    timeoutVariable: string,
  ) {
    super(
      `${dependency} still unreachable after ${Math.round(waitedMs / 1000)} s and ${attempts} attempt(s) at start-up ` +
        `(last error ${lastErrorCode}); ${timeoutVariable} sets how long to wait`,
    );
  }
}

/** The wait after the n-th failure (n from 1): initial · 2^(n-1), capped. */
export function backoffDelay(failures: number, initialDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(failures - 1, 30));
}

/** An error's code for logs: `code` (Node errno, SQLSTATE), else that of the first inner error, else its class name. */
export function errorCode(err: unknown): string {
  if (typeof err !== 'object' || err === null) return typeof err;
  const e = err as { code?: unknown; errors?: unknown; name?: unknown };
  if (typeof e.code === 'string' && e.code !== '') return e.code;
  if (Array.isArray(e.errors) && e.errors.length > 0) return errorCode(e.errors[0]);
  return typeof e.name === 'string' ? e.name : 'Error';
}

/**
 * `attempt()` until it succeeds, a non-transient error, or `timeoutMs` has passed (the last
 * attempt starts at the deadline at the latest).
 * @throws StartupTimeoutError when every attempt failed transiently; otherwise the attempt's own error
 */
export async function retryAtStartup<T>(settings: StartupRetrySettings, attempt: () => Promise<T>): Promise<T> {
  const initial = settings.initialDelayMs ?? 250;
  const max = settings.maxDelayMs ?? 10_000;
  const started = Date.now();
  const deadline = started + settings.timeoutMs;
  for (let failures = 1; ; failures++) {
    try {
      return await attempt();
    } catch (err) {
      if (!settings.isTransient(err)) throw err;
      const code = errorCode(err);
      const now = Date.now();
      if (now >= deadline) {
        throw new StartupTimeoutError(settings.dependency, failures, now - started, code, settings.timeoutVariable ?? 'LAC_STARTUP_TIMEOUT_MS');
      }
      const delay = Math.min(backoffDelay(failures, initial, max), deadline - now);
      settings.logger.warn(
        { dependency: settings.dependency, attempt: failures, code, retryInMs: delay, waitedMs: now - started, timeoutMs: settings.timeoutMs },
        'dependency unreachable at start-up; retrying',
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
