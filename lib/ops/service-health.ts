/**
 * Connection state of one service process: the single place where "PostgreSQL / Kafka / Redis
 * is down / back" is reported. It feeds /ready, the `lac_dependency_*` metrics, the logs and
 * the heartbeat row that `lac status` reads.
 *
 * API for code that watches or re-opens a connection (reconnect loops, event listeners):
 *
 *   health.markDown('postgres', err)   // unreachable: /ready answers 503 until markUp
 *   health.markUp('postgres')          // reachable; counts one reconnect if it was down
 *
 * - Dependency names: 'postgres', 'kafka', 'redis' (declared by the service); an undeclared
 *   name is added on first use and then counts for readiness too.
 * - Both calls are idempotent and cheap: repeating the current state changes nothing and logs
 *   nothing, so they can sit in retry loops and event handlers.
 * - `err` may be omitted (a bare "connection closed"): the code is then DOWN, and a known
 *   code of the current outage (ECONNREFUSED, say) is kept.
 * - `err` may be anything; only a stable code is kept (err.code such as ECONNREFUSED or a
 *   PostgreSQL SQLSTATE, else err.name), never message text, so no personal data can leak
 *   into the status table. The log line carries the message.
 * - Transitions are logged: warn "dependency down" (with the code), info "dependency
 *   reconnected" (with how long it was down and the reconnect count).
 */
import type { Logger } from '../log/logger.js';
import type { LacMetrics } from './metrics.js';

export interface DependencyState {
  /** null until the first markUp/markDown. */
  up: boolean | null;
  /** When the state last changed (ISO). */
  since: string;
  failures: number;
  reconnects: number;
  lastErrorCode: string | null;
  lastErrorAt: string | null;
}

export interface HealthSnapshot {
  ready: boolean;
  stopping: boolean;
  dependencies: Record<string, DependencyState>;
  reconnects: number;
  lastErrorCode: string | null;
}

const CODE_RE = /^[A-Za-z0-9_.:-]{1,64}$/;

/** A short stable code for an error: never its message (which may quote data). */
export function errorCode(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const e = err as { code?: unknown; name?: unknown };
    if (typeof e.code === 'string' && CODE_RE.test(e.code)) return e.code;
    if (typeof e.code === 'number') return String(e.code);
    if (typeof e.name === 'string' && CODE_RE.test(e.name) && e.name !== 'Error') return e.name;
  }
  return 'UNKNOWN';
}

export class ServiceHealth {
  private readonly deps = new Map<string, DependencyState>();
  private stopping = false;
  private lastErrorCode: string | null = null;

  constructor(
    dependencies: readonly string[],
    private readonly options: { logger?: Logger; metrics?: LacMetrics } = {},
  ) {
    for (const d of dependencies) this.state(d);
    this.publishReady();
  }

  markDown(dependency: string, err?: unknown): void {
    const s = this.state(dependency);
    // Without an error (a bare "connection closed"), keep the outage's more telling code.
    if (err === undefined && s.up === false) return;
    const code = err === undefined ? 'DOWN' : errorCode(err);
    s.lastErrorCode = code;
    s.lastErrorAt = new Date().toISOString();
    this.lastErrorCode = code;
    if (s.up === false) return;
    s.up = false;
    s.since = s.lastErrorAt;
    s.failures += 1;
    this.options.metrics?.dependencyUp.set({ dependency }, 0);
    this.options.metrics?.dependencyFailures.inc({ dependency });
    this.publishReady();
    this.options.logger?.warn({ dependency, code, error: err instanceof Error ? err.message : undefined }, 'dependency down');
  }

  markUp(dependency: string): void {
    const s = this.state(dependency);
    if (s.up === true) return;
    const wasDown = s.up === false;
    const downForMs = wasDown ? Date.now() - Date.parse(s.since) : 0;
    s.up = true;
    s.since = new Date().toISOString();
    this.options.metrics?.dependencyUp.set({ dependency }, 1);
    if (wasDown) {
      s.reconnects += 1;
      this.options.metrics?.reconnects.inc({ dependency });
    }
    this.publishReady();
    if (wasDown) this.options.logger?.info({ dependency, downForMs, reconnects: s.reconnects }, 'dependency reconnected');
    else this.options.logger?.info({ dependency }, 'dependency up');
  }

  /** Shutting down: not ready any more, whatever the connections say. */
  setStopping(): void {
    this.stopping = true;
    this.publishReady();
  }

  isStopping(): boolean {
    return this.stopping;
  }

  isReady(): boolean {
    if (this.stopping) return false;
    for (const s of this.deps.values()) if (s.up !== true) return false;
    return true;
  }

  /** `assumeUp`: a dependency the caller is proving reachable by this very use (the heartbeat write). */
  snapshot(assumeUp?: string): HealthSnapshot {
    const dependencies: Record<string, DependencyState> = {};
    let reconnects = 0;
    let ready = !this.stopping;
    for (const [name, s] of this.deps) {
      dependencies[name] = { ...s };
      reconnects += s.reconnects;
      if (s.up !== true && name !== assumeUp) ready = false;
    }
    return { ready, stopping: this.stopping, dependencies, reconnects, lastErrorCode: this.lastErrorCode };
  }

  private state(dependency: string): DependencyState {
    let s = this.deps.get(dependency);
    if (s === undefined) {
      s = { up: null, since: new Date().toISOString(), failures: 0, reconnects: 0, lastErrorCode: null, lastErrorAt: null };
      this.deps.set(dependency, s);
      this.options.metrics?.dependencyUp.set({ dependency }, 0);
      this.options.metrics?.reconnects.inc({ dependency }, 0);
      this.options.metrics?.dependencyFailures.inc({ dependency }, 0);
    }
    return s;
  }

  private publishReady(): void {
    this.options.metrics?.ready.set(this.isReady() ? 1 : 0);
  }
}
