import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthenticationError, InternalServerError, NotFoundError, Rex, RexError } from '../index.js';
import {
  BASE,
  CONTACT_ID,
  client,
  contact,
  KEY,
  recordLog,
  rexError,
  settle,
  useFakeClock,
  useServer,
} from './helpers.js';

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

  it('refuses a baseUrl without an http(s) scheme, saying what it got', () => {
    for (const baseUrl of ['acme.rexgtm.com', 'localhost:4010', 'ftp://acme.rexgtm.com', 'https://']) {
      expect(() => new Rex({ apiKey: KEY, baseUrl })).toThrow(RexError);
    }
    expect(() => new Rex({ apiKey: KEY, baseUrl: 'acme.rexgtm.com' })).toThrow(
      'baseUrl must be an http(s) URL such as https://acme.rexgtm.com, got "acme.rexgtm.com"',
    );
    expect(new Rex({ baseUrl: 'http://127.0.0.1:4010/' }).baseUrl).toBe('http://127.0.0.1:4010');
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

  it('reads a body that is not JSON, or has no data, as a RexError naming the endpoint', async () => {
    server.use(http.get(`${BASE}/contacts/:id`, () => new HttpResponse('<html>hi</html>', { status: 200 })));
    const html = await client()
      .contacts.get(CONTACT_ID)
      .catch((e: unknown) => e);
    expect(html).toBeInstanceOf(RexError);
    expect((html as Error).message).toBe(
      `Rex answered 200 with a body that is not JSON: GET /contacts/${CONTACT_ID}`,
    );

    server.use(http.get(`${BASE}/contacts/:id`, () => HttpResponse.json({ contact: contact() })));
    const bare = await client()
      .contacts.get(CONTACT_ID)
      .catch((e: unknown) => e);
    expect(bare).toBeInstanceOf(RexError);
    expect((bare as Error).message).toBe(
      `Rex answered with a body without \`data\`: GET /contacts/${CONTACT_ID}`,
    );

    server.use(http.post(`${BASE}/contacts/upsert`, () => new HttpResponse(null, { status: 204 })));
    const empty = await client()
      .contacts.upsert({ email: 'ada@example.com' })
      .catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(RexError);
    expect(empty).not.toBeInstanceOf(TypeError);
  });

  it('uses a custom fetch', async () => {
    const fetch = vi.fn(async () => Response.json({ data: contact() }));
    const fetched = await client({ fetch }).contacts.get(CONTACT_ID);
    expect(fetched.id).toBe(CONTACT_ID);
    expect(fetch).toHaveBeenCalledOnce();
    expect(seen).toHaveLength(0);
  });
});

describe('maxResponseBytes', () => {
  const big = 'x'.repeat(2048);

  it('refuses a body over the limit with a RexError saying so, and does not fetch it again', async () => {
    // Streamed in chunks without a Content-Length, so the limit is checked while reading.
    const chunks = [`{"data":["${big}",`, `"${big}"],"meta":{"has_more":false}}`];
    server.use(
      http.get(
        `${BASE}/contacts`,
        () =>
          new HttpResponse(
            new ReadableStream({
              pull(controller) {
                const chunk = chunks.shift();
                if (chunk) controller.enqueue(new TextEncoder().encode(chunk));
                else controller.close();
              },
            }),
          ),
      ),
    );
    const error = await client({ maxResponseBytes: 3000 })
      .contacts.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RexError);
    expect((error as Error).message).toBe(
      `Rex's answer is larger than maxResponseBytes (3000 bytes): GET ${BASE}/contacts; raise maxResponseBytes or ask for less (limit, fields)`,
    );
    expect(seen).toHaveLength(1);
  });

  it('refuses before reading when Content-Length says the body is too big', async () => {
    server.use(
      http.get(
        `${BASE}/contacts`,
        () => new HttpResponse(JSON.stringify({ data: [big] }), { headers: { 'content-length': '2060' } }),
      ),
    );
    await expect(client({ maxResponseBytes: 1024 }).contacts.list()).rejects.toThrow(
      /larger than maxResponseBytes/,
    );
  });

  it('accepts a body up to the limit', async () => {
    const page = { data: [], meta: { cursor: null, has_more: false } };
    server.use(http.get(`${BASE}/contacts`, () => HttpResponse.json(page)));
    const limit = JSON.stringify(page).length;
    expect((await client({ maxResponseBytes: limit }).contacts.list()).data).toEqual([]);
    await expect(client({ maxResponseBytes: limit - 1 }).contacts.list()).rejects.toThrow(RexError);
  });
});

