/**
 * The admin surface next to a browser (SPEC §5, findings F4 and F7), over real HTTP: no CORS on
 * `/__rex/*`, only the server's own `Host`, JSON-only POSTs, and admin bodies up to 64 MiB.
 */
import { request as httpRequest } from 'node:http';
import { type RunningRexServer, startRexServer } from '@rex/mock-server/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from './helpers.js';

describe('F4 and F7: the admin surface next to a browser', () => {
  let server: RunningRexServer;
  beforeAll(async () => {
    server = await startRexServer({ port: 0 });
  });
  afterAll(() => server.close());

  const raw = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>(
      (resolve, reject) => {
        const url = new URL(server.url);
        const req = httpRequest(
          { host: url.hostname, port: url.port, method, path, headers: { ...headers, connection: 'close' } },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
          },
        );
        req.on('error', reject);
        req.end(body);
      },
    );

  it('sends no CORS headers on admin routes, while API answers keep them', async () => {
    const admin = await raw('GET', '/__rex/snapshot', { origin: 'http://127.0.0.1:9999' });
    expect(admin.status).toBe(200);
    expect(admin.headers['access-control-allow-origin']).toBeUndefined();
    const api = await raw('GET', '/contacts', { 'x-api-key': 'rex_test_a' });
    expect(api.headers['access-control-allow-origin']).toBe('*');
  });

  it('answers admin routes only for its own Host, and admin POSTs only as JSON', async () => {
    expect((await raw('GET', '/__rex/snapshot', { host: 'rebound.example:80' })).status).toBe(403);
    const planted = await raw(
      'POST',
      '/__rex/seed',
      { 'content-type': 'text/plain' },
      JSON.stringify({ contacts: [{ email: 'planted@example.com' }] }),
    );
    expect(planted.status).toBe(415);
    expect(server.mock.snapshot().orgs).toEqual({});
  });

  it('restores a snapshot of several MiB over HTTP', async () => {
    const contacts = Array.from({ length: 2500 }, (_, i) => ({
      email: `p${i}@example.com`,
      metadata: { note: 'x'.repeat(1000) },
    }));
    const seeded = await client(server.url)('POST', '/__rex/seed', { org: 'big', contacts });
    expect(seeded.status).toBe(200);
    const snapshot = JSON.stringify(server.mock.snapshot());
    expect(snapshot.length).toBeGreaterThan(2 * 1024 * 1024);
    await client(server.url)('POST', '/__rex/reset', {});
    const restored = await client(server.url)('POST', '/__rex/restore', JSON.parse(snapshot));
    expect(restored.status).toBe(200);
    expect((server.mock.snapshot().orgs.big as { contacts: unknown[] }).contacts).toHaveLength(2500);
  }, 30_000);
});
