import { request as httpRequest } from 'node:http';
import { createRexMock } from '@rex/mock-server';
import { startRexServer } from '@rex/mock-server/node';
import { describe, expect, it } from 'vitest';
import type { Reply } from './helpers.js';

const BASE = 'https://inspector.rexgtm.test';

/** A mock, and clients that call it through `mock.handle` (no transport). */
function setup(options: Parameters<typeof createRexMock>[0] = {}) {
  const mock = createRexMock({ baseUrl: BASE, ...options });
  const call =
    (key?: string) =>
    async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const init: RequestInit = {
        method,
        headers: {
          ...(key === undefined ? {} : { 'x-api-key': key }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
      };
      if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
      const res = await mock.handle(new Request(`${BASE}${path}`, init));
      const text = await res.text();
      return {
        status: res.status,
        headers: res.headers,
        body: text === '' ? null : JSON.parse(text),
      } as Reply;
    };
  return { mock, admin: call(), api: (key: string) => call(key) };
}

describe('GET /__rex/orgs', () => {
  it('lists org default first, with record counts per resource and the keys that read each org', async () => {
    const { admin } = setup({
      seed: [
        { contacts: [{ email: 'a@example.com' }, { email: 'b@example.com' }], companies: [{ name: 'Acme' }] },
        { key: 'rex_test_zed', contacts: [{ email: 'z@example.com' }] },
        { org: 'named', contacts: [{ email: 'n@example.com' }] },
      ],
    });
    const res = await admin('GET', '/__rex/orgs');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.body.data).toEqual([
      {
        name: 'default',
        records: expect.objectContaining({ companies: 1, contacts: 2, deals: 0 }),
        events: 0,
        readers: [{ key: 'rex_test_default', scope: 'read-write' }],
        revision: expect.any(String),
      },
      {
        name: 'named',
        records: expect.objectContaining({ companies: 0, contacts: 1 }),
        events: 0,
        readers: [],
        revision: expect.any(String),
      },
      {
        name: 'rex_test_zed',
        records: expect.objectContaining({ companies: 0, contacts: 1 }),
        events: 0,
        readers: [{ key: 'rex_test_zed', scope: 'read-write' }],
        revision: expect.any(String),
      },
    ]);
  });

  it('lists org default even before anything is written, and names the configured keys with apiKeys', async () => {
    const { admin } = setup({
      apiKeys: [
        { key: 'sk_reader', org: 'acme', scope: 'read' },
        { key: 'sk_writer', org: 'acme', scope: 'read-write' },
      ],
      seed: { org: 'acme', contacts: [{ email: 'a@example.com' }] },
    });
    const orgs = (await admin('GET', '/__rex/orgs')).body.data;
    expect(orgs.map((o: { name: string; readers: unknown }) => [o.name, o.readers])).toEqual([
      ['default', []],
      [
        'acme',
        [
          { key: 'sk_reader', scope: 'read' },
          { key: 'sk_writer', scope: 'read-write' },
        ],
      ],
    ]);
  });

  it('moves an org revision on a write and on a reset, even when the counts come back the same', async () => {
    const { admin, api } = setup({ seed: { contacts: [{ email: 'a@example.com' }] } });
    const revision = async () => (await admin('GET', '/__rex/orgs')).body.data[0].revision as string;
    const first = await revision();
    expect(await revision()).toBe(first);
    await api('rex_test_default')('PATCH', '/contacts/cont_01h455vb4pex5vsknk084sn02q', { title: 'x' });
    expect(await revision()).toBe(first);
    const created = await api('rex_test_default')('POST', '/contacts', { email: 'b@example.com' });
    await api('rex_test_default')('PATCH', `/contacts/${created.body.data.id}`, { title: 'CTO' });
    const afterWrites = await revision();
    expect(afterWrites).not.toBe(first);
    await api('rex_test_default')('DELETE', `/contacts/${created.body.data.id}`);
    const deleted = await revision();
    expect(deleted).not.toBe(afterWrites);
    await admin('POST', '/__rex/reset', {});
    expect(await revision()).not.toBe(deleted);
  });
});

