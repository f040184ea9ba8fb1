/**
 * The attacks a tester made on the mock, each reproduced, with what must hold instead (SPEC §2
 * "Limits on stored data", §5 admin safety and memory). Where input is refused, the store is
 * checked to be unchanged.
 */
import { createRexMock } from '@rex/mock-server';
import { setupRexServer } from '@rex/mock-server/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { client, expectUnchanged } from './helpers.js';

const BASE = 'https://hardening.rexgtm.test';
const KEY = 'rex_test_hardening';
const rex = setupRexServer({
  baseUrl: BASE,
  apiKeys: [
    { key: KEY, org: 'acme', scope: 'read-write' },
    { key: 'rex_test_reader', org: 'acme', scope: 'read' },
    { key: 'rex_test_capture', org: 'acme', scope: 'capture-only' },
  ],
});
const api = client(BASE, KEY);

beforeAll(() => rex.listen({ onUnhandledRequest: 'error' }));
afterEach(() => rex.reset());
afterAll(() => rex.close());

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < depth; i++) value = { d: value };
  return value;
}

describe('F1: deeply nested metadata', () => {
  it('refuses metadata nested past 32 levels through anonymous capture, and the org stays readable', async () => {
    let res: Awaited<ReturnType<typeof api>> | undefined;
    expect(
      await expectUnchanged(rex, async () => {
        // Written as text: JSON.stringify itself overflows the stack on 5,000 levels.
        const deep = `{"email":"deep@example.com","metadata":${'{"d":'.repeat(4999)}{}${'}'.repeat(4999)}}`;
        res = await client(BASE)('POST', '/capture', deep);
      }),
    ).toBe(true);
    expect(res?.status).toBe(400);
    expect(res?.body.error).toMatchObject({ code: 'validation_error', param: 'metadata' });
    expect((await api('GET', '/events')).status).toBe(200);
    expect(() => rex.snapshot()).not.toThrow();
  });

  it('accepts exactly 32 levels and refuses 33', async () => {
    expect((await api('POST', '/contacts', { email: 'a@example.com', metadata: nested(32) })).status).toBe(
      201,
    );
    expect((await api('POST', '/contacts', { email: 'b@example.com', metadata: nested(33) })).status).toBe(
      400,
    );
  });
});

describe('F2 and F3: capture', () => {
  it('refuses a read key (403) and changes nothing', async () => {
    let status = 0;
    expect(
      await expectUnchanged(rex, async () => {
        status = (await client(BASE, 'rex_test_reader')('POST', '/capture', { email: 'v@example.com' }))
          .status;
      }),
    ).toBe(true);
    expect(status).toBe(403);
    expect(
      (await client(BASE, 'rex_test_capture')('POST', '/capture', { email: 'v@example.com' })).status,
    ).toBe(201);
  });

  it('answers only the fields of Rex example, never owner, ICP score or metadata', async () => {
    await api('POST', '/contacts', {
      email: 'known@example.com',
      owner_id: 'usr_1',
      icp_score: 90,
      metadata: { secret: 'x' },
    });
    const res = await client(BASE, 'rex_test_capture')('POST', '/capture', { email: 'known@example.com' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data).sort()).toEqual(
      ['created_at', 'email', 'first_name', 'id', 'last_name', 'source', 'stage'].sort(),
    );
  });
});

describe('F5: orgs are created on first write', () => {
  it('answers reads with ever new keys empty, without keeping an org for them', async () => {
    const mock = createRexMock();
    for (let i = 0; i < 200; i++) {
      const res = await mock.handle(
        new Request(`${mock.baseUrl}/contacts`, { headers: { 'x-api-key': `rex_test_reader_${i}` } }),
      );
      expect(res.status).toBe(200);
    }
    expect(Object.keys(mock.snapshot().orgs)).toEqual([]);
  });
});

describe('F6: metadata size after a merge', () => {
  it('refuses an upsert whose merged metadata passes 64 KiB, keeping the record as it was', async () => {
    await api('POST', '/contacts/upsert', { email: 'big@example.com', metadata: { a: 'x'.repeat(40_000) } });
    let res: Awaited<ReturnType<typeof api>> | undefined;
    expect(
      await expectUnchanged(rex, async () => {
        res = await api('POST', '/contacts/upsert', {
          email: 'big@example.com',
          metadata: { b: 'y'.repeat(30_000) },
        });
      }),
    ).toBe(true);
    expect(res?.status).toBe(400);
    expect(res?.body.error.param).toBe('metadata');
  });
});

describe('low: odd query keys, methods and fault rules', () => {
  it.each(['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf'])(
    'answers a query key %s with 400 naming it, never 500',
    async (name) => {
      const res = await api('GET', `/contacts?${name}=1`);
      expect(res.status).toBe(400);
      expect(res.body.error.param).toBe(name);
    },
  );

  it('refuses fault rules that would misbehave instead of storing them', async () => {
    const admin = client(BASE);
    for (const rule of [
      { delayMs: 2 ** 31 },
      { status: 503, retryAfter: 1e300 },
      { status: 503, retryAfter: 0.5 },
    ]) {
      expect((await admin('POST', '/__rex/faults', rule)).status).toBe(400);
    }
    expect(rex.faults()).toEqual([]);
  });

  it('restore refuses two contacts whose emails are equal up to case', async () => {
    const ada = (await api('POST', '/contacts', { email: 'ada@example.com' })).body.data;
    const snapshot = rex.snapshot();
    const acme = snapshot.orgs.acme as { contacts: unknown[] };
    acme.contacts.push({ ...ada, id: 'cont_01h455vb4pex5vsknk084sn02q', email: 'ADA@example.com' });
    const before = rex.snapshot();
    expect(() => rex.restore(snapshot)).toThrow(/normalised email/);
    expect(rex.snapshot()).toEqual(before);
  });

  it('keeps at most eventRetention events per org, and refuses a cursor before them', async () => {
    const mock = createRexMock({ eventRetention: 10 });
    const call = (method: string, path: string, body?: unknown) =>
      mock.handle(
        new Request(`${mock.baseUrl}${path}`, {
          method,
          headers: { 'x-api-key': 'rex_test_e', 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      );
    const first = (await (await call('POST', '/contacts', { email: 'first@example.com' })).json()) as {
      data: { id: string };
    };
    const events = (await (await call('GET', '/events')).json()) as { data: { id: string }[] };
    const oldest = events.data[0]?.id;
    for (let i = 0; i < 30; i++) await call('PATCH', `/contacts/${first.data.id}`, { title: `t${i}` });
    const kept = (await (await call('GET', '/events?limit=200')).json()) as { data: unknown[] };
    expect(kept.data.length).toBeLessThanOrEqual(12);
    const stale = await call('GET', `/events?after=${oldest}`);
    expect(stale.status).toBe(400);
  });
});
