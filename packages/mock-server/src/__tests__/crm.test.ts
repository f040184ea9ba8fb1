/**
 * SPEC §7 — deals, pipelines and stages, activities, tasks, products, API keys: one test per
 * rule, and every refused write leaves the store unchanged.
 */
import { setupRexServer } from '@rex/mock-server/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { client, createClock, expectUnchanged, type Reply } from './helpers.js';

const BASE = 'https://crm.rexgtm.test';
const KEY = 'rex_test_crm';
const clock = createClock('2026-03-16T12:00:00.000Z', 1);
const rex = setupRexServer({ baseUrl: BASE, now: clock.now });
const api = client(BASE, KEY);

beforeAll(() => rex.listen({ onUnhandledRequest: 'error' }));
afterEach(() => rex.reset());
afterAll(() => rex.close());

/** Runs a request that must be refused, and checks it changed nothing. */
async function refused(method: string, path: string, body?: unknown): Promise<Reply> {
  let res: Reply | undefined;
  expect(
    await expectUnchanged(rex, async () => {
      res = await api(method, path, body);
    }),
  ).toBe(true);
  return res as Reply;
}

async function salesPipeline() {
  const pipeline = (
    await api('POST', '/pipelines', {
      name: 'Sales',
      stages: [
        { name: 'New' },
        { name: 'Demo', color: '#1f6feb' },
        { name: 'Won', type: 'won' },
        { name: 'Lost', type: 'lost' },
      ],
    })
  ).body.data;
  const [open, demo, won, lost] = pipeline.stages;
  return { pipeline, open, demo, won, lost };
}

describe('pipelines', () => {
  it('numbers stages from 0, gives them ids and defaults, and makes the first pipeline the default', async () => {
    const { pipeline } = await salesPipeline();
    expect(pipeline.id).toMatch(/^pipe_/);
    expect(pipeline.is_default).toBe(true);
    expect(pipeline.stages.map((s: { position: number; type: string }) => [s.position, s.type])).toEqual([
      [0, 'open'],
      [1, 'open'],
      [2, 'won'],
      [3, 'lost'],
    ]);
    expect(pipeline.stages[0].id).toMatch(/^stg_/);
  });

  it('keeps one default per org: setting it clears the others', async () => {
    const first = (await salesPipeline()).pipeline;
    const second = (await api('POST', '/pipelines', { name: 'Renewals', is_default: true })).body.data;
    expect(second.is_default).toBe(true);
    expect((await api('GET', `/pipelines/${first.id}`)).body.data.is_default).toBe(false);
    expect(
      (await api('GET', '/pipelines?is_default=true')).body.data.map((p: { id: string }) => p.id),
    ).toEqual([second.id]);
  });

  it('adds, reorders and removes stages, refusing a reorder that does not name each stage once', async () => {
    const { pipeline, open, demo, won, lost } = await salesPipeline();
    const added = await api('POST', `/pipelines/${pipeline.id}/stages`, { name: 'Proposal' });
    expect(added.status).toBe(201);
    const proposal = added.body.data.stages[4];
    expect(proposal).toMatchObject({ name: 'Proposal', position: 4, type: 'open', color: null });
    const order = [demo.id, open.id, proposal.id, won.id, lost.id];
    const reordered = await api('PUT', `/pipelines/${pipeline.id}/stages`, { stage_ids: order });
    expect(reordered.body.data.stages.map((s: { id: string }) => s.id)).toEqual(order);
    for (const stage_ids of [order.slice(1), [...order, open.id], [...order.slice(1), open.id]]) {
      const res = await refused('PUT', `/pipelines/${pipeline.id}/stages`, { stage_ids });
      expect(res.status).toBe(400);
      expect(res.body.error.param).toBe('stage_ids');
    }
    const removed = await api('DELETE', `/pipelines/${pipeline.id}/stages/${proposal.id}`);
    expect(removed.body.data.stages.map((s: { position: number }) => s.position)).toEqual([0, 1, 2, 3]);
  });

  it('refuses to delete a pipeline or a stage that still holds deals (409), and allows it once empty', async () => {
    const { pipeline, open, demo } = await salesPipeline();
    const deal = (await api('POST', '/deals', { name: 'D', pipeline_id: pipeline.id, stage_id: open.id }))
      .body.data;
    expect((await refused('DELETE', `/pipelines/${pipeline.id}`)).status).toBe(409);
    expect((await refused('DELETE', `/pipelines/${pipeline.id}/stages/${open.id}`)).status).toBe(409);
    expect((await api('DELETE', `/pipelines/${pipeline.id}/stages/${demo.id}`)).status).toBe(200);
    await api('DELETE', `/deals/${deal.id}`);
    expect((await api('DELETE', `/pipelines/${pipeline.id}`)).status).toBe(200);
  });
});

