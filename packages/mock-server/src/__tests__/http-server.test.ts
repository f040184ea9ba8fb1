import { type RunningRexServer, startRexServer } from '@rex/mock-server/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from './helpers.js';

let running: RunningRexServer;

beforeAll(async () => {
  running = await startRexServer({
    port: 0,
    seed: { key: 'rex_test_http', contacts: [{ email: 'seed@example.com' }] },
  });
});
afterAll(() => running.close());

describe('startRexServer', () => {
  it('listens on a free port of 127.0.0.1 and uses its own URL as baseUrl', () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.mock.baseUrl).toBe(running.url);
  });

  it('serves the API over real HTTP with the same semantics', async () => {
    const api = client(running.url, 'rex_test_http');
    const created = await api('POST', '/contacts', { email: ' Ada@Example.com ' });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-request-id')).toMatch(/^req_/);
    expect(created.headers.get('x-ratelimit-limit')).toBe('1000');
    expect((await api('POST', '/contacts/upsert', { email: 'ada@example.com', title: 'CTO' })).status).toBe(
      200,
    );
    const list = await api('GET', '/contacts?sort=email');
    expect(list.body.data.map((c: { email: string }) => c.email)).toEqual([
      'ada@example.com',
      'seed@example.com',
    ]);
    expect((await api('GET', '/contacts/nope')).status).toBe(404);
    expect((await api('POST', '/contacts', '{bad')).status).toBe(400);
    expect((await client(running.url)('GET', '/contacts')).status).toBe(401);
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const res = await client(running.url, 'rex_test_http')('POST', '/contacts', {
      email: 'big@example.com',
      metadata: { blob: 'x'.repeat(1_100_000) },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('serves the admin routes and faults, and drops the connection on a network-error fault', async () => {
    const admin = client(running.url);
    expect(
      (await admin('POST', '/__rex/faults', { path: '/events', networkError: true, times: 1 })).status,
    ).toBe(201);
    await expect(client(running.url, 'rex_test_http')('GET', '/events')).rejects.toThrow();
    expect((await client(running.url, 'rex_test_http')('GET', '/events')).status).toBe(200);
    const journal = (await admin('GET', '/__rex/requests')).body.data;
    expect(journal.some((entry: { status: number }) => entry.status === 0)).toBe(true);
    expect(
      (await admin('GET', '/__rex/snapshot')).body.data.orgs.rex_test_http.contacts.length,
    ).toBeGreaterThan(0);
  });

  it('answers CORS preflights for browser pages on other origins', async () => {
    const res = await fetch(`${running.url}/contacts`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-headers': 'x-api-key,content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
  });

  it('serves /openapi.json', async () => {
    const res = await client(running.url)('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toContain('/contacts/{id}');
  });
});
