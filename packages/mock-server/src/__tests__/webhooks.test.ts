/**
 * Webhooks end to end through MSW (SPEC §8): the mock's deliveries are real `fetch` calls from
 * this process, received by this test's own MSW handler on the same msw server.
 */
import { createHmac } from 'node:crypto';
import { createRexMock, type RexMock } from '@rex/mock-server';
import { setupRexServer } from '@rex/mock-server/node';
import { verifyWebhookSignature } from '@rex/sdk';
import { isTypeId } from '@rex/types';
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { client, createClock, expectUnchanged } from './helpers.js';

const BASE = 'https://hooks.rexgtm.test';
const RECEIVER = 'https://receiver.test/rex';
const clock = createClock('2026-03-16T12:00:00.000Z', 1);
const rex = setupRexServer({
  baseUrl: BASE,
  now: clock.now,
  apiKeys: [
    { key: 'sk_writer', org: 'acme', scope: 'read-write' },
    { key: 'sk_reader', org: 'acme', scope: 'read' },
    { key: 'sk_globex', org: 'globex', scope: 'read-write' },
  ],
  webhooks: { timeScale: 0.001 },
});
const api = client(BASE, 'sk_writer');
const reader = client(BASE, 'sk_reader');
const globex = client(BASE, 'sk_globex');

/** A request the receiver got: headers, the raw body and the body parsed. */
interface Received {
  headers: Headers;
  raw: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read delivery bodies loosely and assert on them
  body: any;
}

let received: Received[];
/** What the receiver answers its nth request (0-based); 200 unless a test says otherwise. */
let answer: (n: number) => Response | Promise<Response>;

beforeAll(() => rex.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  received = [];
  answer = () => new HttpResponse(null, { status: 200 });
  rex.server.use(
    http.post(RECEIVER, async ({ request }) => {
      const raw = await request.text();
      const n = received.push({ headers: request.headers, raw, body: JSON.parse(raw) }) - 1;
      return answer(n);
    }),
  );
});
afterEach(() => rex.reset());
afterAll(() => rex.close());

const subscribe = async (body: Record<string, unknown> = {}) => {
  const res = await api('POST', '/webhooks', { url: RECEIVER, ...body });
  expect(res.status).toBe(201);
  return res.body as {
    data: { id: string; created_at: string; updated_at: string; [field: string]: unknown };
    secret: string;
  };
};

const deliveries = async (id: string, query = '') =>
  (await api('GET', `/webhooks/${id}/deliveries${query}`)).body;

