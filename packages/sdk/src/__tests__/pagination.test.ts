import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { RexError } from '../index.js';
import { BASE, client, contact, useServer } from './helpers.js';

const { server, seen } = useServer();

const contacts = (ids: string[]) => ids.map((id) => contact({ id, email: `${id}@example.com` }));

/** Serves `pages` in order by cursor: the first without one, then `c1`, `c2`, … */
const pages = (
  path: string,
  list: { ids: string[]; hasMore: boolean; cursor: string | null }[],
  param = 'cursor',
) =>
  server.use(
    http.get(`${BASE}${path}`, ({ request }) => {
      const cursor = new URL(request.url).searchParams.get(param);
      const index = cursor === null ? 0 : Number(cursor.slice(1));
      const page = list[index]!;
      return HttpResponse.json({
        data: contacts(page.ids),
        meta: { cursor: page.cursor, has_more: page.hasMore },
      });
    }),
  );

describe('list pagination', () => {
  it('resolves to the first page, with hasMore and cursor', async () => {
    pages('/contacts', [
      { ids: ['a', 'b'], hasMore: true, cursor: 'c1' },
      { ids: ['c'], hasMore: false, cursor: null },
    ]);
    const page = await client().contacts.list({ stage: 'lead', limit: 2 });
    expect(page.data.map((c) => c.id)).toEqual(['a', 'b']);
    expect(page.hasMore).toBe(true);
    expect(page.cursor).toBe('c1');
    expect(page.hasNextPage()).toBe(true);

    const next = await page.nextPage();
    expect(next.data.map((c) => c.id)).toEqual(['c']);
    expect(next.hasNextPage()).toBe(false);
    expect(new URL(seen[1]!.url).search).toBe('?stage=lead&limit=2&cursor=c1');
    await expect(next.nextPage()).rejects.toThrow('No next page: GET /contacts');
  });

  it('walks every item of every page with for await, keeping the filters', async () => {
    pages('/contacts', [
      { ids: ['a', 'b'], hasMore: true, cursor: 'c1' },
      { ids: ['c', 'd'], hasMore: true, cursor: 'c2' },
      { ids: ['e'], hasMore: false, cursor: null },
    ]);
    const ids: string[] = [];
    for await (const item of client().contacts.list({ search: 'ada', sort: 'email' })) ids.push(item.id);
    expect(ids).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(seen.map((r) => new URL(r.url).search)).toEqual([
      '?search=ada&sort=email',
      '?search=ada&sort=email&cursor=c1',
      '?search=ada&sort=email&cursor=c2',
    ]);
  });

  it('stops on has_more false even when a cursor is given', async () => {
    pages('/contacts', [
      { ids: ['a'], hasMore: false, cursor: 'c1' },
      { ids: ['never'], hasMore: false, cursor: null },
    ]);
    const ids: string[] = [];
    for await (const item of client().contacts.list()) ids.push(item.id);
    expect(ids).toEqual(['a']);
    expect(seen).toHaveLength(1);
  });

  it('keeps going while has_more is true, and refuses a next page without a cursor', async () => {
    pages('/contacts', [{ ids: ['a'], hasMore: true, cursor: null }]);
    const ids: string[] = [];
    const walk = async () => {
      for await (const item of client().contacts.list()) ids.push(item.id);
    };
    await expect(walk()).rejects.toThrow(RexError);
    expect(ids).toEqual(['a']);
  });

  it('ends at once on an empty list', async () => {
    pages('/companies', [{ ids: [], hasMore: false, cursor: null }]);
    const items: unknown[] = [];
    for await (const item of client().companies.list()) items.push(item);
    expect(items).toEqual([]);
  });

  it("walks a company's contacts", async () => {
    pages('/companies/comp_1/contacts', [
      { ids: ['a'], hasMore: true, cursor: 'c1' },
      { ids: ['b'], hasMore: false, cursor: null },
    ]);
    const ids: string[] = [];
    for await (const item of client().companies.listContacts('comp_1', { limit: 1 })) ids.push(item.id);
    expect(ids).toEqual(['a', 'b']);
  });

  it('pages events with after = the previous page cursor', async () => {
    pages(
      '/events',
      [
        { ids: ['evt_1'], hasMore: true, cursor: 'c1' },
        { ids: ['evt_2'], hasMore: false, cursor: 'c2' },
      ],
      'after',
    );
    const ids: string[] = [];
    for await (const event of client().events.list({ limit: 1 })) ids.push(event.id);
    expect(ids).toEqual(['evt_1', 'evt_2']);
    expect(seen.map((r) => new URL(r.url).search)).toEqual(['?limit=1', '?limit=1&after=c1']);
  });

  it('reads the flat shape too: {data, has_more, next_cursor}', async () => {
    server.use(
      http.get(`${BASE}/contacts`, ({ request }) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        return HttpResponse.json(
          cursor === null
            ? { data: contacts(['a']), has_more: true, next_cursor: 'c1' }
            : { data: contacts(['b']), has_more: false, next_cursor: null },
        );
      }),
    );
    const page = await client().contacts.list();
    expect(page).toMatchObject({ hasMore: true, cursor: 'c1' });
    const ids: string[] = [];
    for await (const item of client().contacts.list()) ids.push(item.id);
    expect(ids).toEqual(['a', 'b']);
  });

  it('treats a cursor without has_more as a next page, and unknown fields as nothing', async () => {
    server.use(
      http.get(`${BASE}/events`, ({ request }) =>
        HttpResponse.json(
          new URL(request.url).searchParams.has('after')
            ? { data: [], meta: { cursor: null }, total: 1 }
            : { data: contacts(['evt_1']), meta: { cursor: 'evt_1' }, total: 1 },
        ),
      ),
    );
    const ids: string[] = [];
    for await (const event of client().events.list()) ids.push(event.id);
    expect(ids).toEqual(['evt_1']);
    expect(seen).toHaveLength(2);
  });

  it('answers a body that is no list with a RexError naming the endpoint, never a TypeError', async () => {
    for (const body of [{ data: { id: 'a' } }, { items: [] }, [1, 2], 'text']) {
      server.use(http.get(`${BASE}/companies`, () => HttpResponse.json(body)));
      const error = await client()
        .companies.list()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RexError);
      expect(error).not.toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/^Rex answered with a .*: GET \/companies$/);
    }
  });

  it('gives every page .withResponse()', async () => {
    server.use(
      http.get(`${BASE}/contacts`, () =>
        HttpResponse.json(
          { data: [], meta: { cursor: null, has_more: false } },
          { headers: { 'x-request-id': 'req_p' } },
        ),
      ),
    );
    const { data, requestId } = await client().contacts.list().withResponse();
    expect(data.data).toEqual([]);
    expect(requestId).toBe('req_p');
  });
});
