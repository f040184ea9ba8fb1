import { createRexMock, SeedError, type SeedInput, SnapshotError } from '@rex/mock-server';
import { setupRexServer } from '@rex/mock-server/node';
import { isTypeId } from '@rex/types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { client, createClock } from './helpers.js';

const BASE = 'https://state.rexgtm.test';
const KEY = 'rex_test_state';
const clock = createClock('2026-03-16T12:00:00.000Z', 1);
const rex = setupRexServer({
  baseUrl: BASE,
  now: clock.now,
  seed: {
    key: KEY,
    companies: [{ id: 'comp_01h455vb4pex5vsknk084sn02q', name: 'Seeded', domain: 'seeded.com' }],
  },
});
const api = client(BASE, KEY);

beforeAll(() => rex.listen({ onUnhandledRequest: 'error' }));
afterEach(() => rex.reset());
afterAll(() => rex.close());

describe('events.list', () => {
  it('records every change oldest first, with the record after it or {id} for a delete', async () => {
    const ada = (await api('POST', '/contacts', { email: 'ada@example.com' })).body.data;
    const updated = (await api('PATCH', `/contacts/${ada.id}`, { title: 'CTO' })).body.data;
    const acme = (await api('POST', '/companies', { name: 'Acme' })).body.data;
    const acme2 = (await api('PATCH', `/companies/${acme.id}`, { industry: 'SaaS' })).body.data;
    await api('DELETE', `/companies/${acme.id}`);
    await api('DELETE', `/contacts/${ada.id}`);
    const res = await api('GET', '/events');
    expect(res.status).toBe(200);
    const events = res.body.data;
    expect(events.map((e: { type: string; data: unknown }) => [e.type, e.data])).toEqual([
      ['contact.created', ada],
      ['contact.updated', updated],
      ['company.created', acme],
      ['company.updated', acme2],
      ['company.deleted', { id: acme.id }],
      ['contact.deleted', { id: ada.id }],
    ]);
    for (const event of events) {
      expect(isTypeId(event.id, 'evt')).toBe(true);
      expect(event.timestamp).toMatch(/Z$/);
    }
    expect(res.body.meta).toEqual({ cursor: events[5].id, has_more: false });
  });

  it('pages with after= and limit=, meta.cursor being the last event id', async () => {
    for (let i = 0; i < 5; i++) await api('POST', '/contacts', { email: `u${i}@example.com` });
    const first = await api('GET', '/events?limit=2');
    expect(first.body.data).toHaveLength(2);
    expect(first.body.meta).toEqual({ cursor: first.body.data[1].id, has_more: true });
    const second = await api('GET', `/events?limit=2&after=${first.body.meta.cursor}`);
    expect(second.body.data.map((e: { data: { email: string } }) => e.data.email)).toEqual([
      'u2@example.com',
      'u3@example.com',
    ]);
    const last = await api('GET', `/events?after=${second.body.meta.cursor}`);
    expect(last.body.data).toHaveLength(1);
    expect(last.body.meta.has_more).toBe(false);
    const empty = await api('GET', `/events?after=${last.body.meta.cursor}`);
    expect(empty.body).toEqual({ data: [], meta: { cursor: last.body.meta.cursor, has_more: false } });
  });

  it('answers 400 for an unknown after or an out-of-range limit', async () => {
    expect((await api('GET', '/events?after=evt_01h455vb4pex5vsknk084sn02q')).body.error.param).toBe('after');
    expect((await api('GET', '/events?limit=500')).body.error.param).toBe('limit');
  });
});

