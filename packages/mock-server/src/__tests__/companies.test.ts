import { setupRexServer } from '@rex/mock-server/node';
import { isTypeId } from '@rex/types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { client, createClock, expectUnchanged, type Reply } from './helpers.js';

const BASE = 'https://companies.rexgtm.test';
const clock = createClock('2026-03-16T12:00:00.000Z', 1);
const rex = setupRexServer({ baseUrl: BASE, now: clock.now });
const api = client(BASE, 'rex_test_companies');

beforeAll(() => rex.listen({ onUnhandledRequest: 'error' }));
afterEach(() => rex.reset());
afterAll(() => rex.close());

const create = async (body: Record<string, unknown>) => {
  const res = await api('POST', '/companies', body);
  expect(res.status).toBe(201);
  return res.body.data;
};

describe('companies.create', () => {
  it('stores the normalised domain, the defaults and a comp_ TypeID', async () => {
    const company = await create({ name: 'Acme', domain: 'https://www.Acme.com/about?x=1' });
    expect(isTypeId(company.id, 'comp')).toBe(true);
    expect(company).toMatchObject({
      name: 'Acme',
      domain: 'acme.com',
      size: null,
      address: null,
      metadata: {},
    });
  });

  it('stores an address whole, with parts left out as null', async () => {
    const company = await create({ name: 'Acme', address: { city: 'Berlin' } });
    expect(company.address).toEqual({
      street: null,
      city: 'Berlin',
      state: null,
      postal_code: null,
      country: null,
    });
  });

  it.each([
    ['https://www.acme.com/', 'acme.com'],
    ['ACME.com.', 'acme.com'],
    ['http://user:pw@acme.com:8080/x#y', 'acme.com'],
  ])('answers 409 for %s when acme.com exists', async (domain) => {
    const acme = await create({ name: 'Acme', domain: 'acme.com' });
    const res = await api('POST', '/companies', { name: 'Copy', domain });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'conflict',
      param: 'domain',
      details: { existing_id: acme.id },
    });
  });

  it('treats other subdomains as different companies and allows many without a domain', async () => {
    await create({ name: 'Acme', domain: 'acme.com' });
    await create({ name: 'Acme EU', domain: 'eu.acme.com' });
    await create({ name: 'No domain 1' });
    await create({ name: 'No domain 2', domain: null });
    expect((await api('GET', '/companies')).body.data).toHaveLength(4);
  });

  it.each([
    ['a missing name', { domain: 'acme.com' }, 'name'],
    ['a blank name', { name: '   ' }, 'name'],
    ['a bad domain', { name: 'Acme', domain: 'not a domain' }, 'domain'],
    ['an IP address', { name: 'Acme', domain: '10.0.0.1' }, 'domain'],
    ['a bad size', { name: 'Acme', size: '5' }, 'size'],
    ['an unknown address part', { name: 'Acme', address: { town: 'x' } }, 'address.town'],
    ['an unknown field', { name: 'Acme', employees: 5 }, 'employees'],
  ])('answers 400 for %s and stores nothing', async (_case, body, param) => {
    let res: Reply | undefined;
    expect(
      await expectUnchanged(rex, async () => {
        res = await api('POST', '/companies', body);
      }),
    ).toBe(true);
    expect(res?.status).toBe(400);
    expect(res?.body.error).toMatchObject({ code: 'validation_error', param });
  });
});

describe('companies.get', () => {
  it('returns the company, a sparse fieldset, or 404', async () => {
    const acme = await create({ name: 'Acme', domain: 'acme.com' });
    expect((await api('GET', `/companies/${acme.id}`)).body.data).toEqual(acme);
    expect((await api('GET', `/companies/${acme.id}?fields=name`)).body.data).toEqual({
      id: acme.id,
      name: 'Acme',
    });
    expect((await api('GET', '/companies/comp_01h455vb4pex5vsknk084sn02q')).status).toBe(404);
    expect((await api('GET', `/companies/${acme.id.replace('comp', 'cont')}`)).status).toBe(404);
    expect((await api('GET', `/companies/${acme.id}?include=company`)).status).toBe(400);
  });
});

