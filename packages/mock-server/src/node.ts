import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type SetupServer, setupServer } from 'msw/node';
import { createRexMock } from './mock.js';
import type { RexMock, RexMockOptions } from './options.js';
import { MAX_BODY_BYTES } from './routes/http.js';

/** A Rex mock wired to msw/node: one object to listen, reset and close. */
export interface RexServer extends RexMock {
  /** The msw/node server, for `server.use(...)` overrides. */
  readonly server: SetupServer;
  /** Starts intercepting; options go to msw's `listen()` (`onUnhandledRequest`, …). */
  listen(options?: Parameters<SetupServer['listen']>[0]): void;
  /** Stops intercepting. */
  close(): void;
  /** Puts the store back to the seed (see {@link RexMock.reset}) and drops `server.use()` overrides. */
  reset(): void;
}

/**
 * Creates a Rex mock and an msw/node server that serves it, for Node test runners.
 *
 * @example
 * import { setupRexServer } from '@rex/mock-server/node';
 *
 * const rex = setupRexServer({ baseUrl: 'https://acme.rexgtm.com' });
 * beforeAll(() => rex.listen({ onUnhandledRequest: 'error' }));
 * afterEach(() => rex.reset());
 * afterAll(() => rex.close());
 */
export function setupRexServer(options: RexMockOptions = {}): RexServer {
  const mock = createRexMock(options);
  const server = setupServer(...mock.handlers);
  return {
    ...mock,
    server,
    listen: (listenOptions) => server.listen(listenOptions),
    close: () => server.close(),
    reset: () => {
      mock.reset();
      server.resetHandlers();
    },
  };
}

/** Options of {@link startRexServer}: the mock's options plus where to listen. */
export interface StartRexServerOptions extends RexMockOptions {
  /**
   * Port to listen on; `0` picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * Interface to bind.
   * @default '127.0.0.1'
   */
  host?: string;
}

/** A running standalone Rex mock server. */
export interface RunningRexServer {
  /** Its URL, such as `http://127.0.0.1:4010` (also the mock's `baseUrl` unless one was given). */
  url: string;
  /** The mock behind it: seed, reset, snapshot, journal, faults. */
  mock: RexMock;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

function toRequest(req: IncomingMessage, origin: string, body: Buffer | undefined): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = req.method ?? 'GET';
  return new Request(new URL(req.url ?? '/', origin), {
    method,
    headers,
    ...(body && method !== 'GET' && method !== 'HEAD' ? { body: new Uint8Array(body) } : {}),
  });
}

// Reads at most one byte more than the limit: enough for the pipeline to answer 413 without
// holding a huge body in memory.
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > MAX_BODY_BYTES) return;
      chunks.push(chunk);
      size += chunk.length;
    });
    req.on('end', () => resolve(Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES + 1)));
    req.on('error', reject);
  });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 204) headers['content-length'] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * Starts the mock as a real HTTP server on `node:http`, for clients in other processes or
 * languages (and browsers: it answers CORS preflights).
 *
 * @example
 * import { startRexServer } from '@rex/mock-server/node';
 *
 * const { url, close } = await startRexServer({ port: 0 });
 * const res = await fetch(`${url}/contacts`, { headers: { 'x-api-key': 'rex_test_a' } });
 * await close();
 */
export async function startRexServer(options: StartRexServerOptions = {}): Promise<RunningRexServer> {
  const { port = 0, host = '127.0.0.1', ...mockOptions } = options;
  let mock: RexMock | undefined;
  let origin = '';
  const server = createServer((req, res) => {
    readBody(req)
      .then(async (body) => {
        const response = await (mock as RexMock).handle(toRequest(req, origin, body));
        if (response.type === 'error') {
          req.socket.destroy();
          return;
        }
        await send(res, response);
      })
      .catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'internal_error', message: String(error) } }));
        } else res.destroy();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${hostname}:${address.port}`;
  mock = createRexMock({ ...mockOptions, baseUrl: mockOptions.baseUrl ?? origin });
  return {
    url: origin,
    mock,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export { createRexMock } from './mock.js';
export type { RexMock, RexMockOptions } from './options.js';