describe('deals', () => {
  it('applies defaults and refuses a stage of another pipeline (400 param stage_id)', async () => {
    const { pipeline, open } = await salesPipeline();
    const other = (await api('POST', '/pipelines', { name: 'Other', stages: [{ name: 'X' }] })).body.data;
    const deal = await api('POST', '/deals', { name: 'Big', pipeline_id: pipeline.id, stage_id: open.id });
    expect(deal.status).toBe(201);
    expect(deal.body.data).toMatchObject({
      value: 0,
      currency: 'USD',
      status: 'open',
      days_in_stage: 0,
      deal_age_days: 0,
    });
    const res = await refused('POST', '/deals', {
      name: 'Bad',
      pipeline_id: pipeline.id,
      stage_id: other.stages[0].id,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('stage_id');
    const unknown = await refused('POST', '/deals', {
      name: 'Bad',
      pipeline_id: 'pipe_01h455vb4pex5vsknk084sn02q',
      stage_id: open.id,
    });
    expect(unknown.body.error.param).toBe('pipeline_id');
  });

  it('moves between stages, records the history oldest first, and sets status on won/lost stages', async () => {
    const { pipeline, open, demo, won } = await salesPipeline();
    const deal = (await api('POST', '/deals', { name: 'D', pipeline_id: pipeline.id, stage_id: open.id }))
      .body.data;
    await api('POST', `/deals/${deal.id}/stage`, { stage_id: demo.id });
    const closed = await api('POST', `/deals/${deal.id}/stage`, { stage_id: won.id });
    expect(closed.body.data).toMatchObject({ stage_id: won.id, status: 'won' });
    const history = (await api('GET', `/deals/${deal.id}/history`)).body.data;
    expect(
      history.map((h: { from_stage_id: string | null; to_stage_id: string }) => [
        h.from_stage_id,
        h.to_stage_id,
      ]),
    ).toEqual([
      [null, open.id],
      [open.id, demo.id],
      [demo.id, won.id],
    ]);
    const types = (await api('GET', '/events?type=deal.stage_changed,deal.won')).body.data;
    expect(types.map((e: { type: string }) => e.type)).toEqual([
      'deal.stage_changed',
      'deal.stage_changed',
      'deal.won',
    ]);
    expect(types[0].data).toEqual({ deal_id: deal.id, from_stage_id: open.id, to_stage_id: demo.id });
    const reopened = await api('POST', `/deals/${deal.id}/stage`, { stage_id: open.id });
    expect(reopened.body.data.status).toBe('open');
    // A status set by hand in an open stage is not a won stage's: it stays through open stages.
    await api('PATCH', `/deals/${deal.id}`, { status: 'won' });
    const kept = await api('POST', `/deals/${deal.id}/stage`, { stage_id: demo.id });
    expect(kept.body.data.status).toBe('won');
  });

  it('emits deal.won/deal.lost once on every path that sets the status: create, PATCH, stage move (issue #12)', async () => {
    const { pipeline, open, demo, won, lost } = await salesPipeline();
    const closing = (type: string) => api('GET', `/events?type=${type}`).then((r) => r.body.data);
    const deal = (body: Record<string, unknown>) =>
      api('POST', '/deals', { name: 'D', pipeline_id: pipeline.id, ...body }).then((r) => r.body.data);
    // Created in a won stage, or with status lost in an open stage.
    const a = await deal({ stage_id: won.id });
    expect(a.status).toBe('won');
    const b = await deal({ stage_id: open.id, status: 'lost' });
    // PATCHed to a lost stage; PATCHed to status won; a repeated PATCH changes nothing.
    const c = await deal({ stage_id: open.id });
    expect((await api('PATCH', `/deals/${c.id}`, { stage_id: lost.id })).body.data.status).toBe('lost');
    const d = await deal({ stage_id: demo.id });
    await api('PATCH', `/deals/${d.id}`, { status: 'won' });
    await api('PATCH', `/deals/${d.id}`, { status: 'won' });
    // Moved between stages of one type, then from won to lost by status.
    await api('POST', `/deals/${a.id}/stage`, { stage_id: won.id });
    await api('PATCH', `/deals/${a.id}`, { status: 'lost' });
    const ids = (events: { data: { id: string; status: string } }[]) =>
      events.map((e) => [e.data.id, e.data.status]);
    expect(ids(await closing('deal.won'))).toEqual([
      [a.id, 'won'],
      [d.id, 'won'],
    ]);
    expect(ids(await closing('deal.lost'))).toEqual([
      [b.id, 'lost'],
      [c.id, 'lost'],
      [a.id, 'lost'],
    ]);
    // The event follows the write's own event, and carries the deal as answered.
    const log = (await api('GET', `/events?type=deal.created,deal.won`)).body.data;
    expect(log.slice(0, 2).map((e: { type: string }) => e.type)).toEqual(['deal.created', 'deal.won']);
    expect(log[1].data).toMatchObject({ id: a.id, status: 'won', stage_id: won.id, days_in_stage: 0 });
    expect(log[1].data.stage_history).toBeUndefined();
  });

  it('restores a snapshot whose event log holds stage changes', async () => {
    const { pipeline, open, won } = await salesPipeline();
    const deal = (await api('POST', '/deals', { name: 'D', pipeline_id: pipeline.id, stage_id: open.id }))
      .body.data;
    await api('POST', `/deals/${deal.id}/stage`, { stage_id: won.id });
    const snapshot = rex.snapshot();
    rex.reset();
    rex.restore(snapshot);
    expect(rex.snapshot()).toEqual(snapshot);
    const events = (await api('GET', '/events?type=deal.stage_changed')).body.data;
    expect(events.map((e: { data: { deal_id: string } }) => e.data.deal_id)).toEqual([deal.id]);
  });

  it('counts days in stage and deal age from the mock clock', async () => {
    const { pipeline, open, demo } = await salesPipeline();
    const deal = (await api('POST', '/deals', { name: 'D', pipeline_id: pipeline.id, stage_id: open.id }))
      .body.data;
    clock.tick(3 * 86_400_000);
    await api('POST', `/deals/${deal.id}/stage`, { stage_id: demo.id });
    clock.tick(2 * 86_400_000);
    expect((await api('GET', `/deals/${deal.id}`)).body.data).toMatchObject({
      days_in_stage: 2,
      deal_age_days: 5,
    });
  });

  it('embeds contact, company, pipeline, stage and activities with include=', async () => {
    const { pipeline, open } = await salesPipeline();
    const acme = (await api('POST', '/companies', { name: 'Acme' })).body.data;
    const ada = (await api('POST', '/contacts', { email: 'ada@acme.com', company_id: acme.id })).body.data;
    const deal = (
      await api('POST', '/deals', {
        name: 'D',
        pipeline_id: pipeline.id,
        stage_id: open.id,
        contact_id: ada.id,
        company_id: acme.id,
      })
    ).body.data;
    await api('POST', '/activities', { type: 'call', deal_id: deal.id });
    const got = (await api('GET', `/deals/${deal.id}?include=contact,company,pipeline,stage,activities`)).body
      .data;
    expect(got.contact.id).toBe(ada.id);
    expect(got.company.id).toBe(acme.id);
    expect(got.pipeline.id).toBe(pipeline.id);
    expect(got.stage).toEqual(open);
    expect(got.activities).toHaveLength(1);
    const activity = (await api('GET', `/deals/${deal.id}/activities?include=deal`)).body.data[0];
    expect(activity.deal).toEqual((await api('GET', `/deals/${deal.id}`)).body.data);
    expect(activity.deal.stage_history).toBeUndefined();
  });
});

describe('links across resources', () => {
  it('nulls the links to a deleted record, with one updated event each', async () => {
    const { pipeline, open } = await salesPipeline();
    const ada = (await api('POST', '/contacts', { email: 'ada@acme.com' })).body.data;
    const deal = (
      await api('POST', '/deals', {
        name: 'D',
        pipeline_id: pipeline.id,
        stage_id: open.id,
        contact_id: ada.id,
      })
    ).body.data;
    const task = (await api('POST', '/tasks', { title: 'Call', contact_id: ada.id, deal_id: deal.id })).body
      .data;
    await api('DELETE', `/contacts/${ada.id}`);
    expect((await api('GET', `/deals/${deal.id}`)).body.data.contact_id).toBeNull();
    expect((await api('GET', `/tasks/${task.id}`)).body.data.contact_id).toBeNull();
    const last = (await api('GET', '/events?type=contact.deleted,deal.updated,task.updated')).body.data.slice(
      -3,
    );
    expect(last.map((e: { type: string }) => e.type).sort()).toEqual([
      'contact.deleted',
      'deal.updated',
      'task.updated',
    ]);
  });

  it("moves a merged duplicate's deals, activities and tasks to the primary, one updated event each", async () => {
    const { pipeline, open } = await salesPipeline();
    const primary = (await api('POST', '/contacts', { email: 'ada@acme.com' })).body.data;
    const dup = (await api('POST', '/contacts', { email: 'ada.l@acme.com' })).body.data;
    const deal = (
      await api('POST', '/deals', {
        name: 'D',
        pipeline_id: pipeline.id,
        stage_id: open.id,
        contact_id: dup.id,
      })
    ).body.data;
    const task = (await api('POST', '/tasks', { title: 'Call', contact_id: dup.id })).body.data;
    const call = (await api('POST', '/activities', { type: 'call', contact_id: dup.id })).body.data;
    await api('POST', '/contacts/merge', { primary_id: primary.id, duplicate_ids: [dup.id] });
    for (const path of [`/deals/${deal.id}`, `/tasks/${task.id}`, `/activities/${call.id}`]) {
      expect((await api('GET', path)).body.data.contact_id).toBe(primary.id);
    }
    const ids = (await api('GET', `/contacts/${primary.id}/deals`)).body.data.map(
      (d: { id: string }) => d.id,
    );
    expect(ids).toEqual([deal.id]);
    const updated = (await api('GET', '/events?type=deal.updated,task.updated,activity.updated')).body.data;
    expect(updated.map((e: { type: string }) => e.type).sort()).toEqual([
      'activity.updated',
      'deal.updated',
      'task.updated',
    ]);
  });

  it("refuses a link to another org's record (400 naming the field)", async () => {
    const theirs = (await client(BASE, 'rex_test_other')('POST', '/contacts', { email: 'x@other.com' })).body
      .data;
    const res = await refused('POST', '/tasks', { title: 'T', contact_id: theirs.id });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('contact_id');
  });

  it('lists nested records and embeds them: ?include=company,activities on a contact [Rex example]', async () => {
    const acme = (await api('POST', '/companies', { name: 'Acme' })).body.data;
    const ada = (await api('POST', '/contacts', { email: 'ada@acme.com', company_id: acme.id })).body.data;
    await api('POST', '/activities', { type: 'call', contact_id: ada.id });
    await api('POST', '/activities', { type: 'note', contact_id: ada.id });
    const got = (await api('GET', `/contacts/${ada.id}?include=company,activities`)).body.data;
    expect(got.company.id).toBe(acme.id);
    expect(got.activities).toHaveLength(2);
    expect((await api('GET', `/contacts/${ada.id}/activities?type=note`)).body.data).toHaveLength(1);
    expect((await api('GET', '/contacts/cont_01h455vb4pex5vsknk084sn02q/activities')).status).toBe(404);
  });

  it('accepts ids in upper case, as Rex prints them, in paths and bodies', async () => {
    const ada = (await api('POST', '/contacts', { email: 'ada@acme.com' })).body.data;
    const upper = `cont_${ada.id.slice(5).toUpperCase()}`;
    expect((await api('GET', `/contacts/${upper}`)).body.data.id).toBe(ada.id);
    const task = (await api('POST', '/tasks', { title: 'T', contact_id: upper })).body.data;
    expect(task.contact_id).toBe(ada.id);
  });
});

describe('activities', () => {
  it('dedups on (source, external_id) with 409 and the existing id, and defaults occurred_at to now', async () => {
    const first = (await api('POST', '/activities', { type: 'call', source: 'gong', external_id: 'c-1' }))
      .body.data;
    expect(first.occurred_at).toBe(first.created_at);
    const res = await refused('POST', '/activities', { type: 'call', source: 'gong', external_id: 'c-1' });
    expect(res.status).toBe(409);
    expect(res.body.error.details.existing_id).toBe(first.id);
    expect(
      (await api('POST', '/activities', { type: 'call', source: 'zoom', external_id: 'c-1' })).status,
    ).toBe(201);
    expect((await api('POST', '/activities', { type: 'call', external_id: 'c-1' })).status).toBe(201);
  });

  it('refuses a confidence_score outside 0–1 and an unknown type', async () => {
    expect(
      (await refused('POST', '/activities', { type: 'call', confidence_score: 1.5 })).body.error.param,
    ).toBe('confidence_score');
    expect((await refused('POST', '/activities', { type: 'fax' })).body.error.param).toBe('type');
  });
});

describe('tasks', () => {
  it('sets completed_at when completed and clears it otherwise; it cannot be sent', async () => {
    const task = (await api('POST', '/tasks', { title: 'Call back' })).body.data;
    expect(task).toMatchObject({ priority: 'normal', status: 'pending', completed_at: null });
    const done = (await api('PATCH', `/tasks/${task.id}`, { status: 'completed' })).body.data;
    expect(done.completed_at).toBe(done.updated_at);
    const again = (await api('PATCH', `/tasks/${task.id}`, { priority: 'high' })).body.data;
    expect(again.completed_at).toBe(done.completed_at);
    expect(
      (await api('PATCH', `/tasks/${task.id}`, { status: 'pending' })).body.data.completed_at,
    ).toBeNull();
    expect(
      (await refused('PATCH', `/tasks/${task.id}`, { completed_at: '2026-01-01T00:00:00Z' })).status,
    ).toBe(400);
  });
});

describe('products', () => {
  it('keeps slug unique per org (409 with the existing id) and filters by is_active', async () => {
    const seat = (await api('POST', '/products', { name: 'Seat', slug: 'seat', price: 1200 })).body.data;
    expect(seat).toMatchObject({ currency: 'USD', is_active: true });
    const dup = await refused('POST', '/products', { name: 'Seat 2', slug: 'seat' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ param: 'slug', details: { existing_id: seat.id } });
    await api('POST', '/products', { name: 'Old', slug: 'old', is_active: false });
    expect(
      (await api('GET', '/products?is_active=false')).body.data.map((p: { slug: string }) => p.slug),
    ).toEqual(['old']);
    expect((await refused('POST', '/products', { name: 'Bad', slug: 'Not A Slug' })).body.error.param).toBe(
      'slug',
    );
  });
});

describe('API keys', () => {
  it('shows the key once, lists last4 only, works at once with its scope, and is revoked at once', async () => {
    const created = await api('POST', '/apikeys', { name: 'ci', scope: 'read' });
    expect(created.status).toBe(201);
    const { data, key } = created.body;
    expect(key).toMatch(/^rex_test_/);
    expect(data).toEqual({
      id: data.id,
      name: 'ci',
      scope: 'read',
      last4: key.slice(-4),
      created_at: data.created_at,
    });
    expect(JSON.stringify((await api('GET', '/apikeys')).body)).not.toContain(key);
    const reader = client(BASE, key);
    await api('POST', '/contacts', { email: 'ada@acme.com' });
    expect((await reader('GET', '/contacts')).body.data).toHaveLength(1);
    expect((await reader('POST', '/contacts', { email: 'no@acme.com' })).status).toBe(403);
    expect((await reader('GET', '/apikeys')).status).toBe(403);
    expect((await api('DELETE', `/apikeys/${data.id}`)).status).toBe(200);
    const revoked = await reader('GET', '/contacts');
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.message).toBe('This API key was revoked');
  });

  it('keeps working keys through a snapshot and restore', async () => {
    const { key } = (await api('POST', '/apikeys', { name: 'ci', scope: 'read-write' })).body;
    const snapshot = rex.snapshot();
    rex.reset();
    expect((await client(BASE, key)('GET', '/apikeys')).status).toBe(200);
    rex.restore(snapshot);
    expect((await client(BASE, key)('GET', '/apikeys')).body.data).toHaveLength(1);
  });
});

describe('events and enrichment', () => {
  it('pages events by cursor and filters by type; refuses an unknown type', async () => {
    await api('POST', '/contacts', { email: 'a@acme.com' });
    await api('POST', '/companies', { name: 'Acme' });
    await api('POST', '/contacts', { email: 'b@acme.com' });
    const first = (await api('GET', '/events?type=contact.created&limit=1')).body;
    expect(first.data[0].data.email).toBe('a@acme.com');
    const next = (await api('GET', `/events?type=contact.created&cursor=${first.meta.cursor}`)).body;
    expect(next.data.map((e: { data: { email: string } }) => e.data.email)).toEqual(['b@acme.com']);
    expect((await api('GET', '/events?type=contact.exploded')).status).toBe(400);
  });

  it('emits contact.enriched from POST /__rex/enrich with the record after it', async () => {
    const ada = (await api('POST', '/contacts', { email: 'ada@acme.com' })).body.data;
    const res = await client(BASE)('POST', '/__rex/enrich', {
      org: KEY,
      id: ada.id,
      fields: { title: 'CTO' },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.title).toBe('CTO');
    const events = (await api('GET', '/events?type=contact.enriched')).body.data;
    expect(events).toHaveLength(1);
    expect(events[0].data.title).toBe('CTO');
    const bad = await client(BASE)('POST', '/__rex/enrich', { org: KEY, id: ada.id, fields: { stage: 'x' } });
    expect(bad.status).toBe(400);
  });
});
