import { setupRexServer } from '@rex/mock-server/node';
import { ENDPOINTS, type OperationId } from '@rex/types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { client, createClock } from './helpers.js';

const BASE = 'https://auth.rexgtm.test';
const rex = setupRexServer({
  baseUrl: BASE,
  apiKeys: [
    { key: 'sk_writer', org: 'acme', scope: 'read-write' },
    { key: 'sk_writer2', org: 'acme', scope: 'read-write' },
    { key: 'sk_reader', org: 'acme', scope: 'read' },
    { key: 'sk_capture', org: 'acme', scope: 'capture-only' },
    { key: 'sk_globex', org: 'globex', scope: 'read-write' },
  ],
  now: createClock('2026-03-16T12:00:00.000Z', 1).now,
});
const writer = client(BASE, 'sk_writer');
const reader = client(BASE, 'sk_reader');
const capture = client(BASE, 'sk_capture');
const globex = client(BASE, 'sk_globex');

beforeAll(() => rex.listen({ onUnhandledRequest: 'error' }));
afterEach(() => rex.reset());
afterAll(() => rex.close());

// One concrete request per endpoint, with the ids it needs.
async function fixtures() {
  const company = (await writer('POST', '/companies', { name: 'Acme', domain: 'acme.com' })).body.data;
  const contact = (await writer('POST', '/contacts', { email: 'ada@acme.com', company_id: company.id })).body
    .data;
  const dup = (await writer('POST', '/contacts', { email: 'dup@acme.com' })).body.data;
  const pipeline = (
    await writer('POST', '/pipelines', { name: 'Sales', stages: [{ name: 'New' }, { name: 'Empty' }] })
  ).body.data;
  const [stage, empty] = pipeline.stages;
  const deal = (
    await writer('POST', '/deals', {
      name: 'Big',
      pipeline_id: pipeline.id,
      stage_id: stage.id,
      contact_id: contact.id,
    })
  ).body.data;
  const activity = (await writer('POST', '/activities', { type: 'call', contact_id: contact.id })).body.data;
  const task = (await writer('POST', '/tasks', { title: 'Call back', contact_id: contact.id })).body.data;
  const product = (await writer('POST', '/products', { name: 'Seat', slug: 'seat' })).body.data;
  const key = (await writer('POST', '/apikeys', { name: 'ci', scope: 'read' })).body.data;
  // Paused, so the fixtures' writes send no deliveries to a receiver that does not exist.
  const webhook = (await writer('POST', '/webhooks', { url: 'https://receiver.acme.test/hooks' })).body.data;
  await writer('PATCH', `/webhooks/${webhook.id}`, { status: 'paused' });
  // Typed by operation id: a new route without a request here does not compile.
  const requests: Record<OperationId, [string, string, unknown?]> = {
    'contacts.create': ['POST', '/contacts', { email: 'new@acme.com' }],
    'contacts.list': ['GET', '/contacts'],
    'contacts.upsert': ['POST', '/contacts/upsert', { email: 'ada@acme.com', title: 'x' }],
    'contacts.merge': ['POST', '/contacts/merge', { primary_id: contact.id, duplicate_ids: [dup.id] }],
    'contacts.get': ['GET', `/contacts/${contact.id}`],
    'contacts.update': ['PATCH', `/contacts/${contact.id}`, { title: 'y' }],
    'contacts.delete': ['DELETE', `/contacts/${contact.id}`],
    'companies.create': ['POST', '/companies', { name: 'New' }],
    'companies.list': ['GET', '/companies'],
    'companies.upsert': ['POST', '/companies/upsert', { domain: 'acme.com', industry: 'x' }],
    'companies.get': ['GET', `/companies/${company.id}`],
    'companies.update': ['PATCH', `/companies/${company.id}`, { industry: 'y' }],
    'companies.delete': ['DELETE', `/companies/${company.id}`],
    'companies.listContacts': ['GET', `/companies/${company.id}/contacts`],
    capture: ['POST', '/capture', { email: 'visitor@acme.com' }],
    'events.list': ['GET', '/events'],
    'contacts.listDeals': ['GET', `/contacts/${contact.id}/deals`],
    'contacts.listActivities': ['GET', `/contacts/${contact.id}/activities`],
    'contacts.listTasks': ['GET', `/contacts/${contact.id}/tasks`],
    'companies.listDeals': ['GET', `/companies/${company.id}/deals`],
    'deals.create': ['POST', '/deals', { name: 'New', pipeline_id: pipeline.id, stage_id: stage.id }],
    'deals.list': ['GET', '/deals'],
    'deals.get': ['GET', `/deals/${deal.id}`],
    'deals.update': ['PATCH', `/deals/${deal.id}`, { value: 100 }],
    'deals.delete': ['DELETE', `/deals/${deal.id}`],
    'deals.moveStage': ['POST', `/deals/${deal.id}/stage`, { stage_id: stage.id }],
    'deals.history': ['GET', `/deals/${deal.id}/history`],
    'deals.listActivities': ['GET', `/deals/${deal.id}/activities`],
    'deals.listTasks': ['GET', `/deals/${deal.id}/tasks`],
    'pipelines.create': ['POST', '/pipelines', { name: 'Other' }],
    'pipelines.list': ['GET', '/pipelines'],
    'pipelines.get': ['GET', `/pipelines/${pipeline.id}`],
    'pipelines.update': ['PATCH', `/pipelines/${pipeline.id}`, { name: 'Sales 2' }],
    'pipelines.delete': ['DELETE', `/pipelines/${pipeline.id}`],
    'pipelines.listDeals': ['GET', `/pipelines/${pipeline.id}/deals`],
    'pipelines.addStage': ['POST', `/pipelines/${pipeline.id}/stages`, { name: 'Won', type: 'won' }],
    'pipelines.reorderStages': [
      'PUT',
      `/pipelines/${pipeline.id}/stages`,
      { stage_ids: [empty.id, stage.id] },
    ],
    'pipelines.deleteStage': ['DELETE', `/pipelines/${pipeline.id}/stages/${empty.id}`],
    'activities.create': ['POST', '/activities', { type: 'note' }],
    'activities.list': ['GET', '/activities'],
    'activities.get': ['GET', `/activities/${activity.id}`],
    'activities.update': ['PATCH', `/activities/${activity.id}`, { subject: 'x' }],
    'activities.delete': ['DELETE', `/activities/${activity.id}`],
    'tasks.create': ['POST', '/tasks', { title: 'Another' }],
    'tasks.list': ['GET', '/tasks'],
    'tasks.get': ['GET', `/tasks/${task.id}`],
    'tasks.update': ['PATCH', `/tasks/${task.id}`, { status: 'completed' }],
    'tasks.delete': ['DELETE', `/tasks/${task.id}`],
    'products.create': ['POST', '/products', { name: 'Other', slug: 'other' }],
    'products.list': ['GET', '/products'],
    'products.get': ['GET', `/products/${product.id}`],
    'products.update': ['PATCH', `/products/${product.id}`, { price: 100 }],
    'products.delete': ['DELETE', `/products/${product.id}`],
    'apiKeys.create': ['POST', '/apikeys', { name: 'another', scope: 'read' }],
    'apiKeys.list': ['GET', '/apikeys'],
    'apiKeys.delete': ['DELETE', `/apikeys/${key.id}`],
    'webhooks.create': ['POST', '/webhooks', { url: 'https://receiver.acme.test/other' }],
    'webhooks.list': ['GET', '/webhooks'],
    'webhooks.get': ['GET', `/webhooks/${webhook.id}`],
    'webhooks.update': ['PATCH', `/webhooks/${webhook.id}`, { name: 'x' }],
    'webhooks.delete': ['DELETE', `/webhooks/${webhook.id}`],
    'webhooks.listDeliveries': ['GET', `/webhooks/${webhook.id}/deliveries`],
    'webhooks.ping': ['POST', `/webhooks/${webhook.id}/ping`],
    'webhooks.replay': ['POST', `/webhooks/${webhook.id}/replay`, { since: '2026-03-16T00:00:00Z' }],
  };
  return { company, contact, requests };
}

