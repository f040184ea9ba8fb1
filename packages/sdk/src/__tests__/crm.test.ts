import { setupRexServer } from '@rex/mock-server/node';
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  type ApiKey,
  AuthenticationError,
  ConflictError,
  constructWebhookEvent,
  isWebhookEvent,
  NotFoundError,
  Rex,
  type RexApiError,
  ValidationError,
  type Webhook,
} from '../index.js';
import { BASE } from './helpers.js';

// The SDK's methods for the rest of Rex's API (SPEC §7, §8) against the mock over msw/node:
// deals, pipelines, activities, tasks, products, API keys and webhooks.

// Org `default`: where keyless captures go, so a captured lead is visible to this key.
const KEY = 'rex_test_default';
const RECEIVER = 'https://receiver.test/rex';
const mock = setupRexServer({ baseUrl: BASE, webhooks: { timeScale: 0.001 } });
const rex = new Rex({ apiKey: KEY, baseUrl: BASE });
const anonymous = new Rex({ baseUrl: BASE });

/** What the test receiver got: the raw body and the signature header. */
let received: { raw: string; signature: string | null }[];

beforeAll(() => mock.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  received = [];
  mock.server.use(
    http.post(RECEIVER, async ({ request }) => {
      received.push({ raw: await request.text(), signature: request.headers.get('x-rex-signature') });
      return new HttpResponse(null, { status: 204 });
    }),
  );
});
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

/** A pipeline Qualified → Proposal → Won → Lost. */
const salesPipeline = () =>
  rex.pipelines.create({
    name: 'Sales',
    stages: [{ name: 'Qualified' }, { name: 'Proposal' }, { name: 'Won', type: 'won' }],
  });

describe('lead to won deal', () => {
  it('captures a lead, moves its deal to a won stage, and lists its task and call under the deal and the contact', async () => {
    const lead = await anonymous.capture({ email: 'ada@example.com', first_name: 'Ada' });
    expect(lead.id).toMatch(/^cont_/);

    const created = await salesPipeline();
    const pipeline = await rex.pipelines.addStage(created.id, { name: 'Lost', type: 'lost' });
    expect(pipeline.stages.map((stage) => [stage.name, stage.position, stage.type])).toEqual([
      ['Qualified', 0, 'open'],
      ['Proposal', 1, 'open'],
      ['Won', 2, 'won'],
      ['Lost', 3, 'lost'],
    ]);
    const [qualified, , won] = pipeline.stages;

    const deal = await rex.deals.create({
      name: 'Ada — Pro plan',
      pipeline_id: pipeline.id,
      stage_id: qualified!.id,
      contact_id: lead.id,
      value: 120_000,
    });
    expect(deal).toMatchObject({ status: 'open', value: 120_000, currency: 'USD', contact_id: lead.id });
    expect(deal.id).toMatch(/^deal_/);

    const moved = await rex.deals.moveStage(deal.id, { stage_id: won!.id });
    expect(moved).toMatchObject({ id: deal.id, stage_id: won!.id, status: 'won' });

    const history = await rex.deals.history(deal.id);
    expect(history.data).toHaveLength(2);
    expect(history.data.at(-1)).toMatchObject({ from_stage_id: qualified!.id, to_stage_id: won!.id });

    const task = await rex.tasks.create({
      title: 'Send the contract',
      deal_id: deal.id,
      contact_id: lead.id,
    });
    expect(task).toMatchObject({ status: 'pending', priority: 'normal', completed_at: null });
    const call = await rex.activities.create({
      type: 'call',
      subject: 'Closing call',
      direction: 'outbound',
      duration: 900,
      deal_id: deal.id,
      contact_id: lead.id,
    });
    expect(call.id).toMatch(/^act_/);

    const ids = async <T extends { id: string }>(list: AsyncIterable<T>) => {
      const out: string[] = [];
      for await (const item of list) out.push(item.id);
      return out;
    };
    expect(await ids(rex.deals.listTasks(deal.id))).toEqual([task.id]);
    expect(await ids(rex.deals.listActivities(deal.id))).toEqual([call.id]);
    expect(await ids(rex.contacts.listTasks(lead.id))).toEqual([task.id]);
    expect(await ids(rex.contacts.listActivities(lead.id))).toEqual([call.id]);
    expect(await ids(rex.contacts.listDeals(lead.id))).toEqual([deal.id]);
    expect(await ids(rex.pipelines.listDeals(pipeline.id))).toEqual([deal.id]);
    expect(await ids(rex.deals.list({ status: 'won' }))).toEqual([deal.id]);
    expect((await rex.deals.list({ status: 'open' })).data).toEqual([]);

    const done = await rex.tasks.update(task.id, { status: 'completed' });
    expect(done.completed_at).not.toBeNull();
    expect((await rex.tasks.list({ status: 'completed' })).data.map((t) => t.id)).toEqual([task.id]);
    expect((await rex.activities.list({ type: 'call' })).data.map((a) => a.id)).toEqual([call.id]);
  });
});

