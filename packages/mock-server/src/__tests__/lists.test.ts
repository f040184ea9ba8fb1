import { setupRexServer } from '@rex/mock-server/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { client, createClock, expectUnchanged, type Reply } from './helpers.js';

const BASE = 'https://lists.rexgtm.test';
const KEY = 'rex_test_lists';
const clock = createClock('2026-03-16T12:00:00.000Z', 1000);
const rex = setupRexServer({ baseUrl: BASE, now: clock.now, rateLimit: false });
const api = client(BASE, KEY);

beforeAll(() => rex.listen({ onUnhandledRequest: 'error' }));
afterEach(() => rex.reset());
afterAll(() => rex.close());

type Row = { id: string; email: string; [key: string]: unknown };

async function walk(path: string, limit: number, between?: (page: number) => Promise<void>): Promise<Row[]> {
  const seen: Row[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const res: Reply = await api('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    seen.push(...res.body.data);
    if (!res.body.meta.has_more) {
      expect(res.body.meta.cursor).toBeNull();
      return seen;
    }
    cursor = res.body.meta.cursor;
    await between?.(page);
  }
  throw new Error('pagination did not end');
}

const names = ['Zoe', 'adam', 'Bea', null, 'Carl', 'bea'];
async function seedContacts(count: number) {
  const companies = rex.seed({
    key: KEY,
    companies: [
      { name: 'Acme', domain: 'acme.com', owner_id: 'u1', industry: 'SaaS' },
      { name: 'Beta', domain: 'beta.io' },
    ],
  }).companies;
  const contacts = [];
  for (let i = 0; i < count; i++) {
    const res = await api('POST', '/contacts', {
      email: `user${String(i).padStart(3, '0')}@example.com`,
      first_name: names[i % names.length],
      stage: i % 3 === 0 ? 'customer' : 'lead',
      source: i % 2 ? 'paid' : 'organic',
      owner_id: i % 4 === 0 ? 'owner_a' : null,
      company_id: i % 5 === 0 ? companies[0]?.id : null,
    });
    contacts.push(res.body.data as Row);
  }
  return { contacts, companies };
}

describe('contacts.list', () => {
  it('defaults to 50 newest first and answers the list envelope', async () => {
    const { contacts } = await seedContacts(60);
    const res = await api('GET', '/contacts');
    expect(res.body.data).toHaveLength(50);
    expect(res.body.data[0].id).toBe(contacts[59]?.id);
    expect(res.body.meta.has_more).toBe(true);
    expect(typeof res.body.meta.cursor).toBe('string');
  });

  it('walks every page once in each sort order, ties broken by id', async () => {
    const { contacts } = await seedContacts(23);
    const all = contacts.map((c) => c.id).sort();
    for (const sort of [
      'created_at',
      '-created_at',
      'updated_at',
      '-updated_at',
      'email',
      '-email',
      'first_name',
      '-first_name',
      'last_name',
    ]) {
      const rows = await walk(`/contacts?sort=${sort}`, 4);
      expect(rows.map((r) => r.id).sort()).toEqual(all);
      const field = sort.replace('-', '');
      const desc = sort.startsWith('-');
      const keys = rows.map((r) => [r[field] as string | null, r.id] as const);
      for (let i = 1; i < keys.length; i++) {
        const [av, aid] = keys[i - 1] as readonly [string | null, string];
        const [bv, bid] = keys[i] as readonly [string | null, string];
        const cmp = av === bv ? (aid < bid ? -1 : 1) : av === null ? 1 : bv === null ? -1 : av < bv ? -1 : 1;
        expect(desc ? cmp > 0 : cmp < 0).toBe(true);
      }
    }
  });

  it('returns each pre-existing record exactly once while others are created and deleted', async () => {
    const { contacts } = await seedContacts(40);
    const deleted = new Set<string>();
    const rows = await walk('/contacts', 7, async (page) => {
      await api('POST', '/contacts', { email: `new${page}@example.com` });
      const victim = contacts[page * 3];
      if (victim) {
        await api('DELETE', `/contacts/${victim.id}`);
        deleted.add(victim.id);
      }
    });
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const contact of contacts) {
      const count = ids.filter((id) => id === contact.id).length;
      if (!deleted.has(contact.id)) expect(count).toBe(1);
      else expect(count).toBeLessThanOrEqual(1);
    }
  });

  it('filters by stage, source, owner_id, company_id, email, search and updated_after', async () => {
    const { contacts, companies } = await seedContacts(30);
    const expectMatch = async (query: string, predicate: (c: Row) => boolean) => {
      const rows = await walk(`/contacts?${query}`, 4);
      expect(rows.map((r) => r.id).sort()).toEqual(
        contacts
          .filter(predicate)
          .map((c) => c.id)
          .sort(),
      );
    };
    await expectMatch('stage=customer', (c) => c.stage === 'customer');
    await expectMatch('stage=lead&source=paid', (c) => c.stage === 'lead' && c.source === 'paid');
    await expectMatch('owner_id=owner_a', (c) => c.owner_id === 'owner_a');
    await expectMatch(
      `company_id=${companies[0]?.id}&stage=customer`,
      (c) => c.company_id === companies[0]?.id && c.stage === 'customer',
    );
    await expectMatch('email=%20USER007@Example.com', (c) => c.email === 'user007@example.com');
    await expectMatch(
      'search=BEA',
      (c) => typeof c.first_name === 'string' && c.first_name.toLowerCase() === 'bea',
    );
    await expectMatch('search=user01', (c) => c.email.startsWith('user01'));
    await expectMatch('stage=churned', () => false);
    const pivot = contacts[20] as Row;
    await expectMatch(
      `updated_after=${pivot.updated_at}`,
      (c) => (c.updated_at as string) > (pivot.updated_at as string),
    );
    await expectMatch('sort=email&owner_id=owner_a', (c) => c.owner_id === 'owner_a');
  });

  it('returns sparse fieldsets and embedded companies', async () => {
    const { companies } = await seedContacts(5);
    const res = await api('GET', '/contacts?fields=email&include=company&sort=email&limit=1');
    expect(res.body.data[0]).toEqual({
      id: expect.any(String),
      email: 'user000@example.com',
      company: companies[0],
    });
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=abc', 'limit'],
    ['sort=phone', 'sort'],
    ['stage=won', 'stage'],
    ['email=nope', 'email'],
    ['updated_after=yesterday', 'updated_after'],
    ['cursor=garbage!!', 'cursor'],
    ['cursor=WyJ4Il0', 'cursor'],
    ['colour=red', 'colour'],
  ])('answers 400 for %s naming %s, changing nothing', async (query, param) => {
    await seedContacts(3);
    let res: Reply | undefined;
    expect(
      await expectUnchanged(rex, async () => {
        res = await api('GET', `/contacts?${query}`);
      }),
    ).toBe(true);
    expect(res?.status).toBe(400);
    expect(res?.body.error.code).toBe('validation_error');
    expect(res?.body.error.param).toBe(param);
  });

  it('refuses a cursor from another sort or other filters (400 param cursor)', async () => {
    await seedContacts(10);
    const first = await api('GET', '/contacts?limit=2&stage=lead');
    const cursor = first.body.meta.cursor;
    expect((await api('GET', `/contacts?limit=2&stage=lead&cursor=${cursor}`)).status).toBe(200);
    for (const query of ['stage=customer', 'sort=email&stage=lead', '']) {
      const res = await api('GET', `/contacts?limit=2&${query}&cursor=${cursor}`);
      expect(res.status).toBe(400);
      expect(res.body.error.param).toBe('cursor');
    }
    expect((await api('GET', `/companies?cursor=${cursor}`)).body.error.param).toBe('cursor');
  });

  it('accepts limit 200 and limit 1', async () => {
    await seedContacts(3);
    expect((await api('GET', '/contacts?limit=200')).body.data).toHaveLength(3);
    expect((await api('GET', '/contacts?limit=1')).body.data).toHaveLength(1);
  });
});

