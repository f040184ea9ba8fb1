/**
 * Random operations on SPEC §7's resources — pipelines and stages, deals, activities, tasks,
 * products — and their links, played by the {@link Runner} of `operations.ts` against the mock
 * and the {@link CrmModel}. Bodies are mostly valid, with a minority of known-invalid fields; ids
 * are refs resolved when the operation runs (mostly live records of the org in play, sometimes a
 * deleted one, another org's or a made-up one).
 */
import { isDeepStrictEqual } from 'node:util';
import { Activity, Deal, DealStageChange, isTypeId, Pipeline, Product, Task } from '@rex/types';
import * as fc from 'fast-check';
import { CRM_PLURAL, CRM_PREFIX, type CrmOutcome, type CrmResource, type Rec } from './crm-model.js';
import type { Runner } from './operations.js';

export interface Ref {
  $ref: number;
}
/** A stage of the pipeline the same body names (or the deal's), resolved when it runs. */
interface StageRef {
  $stage: number;
}
const refArb: fc.Arbitrary<Ref> = fc.nat({ max: 1000 }).map(($ref) => ({ $ref }));
const stageRefArb: fc.Arbitrary<StageRef> = fc.nat({ max: 1000 }).map(($stage) => ({ $stage }));
const org = fc.constantFrom(0, 1);

const sometimes = <T>(arb: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: percent, arbitrary: arb }, { weight: 100 - percent, arbitrary: fc.constant(undefined) });

/** A record of optional fields: each present in about half the bodies. */
const partial = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record(fields, { requiredKeys: [] }) as fc.Arbitrary<Record<string, unknown>>;

const withInvalid = (
  body: fc.Arbitrary<Record<string, unknown>>,
  invalid: Record<string, unknown>[],
): fc.Arbitrary<Record<string, unknown>> =>
  fc.tuple(body, sometimes(fc.constantFrom(...invalid), 10)).map(([b, bad]) => (bad ? { ...b, ...bad } : b));

const metadataArb = fc.dictionary(
  fc.constantFrom('a', 'b', 'tier'),
  fc.constantFrom<unknown>(1, 'x', null, { n: 1 }, [1]),
  { maxKeys: 2 },
);
const link = fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: refArb });
const owner = fc.constantFrom(null, 'usr_1', 'usr_2');
const when = fc.constantFrom('2026-04-01T00:00:00.000Z', '2026-04-01T02:00:00+02:00', '2026-05-15T09:30:00Z');

const stageArb = partial({
  type: fc.constantFrom('open', 'won', 'lost'),
  color: fc.constantFrom(null, '#1f6feb', '#2DA44E'),
}).chain((rest) => fc.constantFrom('New', 'Demo', 'Won', 'Lost').map((name) => ({ name, ...rest })));

const BODIES: Record<
  CrmResource,
  { create: fc.Arbitrary<Record<string, unknown>>; update: fc.Arbitrary<Record<string, unknown>> }
