import { ENDPOINT_SCHEMAS, type OperationId, ROUTES } from '@rex/types';
import { describe, expect, it } from 'vitest';
import {
  Activities,
  ApiKeys,
  Companies,
  Contacts,
  Deals,
  Events,
  Pipelines,
  Products,
  Rex,
  Tasks,
  Webhooks,
} from '../index.js';
import type { Call } from '../internal/request.js';

// Every resource method is Resource's one implementation, installed from a table of schemas
// (resources/resource.ts). These tests hold each method to its route without the network: the
// route it calls, where each argument goes, the schema its params are checked with (the mock's,
// from ENDPOINT_SCHEMAS), and whether it pages.

type Method = (...args: unknown[]) => unknown;

/** `rex.<resource>` built around a caller that records what each method asks it to send. */
function spied(resource: string): { api: Record<string, Method>; sent: Call<unknown>[] } {
  const sent: Call<unknown>[] = [];
  const rex = new Rex({ baseUrl: 'https://acme.rexgtm.com', apiKey: 'rex_test_x' });
  const Class = (rex as unknown as Record<string, { constructor: new (call: unknown) => unknown }>)[resource]!
    .constructor;
  const api = new Class((spec: Call<unknown>) => {
    sent.push(spec);
    return Promise.resolve({ data: [], hasMore: false, cursor: null });
  }) as Record<string, Method>;
  return { api, sent };
}

const operations = (Object.keys(ROUTES) as OperationId[]).filter((id) => id !== 'capture');

describe('resource methods', () => {
  it.each(operations)('%s sends its route with the mock’s schema, arguments in route order', (id) => {
    const [resource, name] = id.split('.') as [string, string];
    const route = ROUTES[id];
    const endpoint: { query?: unknown; body?: unknown; envelope: string } = ENDPOINT_SCHEMAS[id];
    const schema = endpoint.query ?? endpoint.body;
    const { api, sent } = spied(resource);
    expect(api[name], `rex.${resource}.${name}`).toBeTypeOf('function');

    const ids = Object.keys('ids' in route ? route.ids : {});
    const params = { limit: 1 };
    const options = { timeout: 5 };
    const result = api[name]!(
      ...ids.map((param) => `value of ${param}`),
      ...(schema ? [params] : []),
      options,
    );

    expect(sent).toHaveLength(1);
    const [spec] = sent as [Call<unknown>];
    expect(spec.route).toBe(route);
    expect(spec.schema).toBe(schema);
    expect(spec.options).toBe(options);
    expect(spec.pathParams).toEqual(
      ids.length ? Object.fromEntries(ids.map((param) => [param, `value of ${param}`])) : undefined,
    );
    expect(spec.query).toBe(schema && route.method === 'GET' ? params : undefined);
    expect(spec.body).toBe(schema && route.method !== 'GET' ? params : undefined);
    // Lists answer a PagePromise; a list's `map` reads the page, other calls map only upserts and
    // creates that answer a value beside `data`.
    const list = endpoint.envelope === 'list';
    expect(Symbol.asyncIterator in (result as object), 'pages').toBe(list);
    expect(spec.map !== undefined).toBe(list || name === 'upsert' || 'beside' in endpoint);
  });

  it('hang off the client, one instance of each exported class', () => {
    const rex = new Rex({ baseUrl: 'https://acme.rexgtm.com' });
    expect(rex.contacts).toBeInstanceOf(Contacts);
    expect(rex.companies).toBeInstanceOf(Companies);
    expect(rex.events).toBeInstanceOf(Events);
    expect(rex.deals).toBeInstanceOf(Deals);
    expect(rex.pipelines).toBeInstanceOf(Pipelines);
    expect(rex.activities).toBeInstanceOf(Activities);
    expect(rex.tasks).toBeInstanceOf(Tasks);
    expect(rex.products).toBeInstanceOf(Products);
    expect(rex.apiKeys).toBeInstanceOf(ApiKeys);
    expect(rex.webhooks).toBeInstanceOf(Webhooks);
    expect(Object.keys(rex)).toEqual(expect.arrayContaining(['contacts', 'webhooks', 'baseUrl']));
  });

  it('exist for every route and nothing else', () => {
    const declared = Object.keys(ROUTES).filter((id) => id !== 'capture');
    const installed = [
      'contacts',
      'companies',
      'events',
      'deals',
      'pipelines',
      'activities',
      'tasks',
      'products',
      'apiKeys',
      'webhooks',
    ].flatMap((resource) =>
      Object.getOwnPropertyNames(Object.getPrototypeOf(spied(resource).api))
        .filter((name) => name !== 'constructor')
        .map((name) => `${resource}.${name}`),
    );
    expect(installed.sort()).toEqual(declared.sort());
  });

  it('pages events by `after`, other lists by `cursor`', async () => {
    for (const [resource, cursorParam] of [
      ['events', 'after'],
      ['contacts', 'cursor'],
    ] as const) {
      const { api, sent } = spied(resource);
      await api.list!({ limit: 1 });
      const page = await (spec(sent[0]!) as Promise<{ nextPage(): Promise<unknown> }>);
      await page.nextPage();
      expect(sent[1]!.query).toEqual({ limit: 1, [cursorParam]: 'c1' });
    }
  });
});

/** Runs a recorded list call's `map` on a page that has more after cursor `c1`. */
function spec(call: Call<unknown>): Promise<unknown> {
  const body = { data: [], meta: { cursor: 'c1', has_more: true } };
  return Promise.resolve(call.map!(body, new Response(), 'GET /test'));
}
