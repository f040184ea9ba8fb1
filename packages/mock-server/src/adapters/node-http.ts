import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockRequest, MockResponse } from '../stages/compose.js';

/**
 * The pipeline's view of a node:http request, without building a Fetch `Request`: headers are
 * read from `req.headers` and the body is read only when a stage asks for it.
 */
export function fromIncomingMessage(req: IncomingMessage): MockRequest {
  const raw = req.url ?? '/';
  let target = raw;
  // Absolute-form targets (`GET http://host/path`) are allowed by HTTP/1.1; keep their path.
  if (!raw.startsWith('/')) {
    try {
      const url = new URL(raw);
      target = url.pathname + url.search;
    } catch {
      target = '/';
    }
  }
  const q = target.indexOf('?');
  let consumed: Promise<Uint8Array> | undefined;
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: q === -1 ? target : target.slice(0, q),
    search: q === -1 ? '' : target.slice(q + 1),
    header: (name) => {
      const value = req.headers[name];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
    body: (limit) => {
      consumed ??= new Promise<Uint8Array>((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on('data', (chunk: Buffer) => {
          // Past the limit the rest is drained, not kept: enough to answer 413.
          if (size > limit) return;
          chunks.push(chunk);
          size += chunk.length;
        });
        // A Buffer is a Uint8Array: handed over as it is, without another copy.
        req.on('end', () => resolve(Buffer.concat(chunks, size).subarray(0, limit + 1)));
        req.on('error', reject);
      });
      return consumed;
    },
  };
}

/** Writes the pipeline's answer; a network fault destroys the socket. */
export function writeServerResponse(req: IncomingMessage, res: ServerResponse, answer: MockResponse): void {
  if (answer.networkError) {
    req.socket.destroy();
    return;
  }
  const headers = answer.headers;
  // The body stays a string: node:http then sends head and body in one write, without a Buffer
  // copy of the body (ours; seen in the CPU profile of bench/profile.ts).
  const body = answer.body ?? '';
  if (answer.status !== 204 && answer.status !== 304)
    headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(answer.status, headers);
  res.end(answer.body === null ? undefined : body);
}