describe('GET /__rex/records', () => {
  const contacts = Array.from({ length: 7 }, (_, i) => ({
    email: `person${i}@example.com`,
    created_at: `2026-01-0${i + 1}T00:00:00.000Z`,
    metadata: i === 3 ? { plan: 'Enterprise' } : {},
  }));

  it('pages a resource of an org newest first, each record once', async () => {
    const { admin } = setup({ seed: { contacts } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/__rex/records?org=default&resource=contacts&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await admin('GET', query);
      expect(page.status).toBe(200);
      expect(page.body.meta.total).toBe(7);
      seen.push(...page.body.data.map((c: { email: string }) => c.email));
      cursor = page.body.meta.has_more ? page.body.meta.cursor : null;
    } while (cursor);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `person${i}@example.com`));
  });

  it('searches any field of the record, metadata included, case-insensitively', async () => {
    const { admin } = setup({ seed: { contacts } });
    const byMetadata = await admin('GET', '/__rex/records?resource=contacts&search=enterPRISE');
    expect(byMetadata.body.data.map((c: { email: string }) => c.email)).toEqual(['person3@example.com']);
    const id = byMetadata.body.data[0].id as string;
    const byId = await admin('GET', `/__rex/records?resource=contacts&search=${id.slice(-8)}`);
    expect(byId.body.data.map((c: { id: string }) => c.id)).toEqual([id]);
  });

  it('reads an org nobody wrote as empty, without creating it', async () => {
    const { admin } = setup();
    const page = await admin('GET', '/__rex/records?org=ghost&resource=companies');
    expect(page.body).toEqual({ data: [], meta: { cursor: null, has_more: false, total: 0 } });
    const orgs = (await admin('GET', '/__rex/orgs')).body.data.map((o: { name: string }) => o.name);
    expect(orgs).toEqual(['default']);
  });

  it('answers 400 naming the parameter for a missing or unknown resource, a bad limit or cursor', async () => {
    const { admin } = setup();
    const cases: [string, string][] = [
      ['/__rex/records', 'resource'],
      ['/__rex/records?resource=toString', 'resource'],
      ['/__rex/records?resource=contacts&limit=0', 'limit'],
      ['/__rex/records?resource=contacts&limit=201', 'limit'],
      ['/__rex/records?resource=contacts&cursor=nope', 'cursor'],
    ];
    for (const [path, param] of cases) {
      const res = await admin('GET', path);
      expect(res.status, path).toBe(400);
      expect(res.body.error, path).toMatchObject({ code: 'validation_error', param });
    }
  });
});

describe('GET /__rex/events', () => {
  it('answers the latest events of an org, then only those after a given one', async () => {
    const { admin, api } = setup();
    const rex = api('rex_test_events');
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
      await rex('POST', '/contacts', { email });
    }
    const latest = await admin('GET', '/__rex/events?org=rex_test_events&limit=2');
    expect(latest.body.data.map((e: { data: { email: string } }) => e.data.email)).toEqual([
      'b@example.com',
      'c@example.com',
    ]);
    expect(latest.body.meta).toEqual({ cursor: latest.body.data[1].id, restarted: false, total: 3 });
    await rex('POST', '/contacts', { email: 'd@example.com' });
    const after = await admin('GET', `/__rex/events?org=rex_test_events&after=${latest.body.meta.cursor}`);
    expect(after.body.data.map((e: { type: string }) => e.type)).toEqual(['contact.created']);
    expect(after.body.meta.restarted).toBe(false);
    const none = await admin('GET', `/__rex/events?org=rex_test_events&after=${after.body.meta.cursor}`);
    expect(none.body).toEqual({
      data: [],
      meta: { cursor: after.body.meta.cursor, restarted: false, total: 4 },
    });
  });

  it('says `restarted` (not a 400) when `after` names an event the org no longer keeps', async () => {
    const { admin } = setup();
    const res = await admin('GET', '/__rex/events?after=evt_01h455vb4pex5vsknk084sn02q');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [], meta: { cursor: null, restarted: true, total: 0 } });
  });
});