describe('seed', () => {
  it('applies the seed at start and again on reset, without events', async () => {
    const res = await api('GET', '/companies/comp_01h455vb4pex5vsknk084sn02q');
    expect(res.body.data).toMatchObject({ name: 'Seeded', domain: 'seeded.com' });
    await api('DELETE', '/companies/comp_01h455vb4pex5vsknk084sn02q');
    rex.reset();
    expect((await api('GET', '/companies/comp_01h455vb4pex5vsknk084sn02q')).status).toBe(200);
    expect((await api('GET', '/events')).body.data).toEqual([]);
  });

  it('takes fixed ids and timestamps, links contacts to seeded companies and returns the records', () => {
    const result = rex.seed({
      key: KEY,
      companies: [{ name: 'Acme', domain: 'https://acme.com' }],
      contacts: [
        {
          id: 'cont_01h455vb4pex5vsknk084sn02q',
          email: 'ADA@acme.com',
          company_id: 'comp_01h455vb4pex5vsknk084sn02q',
          created_at: '2025-01-01T00:00:00Z',
        },
      ],
    });
    expect(result.org).toBe(KEY);
    expect(result.companies[0]?.domain).toBe('acme.com');
    expect(result.contacts[0]).toMatchObject({
      id: 'cont_01h455vb4pex5vsknk084sn02q',
      email: 'ada@acme.com',
      created_at: '2025-01-01T00:00:00.000Z',
      updated_at: '2025-01-01T00:00:00.000Z',
    });
  });

  it.each([
    [{ contacts: [{ email: 'x' }] }, 'contacts[0].email'],
    [{ contacts: [{ email: 'a@example.com', stage: 'won' }] }, 'contacts[0].stage'],
    [{ contacts: [{ email: 'a@example.com' }, { email: 'A@example.com' }] }, 'contacts[1].email'],
    [
      { contacts: [{ email: 'a@example.com', company_id: 'comp_01h455vb4pex5vsknk084sn02z' }] },
      'contacts[0].company_id',
    ],
    [{ contacts: [{ id: 'comp_01h455vb4pex5vsknk084sn02q', email: 'a@example.com' }] }, 'contacts[0].id'],
    [{ companies: [{ name: 'A', domain: 'seeded.com' }] }, 'companies[0].domain'],
    [{ companies: [{ name: 'A', created_at: 'yesterday' }] }, 'companies[0].created_at'],
  ])('throws SeedError naming %j’s bad field and changes nothing', (input, param) => {
    const before = JSON.stringify(rex.snapshot());
    let error: unknown;
    try {
      rex.seed({ key: KEY, companies: [{ name: 'Valid first' }], ...input } as SeedInput);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SeedError);
    expect((error as SeedError).param).toBe(param);
    expect((error as SeedError).message).toContain(param);
    expect(JSON.stringify(rex.snapshot())).toBe(before);
  });

  it('fills the org named by org, or default', async () => {
    rex.seed({ contacts: [{ email: 'd@example.com' }] });
    rex.seed({ org: 'other', contacts: [{ email: 'o@example.com' }] });
    expect(rex.snapshot().orgs.default?.contacts).toHaveLength(1);
    expect(rex.snapshot().orgs.other?.contacts).toHaveLength(1);
  });
});

describe('snapshot and restore', () => {
  it('returns a deep copy that callers cannot use to change the store', async () => {
    await api('POST', '/contacts', { email: 'ada@example.com', metadata: { tags: ['a'] } });
    const snap = rex.snapshot();
    const contact = snap.orgs[KEY]?.contacts[0];
    (contact?.metadata.tags as string[] | undefined)?.push('mutated');
    expect(contact?.metadata.tags).toEqual(['a', 'mutated']);
    expect(rex.snapshot().orgs[KEY]?.contacts[0]?.metadata).toEqual({ tags: ['a'] });
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
  });

  it('restores a snapshot whole: records, dedup keys, indexes and events', async () => {
    const ada = (await api('POST', '/contacts', { email: 'ada@example.com' })).body.data;
    const snap = rex.snapshot();
    await api('DELETE', `/contacts/${ada.id}`);
    await api('POST', '/contacts', { email: 'bob@example.com' });
    rex.restore(snap);
    expect(rex.snapshot()).toEqual(snap);
    expect((await api('GET', '/contacts')).body.data.map((c: { id: string }) => c.id)).toEqual([ada.id]);
    expect((await api('POST', '/contacts', { email: 'ada@example.com' })).status).toBe(409);
    expect((await api('GET', '/contacts?email=bob@example.com')).body.data).toEqual([]);
    expect((await api('GET', '/events')).body.data).toHaveLength(1);
  });

  it('refuses something that is not a snapshot, or one whose records are not Rex records, changing nothing', async () => {
    await api('POST', '/contacts', { email: 'ada@example.com' });
    const before = rex.snapshot();
    const contact = before.orgs[KEY]?.contacts[0];
    for (const bad of [
      { orgs: {} },
      { version: 1, orgs: { x: { contacts: [1], companies: [], events: [] } } },
      { version: 1, orgs: { x: { contacts: [{ ...contact, id: 'nope' }], companies: [], events: [] } } },
      { version: 1, orgs: { x: { contacts: [contact, contact], companies: [], events: [] } } },
      { version: 1, orgs: { x: { contacts: [], companies: [], events: [{ id: 'evt_x' }] } } },
    ]) {
      expect(() => rex.restore(bad as never)).toThrow(SnapshotError);
    }
    expect(rex.snapshot()).toEqual(before);
  });

  it('refuses a seed whose lists are not arrays or that has unknown fields', () => {
    expect(() => rex.seed({ companies: '' } as never)).toThrow(SeedError);
    expect(() => rex.seed({ contacts: [], colour: 'red' } as never)).toThrow(SeedError);
    expect(() => rex.seed({ key: 'rex_live_x' })).toThrow(SeedError);
    expect(rex.snapshot().orgs.default).toBeUndefined();
  });

  it('gives every response a fresh object', async () => {
    const mock = createRexMock();
    const request = () =>
      mock.handle(
        new Request('https://mock.rexgtm.com/contacts', { headers: { 'x-api-key': 'rex_test_a' } }),
      );
    await mock.handle(
      new Request('https://mock.rexgtm.com/contacts', {
        method: 'POST',
        headers: { 'x-api-key': 'rex_test_a' },
        body: JSON.stringify({ email: 'a@example.com' }),
      }),
    );
    const first = (await (await request()).json()) as { data: { email: string }[] };
    (first.data[0] as { email: string }).email = 'changed';
    const second = (await (await request()).json()) as { data: { email: string }[] };
    expect(second.data[0]?.email).toBe('a@example.com');
  });
});

