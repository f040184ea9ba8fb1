/**
 * The reference model of SPEC §7's resources — pipelines and their stages, deals, activities,
 * tasks, products — and their links to each other and to contacts and companies, written from
 * SPEC §7, docs/sales-pipeline.md and docs/activities-and-tasks.md only. Like `reference-model.ts`, it does not
 * import the mock: only the request schemas of `@rex/types` (the spec's single place for what a
 * body may hold) are shared.
 *
 * Rules modelled: required fields and defaults; every `*_id` link names a record of the same org
 * (400 naming the field); `stage_id` a stage of the deal's pipeline (400 `stage_id`); reaching a
 * won/lost stage sets the status, leaving one for an open stage sets it back to `open` (ours);
 * the history of stage changes; `deal.won`/`deal.lost` once each time the status becomes so;
 * one default pipeline per org (the first one; setting it clears the others); stages added,
 * reordered (each named once, else 400) and deleted (404 unknown, 409 while holding deals);
 * a pipeline holding deals cannot be deleted (409); `(source, external_id)` and `slug` unique
 * (409 with the holder); `completed_at` set when a task becomes completed, cleared otherwise;
 * deleting a record nulls the links to it (its `updated_at` moves); a merge moves the
 * duplicates' links to the primary; PATCH rules as for contacts.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  ActivityCreateParams,
  ActivityUpdateParams,
  DealCreateParams,
  DealMoveStageParams,
  DealUpdateParams,
  PipelineCreateParams,
  PipelineUpdateParams,
  ProductCreateParams,
  ProductUpdateParams,
  StageCreateParams,
  StageReorderParams,
  TaskCreateParams,
  TaskUpdateParams,
  validate,
} from '@rex/types';
import { clone, type Json, type JsonObject, mergeMetadata, utc } from './reference-model.js';

export type Rec = { id: string; created_at: string; updated_at: string; [key: string]: Json };

export type CrmResource = 'pipeline' | 'deal' | 'activity' | 'task' | 'product';
export const CRM_PLURAL = {
  pipeline: 'pipelines',
  deal: 'deals',
  activity: 'activities',
  task: 'tasks',
  product: 'products',
} as const satisfies Record<CrmResource, string>;
export const CRM_PREFIX = {
  pipeline: 'pipe',
  deal: 'deal',
  activity: 'act',
  task: 'task',
  product: 'prod',
} as const satisfies Record<CrmResource, string>;

/** What a link field names. */
type Target = 'contact' | 'company' | 'deal' | 'pipeline';

interface Spec {
  /** Stored fields besides id, metadata, created_at, updated_at, with their defaults. */
  fields: Record<string, Json>;
  links: Partial<Record<string, Target>>;
  timestamps: readonly string[];
  // biome-ignore lint/suspicious/noExplicitAny: zod schemas of @rex/types, used only to validate
  create: any;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  update: any;
}

/** SPEC §7's table: fields (defaults where it gives one), links and request schemas. */
const SPECS: Record<CrmResource, Spec> = {
  pipeline: {
    fields: { name: '', is_default: false, stages: [] },
    links: {},
    timestamps: [],
    create: PipelineCreateParams,
    update: PipelineUpdateParams,
  },
  deal: {
    fields: {
      name: '',
      pipeline_id: '',
      stage_id: '',
      contact_id: null,
      company_id: null,
      value: 0,
      currency: 'USD',
      status: 'open',
      expected_close: null,
      owner_id: null,
      source: null,
    },
    links: { contact_id: 'contact', company_id: 'company', pipeline_id: 'pipeline' },
    timestamps: ['expected_close'],
    create: DealCreateParams,
    update: DealUpdateParams,
  },
  activity: {
    fields: {
      type: '',
      subtype: null,
      status: null,
      subject: null,
      body: null,
      contact_id: null,
      company_id: null,
      deal_id: null,
      owner_id: null,
      occurred_at: null,
      duration: null,
      direction: null,
      source: null,
      external_id: null,
      generated_by: null,
      confidence_score: null,
      model: null,
    },
    links: { contact_id: 'contact', company_id: 'company', deal_id: 'deal' },
    timestamps: ['occurred_at'],
    create: ActivityCreateParams,
    update: ActivityUpdateParams,
  },
  task: {
    fields: {
      title: '',
      description: null,
      contact_id: null,
      company_id: null,
      deal_id: null,
      owner_id: null,
      due_at: null,
      priority: 'normal',
      status: 'pending',
      completed_at: null,
    },
    links: { contact_id: 'contact', company_id: 'company', deal_id: 'deal' },
    timestamps: ['due_at'],
    create: TaskCreateParams,
    update: TaskUpdateParams,
  },
  product: {
    fields: { name: '', slug: '', description: null, price: null, currency: 'USD', is_active: true },
    links: {},
    timestamps: [],
    create: ProductCreateParams,
    update: ProductUpdateParams,
  },
};

