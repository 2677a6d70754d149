/** Helpers for the operations tests: a TCP proxy to cut a dependency off, the ops port of a child, metric parsing. */
import net from 'node:net';
import type { LacProcess } from '../support/lac-process.js';
import { waitFor } from '../support/wait.js';

/**
 * A TCP proxy in front of a real server: closing it cuts every connection and refuses new
 * ones, as a dead server would, without touching the shared server; reopening restores it.
 */
export class TcpProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly targetHost: string, private readonly targetPort: number) {}

  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** The port a child logged in its "ops endpoint listening" line. */
export async function opsPort(p: LacProcess, timeoutMs = 90_000): Promise<number> {
  let port = 0;
  await waitFor(async () => {
    const m = /"port":(\d+)[^\n]*ops endpoint listening/.exec(p.output());
    if (m?.[1] !== undefined) port = Number(m[1]);
    return port > 0;
  }, timeoutMs);
  return port;
}

export async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  const r = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: r.status, body: await r.text() };
}

/**
 * The value of one series in Prometheus text (labels must match exactly those given, besides
 * the default `service` label); undefined when absent.
 */
export function metric(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m === null || m[1] !== name) continue;
    const got: Record<string, string> = {};
    for (const pair of (m[2] ?? '').matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)) got[pair[1] ?? ''] = pair[2] ?? '';
    delete got.service;
    const want = Object.entries(labels);
    if (want.length !== Object.keys(got).length || !want.every(([k, v]) => got[k] === v)) continue;
    return Number(m[3]);
  }
  return undefined;
}

/** Sum of every series of a metric, whatever its labels. */
export function metricSum(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{.*\})? (\S+)$/.exec(line);
    if (m !== null && m[1] === name) sum += Number(m[2]);
  }
  return sum;
}
