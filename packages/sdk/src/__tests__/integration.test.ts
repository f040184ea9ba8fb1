import { createRexMock } from '@rex/mock-server';
import { setupRexServer } from '@rex/mock-server/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  Rex,
  type RexApiError,
  RexConnectionError,
  RexTimeoutError,
  ValidationError,
} from '../index.js';
import { BASE, recordLog, settle, useFakeClock } from './helpers.js';

// The SDK against the reference server (@rex/mock-server) over msw/node: every method, its
// success and its errors, and the retry rules driven by the mock's fault injection.

const KEY = 'rex_test_integration';
const mock = setupRexServer({ baseUrl: BASE });
const rex = new Rex({ apiKey: KEY, baseUrl: BASE });

beforeAll(() => mock.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  mock.reset();
});
afterAll(() => mock.close());

const failure = async (promise: Promise<unknown>): Promise<RexApiError> =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: RexApiError) => error,
  );

/** Requests the mock answered, as `METHOD /path status`. */
const journal = () => mock.requests().map((r) => `${r.method} ${r.path} ${r.status}`);

describe('contacts', () => {
  it('creates a contact, normalising the email', async () => {
    const contact = await rex.contacts.create({ email: ' Ada@Example.com ', first_name: 'Ada' });
    expect(contact).toMatchObject({
      email: 'ada@example.com',
      first_name: 'Ada',
      stage: 'lead',
      source: 'other',
    });
    expect(contact.id).toMatch(/^cont_/);
  });

  it('answers a duplicate email with ConflictError naming the existing contact', async () => {
    const first = await rex.contacts.create({ email: 'ada@example.com' });
    const error = await failure(rex.contacts.create({ email: 'ADA@example.com' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.status).toBe(409);
    expect(error.param).toBe('email');
    expect((error as ConflictError).existingId).toBe(first.id);
    expect(error.message).toMatch(/: POST \/contacts$/);
    expect(error.requestId).toBe(mock.requests().at(-1)?.requestId);
  });

  it('answers a company of nowhere with a server-side ValidationError', async () => {
    const error = await failure(rex.contacts.create({ email: 'ada@example.com', company_id: 'comp_nope' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(400);
    expect(error.param).toBe('company_id');
  });

  it('gets a contact, with sparse fields and the embedded company', async () => {
    const acme = await rex.companies.create({ name: 'Acme', domain: 'acme.com' });
    const created = await rex.contacts.create({ email: 'ada@example.com', company_id: acme.id });
    expect(await rex.contacts.get(created.id)).toEqual(created);
    const sparse = await rex.contacts.get(created.id, { fields: ['email'] });
    expect(sparse).toEqual({ id: created.id, email: 'ada@example.com' });
    const embedded = await rex.contacts.get(created.id, { include: ['company'] });
    expect(embedded.company?.name).toBe('Acme');
  });

  it('answers an unknown id with NotFoundError saying where', async () => {
    const id = 'cont_01h455vb4pex5vsknk084sn02q';
    const error = await failure(rex.contacts.get(id));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(new RegExp(`: GET /contacts/${id}$`));
  });

  it('updates a contact, clears a field with null and merges metadata', async () => {
    const created = await rex.contacts.create({
      email: 'ada@example.com',
      title: 'CTO',
      metadata: { a: 1, b: 2 },
    });
    const updated = await rex.contacts.update(created.id, {
      stage: 'prospect',
      title: null,
      metadata: { b: null, c: 3 },
    });
    expect(updated).toMatchObject({ stage: 'prospect', title: null, metadata: { a: 1, c: 3 } });
  });

  it('answers an update to a taken email with ConflictError, and an unknown id with NotFoundError', async () => {
    const ada = await rex.contacts.create({ email: 'ada@example.com' });
    const bob = await rex.contacts.create({ email: 'bob@example.com' });
    const conflict = await failure(rex.contacts.update(bob.id, { email: 'ada@example.com' }));
    expect(conflict).toBeInstanceOf(ConflictError);
    expect((conflict as ConflictError).existingId).toBe(ada.id);
    expect(await failure(rex.contacts.update('cont_nope', { title: 'x' }))).toBeInstanceOf(NotFoundError);
  });

  it('deletes a contact, and a second delete is a NotFoundError', async () => {
    const created = await rex.contacts.create({ email: 'ada@example.com' });
    expect(await rex.contacts.delete(created.id)).toEqual({ id: created.id, deleted: true });
    expect(await failure(rex.contacts.delete(created.id))).toBeInstanceOf(NotFoundError);
  });

  it('upserts by email: created, then updated', async () => {
    const first = await rex.contacts.upsert({ email: 'ada@example.com', title: 'CTO' });
    expect(first.created).toBe(true);
    const second = await rex.contacts.upsert({ email: 'ADA@example.com', first_name: 'Ada' });
    expect(second.created).toBe(false);
    expect(second.data).toMatchObject({ id: first.data.id, title: 'CTO', first_name: 'Ada' });
  });

  it('merges duplicates into the primary, filling its empty fields', async () => {
    const primary = await rex.contacts.create({ email: 'ada@example.com' });
    const duplicate = await rex.contacts.create({ email: 'ada.l@example.com', phone: '+44 20 0000 0000' });
    const merged = await rex.contacts.merge({ primary_id: primary.id, duplicate_ids: [duplicate.id] });
    expect(merged).toMatchObject({ id: primary.id, email: 'ada@example.com', phone: '+44 20 0000 0000' });
    expect(await failure(rex.contacts.get(duplicate.id))).toBeInstanceOf(NotFoundError);
    expect(
      await failure(rex.contacts.merge({ primary_id: primary.id, duplicate_ids: ['cont_gone'] })),
    ).toBeInstanceOf(NotFoundError);
  });

  it('lists with filters and walks every page exactly once', async () => {
    mock.seed({
      key: KEY,
      contacts: Array.from({ length: 7 }, (_, i) => ({
        email: `person${i}@example.com`,
        stage: i % 2 === 0 ? ('lead' as const) : ('customer' as const),
      })),
    });
    const page = await rex.contacts.list({ stage: 'lead', limit: 2, sort: 'email' });
    expect(page.data.map((c) => c.email)).toEqual(['person0@example.com', 'person2@example.com']);
    expect(page.hasMore).toBe(true);
    const second = await page.nextPage();
    expect(second.data.map((c) => c.email)).toEqual(['person4@example.com', 'person6@example.com']);

    const emails: string[] = [];
    for await (const contact of rex.contacts.list({ stage: 'lead', limit: 1, sort: 'email' }))
      emails.push(contact.email);
    expect(emails).toEqual([
      'person0@example.com',
      'person2@example.com',
      'person4@example.com',
      'person6@example.com',
    ]);

    const found = await rex.contacts.list({ search: 'PERSON3' });
    expect(found.data.map((c) => c.email)).toEqual(['person3@example.com']);
  });

  it('answers a bad cursor with a server-side ValidationError', async () => {
    const error = await failure(rex.contacts.list({ cursor: 'not-a-cursor' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.param).toBe('cursor');
  });
});

describe('companies', () => {
  it('creates a company, normalising the domain, and refuses a duplicate domain', async () => {
    const acme = await rex.companies.create({ name: 'Acme', domain: 'https://www.Acme.com/about' });
    expect(acme.domain).toBe('acme.com');
    const error = await failure(rex.companies.create({ name: 'Acme 2', domain: 'acme.com' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.param).toBe('domain');
    expect((error as ConflictError).existingId).toBe(acme.id);
  });

  it('lists, gets, updates and deletes companies', async () => {
    const acme = await rex.companies.create({ name: 'Acme', domain: 'acme.com', industry: 'software' });
    await rex.companies.create({ name: 'Globex', domain: 'globex.com', industry: 'energy' });
    const software = await rex.companies.list({ industry: 'software' });
    expect(software.data.map((c) => c.name)).toEqual(['Acme']);
    expect((await rex.companies.list({ domain: 'www.globex.com' })).data.map((c) => c.name)).toEqual([
      'Globex',
    ]);
    expect(await rex.companies.get(acme.id)).toEqual(acme);
    expect(await rex.companies.get(acme.id, { fields: ['name'] })).toEqual({ id: acme.id, name: 'Acme' });
    expect((await rex.companies.update(acme.id, { size: '11-50' })).size).toBe('11-50');
    expect(await rex.companies.delete(acme.id)).toEqual({ id: acme.id, deleted: true });
    expect(await failure(rex.companies.get(acme.id))).toBeInstanceOf(NotFoundError);
  });

  it('keeps the contacts of a deleted company, unlinked', async () => {
    const acme = await rex.companies.create({ name: 'Acme' });
    const ada = await rex.contacts.create({ email: 'ada@example.com', company_id: acme.id });
    await rex.companies.delete(acme.id);
    expect((await rex.contacts.get(ada.id)).company_id).toBeNull();
  });

  it('upserts by domain, and needs a name to create', async () => {
    const error = await failure(rex.companies.upsert({ domain: 'acme.com' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.param).toBe('name');
    const created = await rex.companies.upsert({ domain: 'acme.com', name: 'Acme' });
    expect(created.created).toBe(true);
    const updated = await rex.companies.upsert({ domain: 'https://ACME.com', industry: 'software' });
    expect(updated).toMatchObject({ created: false, data: { id: created.data.id, industry: 'software' } });
  });

  it("lists a company's contacts across pages, and 404s an unknown company", async () => {
    const acme = await rex.companies.create({ name: 'Acme' });
    for (const email of ['a@acme.com', 'b@acme.com', 'c@acme.com']) {
      await rex.contacts.create({ email, company_id: acme.id });
    }
    await rex.contacts.create({ email: 'z@other.com' });
    const emails: string[] = [];
    for await (const contact of rex.companies.listContacts(acme.id, { limit: 2, sort: 'email' })) {
      emails.push(contact.email);
    }
    expect(emails).toEqual(['a@acme.com', 'b@acme.com', 'c@acme.com']);
    expect(await failure(rex.companies.listContacts('comp_nope'))).toBeInstanceOf(NotFoundError);
  });
});

describe('capture and events', () => {
  it('captures a form submission without a key', async () => {
    const anonymous = new Rex({ baseUrl: BASE, apiKey: undefined });
    const captured = await anonymous.capture({ email: 'Visitor@Example.com', source: 'organic' });
    expect(captured.email).toBe('visitor@example.com');
    expect(mock.requests().at(-1)).toMatchObject({ path: '/capture', key: null });
  });

  it('lists events oldest first, paging with after', async () => {
    const ada = await rex.contacts.create({ email: 'ada@example.com' });
    await rex.contacts.update(ada.id, { stage: 'customer' });
    await rex.contacts.delete(ada.id);
    const types: string[] = [];
    for await (const event of rex.events.list({ limit: 1 })) types.push(event.type);
    expect(types).toEqual(['contact.created', 'contact.updated', 'contact.deleted']);
    const first = await rex.events.list({ limit: 1 });
    const rest = await rex.events.list({ after: first.cursor ?? undefined });
    expect(rest.data.map((e) => e.type)).toEqual(['contact.updated', 'contact.deleted']);
  });
});

describe('auth and limits', () => {
  it('answers an unknown key with AuthenticationError', async () => {
    const stranger = new Rex({ apiKey: 'rex_live_unknown', baseUrl: BASE });
    const error = await failure(stranger.contacts.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(401);
  });

  it('answers a read-only key that writes with PermissionDeniedError', async () => {
    const scoped = createRexMock({
      baseUrl: BASE,
      apiKeys: [{ key: 'rex_live_read', org: 'acme', scope: 'read' }],
    });
    const reader = new Rex({
      apiKey: 'rex_live_read',
      baseUrl: BASE,
      fetch: (input, init) => scoped.handle(new Request(input, init)),
    });
    expect((await reader.contacts.list()).data).toEqual([]);
    const error = await failure(reader.contacts.create({ email: 'ada@example.com' }));
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.code).toBe('forbidden');
  });

  it('answers over the rate limit with RateLimitError and Retry-After, and retries after it', async () => {
    const limited = createRexMock({ baseUrl: BASE, rateLimit: { perMinute: 1 } });
    const client = new Rex({
      apiKey: KEY,
      baseUrl: BASE,
      maxRetries: 0,
      fetch: (input, init) => limited.handle(new Request(input, init)),
    });
    await client.contacts.list();
    const error = await failure(client.contacts.list());
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBeGreaterThan(0);
  });
});

describe('retries against injected faults', () => {
  it('retries a GET through two 503s', async () => {
    useFakeClock();
    mock.addFault({ method: 'GET', path: '/contacts', status: 503, times: 2 });
    expect((await settle(rex.contacts.list())).value?.data).toEqual([]);
    expect(journal()).toEqual(['GET /contacts 503', 'GET /contacts 503', 'GET /contacts 200']);
  });

  it('waits about a second for Retry-After: 1 on a 429, even for a create', async () => {
    useFakeClock();
    mock.addFault({ method: 'POST', path: '/contacts', status: 429, retryAfter: 1, times: 1 });
    const { value, elapsed } = await settle(rex.contacts.create({ email: 'ada@example.com' }), 10);
    expect(value?.email).toBe('ada@example.com');
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThanOrEqual(1100);
    expect(journal()).toEqual(['POST /contacts 429', 'POST /contacts 201']);
  });

  it('backs off briefly on a 503 without Retry-After, not until X-RateLimit-Reset', async () => {
    useFakeClock();
    mock.addFault({ method: 'GET', path: '/contacts', status: 503, times: 1 });
    const { value, elapsed } = await settle(rex.contacts.list().withResponse(), 10);
    // The mock sends X-RateLimit-Reset, up to a minute ahead, on every answer, as Rex does.
    expect(value?.response.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
    expect(elapsed).toBeLessThanOrEqual(350);
    expect(journal()).toEqual(['GET /contacts 503', 'GET /contacts 200']);
  });

  it('does not retry a plain create on a 503, but retries an upsert', async () => {
    useFakeClock();
    mock.addFault({ method: 'POST', path: '/contacts', status: 503, times: 1 });
    mock.addFault({ method: 'POST', path: '/contacts/upsert', status: 503, times: 1 });
    const { error } = await settle(rex.contacts.create({ email: 'ada@example.com' }));
    expect(error).toBeInstanceOf(InternalServerError);
    const { value } = await settle(rex.contacts.upsert({ email: 'ada@example.com' }));
    expect(value?.created).toBe(true);
    expect(journal()).toEqual([
      'POST /contacts 503',
      'POST /contacts/upsert 503',
      'POST /contacts/upsert 201',
    ]);
  });

  it('does not retry a create on a 500', async () => {
    mock.addFault({ method: 'POST', path: '/contacts', status: 500, times: 1 });
    expect(await failure(rex.contacts.create({ email: 'ada@example.com' }))).toBeInstanceOf(
      InternalServerError,
    );
    expect(journal()).toEqual(['POST /contacts 500']);
  });

  it('retries a GET after a network error, and gives up with RexConnectionError', async () => {
    useFakeClock();
    mock.addFault({ method: 'GET', path: '/companies', networkError: true, times: 1 });
    expect((await settle(rex.companies.list())).value?.data).toEqual([]);
    mock.addFault({ method: 'GET', path: '/companies', networkError: true });
    const { error } = await settle(rex.companies.list(undefined, { maxRetries: 1 }));
    expect(error).toBeInstanceOf(RexConnectionError);
  });

  it('times out a slow attempt with RexTimeoutError, retrying a GET but not a create', async () => {
    mock.addFault({ method: 'GET', path: '/contacts', delayMs: 600, times: 1 });
    expect((await rex.contacts.list(undefined, { timeout: 250 })).data).toEqual([]);

    mock.addFault({ method: 'POST', path: '/contacts', delayMs: 600 });
    const error = await failure(rex.contacts.create({ email: 'ada@example.com' }, { timeout: 250 }));
    expect(error).toBeInstanceOf(RexTimeoutError);
    // Let the abandoned attempt finish, so a retry would have been answered too.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(journal().filter((line) => line.startsWith('POST'))).toHaveLength(1);
  });

  it('runs beforeRequest and afterResponse once per attempt and beforeRetry on each retry', async () => {
    useFakeClock();
    mock.addFault({ method: 'GET', path: '/contacts', status: 503, times: 2 });
    const seen: string[] = [];
    const hooked = new Rex({
      apiKey: KEY,
      baseUrl: BASE,
      hooks: {
        beforeRequest: [(_request, _options, { retryCount }) => void seen.push(`request ${retryCount}`)],
        afterResponse: [(_request, _options, response) => void seen.push(`response ${response.status}`)],
        beforeRetry: [({ retryCount }) => void seen.push(`retry ${retryCount}`)],
      },
    });
    expect((await settle(hooked.contacts.list())).value?.data).toEqual([]);
    expect(seen).toEqual([
      'request 0',
      'response 503',
      'retry 1',
      'request 1',
      'response 503',
      'retry 2',
      'request 2',
      'response 200',
    ]);
  });

  it('logs each attempt, each retry and its wait', async () => {
    useFakeClock();
    mock.addFault({ method: 'GET', path: '/contacts', status: 429, retryAfter: 2, times: 1 });
    const { logger, lines } = recordLog();
    const logged = new Rex({ apiKey: KEY, baseUrl: BASE, logger, logLevel: 'debug' });
    await settle(logged.contacts.list({ limit: 5 }));
    const url = `${BASE}/contacts?limit=5`;
    expect(lines.map((line) => line.replace(/ in \d+ ms$/, ' in N ms'))).toEqual([
      `debug [rex] GET ${url}: attempt 1 of 3`,
      `debug [rex] GET ${url}: 429 in N ms`,
      `info [rex] GET ${url}: 429; retry 1 of 2 after Retry-After: 2 (at most 60 s)`,
      `debug [rex] GET ${url}: attempt 2 of 3`,
      `debug [rex] GET ${url}: 200 in N ms`,
    ]);
  });

  it('reports the request id of the response in .withResponse()', async () => {
    const { data, response, requestId } = await rex.contacts.list().withResponse();
    expect(data.data).toEqual([]);
    expect(response.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(requestId).toBe(mock.requests().at(-1)?.requestId);
  });
});