/** A promise and the function that settles it: holds a receiver until the test lets it answer. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** Waits (without a fixed sleep) until `check` holds, for up to five seconds. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1000 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(await check()).toBe(true);
}

describe('webhooks.create', () => {
  it('answers 201 with the subscription and, beside it, a generated whsec_ secret shown only there', async () => {
    const { data, secret } = await subscribe();
    expect(isTypeId(data.id, 'whk')).toBe(true);
    expect(data).toEqual({
      id: data.id,
      name: null,
      url: RECEIVER,
      event_types: ['*'],
      status: 'active',
      failure_count: 0,
      metadata: {},
      created_at: expect.any(String),
      updated_at: data.created_at,
    });
    expect(secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    const got = await api('GET', `/webhooks/${data.id}`);
    expect(got.body).toEqual({ data });
    const listed = await api('GET', '/webhooks');
    expect(listed.body).toEqual({ data: [data], meta: { cursor: null, has_more: false } });
    expect(JSON.stringify([got.body, listed.body])).not.toContain(secret);
  });

  it('keeps a secret that is sent, and a name, event types and metadata', async () => {
    const { data, secret } = await subscribe({
      secret: 'my-secret',
      name: 'CRM sync',
      event_types: ['contact.created', 'contact.created', 'company.deleted'],
      metadata: { team: 'growth' },
    });
    expect(secret).toBe('my-secret');
    expect(data).toMatchObject({
      name: 'CRM sync',
      event_types: ['contact.created', 'company.deleted'],
      metadata: { team: 'growth' },
    });
  });

  it('accepts `events` [Rex concept page] as another name for `event_types` [Rex API page]', async () => {
    const { data } = await subscribe({ events: ['company.created'] });
    expect(data.event_types).toEqual(['company.created']);
    expect(data).not.toHaveProperty('events');
  });

  it('refuses `event_types` and `events` together with a 400, storing nothing', async () => {
    let res: Awaited<ReturnType<typeof api>> | undefined;
    const unchanged = await expectUnchanged(rex, async () => {
      res = await api('POST', '/webhooks', {
        url: RECEIVER,
        event_types: ['contact.created'],
        events: ['contact.created'],
      });
    });
    expect(res?.status).toBe(400);
    expect(res?.body.error).toMatchObject({ code: 'validation_error', param: 'events' });
    expect(unchanged).toBe(true);
  });

  it.each([
    [{}, 'url'],
    [{ url: 'ftp://receiver.test/rex' }, 'url'],
    [{ url: 'not a url' }, 'url'],
    [{ url: RECEIVER, event_types: ['contact.creatd'] }, 'event_types.0'],
    [{ url: RECEIVER, event_types: ['ping'] }, 'event_types.0'],
    [{ url: RECEIVER, event_types: [] }, 'event_types'],
    [{ url: RECEIVER, event_types: ['*', 'contact.created'] }, 'event_types.0'],
    [{ url: RECEIVER, events: 'contact.created' }, 'events'],
    [{ url: RECEIVER, secret: '' }, 'secret'],
    [{ url: RECEIVER, status: 'paused' }, 'status'],
    [{ url: RECEIVER, metadata: [] }, 'metadata'],
  ])('refuses %j with a 400 naming %s, storing nothing', async (body, param) => {
    let res: Awaited<ReturnType<typeof api>> | undefined;
    const unchanged = await expectUnchanged(rex, async () => {
      res = await api('POST', '/webhooks', body);
    });
    expect(res?.status).toBe(400);
    expect(res?.body.error).toMatchObject({ code: 'validation_error', param });
    expect(unchanged).toBe(true);
  });

  it('needs a read-write key: a read key gets 403 and stores nothing, yet may list and read', async () => {
    const { data } = await subscribe();
    let res: Awaited<ReturnType<typeof api>> | undefined;
    const unchanged = await expectUnchanged(rex, async () => {
      res = await reader('POST', '/webhooks', { url: RECEIVER });
    });
    expect(res?.status).toBe(403);
    expect(res?.body.error.code).toBe('forbidden');
    expect(unchanged).toBe(true);
    for (const path of ['/webhooks', `/webhooks/${data.id}`, `/webhooks/${data.id}/deliveries`]) {
      expect((await reader('GET', path)).status, path).toBe(200);
    }
    for (const [method, path, body] of [
      ['PATCH', `/webhooks/${data.id}`, { name: 'x' }],
      ['DELETE', `/webhooks/${data.id}`],
      ['POST', `/webhooks/${data.id}/ping`],
      ['POST', `/webhooks/${data.id}/replay`, { since: '2026-01-01T00:00:00Z' }],
    ] as const) {
      expect((await reader(method, path, body)).status, `${method} ${path}`).toBe(403);
    }
  });

  it("answers 404 for another org's webhook id on every webhook route, changing nothing", async () => {
    const { data } = await subscribe();
    const unchanged = await expectUnchanged(rex, async () => {
      for (const [method, path, body] of [
        ['GET', `/webhooks/${data.id}`],
        ['PATCH', `/webhooks/${data.id}`, { name: 'x' }],
        ['DELETE', `/webhooks/${data.id}`],
        ['GET', `/webhooks/${data.id}/deliveries`],
        ['POST', `/webhooks/${data.id}/ping`],
        ['POST', `/webhooks/${data.id}/replay`, { since: '2026-01-01T00:00:00Z' }],
      ] as const) {
        const res = await globex(method, path, body);
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.body.error.code).toBe('not_found');
      }
    });
    expect(unchanged).toBe(true);
    expect((await globex('GET', '/webhooks')).body.data).toEqual([]);
    expect(received).toEqual([]);
  });
});

describe('webhooks.update, delete and list', () => {
  it('patches url, name, event types (either name) and metadata; a no-op keeps updated_at', async () => {
    const { data } = await subscribe({ metadata: { a: 1, b: 2 } });
    clock.tick(1000);
    const same = await api('PATCH', `/webhooks/${data.id}`, { url: RECEIVER });
    expect(same.body.data).toEqual(data);
    const res = await api('PATCH', `/webhooks/${data.id}`, {
      url: 'https://receiver.test/v2',
      name: 'v2',
      events: ['contact.deleted'],
      metadata: { a: null, c: 3 },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      url: 'https://receiver.test/v2',
      name: 'v2',
      event_types: ['contact.deleted'],
      metadata: { b: 2, c: 3 },
    });
    expect(res.body.data.updated_at > data.updated_at).toBe(true);
    expect(res.body.data).not.toHaveProperty('secret');
  });

  it('refuses to set status disabled, or both event type lists, storing nothing', async () => {
    const { data } = await subscribe();
    for (const [body, param] of [
      [{ status: 'disabled' }, 'status'],
      [{ event_types: ['*'], events: ['*'] }, 'events'],
      [{ url: null }, 'url'],
      [{ secret: 'new' }, 'secret'],
    ] as const) {
      let res: Awaited<ReturnType<typeof api>> | undefined;
      const unchanged = await expectUnchanged(rex, async () => {
        res = await api('PATCH', `/webhooks/${data.id}`, body);
      });
      expect(res?.status, JSON.stringify(body)).toBe(400);
      expect(res?.body.error.param).toBe(param);
      expect(unchanged).toBe(true);
    }
  });

  it('lists newest first, filters by status and pages with a cursor', async () => {
    const a = (await subscribe()).data;
    const b = (await subscribe()).data;
    const c = (await subscribe()).data;
    await api('PATCH', `/webhooks/${b.id}`, { status: 'paused' });
    const first = await api('GET', '/webhooks?limit=2');
    expect(first.body.data.map((w: { id: string }) => w.id)).toEqual([c.id, b.id]);
    expect(first.body.meta.has_more).toBe(true);
    const second = await api('GET', `/webhooks?limit=2&cursor=${first.body.meta.cursor}`);
    expect(second.body.data.map((w: { id: string }) => w.id)).toEqual([a.id]);
    const paused = await api('GET', '/webhooks?status=paused');
    expect(paused.body.data.map((w: { id: string }) => w.id)).toEqual([b.id]);
    expect((await api('GET', '/webhooks?status=gone')).status).toBe(400);
  });

  it('deletes a subscription: 404 afterwards, and its pending deliveries are dropped', async () => {
    const hold = gate();
    answer = async () => {
      await hold.opened;
      return new HttpResponse(null, { status: 200 });
    };
    const { data } = await subscribe();
    await api('POST', '/contacts', { email: 'ada@example.com' });
    await api('POST', '/contacts', { email: 'bob@example.com' });
    expect(rex.webhooks.pending()).toBe(2);
    const res = await api('DELETE', `/webhooks/${data.id}`);
    expect(res.body).toEqual({ data: { id: data.id, deleted: true } });
    expect(rex.webhooks.pending()).toBe(0);
    hold.open();
    await rex.webhooks.drain();
    expect((await api('GET', `/webhooks/${data.id}`)).status).toBe(404);
    expect((await api('DELETE', `/webhooks/${data.id}`)).status).toBe(404);
    expect(received.length).toBeLessThanOrEqual(1);
  });

  it('emits no event for its own changes', async () => {
    const { data } = await subscribe();
    await api('PATCH', `/webhooks/${data.id}`, { name: 'x' });
    await api('DELETE', `/webhooks/${data.id}`);
    expect((await api('GET', '/events')).body.data).toEqual([]);
  });
});

describe('delivery', () => {
  it('POSTs each event of a subscribed type as {event, timestamp, data}, signed, with its ids', async () => {
    const { data: webhook, secret } = await subscribe({ event_types: ['contact.created'] });
    const ada = (await api('POST', '/contacts', { email: 'ada@example.com' })).body.data;
    await api('PATCH', `/contacts/${ada.id}`, { title: 'CTO' }); // contact.updated: not subscribed
    await api('POST', '/companies', { name: 'Acme' }); // company.created: not subscribed
    await rex.webhooks.drain();

    expect(received).toHaveLength(1);
    const [delivery] = received as [Received];
    const [event] = (await api('GET', '/events')).body.data;
    expect(delivery.body).toEqual({ event: 'contact.created', timestamp: event.timestamp, data: ada });
    expect(delivery.headers.get('content-type')).toBe('application/json');
    expect(delivery.headers.get('x-rex-event-id')).toBe(event.id);
    const [listed] = (await deliveries(webhook.id)).data;
    expect(delivery.headers.get('x-rex-delivery-id')).toBe(listed.id);
    expect(isTypeId(listed.id, 'whd')).toBe(true);
    expect(listed).toEqual({
      id: listed.id,
      event_id: event.id,
      event: 'contact.created',
      status: 'succeeded',
      attempts: 1,
      response_status: 200,
      last_error: null,
      next_attempt_at: null,
      created_at: expect.any(String),
    });

    // The signature [Rex]: t=<unix seconds>,v1=<hex HMAC-SHA256 of "{t}.{raw body}">.
    const header = delivery.headers.get('x-rex-signature') ?? '';
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    expect(match).not.toBeNull();
    const [, t, v1] = match as RegExpExecArray;
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(60);
    expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${delivery.raw}`).digest('hex'));
    expect(await verifyWebhookSignature(delivery.raw, header, secret)).toBe(true);
    expect(await verifyWebhookSignature(delivery.raw, header, 'whsec_wrong')).toBe(false);
  });

  it('delivers every type to a subscription of ["*"], a deletion as {id}', async () => {
    await subscribe();
    const acme = (await api('POST', '/companies', { name: 'Acme' })).body.data;
    await api('DELETE', `/companies/${acme.id}`);
    await rex.webhooks.drain();
    expect(received.map((r) => [r.body.event, r.body.data])).toEqual([
      ['company.created', acme],
      ['company.deleted', { id: acme.id }],
    ]);
  });

  it("delivers one org's events to that org's subscriptions only", async () => {
    await subscribe();
    await globex('POST', '/contacts', { email: 'ada@globex.com' });
    await rex.webhooks.drain();
    expect(received).toEqual([]);
  });

  it('goes out after the response: the API answers while the receiver is still held', async () => {
    const hold = gate();
    answer = async () => {
      await hold.opened;
      return new HttpResponse(null, { status: 204 });
    };
    await subscribe();
    const res = await api('POST', '/contacts', { email: 'ada@example.com' });
    expect(res.status).toBe(201);
    expect(rex.webhooks.pending()).toBe(1);
    await until(() => received.length === 1);
    // The receiver has the request and has not answered; the API goes on answering.
    expect((await api('POST', '/contacts', { email: 'bob@example.com' })).status).toBe(201);
    hold.open();
    await rex.webhooks.drain();
    expect(received.map((r) => r.body.data.email)).toEqual(['ada@example.com', 'bob@example.com']);
  });

  it('sends one subscription its deliveries in event order, never two at once', async () => {
    let inFlight = 0;
    let most = 0;
    answer = async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 3));
      inFlight--;
      return new HttpResponse(null, { status: 200 });
    };
    await subscribe();
    const emails = Array.from({ length: 8 }, (_, i) => `u${i}@example.com`);
    for (const email of emails) await api('POST', '/contacts', { email });
    await rex.webhooks.drain();
    expect(received.map((r) => r.body.data.email)).toEqual(emails);
    expect(most).toBe(1);
  });

  it('retries a receiver that fails twice, then succeeds: one delivery, 3 attempts, succeeded', async () => {
    answer = (n) => new HttpResponse(null, { status: n < 2 ? 500 : 200 });
    const { data: webhook } = await subscribe();
    await api('POST', '/contacts', { email: 'ada@example.com' });
    await rex.webhooks.drain();
    expect(received).toHaveLength(3);
    // The same delivery each time: same ids, same body; each attempt signed afresh.
    expect(new Set(received.map((r) => r.headers.get('x-rex-delivery-id'))).size).toBe(1);
    expect(new Set(received.map((r) => r.headers.get('x-rex-event-id'))).size).toBe(1);
    expect(new Set(received.map((r) => r.raw)).size).toBe(1);
    const page = await deliveries(webhook.id);
    expect(page.data).toHaveLength(1);
    expect(page.data[0]).toMatchObject({
      status: 'succeeded',
      attempts: 3,
      response_status: 200,
      last_error: 'Receiver answered 500',
      next_attempt_at: null,
    });
    expect((await api('GET', `/webhooks/${webhook.id}`)).body.data.failure_count).toBe(0);
  });

  it('shows a pending delivery with its attempts and when the next one is due', async () => {
    const slow = createRexMock({ baseUrl: 'https://slow.rexgtm.test', webhooks: { timeScale: 10 } });
    const call = mockClient(slow);
    answer = () => new HttpResponse(null, { status: 503 });
    const { data: webhook } = (await call('POST', '/webhooks', { url: RECEIVER })).body;
    await call('POST', '/contacts', { email: 'ada@example.com' });
    const pending = async () =>
      (await call('GET', `/webhooks/${webhook.id}/deliveries?status=pending`)).body.data;
    // Once the receiver has answered the first attempt, the retry is due 1 s × 10 later.
    await until(async () => (await pending())[0]?.response_status === 503);
    const page = await pending();
    expect(page[0]).toMatchObject({ status: 'pending', attempts: 1, last_error: 'Receiver answered 503' });
    expect(slow.webhooks.pending()).toBe(1);
    const due = Date.parse(page[0].next_attempt_at) - Date.now();
    expect(due).toBeGreaterThan(0);
    expect(due).toBeLessThanOrEqual(10_000);
    slow.reset();
    expect(slow.webhooks.pending()).toBe(0);
  });

  it('fails a delivery after 6 attempts, counts it, and a later success resets the count', async () => {
    answer = () => new HttpResponse(null, { status: 503 });
    const { data: webhook } = await subscribe();
    await api('POST', '/contacts', { email: 'ada@example.com' });
    await rex.webhooks.drain();
    expect(received).toHaveLength(6);
    const [failed] = (await deliveries(webhook.id)).data;
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 6,
      response_status: 503,
      next_attempt_at: null,
    });
    expect((await api('GET', `/webhooks/${webhook.id}`)).body.data).toMatchObject({
      status: 'active',
      failure_count: 1,
    });
    answer = () => new HttpResponse(null, { status: 202 });
    await api('POST', '/contacts', { email: 'bob@example.com' });
    await rex.webhooks.drain();
    expect((await api('GET', `/webhooks/${webhook.id}`)).body.data.failure_count).toBe(0);
  });

  it('counts a network error as a failed attempt, with no status and the reason', async () => {
    answer = (n) => (n === 0 ? HttpResponse.error() : new HttpResponse(null, { status: 200 }));
    const { data: webhook } = await subscribe();
    await api('POST', '/contacts', { email: 'ada@example.com' });
    await rex.webhooks.drain();
    const [delivery] = (await deliveries(webhook.id)).data;
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 2, response_status: 200 });
    expect(delivery.last_error).toMatch(/^Request failed: /);
  });

  it('counts no answer within the timeout as a failed attempt', async () => {
    const quick = createRexMock({
      baseUrl: 'https://timeout.rexgtm.test',
      webhooks: { timeScale: 0, timeout: 100 },
    });
    const call = mockClient(quick);
    answer = async (n) => {
      if (n === 0) await new Promise((resolve) => setTimeout(resolve, 1000));
      return new HttpResponse(null, { status: 200 });
    };
    const { data: webhook } = (await call('POST', '/webhooks', { url: RECEIVER })).body;
    await call('POST', '/contacts', { email: 'ada@example.com' });
    await quick.webhooks.drain();
    const [delivery] = (await call('GET', `/webhooks/${webhook.id}/deliveries`)).body.data;
    expect(delivery).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      last_error: 'No answer within 0.1 s',
    });
  });

  it('disables a subscription after 10 failed deliveries in a row; it then gets nothing until re-enabled', async () => {
    // timeScale 0: retries at once, so ten deliveries of six attempts each take milliseconds.
    const strict = createRexMock({ baseUrl: 'https://strict.rexgtm.test', webhooks: { timeScale: 0 } });
    const call = mockClient(strict);
    answer = () => new HttpResponse(null, { status: 500 });
    const { data: webhook } = (await call('POST', '/webhooks', { url: RECEIVER })).body;
    for (let i = 0; i < 11; i++) await call('POST', '/contacts', { email: `u${i}@example.com` });
    await strict.webhooks.drain();
    expect(received).toHaveLength(60);
    expect((await call('GET', `/webhooks/${webhook.id}`)).body.data).toMatchObject({
      status: 'disabled',
      failure_count: 10,
    });
    const list = (await call('GET', `/webhooks/${webhook.id}/deliveries`)).body.data;
    expect(list).toHaveLength(11);
    // The eleventh was still queued when the tenth failure disabled the subscription.
    expect(list[0]).toMatchObject({ status: 'failed', attempts: 0 });
    expect(list[0].last_error).toMatch(/disabled after 10 failed deliveries/);
    await call('POST', '/contacts', { email: 'late@example.com' });
    expect(strict.webhooks.pending()).toBe(0);
    expect((await call('GET', '/webhooks?status=disabled')).body.data).toHaveLength(1);
    expect((await call('POST', `/webhooks/${webhook.id}/ping`)).status).toBe(409);

    answer = () => new HttpResponse(null, { status: 200 });
    const enabled = await call('PATCH', `/webhooks/${webhook.id}`, { status: 'active' });
    expect(enabled.body.data).toMatchObject({ status: 'active', failure_count: 0 });
    await call('POST', '/contacts', { email: 'after@example.com' });
    await strict.webhooks.drain();
    expect(received).toHaveLength(61);
    expect(received[60]?.body.data.email).toBe('after@example.com');
  });
});

describe('pausing', () => {
  it('gives a paused subscription nothing, and resuming does not deliver what happened meanwhile', async () => {
    const { data: webhook } = await subscribe();
    const paused = await api('PATCH', `/webhooks/${webhook.id}`, { status: 'paused' });
    expect(paused.body.data.status).toBe('paused');
    await api('POST', '/contacts', { email: 'ada@example.com' });
    expect(rex.webhooks.pending()).toBe(0);
    await api('PATCH', `/webhooks/${webhook.id}`, { status: 'active' });
    await rex.webhooks.drain();
    expect(received).toEqual([]);
    expect((await deliveries(webhook.id)).data).toEqual([]);
    await api('POST', '/contacts', { email: 'bob@example.com' });
    await rex.webhooks.drain();
    expect(received.map((r) => r.body.data.email)).toEqual(['bob@example.com']);
  });

  it('drops the deliveries still pending when a subscription is paused', async () => {
    const hold = gate();
    answer = async () => {
      await hold.opened;
      return new HttpResponse(null, { status: 200 });
    };
    const { data: webhook } = await subscribe();
    await api('POST', '/contacts', { email: 'ada@example.com' });
    await api('POST', '/contacts', { email: 'bob@example.com' });
    await until(() => received.length === 1);
    await api('PATCH', `/webhooks/${webhook.id}`, { status: 'paused' });
    expect(rex.webhooks.pending()).toBe(0);
    hold.open();
    await rex.webhooks.drain();
    const list = (await deliveries(webhook.id)).data;
    expect(list.map((d: { status: string; last_error: string }) => [d.status, d.last_error])).toEqual([
      ['failed', 'Not delivered: the webhook was paused'],
      ['failed', 'Not delivered: the webhook was paused'],
    ]);
    expect(received).toHaveLength(1);
    expect((await api('POST', `/webhooks/${webhook.id}/ping`)).status).toBe(409);
    expect(
      (await api('POST', `/webhooks/${webhook.id}/replay`, { since: clock.now().toISOString() })).status,
    ).toBe(409);
  });
});

describe('webhooks.ping', () => {
  it('sends a ping event to that subscription only and answers with its pending delivery', async () => {
    const { data: one, secret } = await subscribe();
    await subscribe();
    const res = await api('POST', `/webhooks/${one.id}/ping`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ event: 'ping', status: 'pending', attempts: 0 });
    expect(isTypeId(res.body.data.event_id, 'evt')).toBe(true);
    await rex.webhooks.drain();
    expect(received).toHaveLength(1);
    const [ping] = received as [Received];
    expect(ping.body).toEqual({ event: 'ping', timestamp: expect.any(String), data: { webhook_id: one.id } });
    expect(ping.headers.get('x-rex-delivery-id')).toBe(res.body.data.id);
    expect(await verifyWebhookSignature(ping.raw, ping.headers.get('x-rex-signature'), secret)).toBe(true);
    // A ping is not an event of the org.
    expect((await api('GET', '/events')).body.data).toEqual([]);
  });
});

describe('webhooks.replay', () => {
  it("delivers the org's events since an instant again, in order, under new delivery ids", async () => {
    await api('POST', '/contacts', { email: 'a@example.com' });
    const b = (await api('POST', '/contacts', { email: 'b@example.com' })).body.data;
    await api('PATCH', `/contacts/${b.id}`, { title: 'CTO' });
    await globex('POST', '/contacts', { email: 'other-org@example.com' });
    const events = (await api('GET', '/events')).body.data;
    const { data: webhook } = await subscribe({ event_types: ['contact.created', 'contact.updated'] });

    const res = await api('POST', `/webhooks/${webhook.id}/replay`, { since: events[1].timestamp });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ webhook_id: webhook.id, since: events[1].timestamp, queued: 2 });
    await rex.webhooks.drain();
    expect(received.map((r) => r.headers.get('x-rex-event-id'))).toEqual([events[1].id, events[2].id]);
    expect(received.map((r) => r.body.event)).toEqual(['contact.created', 'contact.updated']);

    // Again from the start: the same events once more, each a new delivery.
    await api('POST', `/webhooks/${webhook.id}/replay`, { since: '2026-01-01T00:00:00+01:00' });
    await rex.webhooks.drain();
    expect(received.map((r) => r.body.data.email)).toEqual([
      'b@example.com',
      'b@example.com',
      'a@example.com',
      'b@example.com',
      'b@example.com',
    ]);
    const ids = received.map((r) => r.headers.get('x-rex-delivery-id'));
    expect(new Set(ids).size).toBe(5);
    expect((await deliveries(webhook.id)).data).toHaveLength(5);
  });

  it('refuses a missing or malformed `since` with a 400, changing nothing', async () => {
    const { data: webhook } = await subscribe();
    for (const body of [{}, { since: 'yesterday' }, { since: '2026-02-30T00:00:00Z' }, { since: 1 }]) {
      let res: Awaited<ReturnType<typeof api>> | undefined;
      const unchanged = await expectUnchanged(rex, async () => {
        res = await api('POST', `/webhooks/${webhook.id}/replay`, body);
      });
      expect(res?.status, JSON.stringify(body)).toBe(400);
      expect(res?.body.error.param).toBe('since');
      expect(unchanged).toBe(true);
    }
    expect(rex.webhooks.pending()).toBe(0);
  });
});

describe('webhooks.listDeliveries', () => {
  it('lists newest first, pages with a cursor and filters by status', async () => {
    answer = (n) => new HttpResponse(null, { status: n === 0 ? 410 : 200 });
    const strict = createRexMock({ baseUrl: 'https://pages.rexgtm.test', webhooks: { timeScale: 0 } });
    const call = mockClient(strict);
    const { data: webhook } = (await call('POST', '/webhooks', { url: RECEIVER })).body;
    for (let i = 0; i < 5; i++) await call('POST', '/contacts', { email: `u${i}@example.com` });
    await strict.webhooks.drain();
    const path = `/webhooks/${webhook.id}/deliveries`;
    const all = (await call('GET', path)).body.data;
    expect(all).toHaveLength(5);
    const first = await call('GET', `${path}?limit=2`);
    expect(first.body.data).toEqual(all.slice(0, 2));
    expect(first.body.meta.has_more).toBe(true);
    const second = await call('GET', `${path}?limit=2&cursor=${first.body.meta.cursor}`);
    expect(second.body.data).toEqual(all.slice(2, 4));
    const third = await call('GET', `${path}?limit=2&cursor=${second.body.meta.cursor}`);
    expect(third.body).toEqual({ data: all.slice(4), meta: { cursor: null, has_more: false } });
    // The first delivery's first attempt got a 410 and it succeeded on the retry.
    expect(all[4]).toMatchObject({ attempts: 2, last_error: 'Receiver answered 410' });
    expect((await call('GET', `${path}?status=failed`)).body.data).toEqual([]);
    expect((await call('GET', `${path}?status=succeeded&limit=1`)).body.data).toEqual([all[0]]);
    const stale = await call('GET', `${path}?status=failed&cursor=${first.body.meta.cursor}`);
    expect(stale.status).toBe(400);
    expect(stale.body.error.param).toBe('cursor');
    expect((await call('GET', `${path}?status=late`)).status).toBe(400);
  });
});

describe('drain, reset and seeds', () => {
  it('drain() resolves at once when nothing is pending, and rejects after `timeout` when something is', async () => {
    await rex.webhooks.drain();
    const hold = gate();
    answer = async () => {
      await hold.opened;
      return new HttpResponse(null, { status: 200 });
    };
    await subscribe();
    await api('POST', '/contacts', { email: 'ada@example.com' });
    await expect(rex.webhooks.drain({ timeout: 20 })).rejects.toThrow(
      /1 deliveries still pending after 20 ms/,
    );
    hold.open();
    await rex.webhooks.drain();
    expect(received).toHaveLength(1);
  });

  it('POST /__rex/webhooks/drain waits the same way over HTTP', async () => {
    const admin = client(BASE);
    const hold = gate();
    answer = async () => {
      await hold.opened;
      return new HttpResponse(null, { status: 200 });
    };
    await subscribe();
    await api('POST', '/contacts', { email: 'ada@example.com' });
    const early = await admin('POST', '/__rex/webhooks/drain', { timeout: 20 });
    expect(early.body).toEqual({ data: { drained: false, pending: 1 } });
    hold.open();
    const res = await admin('POST', '/__rex/webhooks/drain', {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { drained: true, pending: 0 } });
    expect(received).toHaveLength(1);
    const bad = await admin('POST', '/__rex/webhooks/drain', { timeout: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('timeout');
  });

  it('reset() cancels pending deliveries and their retry timers', async () => {
    const slow = createRexMock({ baseUrl: 'https://reset.rexgtm.test', webhooks: { timeScale: 0.02 } });
    const call = mockClient(slow);
    answer = () => new HttpResponse(null, { status: 500 });
    await call('POST', '/webhooks', { url: RECEIVER });
    await call('POST', '/contacts', { email: 'ada@example.com' });
    await until(() => received.length === 1); // the first attempt failed; a retry is due in 20 ms
    slow.reset();
    expect(slow.webhooks.pending()).toBe(0);
    await slow.webhooks.drain();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(received).toHaveLength(1);
    expect((await call('GET', '/webhooks')).body.data).toEqual([]);
  });

  it('seeds a subscription with a known secret, kept by snapshot and restore', async () => {
    const seeded = rex.seed({
      key: 'sk_writer',
      webhooks: [{ url: RECEIVER, secret: 'whsec_seeded', event_types: ['contact.created'] }],
    });
    expect(seeded.webhooks[0]).toMatchObject({ url: RECEIVER, status: 'active', failure_count: 0 });
    const snapshot = rex.snapshot();
    rex.reset();
    rex.server.use(
      http.post(RECEIVER, async ({ request }) => {
        const raw = await request.text();
        received.push({ headers: request.headers, raw, body: JSON.parse(raw) });
        return new HttpResponse(null, { status: 200 });
      }),
    );
    rex.restore(snapshot);
    await api('POST', '/contacts', { email: 'ada@example.com' });
    await rex.webhooks.drain();
    const [delivery] = received as [Received];
    expect(
      await verifyWebhookSignature(delivery.raw, delivery.headers.get('x-rex-signature'), 'whsec_seeded'),
    ).toBe(true);
    expect(() => rex.seed({ webhooks: [{ url: RECEIVER } as never] })).toThrow(/webhooks\[0\]\.secret/);
  });

  it('refuses a negative timeScale or a zero timeout', () => {
    expect(() => createRexMock({ webhooks: { timeScale: -1 } })).toThrow(/timeScale/);
    expect(() => createRexMock({ webhooks: { timeout: 0 } })).toThrow(/timeout/);
  });

  it('makes the same secrets again in deterministic mode', async () => {
    const secrets = async () => {
      const mock = createRexMock({ ids: { seed: 7 }, now: createClock().now });
      const res = await mockClient(mock)('POST', '/webhooks', { url: RECEIVER });
      return [res.body.data.id, res.body.secret];
    };
    expect(await secrets()).toEqual(await secrets());
  });
});

/** The tests' `client`, but through `mock.handle()`: the API without MSW, deliveries still through it. */
function mockClient(mock: RexMock, key = 'rex_test_webhooks') {
  return async (method: string, path: string, body?: unknown) => {
    const res = await mock.handle(
      new Request(`${mock.baseUrl}${path}`, {
        method,
        headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on them
    return { status: res.status, body: text === '' ? null : (JSON.parse(text) as any) };
  };
}