/** What the model expects of one request to these resources. */
export type CrmOutcome =
  | { kind: 'error'; statuses: readonly number[]; param?: string; existingId?: string }
  | {
      kind: 'record';
      status: 200 | 201;
      resource: CrmResource;
      /** The record as the response must show it; `id` is `''` for one being created. */
      expected: Rec;
      /** Stores a created record under the id the server gave it. */
      commit?: (id: string) => void;
      /** Server-chosen stage ids of a pipeline: the model takes them from the reply. */
      newStages?: number[];
    }
  | { kind: 'deleted'; id: string };

interface StageChange {
  from_stage_id: string | null;
  to_stage_id: string;
  changed_at: string;
}

interface Stage {
  id: string;
  name: string;
  position: number;
  type: string;
  color: string | null;
  [key: string]: Json;
}

interface CrmOrg {
  records: Record<CrmResource, Map<string, Rec>>;
  history: Map<string, StageChange[]>;
  /** `deal.won` / `deal.lost` events expected per deal. */
  closed: Map<string, string[]>;
}

const DAY = 86_400_000;
const err = (
  statuses: number[],
  extra: { param?: string | undefined; existingId?: string | undefined } = {},
): CrmOutcome => ({
  kind: 'error',
  statuses: [...new Set(statuses)],
  ...(extra.param ? { param: extra.param } : {}),
  ...(extra.existingId ? { existingId: extra.existingId } : {}),
});

function singleParam(result: { issues: readonly { param?: string | undefined }[] }): string | undefined {
  return result.issues.length === 1 ? result.issues[0]?.param : undefined;
}

export class CrmModel {
  private readonly orgs = new Map<string, CrmOrg>();

  /** `exists(org, target, id)`: contacts and companies live in the other model. */
  constructor(private readonly exists: (org: string, target: 'contact' | 'company', id: string) => boolean) {}

  private org(name: string): CrmOrg {
    let org = this.orgs.get(name);
    if (!org) {
      org = {
        records: {
          pipeline: new Map(),
          deal: new Map(),
          activity: new Map(),
          task: new Map(),
          product: new Map(),
        },
        history: new Map(),
        closed: new Map(),
      };
      this.orgs.set(name, org);
    }
    return org;
  }

  all(org: string, resource: CrmResource): Rec[] {
    return [...this.org(org).records[resource].values()];
  }

  get(org: string, resource: CrmResource, id: string): Rec | undefined {
    return this.org(org).records[resource].get(id);
  }

  history(org: string, id: string): StageChange[] {
    return clone(this.org(org).history.get(id) ?? []);
  }

  closedEvents(org: string, id: string): string[] {
    return [...(this.org(org).closed.get(id) ?? [])];
  }

  private has(org: string, target: Target, id: string): boolean {
    if (target === 'contact' || target === 'company') return this.exists(org, target, id);
    return this.org(org).records[target].has(id);
  }

  stage(org: string, pipelineId: string, stageId: string): Stage | undefined {
    const pipeline = this.get(org, 'pipeline', pipelineId);
    return (pipeline?.stages as Stage[] | undefined)?.find((s) => s.id === stageId);
  }

  /** A record as answered at `now` (ms): a deal's whole days in stage and of age. */
  present(org: string, resource: CrmResource, record: Rec, now: number): Rec {
    if (resource !== 'deal') return clone(record);
    const history = this.org(org).history.get(record.id) ?? [];
    const entered = history.at(-1)?.changed_at ?? record.created_at;
    const days = (since: string) => Math.max(0, Math.floor((now - Date.parse(since)) / DAY));
    return { ...clone(record), days_in_stage: days(entered), deal_age_days: days(record.created_at) };
  }