> = {
  pipeline: {
    create: withInvalid(
      fc
        .tuple(
          fc.constantFrom('Sales', 'Renewals'),
          fc.array(stageArb, { maxLength: 4 }),
          partial({ is_default: fc.boolean(), metadata: metadataArb }),
        )
        .map(([name, stages, rest]) => ({ name, stages, ...rest })),
      [
        { name: '  ' },
        { stages: [{ name: 'X', type: 'closed' }] },
        { stages: [{ name: 'X', color: 'red' }] },
        { stge: 1 },
      ],
    ),
    update: withInvalid(
      partial({
        name: fc.constantFrom('Sales', 'Enterprise'),
        is_default: fc.boolean(),
        metadata: fc.oneof(metadataArb, fc.constant(null)),
      }),
      [{ name: null }, { stages: [] }, { is_default: 'yes' }],
    ),
  },
  deal: {
    create: withInvalid(
      fc
        .tuple(
          fc.constantFrom('Annual plan', 'Pilot'),
          refArb,
          stageRefArb,
          partial({
            contact_id: link,
            company_id: link,
            value: fc.constantFrom(0, 1000, 250_000),
            currency: fc.constantFrom('USD', 'EUR'),
            status: fc.constantFrom('open', 'won', 'lost', 'stalled'),
            expected_close: fc.oneof(when, fc.constant(null)),
            owner_id: owner,
            source: fc.constantFrom(null, 'inbound'),
            metadata: metadataArb,
          }),
        )
        .map(([name, pipeline_id, stage_id, rest]) => ({ name, pipeline_id, stage_id, ...rest })),
      [{ value: -1 }, { currency: 'usd' }, { status: 'closed' }, { days_in_stage: 1 }, { name: '' }],
    ),
    update: withInvalid(
      partial({
        name: fc.constantFrom('Annual plan', 'Renewal'),
        stage_id: stageRefArb,
        contact_id: link,
        company_id: link,
        value: fc.constantFrom(0, 5000),
        status: fc.constantFrom('open', 'won', 'lost', 'stalled'),
        expected_close: fc.oneof(when, fc.constant(null)),
        owner_id: owner,
        metadata: fc.oneof(metadataArb, fc.constant(null)),
      }),
      [{ pipeline_id: { $ref: 3 } }, { status: 'closed' }, { currency: null }, { name: null }],
    ),
  },
  activity: {
    create: withInvalid(
      fc
        .tuple(
          fc.constantFrom('call', 'email', 'meeting', 'note'),
          partial({
            source: fc.constantFrom(null, 'gmail', 'dialer'),
            external_id: fc.constantFrom(null, 'e-1', 'e-2'),
            contact_id: link,
            company_id: link,
            deal_id: link,
            occurred_at: when,
            duration: fc.constantFrom(null, 0, 1800),
            direction: fc.constantFrom(null, 'inbound', 'outbound', 'na'),
            status: fc.constantFrom(null, 'completed', 'scheduled'),
            confidence_score: fc.constantFrom(null, 0, 0.5, 1),
            subject: fc.constantFrom(null, 'Discovery'),
            owner_id: owner,
            metadata: metadataArb,
          }),
        )
        .map(([type, rest]) => ({ type, ...rest })),
      [{ type: 'fax' }, { confidence_score: 1.5 }, { direction: 'up' }, { occurred_at: 'yesterday' }],
    ),
    update: withInvalid(
      partial({
        type: fc.constantFrom('call', 'note'),
        source: fc.constantFrom(null, 'gmail', 'dialer'),
        external_id: fc.constantFrom(null, 'e-1', 'e-2'),
        contact_id: link,
        deal_id: link,
        status: fc.constantFrom(null, 'completed', 'rejected'),
        occurred_at: when,
        metadata: fc.oneof(metadataArb, fc.constant(null)),
      }),
      [{ type: null }, { confidence_score: -0.1 }],
    ),
  },
  task: {
    create: withInvalid(
      fc
        .tuple(
          fc.constantFrom('Call back', 'Send proposal'),
          partial({
            status: fc.constantFrom('pending', 'completed', 'cancelled'),
            priority: fc.constantFrom('low', 'normal', 'high', 'urgent'),
            contact_id: link,
            company_id: link,
            deal_id: link,
            due_at: fc.oneof(when, fc.constant(null)),
            owner_id: owner,
            metadata: metadataArb,
          }),
        )
        .map(([title, rest]) => ({ title, ...rest })),
      [{ completed_at: '2026-04-01T00:00:00.000Z' }, { priority: 'asap' }, { title: ' ' }],
    ),
    update: withInvalid(
      partial({
        title: fc.constantFrom('Call back', 'Chase'),
        status: fc.constantFrom('pending', 'completed', 'cancelled'),
        priority: fc.constantFrom('low', 'urgent'),
        deal_id: link,
        contact_id: link,
        due_at: fc.oneof(when, fc.constant(null)),
        metadata: fc.oneof(metadataArb, fc.constant(null)),
      }),
      [{ status: null }, { completed_at: null }],
    ),
  },
  product: {
    create: withInvalid(
      fc
        .tuple(
          fc.constantFrom('Pro', 'Team'),
          fc.constantFrom('pro', 'team', 'pro-plus'),
          partial({
            price: fc.constantFrom(null, 0, 4900),
            currency: fc.constantFrom('USD', 'EUR'),
            is_active: fc.boolean(),
            description: fc.constantFrom(null, 'Seats'),
            metadata: metadataArb,
          }),
        )
        .map(([name, slug, rest]) => ({ name, slug, ...rest })),
      [{ slug: 'Pro Plan' }, { price: 1.5 }, { is_active: 'true' }],
    ),
    update: withInvalid(
      partial({
        name: fc.constantFrom('Pro', 'Business'),
        slug: fc.constantFrom('pro', 'team', 'business'),
        price: fc.constantFrom(null, 9900),
        is_active: fc.boolean(),
        metadata: fc.oneof(metadataArb, fc.constant(null)),
      }),
      [{ slug: null }, { name: null }],
    ),
  },
};