describe('authentication', () => {
  it('answers 401 unauthorized without a key or with an unknown key on every keyed endpoint', async () => {
    const { requests } = await fixtures();
    for (const endpoint of ENDPOINTS) {
      const [method, path, body] = requests[endpoint.operationId] as [string, string, unknown?];
      if (endpoint.access === 'none') continue;
      for (const api of [client(BASE), client(BASE, 'rex_test_not_listed')]) {
        const res = await api(method, path, body);
        expect(res.status, endpoint.operationId).toBe(401);
        expect(res.body.error.code).toBe('unauthorized');
      }
    }
  });

  it('accepts only rex_test_ keys in default mode, each with its own org', async () => {
    const open = setupRexServer({ baseUrl: 'https://default-mode.rexgtm.test' });
    const res = await open.handle(
      new Request('https://default-mode.rexgtm.test/contacts', { headers: { 'x-api-key': 'rex_live_abc' } }),
    );
    expect(res.status).toBe(401);
    const ok = await open.handle(
      new Request('https://default-mode.rexgtm.test/contacts', { headers: { 'x-api-key': 'rex_test_abc' } }),
    );
    expect(ok.status).toBe(200);
  });
});

describe('scopes', () => {
  it('lets a read key call every GET and answers 403 forbidden on every write', async () => {
    const { requests } = await fixtures();
    for (const endpoint of ENDPOINTS) {
      if (endpoint.access === 'none') continue;
      const [method, path, body] = requests[endpoint.operationId] as [string, string, unknown?];
      const res = await reader(method, path, body);
      if (endpoint.access === 'read') expect(res.status, endpoint.operationId).toBe(200);
      else {
        expect(res.status, endpoint.operationId).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
      }
    }
  });

  it('lets a capture-only key call only POST /capture', async () => {
    const { requests } = await fixtures();
    for (const endpoint of ENDPOINTS) {
      const [method, path, body] = requests[endpoint.operationId] as [string, string, unknown?];
      const res = await capture(method, path, body);
      expect(res.status, endpoint.operationId).toBe(endpoint.operationId === 'capture' ? 201 : 403);
    }
    expect(rex.snapshot().orgs.acme?.contacts.some((c) => c.email === 'visitor@acme.com')).toBe(true);
  });

  it('shares an org between keys that name it', async () => {
    await writer('POST', '/contacts', { email: 'ada@acme.com' });
    const res = await client(BASE, 'sk_writer2')('GET', '/contacts');
    expect(res.body.data).toHaveLength(1);
  });
});