describe('hooks', () => {
  it("runs ky's hooks once per attempt (beforeError on each error status), beforeRetry on each retry", async () => {
    useFakeClock();
    let count = 0;
    server.use(
      http.get(`${BASE}/contacts/:id`, () =>
        count++ < 2
          ? HttpResponse.json(rexError('internal_error', 'Try again'), { status: 503 })
          : HttpResponse.json({ data: contact() }),
      ),
    );
    const events: string[] = [];
    const rex = client({
      hooks: {
        beforeRequest: [
          (request, _options, { retryCount }) => void events.push(`request ${retryCount} ${request.method}`),
        ],
        afterResponse: [(_request, _options, response) => void events.push(`response ${response.status}`)],
        beforeRetry: [({ retryCount, error }) => void events.push(`retry ${retryCount} ${error.name}`)],
        beforeError: [
          (error) => {
            events.push('error');
            return error;
          },
        ],
      },
    });
    await settle(
      rex.contacts.get(CONTACT_ID, undefined, {
        hooks: { beforeRequest: [() => void events.push('per-call request')] },
      }),
    );
    expect(events).toEqual([
      'request 0 GET',
      'per-call request',
      'response 503',
      'error',
      'retry 1 HTTPError',
      'request 1 GET',
      'per-call request',
      'response 503',
      'error',
      'retry 2 HTTPError',
      'request 2 GET',
      'per-call request',
      'response 200',
    ]);
  });

  it('runs beforeError when a call fails with an HTTP status, and lets a hook add headers', async () => {
    server.use(
      http.get(`${BASE}/contacts/:id`, () =>
        HttpResponse.json(rexError('not_found', 'Contact not found'), { status: 404 }),
      ),
    );
    const errors: number[] = [];
    const rex = client({
      hooks: {
        beforeRequest: [(request) => request.headers.set('x-trace-id', 'trace-1')],
        beforeError: [
          (error) => {
            errors.push(error.response.status);
            return error;
          },
        ],
      },
    });
    await expect(rex.contacts.get(CONTACT_ID)).rejects.toBeInstanceOf(NotFoundError);
    expect(errors).toEqual([404]);
    expect(seen[0]?.headers.get('x-trace-id')).toBe('trace-1');
  });
});

describe('logging', () => {
  it('is off by default', async () => {
    ok();
    vi.stubEnv('REX_LOG', '');
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    await client().contacts.get(CONTACT_ID);
    expect(debug).not.toHaveBeenCalled();
  });

  it('logs every attempt to the console with REX_LOG=debug', async () => {
    ok();
    vi.stubEnv('REX_LOG', 'debug');
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    await client().contacts.get(CONTACT_ID);
    expect(debug.mock.calls.map(([line]) => String(line).replace(/\d+ ms$/, 'N ms'))).toEqual([
      `[rex] GET ${BASE}/contacts/${CONTACT_ID}: attempt 1 of 3`,
      `[rex] GET ${BASE}/contacts/${CONTACT_ID}: 200 in N ms`,
    ]);
  });

  it('logs retries, their waits and the final failure to a given logger, at warn by default', async () => {
    useFakeClock();
    vi.stubEnv('REX_LOG', '');
    server.use(
      http.get(`${BASE}/contacts/:id`, () =>
        HttpResponse.json(rexError('internal_error', 'Down'), { status: 503 }),
      ),
    );
    const warned = recordLog();
    await settle(client({ logger: warned.logger, maxRetries: 1 }).contacts.get(CONTACT_ID));
    expect(warned.lines).toEqual([
      `warn [rex] GET ${BASE}/contacts/${CONTACT_ID}: failed after 2 attempts: Down: GET /contacts/${CONTACT_ID}`,
    ]);
    const informed = recordLog();
    await settle(
      client({ logger: informed.logger, logLevel: 'info', maxRetries: 1 }).contacts.get(CONTACT_ID),
    );
    expect(informed.lines[0]).toMatch(
      new RegExp(`^info \\[rex\\] GET ${BASE}/contacts/${CONTACT_ID}: 503; retry 1 of 1 in \\d+ ms$`),
    );
    expect(informed.lines).toHaveLength(2);
  });
});