describe('deterministic mode', () => {
  const run = async () => {
    const c = createClock('2026-03-16T12:00:00.000Z', 5);
    const mock = createRexMock({ ids: { seed: 42 }, now: c.now });
    const call = (method: string, path: string, body?: unknown) =>
      mock.handle(
        new Request(`https://mock.rexgtm.com${path}`, {
          method,
          headers: { 'x-api-key': 'rex_test_det' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      );
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call('POST', '/contacts', { email: `u${i}@example.com` });
      ids.push(res.headers.get('x-request-id') as string);
    }
    await call('POST', '/companies/upsert', { domain: 'acme.com', name: 'Acme' });
    return { ids, snapshot: mock.snapshot(), mock };
  };

  it('produces identical ids and snapshots from the same seed and clock', async () => {
    const a = await run();
    const b = await run();
    expect(a.snapshot).toEqual(b.snapshot);
    expect(a.ids).toEqual(b.ids);
    const contacts = a.snapshot.orgs.rex_test_det?.contacts ?? [];
    expect(contacts).toHaveLength(5);
    for (const contact of contacts) expect(isTypeId(contact.id, 'cont')).toBe(true);
    expect(new Set(contacts.map((c) => c.id)).size).toBe(5);
  });

  it('starts the id sequence again after reset()', async () => {
    const mock = createRexMock({ ids: { seed: 42 }, now: () => new Date('2026-03-16T12:00:00.000Z') });
    const createOne = async () => {
      const res = await mock.handle(
        new Request('https://mock.rexgtm.com/contacts', {
          method: 'POST',
          headers: { 'x-api-key': 'rex_test_det' },
          body: JSON.stringify({ email: 'u0@example.com' }),
        }),
      );
      return ((await res.json()) as { data: { id: string } }).data.id;
    };
    const first = await createOne();
    mock.reset();
    expect(await createOne()).toBe(first);
  });

  it('uses a custom id generator when given one', async () => {
    let n = 0;
    const mock = createRexMock({ ids: (prefix) => `${prefix}_${String(++n).padStart(26, '0')}` });
    const res = await mock.handle(
      new Request('https://mock.rexgtm.com/companies', {
        method: 'POST',
        headers: { 'x-api-key': 'rex_test_a' },
        body: JSON.stringify({ name: 'Acme' }),
      }),
    );
    expect(((await res.json()) as { data: { id: string } }).data.id).toMatch(/^comp_0+\d$/);
  });
});

describe('instances', () => {
  it('never share state', async () => {
    const a = createRexMock();
    const b = createRexMock();
    a.seed({ key: 'rex_test_x', contacts: [{ email: 'a@example.com' }] });
    expect(b.snapshot().orgs).toEqual({});
    expect(a.snapshot().orgs.rex_test_x?.contacts).toHaveLength(1);
  });
});

describe('routing under a base path', () => {
  it('matches routes below the baseUrl path and ignores a trailing slash', async () => {
    const mock = createRexMock({ baseUrl: 'https://gateway.example/rex/' });
    expect(mock.baseUrl).toBe('https://gateway.example/rex');
    const res = await mock.handle(
      new Request('https://gateway.example/rex/contacts/', { headers: { 'x-api-key': 'rex_test_a' } }),
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: unknown[] }).data).toEqual([]);
  });

  it('gives MSW a handler for the base URL and what lies below it, and nothing beside it', async () => {
    const { getResponse } = await import('msw');
    // Written with an upper-case host and the default port: request URLs arrive without both.
    const { handlers } = createRexMock({ baseUrl: 'https://Gateway.example:443/rex' });
    const answer = async (url: string) =>
      (await getResponse(handlers, new Request(url, { headers: { 'x-api-key': 'rex_test_a' } })))?.json();
    expect(await answer('https://gateway.example/rex/contacts')).toMatchObject({ data: [] });
    expect(await answer('https://gateway.example/rex/contacts?limit=1')).toMatchObject({ data: [] });
    expect(await answer('https://gateway.example/rex')).toMatchObject({ error: { code: 'not_found' } });
    for (const beside of [
      'https://gateway.example/rexy/contacts',
      'https://gateway.example/contacts',
      'https://other.example/rex/contacts',
    ]) {
      expect(await answer(beside)).toBeUndefined();
    }
  });
});

describe('setupRexServer.reset', () => {
  it('drops server.use() overrides along with the data', async () => {
    const { http, HttpResponse } = await import('msw');
    rex.server.use(http.get(`${BASE}/contacts`, () => HttpResponse.json({ overridden: true })));
    expect((await api('GET', '/contacts')).body).toEqual({ overridden: true });
    rex.reset();
    expect((await api('GET', '/contacts')).body.data).toEqual([]);
  });
});
