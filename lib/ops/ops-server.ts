/**
 * The operations endpoint of a service (node:http, no framework):
 *   GET /health   200 while the process and its event loop answer (liveness)
 *   GET /ready    200 when every dependency is up, 503 otherwise (readiness), JSON body
 *   GET /metrics  Prometheus text exposition of the process's registry
 * Anything else is 404; methods other than GET/HEAD are 405.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { ServiceHealth } from './service-health.js';

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

export interface OpsServerSettings {
  /** 0 picks a free port (tests). */
  port: number;
  host: string;
  health: ServiceHealth;
  registry: Registry;
  /** Extra fields for /health (service kind, instance id). */
  identity: Record<string, string>;
}

export async function startOpsServer(settings: OpsServerSettings): Promise<OpsServer> {
  const startedAt = Date.now();
  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') {
      json(res, 200, { status: 'ok', ...settings.identity, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) });
    } else if (path === '/ready') {
      const snap = settings.health.snapshot();
      json(res, snap.ready ? 200 : 503, { ready: snap.ready, stopping: snap.stopping, dependencies: snap.dependencies });
    } else if (path === '/metrics') {
      const text = await settings.registry.metrics();
      res.writeHead(200, { 'content-type': settings.registry.contentType }).end(text);
    } else {
      json(res, 404, { error: 'not found', endpoints: ['/health', '/ready', '/metrics'] });
    }
  }
  // The endpoint never keeps the process alive by itself: a service that fails to start exits.
  server.unref();
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}