describe('companies.update', () => {
  it('applies PATCH rules and moves updated_at only on change', async () => {
    const acme = await create({ name: 'Acme', domain: 'acme.com', industry: 'SaaS', metadata: { a: 1 } });
    const same = await api('PATCH', `/companies/${acme.id}`, { name: 'Acme', domain: 'WWW.ACME.COM' });
    expect(same.body.data).toEqual(acme);
    const res = await api('PATCH', `/companies/${acme.id}`, { industry: null, metadata: { b: 2 } });
    expect(res.body.data).toMatchObject({ name: 'Acme', industry: null, metadata: { a: 1, b: 2 } });
    expect(res.body.data.updated_at > acme.updated_at).toBe(true);
  });

  it('refuses to clear the name and answers 409 for a domain another company holds', async () => {
    const acme = await create({ name: 'Acme', domain: 'acme.com' });
    const other = await create({ name: 'Other', domain: 'other.com' });
    const cleared = await api('PATCH', `/companies/${acme.id}`, { name: null });
    expect(cleared.status).toBe(400);
    expect(cleared.body.error.param).toBe('name');
    const taken = await api('PATCH', `/companies/${other.id}`, { domain: 'https://acme.com' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.details.existing_id).toBe(acme.id);
  });

  it('frees a domain set to null', async () => {
    const acme = await create({ name: 'Acme', domain: 'acme.com' });
    await api('PATCH', `/companies/${acme.id}`, { domain: null });
    await create({ name: 'New Acme', domain: 'acme.com' });
  });
});

describe('companies.delete', () => {
  it('deletes the company and nulls its contacts’ company_id as a real change', async () => {
    const acme = await create({ name: 'Acme', domain: 'acme.com' });
    const ada = (await api('POST', '/contacts', { email: 'ada@acme.com', company_id: acme.id })).body.data;
    const bob = (await api('POST', '/contacts', { email: 'bob@example.com' })).body.data;
    const res = await api('DELETE', `/companies/${acme.id}`);
    expect(res.body).toEqual({ data: { id: acme.id, deleted: true } });
    const after = (await api('GET', `/contacts/${ada.id}`)).body.data;
    expect(after.company_id).toBeNull();
    expect(after.updated_at > ada.updated_at).toBe(true);
    expect((await api('GET', `/contacts/${bob.id}`)).body.data).toEqual(bob);
    const events = (await api('GET', '/events')).body.data;
    expect(events.slice(-2).map((e: { type: string; data: { id: string } }) => [e.type, e.data.id])).toEqual([
      ['company.deleted', acme.id],
      ['contact.updated', ada.id],
    ]);
    expect((await api('DELETE', `/companies/${acme.id}`)).status).toBe(404);
    expect((await api('GET', `/contacts?company_id=${acme.id}`)).body.data).toEqual([]);
  });
});

describe('companies.upsert', () => {
  it('creates with 201, then updates with 200 for the same domain in another form', async () => {
    const first = await api('POST', '/companies/upsert', { domain: 'acme.com', name: 'Acme' });
    expect(first.status).toBe(201);
    const second = await api('POST', '/companies/upsert', {
      domain: 'https://www.ACME.com/pricing',
      industry: 'SaaS',
    });
    expect(second.status).toBe(200);
    expect(second.body.data).toMatchObject({ id: first.body.data.id, name: 'Acme', industry: 'SaaS' });
  });

  it('answers 400 param name when creating without a name, and 400 without a domain', async () => {
    let noName: Reply | undefined;
    expect(
      await expectUnchanged(rex, async () => {
        noName = await api('POST', '/companies/upsert', { domain: 'acme.com' });
      }),
    ).toBe(true);
    expect(noName?.status).toBe(400);
    expect(noName?.body.error.param).toBe('name');
    const noDomain = await api('POST', '/companies/upsert', { name: 'Acme' });
    expect(noDomain.status).toBe(400);
    expect(noDomain.body.error.param).toBe('domain');
  });

  it('makes one company from parallel upserts of one domain', async () => {
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        api('POST', '/companies/upsert', { domain: i % 2 ? 'https://www.race.io' : 'RACE.io', name: 'Race' }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(24);
  });
});

describe('companies.listContacts', () => {
  it('lists only that company’s contacts and answers 404 for an unknown company', async () => {
    const acme = await create({ name: 'Acme', domain: 'acme.com' });
    const other = await create({ name: 'Other', domain: 'other.com' });
    await api('POST', '/contacts', { email: 'a@acme.com', company_id: acme.id });
    await api('POST', '/contacts', { email: 'b@acme.com', company_id: acme.id });
    await api('POST', '/contacts', { email: 'c@other.com', company_id: other.id });
    const res = await api('GET', `/companies/${acme.id}/contacts?sort=email`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((c: { email: string }) => c.email)).toEqual(['a@acme.com', 'b@acme.com']);
    expect(res.body.meta).toEqual({ cursor: null, has_more: false });
    const paged = await api('GET', `/companies/${acme.id}/contacts?limit=1`);
    expect(paged.body.meta.has_more).toBe(true);
    const next = await api('GET', `/companies/${acme.id}/contacts?limit=1&cursor=${paged.body.meta.cursor}`);
    expect(next.body.data).toHaveLength(1);
    expect(next.body.data[0].id).not.toBe(paged.body.data[0].id);
    expect((await api('GET', '/companies/comp_01h455vb4pex5vsknk084sn02q/contacts')).status).toBe(404);
  });
});
