import { setupRexServer } from '@rex/mock-server/node';
import { isTypeId } from '@rex/types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { client, createClock, expectUnchanged } from './helpers.js';

const BASE = 'https://contacts.rexgtm.test';
const clock = createClock('2026-03-16T12:00:00.000Z', 1);
const rex = setupRexServer({ baseUrl: BASE, now: clock.now });
const api = client(BASE, 'rex_test_contacts');

beforeAll(() => rex.listen({ onUnhandledRequest: 'error' }));
afterEach(() => rex.reset());
afterAll(() => rex.close());

const create = async (body: Record<string, unknown>) => {
  const res = await api('POST', '/contacts', body);
  expect(res.status).toBe(201);
  return res.body.data;
};

describe('contacts.create', () => {
  it('stores the normalised email, the defaults and a cont_ TypeID', async () => {
    const res = await api('POST', '/contacts', { email: '  Ada.L+crm@Example.COM ', first_name: 'Ada' });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json');
    const contact = res.body.data;
    expect(isTypeId(contact.id, 'cont')).toBe(true);
    expect(contact).toMatchObject({
      email: 'ada.l+crm@example.com',
      first_name: 'Ada',
      last_name: null,
      stage: 'lead',
      source: 'other',
      metadata: {},
      company_id: null,
    });
    expect(contact.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(contact.updated_at).toBe(contact.created_at);
  });

  it('answers 409 conflict with the existing id when the email differs only in case and spaces', async () => {
    const first = await create({ email: 'ada@example.com' });
    let res: Awaited<ReturnType<typeof api>> | undefined;
    expect(
      await expectUnchanged(rex, async () => {
        res = await api('POST', '/contacts', { email: ' ADA@Example.com' });
      }),
    ).toBe(true);
    expect(res?.status).toBe(409);
    expect(res?.body.error).toEqual({
      code: 'conflict',
      message: expect.any(String),
      param: 'email',
      details: { existing_id: first.id },
    });
  });

  it('keeps dots and +tags: they are different contacts', async () => {
    await create({ email: 'ada.lovelace@example.com' });
    await create({ email: 'adalovelace@example.com' });
    await create({ email: 'adalovelace+x@example.com' });
    const res = await api('GET', '/contacts');
    expect(res.body.data).toHaveLength(3);
  });

  it.each([
    ['malformed JSON', '{"email":', undefined],
    ['an empty body', '', undefined],
    ['an unknown field', { email: 'a@example.com', emial: 'x' }, 'emial'],
    ['a wrong type', { email: 'a@example.com', first_name: 42 }, 'first_name'],
    ['a bad enum value', { email: 'a@example.com', stage: 'won' }, 'stage'],
    ['a bad email', { email: 'not-an-email' }, 'email'],
    ['a missing email', { first_name: 'Ada' }, 'email'],
    ['a non-integer icp_score', { email: 'a@example.com', icp_score: 1.5 }, 'icp_score'],
    ['a non-http linkedin_url', { email: 'a@example.com', linkedin_url: 'ftp://x.com' }, 'linkedin_url'],
    [
      'an unknown company_id',
      { email: 'a@example.com', company_id: 'comp_01h455vb4pex5vsknk084sn02q' },
      'company_id',
    ],
  ])('answers 400 validation_error for %s and stores nothing', async (_case, body, param) => {
    await create({ email: 'existing@example.com' });
    let res: Awaited<ReturnType<typeof api>> | undefined;
    expect(
      await expectUnchanged(rex, async () => {
        res = await api('POST', '/contacts', body);
      }),
    ).toBe(true);
    expect(res?.status).toBe(400);
    expect(res?.body.error.code).toBe('validation_error');
    expect(typeof res?.body.error.message).toBe('string');
    if (param) expect(res?.body.error.param).toBe(param);
  });

  it('answers 413 payload_too_large for a body over 1 MiB and stores nothing', async () => {
    const big = { email: 'big@example.com', metadata: { blob: 'x'.repeat(1024 * 1024) } };
    let res: Awaited<ReturnType<typeof api>> | undefined;
    expect(
      await expectUnchanged(rex, async () => {
        res = await api('POST', '/contacts', big);
      }),
    ).toBe(true);
    expect(res?.status).toBe(413);
    expect(res?.body.error.code).toBe('payload_too_large');
  });

  it('answers 413 when Content-Length alone says the body is too large', async () => {
    const res = await rex.handle(
      new Request(`${BASE}/contacts`, {
        method: 'POST',
        headers: { 'x-api-key': 'rex_test_contacts', 'content-length': String(2 * 1024 * 1024) },
        body: '{}',
      }),
    );
    expect(res.status).toBe(413);
  });
});

describe('contacts.get', () => {
  it('returns the contact and fresh objects each time', async () => {
    const created = await create({ email: 'ada@example.com' });
    const res = await api('GET', `/contacts/${created.id}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(created);
  });

  it('answers 404 for an unknown, malformed or wrongly prefixed id', async () => {
    for (const id of [
      'cont_01h455vb4pex5vsknk084sn02q',
      'nope',
      'comp_01h455vb4pex5vsknk084sn02q',
      'cont_UPPER',
    ]) {
      const res = await api('GET', `/contacts/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
      // Rex's own words; the SDK adds the method and URL to the message it throws.
      expect(res.body.error.message).toBe('Contact not found');
    }
  });

  it('returns a sparse fieldset with id always included', async () => {
    const created = await create({ email: 'ada@example.com', first_name: 'Ada' });
    const res = await api('GET', `/contacts/${created.id}?fields=email,first_name`);
    expect(res.body.data).toEqual({ id: created.id, email: 'ada@example.com', first_name: 'Ada' });
  });

  it('embeds the company with include=company, or null when it has none', async () => {
    const company = (await api('POST', '/companies', { name: 'Acme', domain: 'acme.com' })).body.data;
    const linked = await create({ email: 'a@acme.com', company_id: company.id });
    const loose = await create({ email: 'b@example.com' });
    expect((await api('GET', `/contacts/${linked.id}?include=company`)).body.data.company).toEqual(company);
    expect((await api('GET', `/contacts/${loose.id}?include=company`)).body.data.company).toBeNull();
    expect((await api('GET', `/contacts/${loose.id}`)).body.data).not.toHaveProperty('company');
  });

  it('answers 400 for an unknown field name in fields=', async () => {
    const created = await create({ email: 'ada@example.com' });
    const res = await api('GET', `/contacts/${created.id}?fields=email,shoe_size`);
    expect(res.status).toBe(400);
    expect(res.body.error.param).toMatch(/^fields/);
  });
});

describe('contacts.update', () => {
  it('keeps omitted fields, clears nulls and moves updated_at', async () => {
    const created = await create({ email: 'ada@example.com', first_name: 'Ada', title: 'CTO' });
    const res = await api('PATCH', `/contacts/${created.id}`, { title: null, stage: 'prospect' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ first_name: 'Ada', title: null, stage: 'prospect' });
    expect(res.body.data.updated_at > created.updated_at).toBe(true);
    expect(res.body.data.created_at).toBe(created.created_at);
  });

  it('treats an identical PATCH as a no-op: same updated_at, no event', async () => {
    const created = await create({ email: 'ada@example.com', first_name: 'Ada', metadata: { a: { b: 1 } } });
    const res = await api('PATCH', `/contacts/${created.id}`, {
      first_name: 'Ada',
      email: 'ADA@example.com',
      metadata: { a: { b: 1 } },
    });
    expect(res.body.data).toEqual(created);
    const events = (await api('GET', '/events')).body.data;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['contact.created']);
  });

  it('merges metadata at the top level: overwrite, remove on null, replace nested whole', async () => {
    const created = await create({
      email: 'ada@example.com',
      metadata: { a: 1, b: 2, nested: { x: 1, y: 2 } },
    });
    const res = await api('PATCH', `/contacts/${created.id}`, {
      metadata: { a: 10, b: null, nested: { z: 3 }, c: 'new' },
    });
    expect(res.body.data.metadata).toEqual({ a: 10, nested: { z: 3 }, c: 'new' });
    const cleared = await api('PATCH', `/contacts/${created.id}`, { metadata: null });
    expect(cleared.body.data.metadata).toEqual({});
  });

  it('refuses to clear email (400) and leaves the contact unchanged', async () => {
    const created = await create({ email: 'ada@example.com' });
    let res: Awaited<ReturnType<typeof api>> | undefined;
    expect(
      await expectUnchanged(rex, async () => {
        res = await api('PATCH', `/contacts/${created.id}`, { email: null });
      }),
    ).toBe(true);
    expect(res?.status).toBe(400);
    expect(res?.body.error.param).toBe('email');
  });

  it('answers 409 when the new email belongs to another contact', async () => {
    const ada = await create({ email: 'ada@example.com' });
    const bob = await create({ email: 'bob@example.com' });
    const res = await api('PATCH', `/contacts/${bob.id}`, { email: 'Ada@Example.com' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ param: 'email', details: { existing_id: ada.id } });
  });

  it('frees the old email for reuse after an email change', async () => {
    const ada = await create({ email: 'ada@example.com' });
    await api('PATCH', `/contacts/${ada.id}`, { email: 'ada@new.example.com' });
    await create({ email: 'ada@example.com' });
    expect((await api('GET', '/contacts?email=ADA@new.example.com')).body.data[0].id).toBe(ada.id);
  });

  it('answers 400 with param company_id for a company of no org or of another org', async () => {
    const other = client(BASE, 'rex_test_other');
    const foreign = (await other('POST', '/companies', { name: 'Foreign' })).body.data;
    const ada = await create({ email: 'ada@example.com' });
    const res = await api('PATCH', `/contacts/${ada.id}`, { company_id: foreign.id });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_error', param: 'company_id' });
  });

  it('answers 404 for an unknown id and 400 for an unknown field', async () => {
    expect((await api('PATCH', '/contacts/cont_01h455vb4pex5vsknk084sn02q', { title: 'x' })).status).toBe(
      404,
    );
    const ada = await create({ email: 'ada@example.com' });
    const res = await api('PATCH', `/contacts/${ada.id}`, { titel: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('titel');
  });
});

describe('contacts.delete', () => {
  it('answers {id, deleted: true}, then 404 on a second delete and on get', async () => {
    const ada = await create({ email: 'ada@example.com' });
    const res = await api('DELETE', `/contacts/${ada.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { id: ada.id, deleted: true } });
    expect((await api('DELETE', `/contacts/${ada.id}`)).status).toBe(404);
    expect((await api('GET', `/contacts/${ada.id}`)).status).toBe(404);
  });

  it('frees the email so a new contact can take it', async () => {
    const ada = await create({ email: 'ada@example.com' });
    await api('DELETE', `/contacts/${ada.id}`);
    const again = await create({ email: 'ada@example.com' });
    expect(again.id).not.toBe(ada.id);
  });
});

describe('contacts.upsert', () => {
  it('creates with 201 and then updates with 200 when the email differs only in case', async () => {
    const first = await api('POST', '/contacts/upsert', { email: 'ada@example.com', first_name: 'Ada' });
    expect(first.status).toBe(201);
    const second = await api('POST', '/contacts/upsert', { email: '  ADA@example.com', title: 'CTO' });
    expect(second.status).toBe(200);
    expect(second.body.data).toMatchObject({ id: first.body.data.id, first_name: 'Ada', title: 'CTO' });
  });

  it('returns the record untouched (same updated_at) when nothing changes', async () => {
    const first = await api('POST', '/contacts/upsert', { email: 'ada@example.com', first_name: 'Ada' });
    const second = await api('POST', '/contacts/upsert', { email: 'ada@example.com', first_name: 'Ada' });
    expect(second.status).toBe(200);
    expect(second.body.data).toEqual(first.body.data);
  });

  it('makes exactly one record from dozens of parallel upserts of one email', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        api('POST', '/contacts/upsert', {
          email: i % 2 ? 'Race@Example.com' : 'race@example.com ',
          title: `T${i}`,
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(39);
    expect(new Set(results.map((r) => r.body.data.id)).size).toBe(1);
    const list = await api('GET', '/contacts');
    expect(list.body.data).toHaveLength(1);
  });

  it('answers 400 without an email and stores nothing', async () => {
    let res: Awaited<ReturnType<typeof api>> | undefined;
    expect(
      await expectUnchanged(rex, async () => {
        res = await api('POST', '/contacts/upsert', { first_name: 'Ada' });
      }),
    ).toBe(true);
    expect(res?.status).toBe(400);
    expect(res?.body.error.param).toBe('email');
  });
});

describe('contacts.merge', () => {
  it('fills the primary’s empty fields from duplicates in order, merges metadata and deletes duplicates', async () => {
    const primary = await create({
      email: 'ada@example.com',
      first_name: 'Ada',
      metadata: { plan: 'pro', a: 1 },
    });
    const d1 = await create({
      email: 'ada2@example.com',
      first_name: 'Ignored',
      title: 'CTO',
      metadata: { plan: 'free', b: 2 },
    });
    const d2 = await create({
      email: 'ada3@example.com',
      title: 'CEO',
      phone: '+1',
      metadata: { b: 3, c: 4 },
    });
    const res = await api('POST', '/contacts/merge', {
      primary_id: primary.id,
      duplicate_ids: [d1.id, d2.id],
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id: primary.id,
      email: 'ada@example.com',
      first_name: 'Ada',
      title: 'CTO',
      phone: '+1',
      metadata: { plan: 'pro', a: 1, b: 2, c: 4 },
    });
    expect((await api('GET', `/contacts/${d1.id}`)).status).toBe(404);
    expect((await api('GET', `/contacts/${d2.id}`)).status).toBe(404);
    const events = (await api('GET', '/events')).body.data.slice(3);
    expect(events.map((e: { type: string; data: { id: string } }) => [e.type, e.data.id])).toEqual([
      ['contact.updated', primary.id],
      ['contact.deleted', d1.id],
      ['contact.deleted', d2.id],
    ]);
    // The duplicates' emails are free again.
    await create({ email: 'ada2@example.com' });
  });

  it('answers 404 for an unknown duplicate and 400 when the primary is among the duplicates, changing nothing', async () => {
    const primary = await create({ email: 'ada@example.com' });
    const dup = await create({ email: 'dup@example.com' });
    let unknown: Awaited<ReturnType<typeof api>> | undefined;
    let self: Awaited<ReturnType<typeof api>> | undefined;
    expect(
      await expectUnchanged(rex, async () => {
        unknown = await api('POST', '/contacts/merge', {
          primary_id: primary.id,
          duplicate_ids: [dup.id, 'cont_01h455vb4pex5vsknk084sn02q'],
        });
        self = await api('POST', '/contacts/merge', { primary_id: primary.id, duplicate_ids: [primary.id] });
      }),
    ).toBe(true);
    expect(unknown?.status).toBe(404);
    expect(self?.status).toBe(400);
    expect(self?.body.error.param).toBe('duplicate_ids');
  });

  it('answers 400 for an empty duplicate_ids list', async () => {
    const primary = await create({ email: 'ada@example.com' });
    const res = await api('POST', '/contacts/merge', { primary_id: primary.id, duplicate_ids: [] });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('duplicate_ids');
  });
});

describe('capture', () => {
  it('upserts into the default org without a key: 201 then 200', async () => {
    const anon = client(BASE);
    const first = await anon('POST', '/capture', { email: 'Visitor@Example.com', source: 'organic' });
    expect(first.status).toBe(201);
    expect(first.body.data.email).toBe('visitor@example.com');
    const second = await anon('POST', '/capture', { email: 'visitor@example.com', first_name: 'Vi' });
    expect(second.status).toBe(200);
    expect(second.body.data.first_name).toBe('Vi');
    expect(rex.snapshot().orgs.default?.contacts).toHaveLength(1);
  });

  it('writes to the key’s org when a valid key is sent', async () => {
    await api('POST', '/capture', { email: 'visitor@example.com' });
    expect((await api('GET', '/contacts')).body.data).toHaveLength(1);
    expect(rex.snapshot().orgs.default).toBeUndefined();
  });

  it('refuses fields a visitor cannot set (400) and stores nothing', async () => {
    const anon = client(BASE);
    let res: Awaited<ReturnType<typeof api>> | undefined;
    expect(
      await expectUnchanged(rex, async () => {
        res = await anon('POST', '/capture', { email: 'v@example.com', stage: 'customer' });
      }),
    ).toBe(true);
    expect(res?.status).toBe(400);
    expect(res?.body.error.param).toBe('stage');
  });
});

describe('routing', () => {
  it('answers 404 not_found for an unknown route, with the request id', async () => {
    for (const path of ['/nothing', '/contacts/cont_01h455vb4pex5vsknk084sn02q/nothing']) {
      const res = await api('GET', path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
      expect(res.body.error.message).toBe(`Route not found: GET ${path}`);
      expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    }
  });

  it('answers 405 with Allow for a method a known path does not have, TRACE included', async () => {
    for (const [method, path, allow] of [
      ['PUT', '/contacts', 'GET, HEAD, POST, OPTIONS'],
      ['POST', '/events', 'GET, HEAD, OPTIONS'],
      ['TRACE', '/contacts', 'GET, HEAD, POST, OPTIONS'],
    ] as const) {
      const res = await api(method, path);
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.body.error.code).toBe('method_not_allowed');
      expect(res.headers.get('allow')).toBe(allow);
    }
  });

  it('answers HEAD like GET, without a body', async () => {
    await api('POST', '/contacts', { email: 'head@example.com' });
    const res = await rex.handle(
      new Request(`${BASE}/contacts`, { method: 'HEAD', headers: { 'x-api-key': 'rex_test_contacts' } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await res.text()).toBe('');
  });

  it('puts X-Request-Id and X-RateLimit-* on every response', async () => {
    const res = await api('GET', '/contacts');
    expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-z]{26}$/);
    expect(res.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('999');
    expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(1_700_000_000);
  });

  it('serves the OpenAPI document without a key', async () => {
    const res = await client(BASE)('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.servers[0].url).toBe(BASE);
  });

  it('serves the OpenAPI 3.0 document as YAML, as Rex does', async () => {
    const res = await rex.handle(new Request(`${BASE}/openapi.yaml`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
    const text = await res.text();
    expect(text).toMatch(/^openapi: "3\.0\.3"$/m);
    expect(text).toContain('/deals/{id}/stage:');
  });
});
