import { createServer, STATUS_CODES } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type SetupServer, setupServer } from 'msw/node';
import { fromIncomingMessage, writeServerResponse } from './adapters/node-http.js';
import { createRexMock, internals } from './mock.js';
import type { RexMock, RexMockOptions } from './options.js';
import type { MockRequest, MockResponse } from './stages/compose.js';

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

/** The msw/node servers of this module that are listening, to warn about a second one. */
const LISTENING = new Set<SetupServer>();

/**
 * Creates a Rex mock and an msw/node server that serves it, for Node test runners. Only one
 * should listen at a time in a process: a second one is warned about.
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
    listen: (listenOptions) => {
      const other = [...LISTENING].find((entry) => entry !== server);
      if (other) {
        // msw/node patches the process's fetch and http once per server: the last one to listen
        // answers every request, so the first mock would silently stop seeing any.
        console.warn(
          `@rex/mock-server: setupRexServer (${mock.baseUrl}) starts listening while another setupRexServer is still listening in this process; only the last one intercepts requests. close() the first one, or give one mock several base URLs with server.use(...).`,
        );
      }
      LISTENING.add(server);
      server.listen(listenOptions);
    },
    close: () => {
      LISTENING.delete(server);
      server.close();
    },
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
  let origin = '';
  // The transport-free handler of the mock, set once the port (and so the URL) is known.
  let handle: ((request: MockRequest) => Promise<MockResponse>) | undefined;
  const server = createServer((req, res) => {
    (handle as (request: MockRequest) => Promise<MockResponse>)(fromIncomingMessage(req))
      .then((answer) => writeServerResponse(req, res, answer))
      .catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'internal_error', message: String(error) } }));
        } else res.destroy();
      });
  });
  // CONNECT never reaches the request handler: node:http emits 'connect' and, with no listener,
  // drops the socket unanswered. Answer it through the mock like any other method (a 405 with
  // `Allow`, or 404), on the raw socket; it has no body to read.
  server.on('connect', (req, socket) => {
    // The socket is ours now, and node:http no longer reads it: discard what the client sends
    // (a paused socket with unread bytes never sees the client's FIN, so it would stay
    // half-open for ever), and drop it if the client never ends its side.
    socket.on('error', () => socket.destroy());
    socket.resume();
    (socket as Socket).setTimeout(10_000, () => socket.destroy());
    const request: MockRequest = { ...fromIncomingMessage(req), body: async () => new Uint8Array(0) };
    (handle as (request: MockRequest) => Promise<MockResponse>)(request)
      .then((answer) => {
        if (answer.networkError) return void socket.destroy();
        const body = Buffer.from(answer.body ?? '');
        const headers = { ...answer.headers, 'content-length': String(body.length), connection: 'close' };
        const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
        socket.end(
          Buffer.concat([
            Buffer.from(
              `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}\r\n${head.join('')}\r\n`,
            ),
            body,
          ]),
        );
      })
      .catch(() => socket.destroy());
  });
  // Every socket, so close() can end them all: closeAllConnections() misses the sockets node:http
  // has handed over (CONNECT) or stopped tracking (a half-closed hostile request), and
  // server.close() would then wait for them for ever.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
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
  const mock = createRexMock({ ...mockOptions, baseUrl: mockOptions.baseUrl ?? origin });
  handle = internals(mock).handle;
  return {
    url: origin,
    mock: mock as RexMock,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}

export { createRexMock } from './mock.js';
export type { RexMock, RexMockOptions } from './options.js';