const RESOURCES = ['pipeline', 'deal', 'activity', 'task', 'product'] as const;
const resourceArb = fc.constantFrom<CrmResource>(...RESOURCES);

/** List filters per resource, as SPEC §7 names them. */
const FILTERS: Record<CrmResource, fc.Arbitrary<[string, unknown] | null>> = {
  pipeline: fc.oneof(
    fc.constant(null),
    fc.boolean().map((b): [string, unknown] => ['is_default', b]),
  ),
  deal: fc.oneof(
    fc.constant(null),
    fc
      .constantFrom('pipeline_id', 'contact_id', 'company_id')
      .chain((f) => refArb.map((r): [string, unknown] => [f, r])),
    stageRefArb.map((r): [string, unknown] => ['stage_id', r]),
    fc.constantFrom('open', 'won', 'lost').map((s): [string, unknown] => ['status', s]),
    fc.constantFrom('usr_1', 'usr_2').map((s): [string, unknown] => ['owner_id', s]),
  ),
  activity: fc.oneof(
    fc.constant(null),
    fc
      .constantFrom('contact_id', 'company_id', 'deal_id')
      .chain((f) => refArb.map((r): [string, unknown] => [f, r])),
    fc.constantFrom('call', 'note').map((s): [string, unknown] => ['type', s]),
  ),
  task: fc.oneof(
    fc.constant(null),
    fc.constantFrom('contact_id', 'deal_id').chain((f) => refArb.map((r): [string, unknown] => [f, r])),
    fc.constantFrom('pending', 'completed').map((s): [string, unknown] => ['status', s]),
    fc.constantFrom('normal', 'urgent').map((s): [string, unknown] => ['priority', s]),
  ),
  product: fc.oneof(
    fc.constant(null),
    fc.boolean().map((b): [string, unknown] => ['is_active', b]),
  ),
};

const NESTED = [
  ['contact', 'deal'],
  ['contact', 'activity'],
  ['contact', 'task'],
  ['company', 'deal'],
  ['deal', 'activity'],
  ['deal', 'task'],
  ['pipeline', 'deal'],
] as const;

export type CrmOp =
  | { op: 'crmCreate'; org: number; resource: CrmResource; body: Record<string, unknown> }
  | { op: 'crmUpdate'; org: number; resource: CrmResource; id: Ref; body: Record<string, unknown> }
  | { op: 'crmDelete'; org: number; resource: CrmResource; id: Ref }
  | { op: 'crmGet'; org: number; resource: CrmResource; id: Ref; include: boolean }
  | { op: 'crmList'; org: number; resource: CrmResource; limit: number; filter: [string, unknown] | null }
  | { op: 'crmNested'; org: number; nested: number; id: Ref; limit: number }
  | { op: 'moveStage'; org: number; id: Ref; stage: StageRef }
  | { op: 'dealHistory'; org: number; id: Ref }
  | { op: 'addStage'; org: number; id: Ref; body: Record<string, unknown> }
  | { op: 'reorderStages'; org: number; id: Ref; order: number[]; variant: 'exact' | 'drop' | 'twice' }
  | { op: 'deleteStage'; org: number; id: Ref; stage: StageRef }
  | { op: 'advanceClock'; days: number }
  | { op: 'includeLinks'; org: number; parent: 'contact' | 'company'; id: Ref };