describe('the escape hatch', () => {
  it('GETs any path with a query, resolving to the whole body, envelope included', async () => {
    const page = { data: [{ id: 'deal_1' }], meta: { cursor: null, has_more: false } };
    server.use(http.get(`${BASE}/deals`, () => HttpResponse.json(page)));
    const body = await client().get<typeof page>('/deals', { query: { limit: 10, fields: ['id', 'name'] } });
    expect(body).toEqual(page);
    expect(new URL(seen[0]!.url).search).toBe('?limit=10&fields=id%2Cname');
    expect(seen[0]?.headers.get('x-api-key')).toBe(KEY);
  });

  it('sends PUT, PATCH, POST and DELETE with a JSON body, and offers .withResponse()', async () => {
    server.use(
      http.all(`${BASE}/pipelines/:id/stages`, async ({ request }) =>
        HttpResponse.json({ data: { method: request.method, body: await request.text() } }),
      ),
    );
    const rex = client();
    const body = { stage_ids: ['stg_2', 'stg_1'] };
    for (const method of ['put', 'patch', 'post'] as const) {
      expect(await rex[method]('/pipelines/pipe_1/stages', { body })).toEqual({
        data: { method: method.toUpperCase(), body: JSON.stringify(body) },
      });
    }
    const { data, response } = await rex.delete('pipelines/pipe_1/stages').withResponse();
    expect(data).toEqual({ data: { method: 'DELETE', body: '' } });
    expect(response.status).toBe(200);
    expect(seen.map((r) => `${r.method} ${r.headers.get('content-type')}`)).toEqual([
      'PUT application/json',
      'PATCH application/json',
      'POST application/json',
      'DELETE null',
    ]);
  });

  it('maps errors like every method, and resolves an empty body to undefined', async () => {
    server.use(
      http.get(`${BASE}/deals/:id`, () =>
        HttpResponse.json(rexError('not_found', 'Deal not found'), { status: 404 }),
      ),
      http.delete(`${BASE}/deals/:id`, () => new HttpResponse(null, { status: 204 })),
    );
    const error = await client()
      .get('/deals/deal_1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe('Deal not found: GET /deals/deal_1');
    expect(await client().delete('/deals/deal_1')).toBeUndefined();
  });

  it('retries GET, PUT, PATCH and DELETE after a 503, but not an unknown POST', async () => {
    useFakeClock();
    let failures = 0;
    server.use(
      http.all(`${BASE}/deals/:id`, ({ request }) =>
        failures++ % 2 === 0 || request.method === 'POST'
          ? HttpResponse.json(rexError('internal_error', 'Down'), { status: 503 })
          : HttpResponse.json({ data: { id: 'deal_1' } }),
      ),
    );
    const rex = client();
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE'] as const) {
      const body = method === 'GET' ? undefined : {};
      expect((await settle(rex.request(method, '/deals/deal_1', { body }))).value).toEqual({
        data: { id: 'deal_1' },
      });
    }
    const { error } = await settle(rex.post('/deals/deal_1', { body: {} }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(seen.map((r) => r.method)).toEqual([
      'GET',
      'GET',
      'PUT',
      'PUT',
      'PATCH',
      'PATCH',
      'DELETE',
      'DELETE',
      'POST',
    ]);
  });

  it("applies a known endpoint's facts: an upsert is retried, /capture is sent without the key", async () => {
    useFakeClock();
    let count = 0;
    server.use(
      http.post(`${BASE}/contacts/upsert`, () =>
        count++ === 0
          ? HttpResponse.json(rexError('internal_error', 'Down'), { status: 500 })
          : HttpResponse.json({ data: contact() }),
      ),
      http.post(`${BASE}/capture`, () => HttpResponse.json({ data: contact() }, { status: 201 })),
    );
    const rex = client();
    await settle(rex.post('/contacts/upsert', { body: { email: 'ada@example.com' } }));
    await rex.post('/capture', { body: { email: 'ada@example.com' } });
    expect(seen.map((r) => `${new URL(r.url).pathname} ${r.headers.has('x-api-key')}`)).toEqual([
      '/contacts/upsert true',
      '/contacts/upsert true',
      '/capture false',
    ]);
  });

  it('refuses a GET with a body before sending it', async () => {
    await expect(client().get('/deals', { body: { name: 'x' } })).rejects.toThrow(
      'A GET request has no body; pass `query` instead: GET /deals',
    );
    expect(seen).toHaveLength(0);
  });

  it('needs a key for any endpoint that is not public', async () => {
    vi.stubEnv('REX_API_KEY', '');
    await expect(new Rex({ baseUrl: BASE }).get('/deals')).rejects.toBeInstanceOf(AuthenticationError);
    expect(seen).toHaveLength(0);
  });
});