describe('deals and pipelines', () => {
  it('gets, updates and deletes a deal, and lists a company’s deals', async () => {
    const pipeline = await salesPipeline();
    const company = await rex.companies.create({ name: 'Acme', domain: 'acme.com' });
    const deal = await rex.deals.create({
      name: 'Acme',
      pipeline_id: pipeline.id,
      stage_id: pipeline.stages[0]!.id,
      company_id: company.id,
    });
    const sparse = await rex.deals.get(deal.id, { fields: ['name'] });
    expect(sparse).toEqual({ id: deal.id, name: 'Acme' });
    expect((await rex.deals.update(deal.id, { value: 5_000 })).value).toBe(5_000);
    expect((await rex.companies.listDeals(company.id)).data.map((d) => d.id)).toEqual([deal.id]);
    expect(await rex.deals.delete(deal.id)).toMatchObject({ id: deal.id, deleted: true });
    expect(await failure(rex.deals.get(deal.id))).toBeInstanceOf(NotFoundError);
  });

  it('reorders and deletes stages, and refuses to delete a stage or pipeline holding deals', async () => {
    const pipeline = await salesPipeline();
    const [a, b, c] = pipeline.stages.map((stage) => stage.id);
    const reordered = await rex.pipelines.reorderStages(pipeline.id, { stage_ids: [c!, a!, b!] });
    expect(reordered.stages.map((stage) => stage.id)).toEqual([c, a, b]);
    expect(await failure(rex.pipelines.reorderStages(pipeline.id, { stage_ids: [a!, b!] }))).toBeInstanceOf(
      ValidationError,
    );

    await rex.deals.create({ name: 'Held', pipeline_id: pipeline.id, stage_id: a! });
    expect(await failure(rex.pipelines.deleteStage(pipeline.id, a!))).toBeInstanceOf(ConflictError);
    expect(await failure(rex.pipelines.delete(pipeline.id))).toBeInstanceOf(ConflictError);
    const after = await rex.pipelines.deleteStage(pipeline.id, b!);
    expect(after.stages.map((stage) => stage.id)).toEqual([c, a]);

    const renamed = await rex.pipelines.update(pipeline.id, { name: 'New business', is_default: true });
    expect(renamed).toMatchObject({ name: 'New business', is_default: true });
    expect((await rex.pipelines.get(pipeline.id)).name).toBe('New business');
    expect((await rex.pipelines.list()).data.map((p) => p.id)).toContain(pipeline.id);

    const empty = await rex.pipelines.create({ name: 'Empty' });
    expect(await rex.pipelines.delete(empty.id)).toMatchObject({ id: empty.id, deleted: true });
  });
});

describe('activities, tasks and products', () => {
  it('answers a repeated (source, external_id) activity with ConflictError', async () => {
    const first = await rex.activities.create({ type: 'email', source: 'gmail', external_id: 'm-1' });
    const error = await failure(
      rex.activities.create({ type: 'email', source: 'gmail', external_id: 'm-1' }),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).existingId).toBe(first.id);
    expect((await rex.activities.get(first.id)).type).toBe('email');
    expect((await rex.activities.update(first.id, { subject: 'Re: pricing' })).subject).toBe('Re: pricing');
    expect(await rex.activities.delete(first.id)).toMatchObject({ deleted: true });
  });

  it('creates, lists, gets, updates and deletes tasks and products', async () => {
    const task = await rex.tasks.create({ title: 'Follow up', priority: 'high' });
    expect((await rex.tasks.get(task.id)).priority).toBe('high');
    expect(await rex.tasks.delete(task.id)).toMatchObject({ id: task.id, deleted: true });

    const product = await rex.products.create({ name: 'Pro plan', slug: 'pro', price: 4_900 });
    expect(product).toMatchObject({ slug: 'pro', price: 4_900, currency: 'USD', is_active: true });
    expect(await failure(rex.products.create({ name: 'Pro again', slug: 'pro' }))).toBeInstanceOf(
      ConflictError,
    );
    await rex.products.update(product.id, { is_active: false });
    expect((await rex.products.list({ is_active: false })).data.map((p) => p.id)).toEqual([product.id]);
    expect((await rex.products.list({ is_active: true })).data).toEqual([]);
    expect(await rex.products.get(product.id, { fields: ['slug'] })).toEqual({ id: product.id, slug: 'pro' });
    expect(await rex.products.delete(product.id)).toMatchObject({ deleted: true });
  });
});

describe('API keys', () => {
  it('creates a key resolving to {data, key}; the key works in the same org until revoked', async () => {
    const contact = await rex.contacts.create({ email: 'ada@example.com' });
    const created = await rex.apiKeys.create({ name: 'CI', scope: 'read' });
    expectTypeOf(created).toEqualTypeOf<{ data: ApiKey; key: string }>();
    expect(created.key).toMatch(/^rex_test_/);
    expect(created.data).toMatchObject({ name: 'CI', scope: 'read', last4: created.key.slice(-4) });
    expect(created.data).not.toHaveProperty('key');

    const ci = new Rex({ apiKey: created.key, baseUrl: BASE });
    expect((await ci.contacts.list()).data.map((c) => c.id)).toEqual([contact.id]);
    expect((await rex.apiKeys.list()).data.map((k) => k.id)).toContain(created.data.id);

    expect(await rex.apiKeys.delete(created.data.id)).toMatchObject({ id: created.data.id, deleted: true });
    expect(await failure(ci.contacts.list({}, { maxRetries: 0 }))).toBeInstanceOf(AuthenticationError);
  });
});