const createArb = (resource: CrmResource, weight: number) => ({
  weight,
  arbitrary: fc.record({
    op: fc.constant('crmCreate' as const),
    org,
    resource: fc.constant(resource),
    body: BODIES[resource].create,
  }),
});
const updateArb = (resource: CrmResource, weight: number) => ({
  weight,
  arbitrary: fc.record({
    op: fc.constant('crmUpdate' as const),
    org,
    resource: fc.constant(resource),
    id: refArb,
    body: BODIES[resource].update,
  }),
});

export const crmOpArb: fc.Arbitrary<CrmOp> = fc.oneof(
  createArb('pipeline', 3),
  createArb('deal', 6),
  createArb('activity', 3),
  createArb('task', 3),
  createArb('product', 3),
  updateArb('pipeline', 1),
  updateArb('deal', 4),
  updateArb('activity', 2),
  updateArb('task', 3),
  updateArb('product', 1),
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('crmDelete' as const), org, resource: resourceArb, id: refArb }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('crmGet' as const),
      org,
      resource: resourceArb,
      id: refArb,
      include: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: resourceArb.chain((resource) =>
      fc.record({
        op: fc.constant('crmList' as const),
        org,
        resource: fc.constant(resource),
        limit: fc.integer({ min: 1, max: 4 }),
        filter: FILTERS[resource],
      }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('crmNested' as const),
      org,
      nested: fc.nat({ max: NESTED.length - 1 }),
      id: refArb,
      limit: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('moveStage' as const), org, id: refArb, stage: stageRefArb }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('dealHistory' as const), org, id: refArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('addStage' as const),
      org,
      id: refArb,
      body: withInvalid(stageArb as fc.Arbitrary<Record<string, unknown>>, [
        { type: 'closed' },
        { position: 0 },
      ]),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('reorderStages' as const),
      org,
      id: refArb,
      order: fc.array(fc.nat({ max: 100 }), { minLength: 6, maxLength: 6 }),
      variant: fc.constantFrom('exact', 'exact', 'drop', 'twice'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('deleteStage' as const), org, id: refArb, stage: stageRefArb }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('advanceClock' as const), days: fc.integer({ min: 1, max: 9 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('includeLinks' as const),
      org,
      parent: fc.constantFrom('contact' as const, 'company' as const),
      id: refArb,
    }),
  },
);

// ---------------------------------------------------------------------------------------------
// Playing them

const SCHEMAS = { pipeline: Pipeline, deal: Deal, activity: Activity, task: Task, product: Product };
const PHANTOM_STAGE = 'stg_01h455vb4pex5vsknk084sn02q';
const TARGET_OF_FIELD: Record<string, 'contact' | 'company' | CrmResource> = {
  contact_id: 'contact',
  company_id: 'company',
  deal_id: 'deal',
  pipeline_id: 'pipeline',
};
const show = (value: unknown): string => JSON.stringify(value);

/**
 * A record with its embedded lists (`include=deals`, …) put in id order: the spec says which
 * records an embed holds, not their order, so the model compares them as sets.
 */