describe('org isolation', () => {
  it('answers 404 (never 403) for another org’s ids on every id route', async () => {
    const { requests } = await fixtures();
    for (const endpoint of ENDPOINTS.filter((e) => e.ids)) {
      const [method, path, body] = requests[endpoint.operationId] as [string, string, unknown?];
      const res = await globex(method, path, body);
      expect(res.status, endpoint.operationId).toBe(404);
    }
  });

  it('does not leak records, dedup keys, merges or events across orgs', async () => {
    const { contact, company } = await fixtures();
    expect((await globex('GET', '/contacts')).body.data).toEqual([]);
    expect((await globex('GET', '/companies')).body.data).toEqual([]);
    expect((await globex('GET', '/events')).body.data).toEqual([]);
    expect((await globex('GET', '/contacts?email=ada@acme.com')).body.data).toEqual([]);
    // Same email and domain are free in another org.
    expect((await globex('POST', '/contacts', { email: 'ada@acme.com' })).status).toBe(201);
    expect((await globex('POST', '/companies', { name: 'Acme', domain: 'acme.com' })).status).toBe(201);
    const mine = (await globex('POST', '/contacts', { email: 'mine@globex.com' })).body.data;
    expect(
      (await globex('POST', '/contacts/merge', { primary_id: mine.id, duplicate_ids: [contact.id] })).status,
    ).toBe(404);
    expect(
      (await globex('POST', '/contacts', { email: 'x@globex.com', company_id: company.id })).status,
    ).toBe(400);
    const events = (await writer('GET', '/events')).body.data;
    const afterOwn = await globex('GET', `/events?after=${events[0].id}`);
    expect(afterOwn.status).toBe(400);
    expect(afterOwn.body.error.param).toBe('after');
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once the bucket is empty, and refills with time', async () => {
    const clock = createClock();
    const limited = setupRexServer({
      baseUrl: 'https://limited.rexgtm.test',
      rateLimit: { perMinute: 3 },
      now: clock.now,
    });
    const call = (key = 'rex_test_a') =>
      limited.handle(new Request('https://limited.rexgtm.test/contacts', { headers: { 'x-api-key': key } }));
    const first = await call();
    expect(first.headers.get('x-ratelimit-limit')).toBe('3');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('2');
    await call();
    const third = await call();
    expect(third.status).toBe(200);
    expect(third.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(third.headers.get('x-ratelimit-reset'))).toBe(
      Date.parse('2026-03-16T12:01:00.000Z') / 1000,
    );
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('20');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limit_exceeded');
    expect((await call('rex_test_b')).status).toBe(200);
    clock.tick(19_000);
    const still = await call();
    expect(still.status).toBe(429);
    expect(still.headers.get('retry-after')).toBe('1');
    clock.tick(1_000);
    expect((await call()).status).toBe(200);
    limited.reset();
    expect((await call()).headers.get('x-ratelimit-remaining')).toBe('2');
  });

  it('still sends the headers when rate limiting is off', async () => {
    const open = setupRexServer({ baseUrl: 'https://unlimited.rexgtm.test', rateLimit: false });
    for (let i = 0; i < 5; i++) {
      const res = await open.handle(
        new Request('https://unlimited.rexgtm.test/contacts', { headers: { 'x-api-key': 'rex_test_a' } }),
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('2147483647');
      expect(res.headers.get('x-ratelimit-remaining')).toBe('2147483647');
    }
  });
});