describe('webhooks', () => {
  it('creates a subscription resolving to {data, secret}, then lists, gets, updates and deletes it', async () => {
    const created = await rex.webhooks.create({
      url: RECEIVER,
      name: 'CRM sync',
      event_types: ['contact.created'],
    });
    expectTypeOf(created).toEqualTypeOf<{ data: Webhook; secret: string }>();
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.data).toMatchObject({
      url: RECEIVER,
      event_types: ['contact.created'],
      status: 'active',
      failure_count: 0,
    });
    const { id } = created.data;
    expect((await rex.webhooks.list()).data.map((w) => w.id)).toEqual([id]);
    expect((await rex.webhooks.get(id)).name).toBe('CRM sync');
    expect((await rex.webhooks.update(id, { status: 'paused' })).status).toBe('paused');
    expect((await rex.webhooks.list({ status: 'paused' })).data.map((w) => w.id)).toEqual([id]);
    expect(await rex.webhooks.delete(id)).toMatchObject({ id, deleted: true });
    expect(await failure(rex.webhooks.get(id))).toBeInstanceOf(NotFoundError);
  });

  it('delivers a captured lead as a verified contact.created, pings, replays and lists deliveries', async () => {
    const { data: hook, secret } = await rex.webhooks.create({
      url: RECEIVER,
      event_types: ['contact.created'],
    });
    const lead = await anonymous.capture({ email: 'grace@example.com' });
    await mock.webhooks.drain();
    expect(received).toHaveLength(1);
    const event = await constructWebhookEvent(received[0]!.raw, received[0]!.signature, secret);
    if (!isWebhookEvent(event, 'contact.created')) throw new Error(`unexpected ${event.event}`);
    expect(event.data).toMatchObject({ id: lead.id, email: 'grace@example.com' });

    const ping = await rex.webhooks.ping(hook.id);
    expect(ping).toMatchObject({ event: 'ping', status: 'pending' });
    expect(ping.id).toMatch(/^whd_/);
    const replay = await rex.webhooks.replay(hook.id, { since: '2000-01-01T00:00:00Z' });
    expect(replay).toMatchObject({ webhook_id: hook.id, queued: 1 });
    await mock.webhooks.drain();
    const events = await Promise.all(received.map((r) => constructWebhookEvent(r.raw, r.signature, secret)));
    expect(events.map((e) => e.event)).toEqual(['contact.created', 'ping', 'contact.created']);
    const ping2 = events[1]!;
    if (!isWebhookEvent(ping2, 'ping')) throw new Error('expected a ping');
    expect(ping2.data.webhook_id).toBe(hook.id);

    const deliveries = await rex.webhooks.listDeliveries(hook.id);
    expect(deliveries.data).toHaveLength(3);
    expect(deliveries.data.every((d) => d.status === 'succeeded' && d.attempts === 1)).toBe(true);
    expect((await rex.webhooks.listDeliveries(hook.id, { status: 'failed' })).data).toEqual([]);
  });
});

describe('validation before sending', () => {
  it('refuses invalid params with ValidationError, no status and no request made', async () => {
    const calls: [string, () => Promise<unknown>][] = [
      ['deals.create', () => rex.deals.create({ name: 'x' } as never)],
      ['deals.moveStage', () => rex.deals.moveStage('deal_1', {} as never)],
      ['deals.list', () => rex.deals.list({ status: 'maybe' } as never)],
      ['pipelines.addStage', () => rex.pipelines.addStage('pipe_1', { name: 'x', type: 'done' } as never)],
      ['pipelines.reorderStages', () => rex.pipelines.reorderStages('pipe_1', { stage_ids: 'a' } as never)],
      ['activities.create', () => rex.activities.create({ type: 'fax' } as never)],
      ['tasks.create', () => rex.tasks.create({} as never)],
      ['products.create', () => rex.products.create({ name: 'x' } as never)],
      ['apiKeys.create', () => rex.apiKeys.create({ name: 'x', scope: 'admin' } as never)],
      ['webhooks.create', () => rex.webhooks.create({ url: 'ftp://example.com' })],
      ['webhooks.update', () => rex.webhooks.update('whk_1', { status: 'disabled' } as never)],
      ['webhooks.replay', () => rex.webhooks.replay('whk_1', { since: 'yesterday' })],
      ['contacts.listDeals', () => rex.contacts.listDeals('cont_1', { limit: 0 })],
    ];
    for (const [name, send] of calls) {
      const error = await failure(send());
      expect(error, name).toBeInstanceOf(ValidationError);
      expect(error.status, name).toBeUndefined();
    }
    expect(mock.requests()).toEqual([]);
  });
});