  // -------------------------------------------------------------------------------------------
  // Writes

  /** Link errors: every `*_id` sent as a string must name a record of this org. */
  private linkErrors(org: string, resource: CrmResource, body: Record<string, unknown>): string[] {
    const params: string[] = [];
    for (const [field, target] of Object.entries(SPECS[resource].links)) {
      const value = body[field];
      if (typeof value === 'string' && !this.has(org, target as Target, value)) params.push(field);
    }
    return params;
  }

  /** The record holding a unique key the draft also holds (other than `self`). */
  private holder(org: string, resource: CrmResource, draft: Rec, self?: string): Rec | undefined {
    const keys =
      resource === 'product' ? ['slug'] : resource === 'activity' ? ['source', 'external_id'] : undefined;
    if (!keys || keys.some((k) => draft[k] === null || draft[k] === undefined)) return undefined;
    for (const record of this.org(org).records[resource].values()) {
      if (record.id !== self && keys.every((k) => record[k] === draft[k])) return record;
    }
    return undefined;
  }

  private applyFields(record: Rec, resource: CrmResource, body: Record<string, unknown>, create: boolean) {
    const spec = SPECS[resource];
    for (const [field, fallback] of Object.entries(spec.fields)) {
      if (!(field in body) || field === 'stages' || field === 'completed_at') continue;
      const value = body[field] as Json;
      if (value === null) record[field] = create ? fallback : null;
      else record[field] = spec.timestamps.includes(field) ? utc(value as string) : value;
    }
    record.metadata = create
      ? mergeMetadata({}, (body.metadata as JsonObject | undefined) ?? {})
      : mergeMetadata(record.metadata as JsonObject, body.metadata as JsonObject | null | undefined);
  }

  create(org: string, resource: CrmResource, body: unknown, now: string): CrmOutcome {
    const spec = SPECS[resource];
    const valid = validate(spec.create, body);
    if (!valid.success) return err([400], { param: singleParam(valid) });
    const input = body as Record<string, unknown>;
    const record: Rec = { id: '', created_at: now, updated_at: now, metadata: {} };
    for (const [field, fallback] of Object.entries(spec.fields)) record[field] = fallback;
    if (resource === 'activity') record.occurred_at = now;
    this.applyFields(record, resource, input, true);
    const bad = this.linkErrors(org, resource, input);
    if (resource === 'deal' && !bad.includes('pipeline_id')) {
      if (!this.stage(org, record.pipeline_id as string, record.stage_id as string)) bad.push('stage_id');
    }
    const holder = this.holder(org, resource, record);
    if (bad.length > 0 || holder) {
      return err([...(bad.length > 0 ? [400] : []), ...(holder ? [409] : [])], {
        param: bad.length === 1 && !holder ? bad[0] : undefined,
        existingId: bad.length === 0 ? holder?.id : undefined,
      });
    }
    let stageCount: number[] | undefined;
    if (resource === 'pipeline') {
      const stages =
        (input.stages as { name: string; type?: string; color?: string | null }[] | undefined) ?? [];
      record.stages = stages.map((s, position) => ({
        id: '',
        name: s.name,
        position,
        type: s.type ?? 'open',
        color: s.color ?? null,
      }));
      stageCount = stages.map((_, i) => i);
      // The org's first pipeline is its default (ours).
      if (this.org(org).records.pipeline.size === 0) record.is_default = true;
    }
    if (resource === 'deal') {
      const stage = this.stage(org, record.pipeline_id as string, record.stage_id as string)!;
      if (stage.type === 'won' || stage.type === 'lost') record.status = stage.type;
    }
    if (resource === 'task') record.completed_at = record.status === 'completed' ? now : null;
    return {
      kind: 'record',
      status: 201,
      resource,
      expected: this.present(org, resource, record, Date.parse(now)),
      ...(stageCount ? { newStages: stageCount } : {}),
      commit: (id) => {
        const o = this.org(org);
        const stored: Rec = { ...clone(record), id };
        o.records[resource].set(id, stored);
        if (resource === 'deal') {
          o.history.set(id, [
            { from_stage_id: null, to_stage_id: stored.stage_id as string, changed_at: now },
          ]);
          this.noteClosed(org, stored, undefined);
        }
        if (resource === 'pipeline' && stored.is_default === true) this.clearOtherDefaults(org, id, now);
      },
    };
  }

