/**
 * Request bodies and JSON answers of our HTTP servers (`lac api`, the verification endpoint):
 * bodies are read up to a limit, never buffered beyond it, and answers are never cached or sniffed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Reads the body up to `max` bytes: the bytes, or 'too-large' as soon as the declared or received
 * length passes `max` (the rest is drained, not kept). With `keep: false` nothing is buffered and
 * an empty buffer stands for a body within the limit.
 */
export function readBody(req: IncomingMessage, max: number, options: { keep: boolean } = { keep: true }): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) {
    req.resume();
    return Promise.resolve('too-large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > max) {
        req.off('data', onData);
        req.resume();
        resolve('too-large');
        return;
      }
      if (options.keep) chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Sends `text` (already JSON) with its length, uncached and not to be content-sniffed. */
export function sendJsonText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(text);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendJsonText(res, status, JSON.stringify(body));
}