describe('GET /__rex/requests', () => {
  it('journals method, path, query, status, key, duration and both bodies of every API request', async () => {
    const { admin, api } = setup();
    await api('rex_test_journal')('POST', '/contacts?x=1', { email: 'ada@example.com' });
    const [entry] = (await admin('GET', '/__rex/requests')).body.data;
    expect(entry).toEqual({
      method: 'POST',
      path: '/contacts',
      query: 'x=1',
      status: 201,
      key: 'rex_test_journal',
      time: expect.any(String),
      durationMs: expect.any(Number),
      requestId: expect.stringMatching(/^req_/),
      requestBody: '{"email":"ada@example.com"}',
      responseBody: expect.stringContaining('"email":"ada@example.com"'),
    });
  });

  it('cuts request and response bodies over 64 KiB, saying how much was left out', async () => {
    const contacts = Array.from({ length: 200 }, (_, i) => ({
      email: `p${i}@example.com`,
      title: 'x'.repeat(300),
    }));
    const { admin, api } = setup({ seed: { contacts } });
    const body = JSON.stringify({ email: 'big@example.com', metadata: { blob: 'x'.repeat(70 * 1024) } });
    await api('rex_test_default')('POST', '/contacts', body);
    await api('rex_test_default')('GET', '/contacts?limit=200');
    const [refused, list] = (await admin('GET', '/__rex/requests')).body.data;
    expect(refused.status).toBe(400);
    const cut = body.length - 64 * 1024;
    expect(refused.requestBody).toBe(`${body.slice(0, 64 * 1024)}… [${cut} more characters]`);
    expect(list.responseBody).toMatch(/^\{"data":\[.{65000,}… \[\d+ more characters\]$/s);
  });

  it('filters by method, path (exact or a prefix ending in *), status and limit', async () => {
    const { admin, api } = setup();
    const rex = api('rex_test_filter');
    await rex('POST', '/contacts', { email: 'a@example.com' });
    await rex('GET', '/contacts');
    await rex('GET', '/contacts/cont_01h455vb4pex5vsknk084sn02q');
    await rex('GET', '/companies');
    const paths = async (query: string) =>
      (await admin('GET', `/__rex/requests${query}`)).body.data.map(
        (e: { method: string; path: string; status: number }) => `${e.method} ${e.path} ${e.status}`,
      );
    expect(await paths('?method=get&path=/contacts*')).toEqual([
      'GET /contacts 200',
      'GET /contacts/cont_01h455vb4pex5vsknk084sn02q 404',
    ]);
    expect(await paths('?status=404')).toEqual(['GET /contacts/cont_01h455vb4pex5vsknk084sn02q 404']);
    expect(await paths('?limit=1')).toEqual(['GET /companies 200']);
    expect((await admin('GET', '/__rex/requests?status=abc')).body.error.param).toBe('status');
    expect((await admin('GET', '/__rex/requests?limit=0')).body.error.param).toBe('limit');
  });

  it('answers only the entries after `after`, and says `restarted` once the journal no longer holds it', async () => {
    const { admin, api } = setup();
    const rex = api('rex_test_after');
    await rex('GET', '/contacts');
    const first = await admin('GET', '/__rex/requests');
    const cursor = first.body.meta.cursor as string;
    expect(cursor).toBe(first.body.data[0].requestId);
    expect(first.body.meta.restarted).toBe(false);
    await rex('GET', '/companies');
    const next = await admin('GET', `/__rex/requests?after=${cursor}`);
    expect(next.body.data.map((e: { path: string }) => e.path)).toEqual(['/companies']);
    const idle = await admin('GET', `/__rex/requests?after=${next.body.meta.cursor}`);
    expect(idle.body).toEqual({ data: [], meta: { cursor: next.body.meta.cursor, restarted: false } });
    await admin('POST', '/__rex/reset', {});
    await rex('GET', '/events');
    const restarted = await admin('GET', `/__rex/requests?after=${cursor}`);
    expect(restarted.body.meta.restarted).toBe(true);
    expect(restarted.body.data.map((e: { path: string }) => e.path)).toEqual(['/events']);
  });
});

describe('fault rules over HTTP', () => {
  it('lists rules with what they have left, removes one by id, and drops a rule once spent', async () => {
    const { admin, api } = setup();
    const a = (await admin('POST', '/__rex/faults', { path: '/contacts', status: 503, times: 1 })).body.data
      .id;
    const b = (await admin('POST', '/__rex/faults', { path: '/companies', delayMs: 1 })).body.data.id;
    expect((await admin('GET', '/__rex/faults')).body.data).toEqual([
      { id: a, rule: { path: '/contacts', status: 503, times: 1 }, remaining: 1 },
      { id: b, rule: { path: '/companies', delayMs: 1 }, remaining: null },
    ]);
    expect((await api('rex_test_f')('GET', '/contacts')).status).toBe(503);
    expect((await admin('GET', '/__rex/faults')).body.data.map((f: { id: string }) => f.id)).toEqual([b]);
    expect((await admin('DELETE', `/__rex/faults/${b}`)).body).toEqual({ data: { id: b, deleted: true } });
    expect((await admin('DELETE', `/__rex/faults/${b}`)).status).toBe(404);
    expect((await admin('DELETE', '/__rex/faults/%E0%A4%A')).status).toBe(404);
    expect((await admin('GET', '/__rex/faults')).body.data).toEqual([]);
  });
});

describe('admin routes', () => {
  it('answers another method on a known admin path with 405 and Allow, an unknown path with 404', async () => {
    const { admin } = setup();
    const cases: [string, string, string][] = [
      ['DELETE', '/__rex/orgs', 'GET, HEAD'],
      ['GET', '/__rex/reset', 'POST'],
      ['PUT', '/__rex/faults', 'DELETE, GET, HEAD, POST'],
      ['GET', '/__rex/faults/fault_1', 'DELETE'],
      ['DELETE', '/__rex', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await admin(method, path, method === 'PUT' ? {} : undefined);
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('allow'), `${method} ${path}`).toBe(allow);
      expect(res.body.error.code).toBe('method_not_allowed');
    }
    expect((await admin('GET', '/__rex/nothing')).status).toBe(404);
  });

  it('refuses a POST, PUT or PATCH without content-type: application/json (415)', async () => {
    const { admin } = setup();
    for (const method of ['POST', 'PUT', 'PATCH']) {
      const res = await admin(method, '/__rex/faults', undefined, { 'content-type': 'text/plain' });
      expect(res.status, method).toBe(415);
      expect(res.body.error.code).toBe('unsupported_media_type');
    }
  });

  it('answers GET /__rex/deliveries with every subscription of the org, newest first, with attempts', async () => {
    const { mock, admin, api } = setup({ webhooks: { timeScale: 0.0001 } });
    const key = api('rex_test_hooks');
    // A port nothing listens on: every attempt fails fast, and is recorded.
    await key('POST', '/webhooks', { url: 'http://127.0.0.1:9/hooks', event_types: ['contact.created'] });
    await key('POST', '/contacts', { email: 'ada@example.com' });
    await mock.webhooks.drain();
    const res = await admin('GET', '/__rex/deliveries?org=rex_test_hooks');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      expect.objectContaining({
        event: 'contact.created',
        status: 'failed',
        attempts: 6,
        webhook_id: expect.stringMatching(/^whk_/),
      }),
    ]);
  });
});