  /** Gives a created pipeline's (or an added stage's) stages the ids the server chose. */
  adoptStageIds(org: string, pipelineId: string, ids: readonly string[]): void {
    const pipeline = this.get(org, 'pipeline', pipelineId);
    if (!pipeline) return;
    const stages = pipeline.stages as Stage[];
    ids.forEach((id, i) => {
      if (stages[i] && stages[i].id === '') stages[i].id = id;
    });
  }

  private noteClosed(org: string, deal: Rec, previous: string | undefined): void {
    const status = deal.status as string;
    if ((status === 'won' || status === 'lost') && previous !== status) {
      const o = this.org(org);
      o.closed.set(deal.id, [...(o.closed.get(deal.id) ?? []), `deal.${status}`]);
    }
  }

  private clearOtherDefaults(org: string, id: string, now: string): void {
    for (const other of this.org(org).records.pipeline.values()) {
      if (other.id !== id && other.is_default === true) {
        other.is_default = false;
        other.updated_at = now;
      }
    }
  }

  update(org: string, resource: CrmResource, id: string, body: unknown, now: string): CrmOutcome {
    const spec = SPECS[resource];
    const existing = this.get(org, resource, id);
    const valid = validate(spec.update, body);
    if (!valid.success)
      return err(existing ? [400] : [400, 404], existing ? { param: singleParam(valid) } : {});
    if (!existing) return err([404]);
    const input = body as Record<string, unknown>;
    const next = clone(existing);
    this.applyFields(next, resource, input, false);
    const bad = this.linkErrors(org, resource, input);
    if (resource === 'deal' && !bad.includes('pipeline_id')) {
      if (!this.stage(org, next.pipeline_id as string, next.stage_id as string)) bad.push('stage_id');
    }
    const holder = this.holder(org, resource, next, id);
    if (bad.length > 0 || holder) {
      return err([...(bad.length > 0 ? [400] : []), ...(holder ? [409] : [])], {
        param: bad.length === 1 && !holder ? bad[0] : undefined,
        existingId: bad.length === 0 ? holder?.id : undefined,
      });
    }
    return this.commitUpdate(org, resource, existing, next, now, 200);
  }

  /** Applies a deal's stage rules and a task's `completed_at`, then stores a real change. */
  private commitUpdate(
    org: string,
    resource: CrmResource,
    existing: Rec,
    next: Rec,
    now: string,
    status: 200 | 201,
  ): CrmOutcome {
    const moved = resource === 'deal' && next.stage_id !== existing.stage_id;
    if (moved) {
      const stage = this.stage(org, next.pipeline_id as string, next.stage_id as string)!;
      const from = this.stage(org, existing.pipeline_id as string, existing.stage_id as string);
      if (stage.type === 'won' || stage.type === 'lost') next.status = stage.type;
      else if (
        (from?.type === 'won' || from?.type === 'lost') &&
        next.status === existing.status &&
        (existing.status === 'won' || existing.status === 'lost')
      ) {
        // Leaving a won/lost stage for an open one reopens the deal (ours), unless the same
        // write sets another status.
        next.status = 'open';
      }
    }
    if (resource === 'task') {
      if (next.status !== 'completed') next.completed_at = null;
      else if (existing.status !== 'completed') next.completed_at = now;
    }
    if (!isDeepStrictEqual(next, existing)) {
      const previousStatus = existing.status as string;
      next.updated_at = now;
      Object.assign(existing, next);
      if (moved) {
        const o = this.org(org);
        o.history.get(existing.id)!.push({
          from_stage_id: (this.lastStage(org, existing.id) ?? null) as string | null,
          to_stage_id: existing.stage_id as string,
          changed_at: now,
        });
      }
      if (resource === 'deal') this.noteClosed(org, existing, previousStatus);
      if (resource === 'pipeline' && existing.is_default === true && next.is_default === true)
        this.clearOtherDefaults(org, existing.id, now);
    }
    return {
      kind: 'record',
      status,
      resource,
      expected: this.present(org, resource, existing, Date.parse(now)),
    };
  }

  private lastStage(org: string, dealId: string): string | undefined {
    return this.org(org).history.get(dealId)?.at(-1)?.to_stage_id;
  }

