import { createRexMock, FaultRuleError } from '@rex/mock-server';
import { setupRexServer } from '@rex/mock-server/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { client } from './helpers.js';

const BASE = 'https://faults.rexgtm.test';
const rex = setupRexServer({ baseUrl: BASE, faultSeed: 7 });
const api = client(BASE, 'rex_test_faults');
const admin = client(BASE);

beforeAll(() => rex.listen({ onUnhandledRequest: 'error' }));
afterEach(() => rex.reset());
afterAll(() => rex.close());

describe('fault rules', () => {
  it('answers the status with a Rex error envelope and Retry-After, then proceeds once spent', async () => {
    const id = rex.addFault({ method: 'get', path: '/contacts', status: 503, retryAfter: 2, times: 2 });
    expect(id).toMatch(/^fault_/);
    for (let i = 0; i < 2; i++) {
      const res = await api('GET', '/contacts?limit=5');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(res.headers.get('x-request-id')).toMatch(/^req_/);
      expect(res.body.error).toEqual({ code: 'internal_error', message: expect.any(String) });
    }
    expect((await api('GET', '/contacts')).status).toBe(200);
    expect(rex.requests().map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('maps statuses to Rex codes: 429 rate_limit_exceeded, 408 request_timeout, 404 not_found', async () => {
    rex.addFault({ path: '/contacts', status: 429, times: 1 });
    rex.addFault({ path: '/companies', status: 408, times: 1 });
    rex.addFault({ path: '/events', status: 404, times: 1 });
    expect((await api('GET', '/contacts')).body.error.code).toBe('rate_limit_exceeded');
    expect((await api('GET', '/companies')).body.error.code).toBe('request_timeout');
    expect((await api('GET', '/events')).body.error.code).toBe('not_found');
  });

  it('matches method and exact path only, and never admin routes', async () => {
    rex.addFault({ method: 'POST', path: '/contacts', status: 500 });
    expect((await api('GET', '/contacts')).status).toBe(200);
    expect((await api('POST', '/contacts/upsert', { email: 'a@example.com' })).status).toBe(201);
    expect((await api('POST', '/contacts', { email: 'b@example.com' })).status).toBe(500);
    rex.addFault({ status: 500 });
    expect((await admin('GET', '/__rex/snapshot')).status).toBe(200);
  });

  it('fails at the network level with networkError', async () => {
    rex.addFault({ path: '/contacts', networkError: true, times: 1 });
    await expect(api('GET', '/contacts')).rejects.toThrow(TypeError);
    expect((await api('GET', '/contacts')).status).toBe(200);
    expect(rex.requests()[0]?.status).toBe(0);
  });

  it('delays with delayMs and then answers normally', async () => {
    rex.addFault({ path: '/contacts', delayMs: 60, times: 1 });
    const started = performance.now();
    const res = await api('GET', '/contacts');
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
    expect(res.status).toBe(200);
  });

  it('delays and then fails when delayMs comes with a status', async () => {
    rex.addFault({ path: '/contacts', delayMs: 30, status: 502 });
    const started = performance.now();
    expect((await api('GET', '/contacts')).status).toBe(502);
    expect(performance.now() - started).toBeGreaterThanOrEqual(20);
  });

  it('fires with a seeded probability that reproduces across instances and resets', async () => {
    const pattern = async (mock: ReturnType<typeof createRexMock>) => {
      mock.addFault({ path: '/contacts', status: 500, probability: 0.5 });
      const out: number[] = [];
      for (let i = 0; i < 40; i++) {
        const res = await mock.handle(
          new Request('https://mock.rexgtm.com/contacts', { headers: { 'x-api-key': 'rex_test_p' } }),
        );
        out.push(res.status);
      }
      return out;
    };
    const a = createRexMock({ faultSeed: 42 });
    const first = await pattern(a);
    expect(await pattern(createRexMock({ faultSeed: 42 }))).toEqual(first);
    a.reset();
    expect(await pattern(a)).toEqual(first);
    expect(first.filter((s) => s === 500).length).toBeGreaterThan(5);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(5);
    expect(await pattern(createRexMock({ faultSeed: 43 }))).not.toEqual(first);
  });

  it('clearFaults removes every rule, and reset() does too', async () => {
    rex.addFault({ status: 500 });
    rex.clearFaults();
    expect((await api('GET', '/contacts')).status).toBe(200);
    rex.addFault({ status: 500 });
    rex.reset();
    expect((await api('GET', '/contacts')).status).toBe(200);
  });

  it('refuses malformed rules', () => {
    expect(() => rex.addFault({ status: 200 })).toThrow(FaultRuleError);
    expect(() => rex.addFault({ path: 'contacts', status: 500 })).toThrow(FaultRuleError);
    expect(() => rex.addFault({ times: 0, status: 500 })).toThrow(FaultRuleError);
    expect(() => rex.addFault({ probability: 2, status: 500 })).toThrow(FaultRuleError);
    expect(() => rex.addFault({ path: '/contacts' })).toThrow(FaultRuleError);
  });
});

describe('admin routes', () => {
  it('adds and clears faults over HTTP without a key', async () => {
    const added = await admin('POST', '/__rex/faults', { path: '/contacts', status: 503, retryAfter: 1 });
    expect(added.status).toBe(201);
    expect(added.body.data.id).toMatch(/^fault_/);
    expect((await api('GET', '/contacts')).status).toBe(503);
    const cleared = await admin('DELETE', '/__rex/faults');
    expect(cleared.body.data.cleared).toBe(1);
    expect((await api('GET', '/contacts')).status).toBe(200);
    const bad = await admin('POST', '/__rex/faults', { status: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation_error', param: 'status' });
  });

  it('seeds, snapshots, restores, resets and lists the journal over HTTP', async () => {
    const seeded = await admin('POST', '/__rex/seed', {
      key: 'rex_test_faults',
      contacts: [{ email: 'Ada@Example.com' }],
    });
    expect(seeded.status).toBe(200);
    expect(seeded.body.data.org).toBe('rex_test_faults');
    expect(seeded.body.data.contacts[0].email).toBe('ada@example.com');
    const snapshot = (await admin('GET', '/__rex/snapshot')).body.data;
    expect(snapshot.orgs.rex_test_faults.contacts).toHaveLength(1);
    await api('POST', '/contacts', { email: 'bob@example.com' });
    const journal = (await admin('GET', '/__rex/requests')).body.data;
    expect(journal).toEqual([
      {
        method: 'POST',
        path: '/contacts',
        query: '',
        status: 201,
        key: 'rex_test_faults',
        time: expect.any(String),
        durationMs: expect.any(Number),
        requestId: expect.stringMatching(/^req_/),
        requestBody: '{"email":"bob@example.com"}',
        responseBody: expect.stringContaining('"email":"bob@example.com"'),
      },
    ]);
    expect((await admin('POST', '/__rex/restore', snapshot)).status).toBe(200);
    expect((await api('GET', '/contacts')).body.data).toHaveLength(1);
    expect((await admin('POST', '/__rex/reset', {})).status).toBe(200);
    expect((await api('GET', '/contacts')).body.data).toHaveLength(0);
    expect((await admin('GET', '/__rex/requests')).body.data).toHaveLength(1);
  });

  it('answers 400 for a bad seed (naming the record) or snapshot, and 404 for unknown admin routes', async () => {
    const bad = await admin('POST', '/__rex/seed', {
      contacts: [{ email: 'ok@example.com' }, { email: 'nope' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('contacts[1].email');
    expect(rex.snapshot().orgs).toEqual({});
    expect((await admin('POST', '/__rex/restore', { nope: true })).status).toBe(400);
    expect((await admin('POST', '/__rex/seed', '{oops')).status).toBe(400);
    expect((await admin('GET', '/__rex/nothing')).status).toBe(404);
  });

  it('answers CORS preflights with 204 and exposes the rate-limit headers', async () => {
    const res = await fetch(`${BASE}/contacts`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toContain('X-Api-Key');
    expect(res.headers.get('access-control-expose-headers')).toContain('X-RateLimit-Remaining');
  });
});