function embedsById(data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  for (const key of ['deals', 'activities', 'tasks']) {
    const list = out[key];
    if (Array.isArray(list)) out[key] = [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
  }
  return out;
}

/** The CRM side of a {@link Runner}: ids it has seen, and how to play {@link CrmOp}s. */
export class CrmPlayer {
  readonly ids: Record<CrmResource, string[]> = {
    pipeline: [],
    deal: [],
    activity: [],
    task: [],
    product: [],
  };
  readonly stageIds: string[] = [];

  constructor(private readonly runner: Runner) {}

  private get model() {
    return this.runner.model.crm;
  }

  /**
   * Seven refs in eight name a live record of the org in play (when it has one); the rest any
   * id seen (deleted ones and the other org's included) or a made-up one.
   */
  resolve(ref: Ref, kind: 'contact' | 'company' | CrmResource): string {
    if (kind === 'contact' || kind === 'company') return this.runner.resolve(ref, kind);
    const org = this.runner.currentOrg;
    const live = this.model.all(org, kind).map((r) => r.id);
    if (live.length > 0 && ref.$ref % 8 !== 0) return live[Math.floor(ref.$ref / 4) % live.length]!;
    const phantoms = [
      `${CRM_PREFIX[kind]}_01h455vb4pex5vsknk084sn02q`,
      `${CRM_PREFIX[kind]}_nope`,
      'cont_01h455vb4pex5vsknk084sn02q',
    ];
    const list = [...this.ids[kind], ...phantoms];
    return list[ref.$ref % list.length]!;
  }

  private hasLive(kind: 'contact' | 'company' | CrmResource): boolean {
    const org = this.runner.currentOrg;
    if (kind === 'contact') return this.runner.model.contacts(org).length > 0;
    if (kind === 'company') return this.runner.model.companies(org).length > 0;
    return this.model.all(org, kind).length > 0;
  }

  /** A stage of `pipelineId` four times in five when it has one; else any stage seen, or none. */
  resolveStage(ref: StageRef, pipelineId: string | undefined): string {
    const pipeline = pipelineId ? this.model.get(this.runner.currentOrg, 'pipeline', pipelineId) : undefined;
    const stages = ((pipeline?.stages ?? []) as { id: string }[]).map((s) => s.id);
    if (stages.length > 0 && ref.$stage % 5 !== 0) return stages[Math.floor(ref.$stage / 5) % stages.length]!;
    const list = [...this.stageIds, PHANTOM_STAGE];
    return list[ref.$stage % list.length]!;
  }

  /** Replaces refs in a body with ids, `stage_id` with a stage of the pipeline in play. */
  private wire(body: Record<string, unknown>, pipelineOfDeal?: string): Record<string, unknown> {
    const out: Record<string, unknown> = { ...body };
    for (const [field, kind] of Object.entries(TARGET_OF_FIELD)) {
      const value = out[field];
      if (!value || typeof value !== 'object' || !('$ref' in value)) continue;
      // An optional link to a kind the org has none of is mostly left out, so that bodies
      // naming three links are not nearly always refused.
      const ref = value as Ref;
      if (field !== 'pipeline_id' && !this.hasLive(kind) && ref.$ref % 8 !== 0) delete out[field];
      else out[field] = this.resolve(ref, kind);
    }
    const stage = out.stage_id;
    if (stage && typeof stage === 'object' && '$stage' in stage) {
      const pipeline = typeof out.pipeline_id === 'string' ? out.pipeline_id : pipelineOfDeal;
      out.stage_id = this.resolveStage(stage as StageRef, pipeline);
    }
    return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
  }

  /** The records of `resource` whose `field` is `id`, by id (see {@link embedsById}). */
  private linked(org: string, resource: CrmResource, field: string, id: string): Rec[] {
    return this.model
      .all(org, resource)
      .filter((rec) => rec[field] === id)
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((rec) => this.present(resource, rec, org));
  }

  private present(resource: CrmResource, record: Rec, org = this.runner.currentOrg): Rec {
    return this.model.present(org, resource, record, this.runner.time);
  }

  /** Compares an answer with the model's outcome; stores created records under the server's id. */
  // biome-ignore lint/suspicious/noExplicitAny: bodies are checked against the @rex/types schemas before use
  private check(what: string, outcome: CrmOutcome, reply: { status: number; json: any }): void {
    const r = this.runner;
    if (outcome.kind === 'error') {
      if (!outcome.statuses.includes(reply.status))
        r.fail(
          `${what}\n  expected status ${outcome.statuses.join(' or ')}, got ${reply.status} ${show(reply.json)}`,
        );
      const error = reply.json.error;
      if (reply.status === 409 && outcome.existingId && error.details?.existing_id !== outcome.existingId)
        r.fail(`${what}\n  expected details.existing_id ${outcome.existingId}, got ${show(error)}`);
      if (
        reply.status === 400 &&
        outcome.statuses.length === 1 &&
        outcome.param &&
        error.param !== outcome.param
      )
        r.fail(`${what}\n  expected param ${outcome.param}, got ${show(error)}`);
      return;
    }
    if (outcome.kind === 'deleted') {
      if (reply.status !== 200 || !isDeepStrictEqual(reply.json, { data: { id: outcome.id, deleted: true } }))
        r.fail(`${what}\n  expected 200 deleted, got ${reply.status} ${show(reply.json)}`);
      return;
    }
    if (reply.status !== outcome.status)
      r.fail(
        `${what}\n  expected ${outcome.status} ${show(outcome.expected)}\n  got ${reply.status} ${show(reply.json)}`,
      );
    const data = reply.json.data;
    if (!SCHEMAS[outcome.resource].safeParse(data).success)
      r.fail(`${what}: data is not a ${outcome.resource}: ${show(data)}`);
    const expected = structuredClone(outcome.expected);
    if (outcome.commit) {
      const prefix = CRM_PREFIX[outcome.resource];
      if (!isTypeId(data.id, prefix)) r.fail(`${what}: created id ${data.id} is not a ${prefix}_ TypeID`);
      if (this.ids[outcome.resource].includes(data.id))
        r.fail(`${what}: created id ${data.id} was given before`);
      expected.id = data.id;
    }
    const stageIds: string[] = [];
    if (outcome.newStages) {
      const got = (data.stages ?? []) as { id: string }[];
      const want = expected.stages as { id: string }[];
      for (const i of outcome.newStages) {
        const id = got[i]?.id ?? '';
        if (!isTypeId(id, 'stg') || this.stageIds.includes(id) || stageIds.includes(id))
          r.fail(`${what}: stage ${i} has no new stg_ id: ${show(got[i])}`);
        stageIds.push(id);
        want[i]!.id = id;
      }
    }
    r.compareRecord(what, expected, data);
    if (outcome.commit) {
      outcome.commit(data.id);
      this.ids[outcome.resource].push(data.id);
      r.orgOfId.set(data.id, r.currentOrg);
    }
    if (outcome.newStages) {
      this.model.adoptStageIds(
        r.currentOrg,
        data.id,
        (data.stages as { id: string }[]).map((s) => s.id),
      );
      this.stageIds.push(...stageIds);
    }
  }

  async step(op: CrmOp, key: string, org: string, now: string): Promise<void> {
    const r = this.runner;
    const m = this.model;
    switch (op.op) {
      case 'advanceClock':
        r.time += op.days * 86_400_000;
        return;
      case 'crmCreate': {
        const body = this.wire(op.body);
        const path = `/${CRM_PLURAL[op.resource]}`;
        const reply = await r.send('POST', path, { key, body });
        return this.check(`POST ${path} ${show(body)}`, m.create(org, op.resource, body, now), reply);
      }
      case 'crmUpdate': {
        const id = this.resolve(op.id, op.resource);
        const deal = op.resource === 'deal' ? m.get(org, 'deal', id) : undefined;
        const body = this.wire(op.body, deal?.pipeline_id as string | undefined);
        const path = `/${CRM_PLURAL[op.resource]}/${id}`;
        const reply = await r.send('PATCH', path, { key, body });
        return this.check(`PATCH ${path} ${show(body)}`, m.update(org, op.resource, id, body, now), reply);
      }
      case 'crmDelete': {
        const id = this.resolve(op.id, op.resource);
        const path = `/${CRM_PLURAL[op.resource]}/${id}`;
        const reply = await r.send('DELETE', path, { key });
        return this.check(`DELETE ${path}`, m.delete(org, op.resource, id, now), reply);
      }
      case 'crmGet': {
        const id = this.resolve(op.id, op.resource);
        const path = `/${CRM_PLURAL[op.resource]}/${id}`;
        const include = op.include && op.resource === 'deal';
        const reply = await r.send('GET', path, {
          key,
          ...(include ? { query: { include: 'contact,company,pipeline,stage,activities' } } : {}),
        });
        const record = m.get(org, op.resource, id);
        const what = `GET ${path}${include ? '?include=contact,company,pipeline,stage,activities' : ''}`;
        if (!record) return this.check(what, { kind: 'error', statuses: [404] }, reply);
        if (reply.status !== 200) r.fail(`${what}: expected 200, got ${reply.status} ${show(reply.json)}`);
        const expected: Record<string, unknown> = this.present(op.resource, record);
        if (include) {
          const contact = record.contact_id ? r.model.contact(org, record.contact_id as string) : undefined;
          const company = record.company_id ? r.model.company(org, record.company_id as string) : undefined;
          const pipeline = m.get(org, 'pipeline', record.pipeline_id as string);
          expected.contact = contact ?? null;
          expected.company = company ?? null;
          expected.pipeline = pipeline ?? null;
          expected.stage = m.stage(org, record.pipeline_id as string, record.stage_id as string) ?? null;
          expected.activities = this.linked(org, 'activity', 'deal_id', id);
        }
        return r.compareRecord(what, expected, embedsById(reply.json.data));
      }
      case 'includeLinks': {
        // `include=` on a contact or company [Rex: `?include=company,activities`]: the linked
        // records as each is answered on its own.
        const id = r.resolve(op.id, op.parent);
        const include = op.parent === 'contact' ? 'company,deals,activities,tasks' : 'deals';
        const path = `/${op.parent === 'contact' ? 'contacts' : 'companies'}/${id}`;
        const reply = await r.send('GET', path, { key, query: { include } });
        const what = `GET ${path}?include=${include}`;
        const record = op.parent === 'contact' ? r.model.contact(org, id) : r.model.company(org, id);
        if (!record) return this.check(what, { kind: 'error', statuses: [404] }, reply);
        if (reply.status !== 200) r.fail(`${what}: expected 200, got ${reply.status} ${show(reply.json)}`);
        const field = `${op.parent}_id`;
        const expected: Record<string, unknown> = {
          ...structuredClone(record),
          deals: this.linked(org, 'deal', field, id),
        };
        if (op.parent === 'contact') {
          const companyId = (record as { company_id: string | null }).company_id;
          expected.company = companyId ? (r.model.company(org, companyId) ?? null) : null;
          expected.activities = this.linked(org, 'activity', field, id);
          expected.tasks = this.linked(org, 'task', field, id);
        }
        return r.compareRecord(what, expected, embedsById(reply.json.data));
      }
      case 'crmList': {
        const query: Record<string, string | number> = {};
        let matches = (_: Rec) => true;
        if (op.filter) {
          const [field, raw] = op.filter;
          let value: string;
          if (raw && typeof raw === 'object' && '$ref' in raw)
            value = this.resolve(raw as Ref, TARGET_OF_FIELD[field]!);
          else if (raw && typeof raw === 'object' && '$stage' in raw)
            value = this.resolveStage(raw as StageRef, undefined);
          else value = String(raw);
          query[field] = value;
          matches = (rec) => String(rec[field]) === value;
        }
        const expected = m
          .all(org, op.resource)
          .filter(matches)
          .map((rec) => this.present(op.resource, rec));
        return r.compareList(
          `/${CRM_PLURAL[op.resource]}`,
          key,
          op.limit,
          query,
          expected as never,
          '-created_at',
        );
      }
      case 'crmNested': {
        const [parent, child] = NESTED[op.nested]!;
        const id = this.resolve(op.id, parent);
        const path = `/${parent === 'company' ? 'companies' : `${parent}s`}/${id}/${CRM_PLURAL[child]}`;
        const exists =
          parent === 'contact'
            ? r.model.contact(org, id)
            : parent === 'company'
              ? r.model.company(org, id)
              : m.get(org, parent, id);
        if (!exists) {
          const reply = await r.send('GET', path, { key, query: { limit: op.limit } });
          return this.check(`GET ${path}`, { kind: 'error', statuses: [404] }, reply);
        }
        const field = `${parent}_id`;
        const expected = m
          .all(org, child)
          .filter((rec) => rec[field] === id)
          .map((rec) => this.present(child, rec));
        return r.compareList(path, key, op.limit, {}, expected as never, '-created_at');
      }
      case 'moveStage': {
        const id = this.resolve(op.id, 'deal');
        const deal = m.get(org, 'deal', id);
        const body = { stage_id: this.resolveStage(op.stage, deal?.pipeline_id as string | undefined) };
        const reply = await r.send('POST', `/deals/${id}/stage`, { key, body });
        return this.check(`POST /deals/${id}/stage ${show(body)}`, m.moveStage(org, id, body, now), reply);
      }
      case 'dealHistory': {
        const id = this.resolve(op.id, 'deal');
        const reply = await r.send('GET', `/deals/${id}/history`, { key, query: { limit: 200 } });
        const what = `GET /deals/${id}/history`;
        if (!m.get(org, 'deal', id)) return this.check(what, { kind: 'error', statuses: [404] }, reply);
        if (reply.status !== 200) r.fail(`${what}: expected 200, got ${reply.status} ${show(reply.json)}`);
        for (const change of reply.json.data)
          if (!DealStageChange.safeParse(change).success)
            r.fail(`${what}: not a stage change: ${show(change)}`);
        const expected = m.history(org, id);
        if (!isDeepStrictEqual(reply.json.data, expected) || reply.json.meta?.has_more !== false)
          r.fail(`${what}\n  expected ${show(expected)}\n  got ${show(reply.json)}`);
        return;
      }
      case 'addStage': {
        const id = this.resolve(op.id, 'pipeline');
        const body = JSON.parse(JSON.stringify(op.body)) as Record<string, unknown>;
        const reply = await r.send('POST', `/pipelines/${id}/stages`, { key, body });
        return this.check(
          `POST /pipelines/${id}/stages ${show(body)}`,
          m.addStage(org, id, body, now),
          reply,
        );
      }
      case 'reorderStages': {
        const id = this.resolve(op.id, 'pipeline');
        const pipeline = m.get(org, 'pipeline', id);
        const stages = ((pipeline?.stages ?? []) as { id: string }[]).map((s) => s.id);
        // A permutation from the random keys; then one dropped or one named twice, or as is.
        const order = stages
          .map((sid, i) => [op.order[i % op.order.length]! * 10 + i, sid] as const)
          .sort((a, b) => a[0] - b[0])
          .map(([, sid]) => sid);
        if (op.variant === 'drop') order.pop();
        if (op.variant === 'twice') order.push(order[0] ?? PHANTOM_STAGE);
        const body = { stage_ids: order };
        const reply = await r.send('PUT', `/pipelines/${id}/stages`, { key, body });
        return this.check(
          `PUT /pipelines/${id}/stages ${show(body)}`,
          m.reorderStages(org, id, body, now),
          reply,
        );
      }
      case 'deleteStage': {
        const id = this.resolve(op.id, 'pipeline');
        const stage = this.resolveStage(op.stage, id);
        const path = `/pipelines/${id}/stages/${stage}`;
        const reply = await r.send('DELETE', path, { key });
        return this.check(`DELETE ${path}`, m.deleteStage(org, id, stage, now), reply);
      }
    }
  }

  /** After a scenario: every record of every resource, walked whole, equals the model's. */
  async finalCheck(key: string, org: string): Promise<void> {
    for (const resource of RESOURCES) {
      const expected = this.model.all(org, resource).map((rec) => this.present(resource, rec, org));
      await this.runner.compareList(
        `/${CRM_PLURAL[resource]}`,
        key,
        200,
        {},
        expected as never,
        '-created_at',
      );
    }
  }
}