describe('companies.list', () => {
  it('sorts by name and domain and filters by owner_id, industry, search and domain', async () => {
    for (const [name, domain, industry] of [
      ['Acme', 'acme.com', 'SaaS'],
      ['beta', 'beta.io', 'Retail'],
      ['Gamma', null, 'SaaS'],
      ['Delta', 'delta.dev', null],
    ] as const) {
      await api('POST', '/companies', { name, domain, industry, owner_id: name === 'Acme' ? 'u1' : null });
    }
    const by = async (query: string) =>
      (await api('GET', `/companies?${query}`)).body.data.map((c: { name: string }) => c.name);
    expect(await by('sort=name')).toEqual(['Acme', 'Delta', 'Gamma', 'beta']);
    expect(await by('sort=-domain')).toEqual(
      ['Gamma', 'delta.dev', 'beta.io', 'acme.com'].map(
        (d) => ({ Gamma: 'Gamma', 'delta.dev': 'Delta', 'beta.io': 'beta', 'acme.com': 'Acme' })[d],
      ),
    );
    expect(await by('sort=created_at')).toEqual(['Acme', 'beta', 'Gamma', 'Delta']);
    expect(await by('owner_id=u1')).toEqual(['Acme']);
    expect(await by('industry=SaaS&sort=name')).toEqual(['Acme', 'Gamma']);
    expect(await by('search=TA&sort=name')).toEqual(['Delta', 'beta']);
    expect(await by('search=.io')).toEqual(['beta']);
    expect(await by('domain=https://www.Beta.io/x')).toEqual(['beta']);
    expect((await api('GET', '/companies?fields=domain&sort=name&limit=1')).body.data[0]).toEqual({
      id: expect.any(String),
      domain: 'acme.com',
    });
    const rows = await walk('/companies?sort=name', 1);
    expect(rows).toHaveLength(4);
  });

  it('answers 400 for a bad domain filter and an unknown sort', async () => {
    expect((await api('GET', '/companies?domain=not%20a%20domain')).body.error.param).toBe('domain');
    expect((await api('GET', '/companies?sort=email')).body.error.param).toBe('sort');
  });
});
