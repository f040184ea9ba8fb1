import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthenticationError, Rex, RexError } from '../index.js';
import { BASE, CONTACT_ID, client, contact, KEY, useServer } from './helpers.js';

const { server, seen } = useServer();

const ok = () =>
  server.use(
    http.get(`${BASE}/contacts/:id`, () =>
      HttpResponse.json({ data: contact() }, { headers: { 'x-request-id': 'req_abc' } }),
    ),
    http.post(`${BASE}/capture`, () => HttpResponse.json({ data: contact() }, { status: 201 })),
  );

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe('new Rex()', () => {
  it('reads the key and the base URL from REX_API_KEY and REX_URL', async () => {
    ok();
    vi.stubEnv('REX_API_KEY', 'rex_test_env');
    vi.stubEnv('REX_URL', `${BASE}/`);
    const rex = new Rex();
    expect(rex.baseUrl).toBe(BASE);
    await rex.contacts.get(CONTACT_ID);
    expect(seen[0]?.headers.get('x-api-key')).toBe('rex_test_env');
  });

  it('prefers options over the environment', async () => {
    ok();
    vi.stubEnv('REX_API_KEY', 'rex_test_env');
    vi.stubEnv('REX_URL', 'https://other.rexgtm.com');
    await client().contacts.get(CONTACT_ID);
    expect(seen[0]?.url).toBe(`${BASE}/contacts/${CONTACT_ID}`);
    expect(seen[0]?.headers.get('x-api-key')).toBe(KEY);
  });

  it('fails clearly without a base URL', () => {
    vi.stubEnv('REX_URL', '');
    expect(() => new Rex({ apiKey: KEY })).toThrow(RexError);
    expect(() => new Rex({ apiKey: KEY })).toThrow(/No base URL: pass baseUrl .* or set REX_URL/);
  });

  it('works where there is no process at all', () => {
    vi.stubGlobal('process', undefined);
    expect(new Rex({ baseUrl: BASE }).baseUrl).toBe(BASE);
  });

  it('refuses a rex_live_ key in a browser unless dangerouslyAllowBrowser is set', () => {
    vi.stubGlobal('window', {});
    vi.stubGlobal('document', {});
    expect(() => new Rex({ apiKey: 'rex_live_secret', baseUrl: BASE })).toThrow(/rex_live_ key in a browser/);
    expect(
      new Rex({ apiKey: 'rex_live_secret', baseUrl: BASE, dangerouslyAllowBrowser: true }),
    ).toBeInstanceOf(Rex);
    expect(new Rex({ apiKey: 'rex_test_sandbox', baseUrl: BASE })).toBeInstanceOf(Rex);
  });

  it('accepts a rex_live_ key outside a browser', () => {
    expect(new Rex({ apiKey: 'rex_live_secret', baseUrl: BASE })).toBeInstanceOf(Rex);
  });
});

describe('headers', () => {
  it('sends the key in X-Api-Key and asks for JSON', async () => {
    ok();
    await client().contacts.get(CONTACT_ID);
    expect(seen[0]?.headers.get('x-api-key')).toBe(KEY);
    expect(seen[0]?.headers.get('accept')).toBe('application/json');
  });

  it('sends client headers, and per-call headers over them', async () => {
    ok();
    const rex = client({ headers: { 'X-Team': 'growth', 'X-Trace': 'client' } });
    await rex.contacts.get(CONTACT_ID, undefined, { headers: { 'x-trace': 'call' } });
    expect(seen[0]?.headers.get('x-team')).toBe('growth');
    expect(seen[0]?.headers.get('x-trace')).toBe('call');
  });

  it('sends JSON bodies', async () => {
    server.use(http.post(`${BASE}/contacts`, () => HttpResponse.json({ data: contact() }, { status: 201 })));
    await client().contacts.create({ email: 'ada@example.com', first_name: 'Ada' });
    expect(seen[0]?.headers.get('content-type')).toBe('application/json');
    expect(await seen[0]?.json()).toEqual({ email: 'ada@example.com', first_name: 'Ada' });
  });
});

describe('authentication', () => {
  it('fails with AuthenticationError before sending when no key is set', async () => {
    vi.stubEnv('REX_API_KEY', '');
    const rex = new Rex({ baseUrl: BASE });
    const error = await rex.contacts.get(CONTACT_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBeUndefined();
    expect((error as AuthenticationError).code).toBe('unauthorized');
    expect((error as Error).message).toMatch(/No API key.*: GET \/contacts\//);
    expect(seen).toHaveLength(0);
  });

  it('captures without a key, and never sends one to /capture', async () => {
    ok();
    vi.stubEnv('REX_API_KEY', '');
    const captured = await new Rex({ baseUrl: BASE }).capture({ email: 'ada@example.com' });
    expect(captured.email).toBe('ada@example.com');
    await client().capture({ email: 'ada@example.com' }, { headers: { 'X-Api-Key': KEY } });
    expect(seen).toHaveLength(2);
    for (const request of seen) expect(request.headers.has('x-api-key')).toBe(false);
  });
});

describe('.withResponse()', () => {
  it('resolves to the data, the raw response and the request id', async () => {
    ok();
    const { data, response, requestId } = await client().contacts.get(CONTACT_ID).withResponse();
    expect(data.id).toBe(CONTACT_ID);
    expect(response.status).toBe(200);
    expect(requestId).toBe('req_abc');
  });

  it('rejects like the call itself, without an unhandled rejection', async () => {
    vi.stubEnv('REX_API_KEY', '');
    const call = new Rex({ baseUrl: BASE }).contacts.get(CONTACT_ID);
    await expect(call.withResponse()).rejects.toBeInstanceOf(AuthenticationError);
  });
});

describe('responses', () => {
  it('passes unknown fields and enum values through untouched', async () => {
    server.use(
      http.get(`${BASE}/contacts/:id`, () =>
        HttpResponse.json({ data: contact({ stage: 'evangelist', deals: [{ id: 'deal_1' }] }) }),
      ),
    );
    const fetched = await client().contacts.get(CONTACT_ID);
    expect(fetched.stage).toBe('evangelist');
    expect((fetched as unknown as { deals: unknown }).deals).toEqual([{ id: 'deal_1' }]);
  });

  it('encodes get queries and escapes ids', async () => {
    ok();
    await client().contacts.get(CONTACT_ID, { fields: ['id', 'email'], include: ['company'] });
    expect(new URL(seen[0]!.url).search).toBe('?fields=id%2Cemail&include=company');
    server.use(http.get(`${BASE}/contacts/:id`, () => HttpResponse.json({ data: contact() })));
    await client().contacts.get('a/b?c');
    expect(new URL(seen[1]!.url).pathname).toBe('/contacts/a%2Fb%3Fc');
  });

  it('uses a custom fetch', async () => {
    const fetch = vi.fn(async () => Response.json({ data: contact() }));
    const fetched = await client({ fetch }).contacts.get(CONTACT_ID);
    expect(fetched.id).toBe(CONTACT_ID);
    expect(fetch).toHaveBeenCalledOnce();
    expect(seen).toHaveLength(0);
  });
});
