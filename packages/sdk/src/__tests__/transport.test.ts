import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRexServer } from '@rex/mock-server/node';
import { describe, expect, it, vi } from 'vitest';
import { Rex, RexConnectionError, RexError } from '../index.js';
import { BASE, CONTACT_ID, KEY, recordLog, settle, useFakeClock } from './helpers.js';

// Real sockets, no msw: what a user sees when nothing listens, or when the network says why.

/** A port that was just free and now has nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const fetchFailing = (code: string) =>
  vi.fn<typeof fetch>(async () => {
    throw Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error(`getaddrinfo ${code} acme.rexgtm.com`), { code }),
    });
  });

describe('errors name the target', () => {
  it('says a closed port refused the connection, with the full URL and the code', async () => {
    const port = await closedPort();
    const rex = new Rex({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
    const error = await rex.contacts.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RexConnectionError);
    expect((error as Error).message).toBe(
      `Connection refused: GET http://127.0.0.1:${port}/contacts (ECONNREFUSED)`,
    );
    expect((error as RexConnectionError).code).toBe('ECONNREFUSED');
  });

  it('logs how an attempt without an answer ended', async () => {
    const port = await closedPort();
    const { logger, lines } = recordLog();
    const rex = new Rex({
      apiKey: KEY,
      baseUrl: `http://127.0.0.1:${port}`,
      maxRetries: 0,
      logger,
      logLevel: 'debug',
    });
    await rex.contacts.list().catch(() => {});
    expect(lines.map((line) => line.replace(/\d+ ms$/, 'N ms'))).toEqual([
      `debug [rex] GET http://127.0.0.1:${port}/contacts: attempt 1 of 1`,
      `debug [rex] GET http://127.0.0.1:${port}/contacts: no answer (ECONNREFUSED) after N ms`,
    ]);
  });

  it('retries even a create when the connection was refused, since Rex never saw it', async () => {
    useFakeClock();
    const fetch = fetchFailing('ECONNREFUSED');
    const { error } = await settle(
      new Rex({ apiKey: KEY, baseUrl: BASE, fetch }).contacts.create({ email: 'ada@example.com' }),
    );
    expect(error).toBeInstanceOf(RexConnectionError);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('reminds a test that reaches a real *.rexgtm.com host to start the mock', async () => {
    vi.stubEnv('VITEST', 'true');
    const rex = new Rex({ apiKey: KEY, baseUrl: BASE, fetch: fetchFailing('ENOTFOUND'), maxRetries: 0 });
    const error = await rex.contacts.get(CONTACT_ID).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `Host not found: GET ${BASE}/contacts/${CONTACT_ID} (ENOTFOUND) — no mock answered: call server.listen() (setupRexServer) first`,
    );
    vi.unstubAllEnvs();
  });

  it('gives no such hint outside a test runner or for another host', async () => {
    vi.stubEnv('VITEST', '');
    vi.stubEnv('JEST_WORKER_ID', '');
    vi.stubEnv('NODE_ENV', 'production');
    const rex = new Rex({ apiKey: KEY, baseUrl: BASE, fetch: fetchFailing('EAI_AGAIN'), maxRetries: 0 });
    expect(((await rex.contacts.list().catch((e: unknown) => e)) as Error).message).toBe(
      `DNS lookup failed: GET ${BASE}/contacts (EAI_AGAIN)`,
    );
    vi.unstubAllEnvs();
  });
});

describe('over real HTTP (startRexServer)', () => {
  it('sends every call through one ky request and reads the answer, with the request id', async () => {
    const server = await startRexServer({ port: 0 });
    try {
      const rex = new Rex({ apiKey: KEY, baseUrl: server.url });
      const created = await rex.contacts.create({ email: 'ada@example.com' });
      const { data, response, requestId } = await rex.contacts.get(created.id).withResponse();
      expect(data).toEqual(created);
      expect(response.url).toBe(`${server.url}/contacts/${created.id}`);
      expect(requestId).toMatch(/\w/);
      const raw = await rex.get<{ data: unknown[] }>('/contacts', { query: { limit: 1 } });
      expect(raw.data).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('refuses a body over maxResponseBytes from a real socket', async () => {
    const server = await startRexServer({ port: 0 });
    try {
      server.mock.seed({
        key: KEY,
        contacts: Array.from({ length: 20 }, (_, i) => ({ email: `p${i}@example.com` })),
      });
      const rex = new Rex({ apiKey: KEY, baseUrl: server.url, maxResponseBytes: 1000 });
      await expect(rex.contacts.list()).rejects.toThrow(RexError);
      await expect(rex.contacts.list()).rejects.toThrow(/larger than maxResponseBytes \(1000 bytes\)/);
    } finally {
      await server.close();
    }
  });
});