  /** `POST /deals/:id/stage`. */
  moveStage(org: string, id: string, body: unknown, now: string): CrmOutcome {
    const existing = this.get(org, 'deal', id);
    const valid = validate(DealMoveStageParams, body);
    if (!valid.success) return err(existing ? [400] : [400, 404]);
    if (!existing) return err([404]);
    const stageId = (body as { stage_id: string }).stage_id;
    if (!this.stage(org, existing.pipeline_id as string, stageId)) return err([400], { param: 'stage_id' });
    return this.commitUpdate(org, 'deal', existing, { ...clone(existing), stage_id: stageId }, now, 200);
  }

  delete(org: string, resource: CrmResource, id: string, now: string): CrmOutcome {
    const o = this.org(org);
    if (!o.records[resource].has(id)) return err([404]);
    if (resource === 'pipeline') {
      for (const deal of o.records.deal.values()) if (deal.pipeline_id === id) return err([409]);
    }
    o.records[resource].delete(id);
    if (resource === 'deal') this.nullLinks(org, 'deal_id', id, now);
    return { kind: 'deleted', id };
  }

  /** Records linking to a deleted record keep existing with the link `null` (SPEC §7). */
  nullLinks(org: string, field: 'contact_id' | 'company_id' | 'deal_id', id: string, now: string): void {
    this.relink(org, field, id, null, now);
  }

  /** Points every link `field` = `from` at `to` (a merge's duplicates, ours) or `null`. */
  relink(
    org: string,
    field: 'contact_id' | 'company_id' | 'deal_id',
    from: string,
    to: string | null,
    now: string,
  ) {
    for (const resource of ['deal', 'activity', 'task'] as const) {
      for (const record of this.org(org).records[resource].values()) {
        if (record[field] === from) {
          record[field] = to;
          record.updated_at = now;
        }
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Stages

  addStage(org: string, id: string, body: unknown, now: string): CrmOutcome {
    const existing = this.get(org, 'pipeline', id);
    const valid = validate(StageCreateParams, body);
    if (!valid.success)
      return err(existing ? [400] : [400, 404], existing ? { param: singleParam(valid) } : {});
    if (!existing) return err([404]);
    const s = body as { name: string; type?: string; color?: string | null };
    const stages = existing.stages as Stage[];
    stages.push({
      id: '',
      name: s.name,
      position: stages.length,
      type: s.type ?? 'open',
      color: s.color ?? null,
    });
    existing.updated_at = now;
    return {
      kind: 'record',
      status: 201,
      resource: 'pipeline',
      expected: clone(existing),
      newStages: [stages.length - 1],
    };
  }

  reorderStages(org: string, id: string, body: unknown, now: string): CrmOutcome {
    const existing = this.get(org, 'pipeline', id);
    const valid = validate(StageReorderParams, body);
    if (!valid.success) return err(existing ? [400] : [400, 404]);
    if (!existing) return err([404]);
    const ids = (body as { stage_ids: string[] }).stage_ids;
    const stages = existing.stages as Stage[];
    const byId = new Map(stages.map((s) => [s.id, s]));
    if (ids.length !== stages.length || new Set(ids).size !== ids.length || ids.some((i) => !byId.has(i)))
      return err([400], { param: 'stage_ids' });
    const next = ids.map((sid, position) => ({ ...byId.get(sid)!, position }));
    if (!isDeepStrictEqual(next, stages)) {
      existing.stages = next;
      existing.updated_at = now;
    }
    return { kind: 'record', status: 200, resource: 'pipeline', expected: clone(existing) };
  }

  deleteStage(org: string, id: string, stageId: string, now: string): CrmOutcome {
    const o = this.org(org);
    const existing = this.get(org, 'pipeline', id);
    if (!existing) return err([404]);
    const stages = existing.stages as Stage[];
    if (!stages.some((s) => s.id === stageId)) return err([404]);
    for (const deal of o.records.deal.values()) if (deal.stage_id === stageId) return err([409]);
    existing.stages = stages.filter((s) => s.id !== stageId).map((s, position) => ({ ...s, position }));
    existing.updated_at = now;
    return { kind: 'record', status: 200, resource: 'pipeline', expected: clone(existing) };
  }
}