describe('the inspector page', () => {
  it('is served at /__rex/ and /__rex as HTML with its config, a strict CSP and no CORS', async () => {
    const { mock } = setup();
    for (const path of ['/__rex/', '/__rex']) {
      const res = await mock.handle(new Request(`${BASE}${path}`));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("connect-src 'self'");
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
      const html = await res.text();
      expect(html).toContain(`<script nonce="${nonce}">`);
      const config = JSON.parse(
        /<script type="application\/json" id="rex-inspector-config">(.*?)<\/script>/s.exec(html)?.[1] ?? '',
      );
      expect(config).toMatchObject({
        baseUrl: BASE,
        deliveries: true,
        keyMode: 'test-keys',
        resources: expect.arrayContaining([
          expect.objectContaining({ plural: 'companies', title: 'Companies' }),
          expect.objectContaining({ plural: 'contacts', title: 'Contacts' }),
          expect.objectContaining({ plural: 'deals' }),
        ]),
      });
      expect(mock.requests()).toEqual([]);
    }
  });

  it('answers HEAD like GET without a body, and a fresh nonce each time', async () => {
    const { mock } = setup();
    const head = await mock.handle(new Request(`${BASE}/__rex/`, { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const csp = async () =>
      (await mock.handle(new Request(`${BASE}/__rex/`))).headers.get('content-security-policy');
    expect(await csp()).not.toBe(await csp());
  });

  it('refuses a Host that is not the server own (DNS rebinding) over real HTTP', async () => {
    const server = await startRexServer({ port: 0 });
    try {
      const { port } = new URL(server.url);
      const get = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const req = httpRequest({ host: '127.0.0.1', port, path: '/__rex/', headers: { host } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end();
        });
      expect(await get(`127.0.0.1:${port}`)).toBe(200);
      expect(await get(`localhost:${port}`)).toBe(200);
      expect(await get(`evil.example:${port}`)).toBe(403);
    } finally {
      await server.close();
    }
  });
});
