import * as z from 'zod/mini';
import { Metadata, NullableText, oneOf, openEnum, TimestampInput } from './common.js';
import { Company } from './company.js';
import { Contact } from './contact.js';
import {
  CentsInput,
  CurrencyInput,
  createBody,
  getQuery,
  listQuery,
  NonBlank,
  pageQuery,
  updateBody,
} from './fields.js';
import { Pipeline, PipelineStage } from './pipeline.js';
import { defineResource } from './resource.js';

/** Where a deal stands [Rex]; `won`/`lost` follow from its stage's type. */
export const DEAL_STATUSES = ['open', 'won', 'lost', 'stalled'] as const;
/** Where a deal stands [Rex]. */
export type DealStatus = (typeof DEAL_STATUSES)[number];

/** Records embedded by `include=` that are lists (activities, tasks): loosely typed. */
const Embedded = /* @__PURE__ */ (() => z.optional(z.array(z.record(z.string(), z.unknown()))))();

/** A deal: a potential sale moving through a pipeline's stages [Rex]. */
export const Deal = /* @__PURE__ */ (() =>
  z.object({
    /** TypeID with the `deal_` prefix. */
    id: z.string(),
    name: z.string(),
    /** The pipeline (`pipe_…`) the deal moves through. */
    pipeline_id: z.string(),
    /** The deal's stage (`stg_…`), one of its pipeline's. */
    stage_id: z.string(),
    contact_id: z.nullable(z.string()),
    company_id: z.nullable(z.string()),
    /** Value in cents. */
    value: z.number(),
    /** ISO 4217 code; `USD` unless set. */
    currency: z.string(),
    /** `open` unless set; moving to a `won`/`lost` stage sets it to match. */
    status: openEnum(DEAL_STATUSES),
    /** When the deal is expected to close. */
    expected_close: z.nullable(z.string()),
    owner_id: z.nullable(z.string()),
    source: z.nullable(z.string()),
    metadata: Metadata,
    /** Whole days since the deal entered its stage (read-only). */
    days_in_stage: z.number(),
    /** Whole days since the deal was created (read-only). */
    deal_age_days: z.number(),
    created_at: z.string(),
    updated_at: z.string(),
    /** Embedded with `include=contact`. */
    contact: z.optional(z.nullable(Contact)),
    /** Embedded with `include=company`. */
    company: z.optional(z.nullable(Company)),
    /** Embedded with `include=pipeline`. */
    pipeline: z.optional(z.nullable(Pipeline)),
    /** Embedded with `include=stage`. */
    stage: z.optional(z.nullable(PipelineStage)),
    /** Embedded with `include=activities`. */
    activities: Embedded,
    /** Embedded with `include=tasks`. */
    tasks: Embedded,
  }))();
/** A deal [Rex]. */
export interface Deal extends z.infer<typeof Deal> {}

/** Every field of a deal, in the order Rex returns them. */
export const DEAL_FIELDS = [
  'id',
  'name',
  'pipeline_id',
  'stage_id',
  'contact_id',
  'company_id',
  'value',
  'currency',
  'status',
  'expected_close',
  'owner_id',
  'source',
  'metadata',
  'days_in_stage',
  'deal_age_days',
  'created_at',
  'updated_at',
] as const;

const writable = {
  contact_id: NullableText,
  company_id: NullableText,
  value: /* @__PURE__ */ z.optional(CentsInput),
  currency: /* @__PURE__ */ z.optional(CurrencyInput),
  status: /* @__PURE__ */ z.optional(oneOf(DEAL_STATUSES)),
  expected_close: /* @__PURE__ */ z.optional(z.nullable(TimestampInput)),
  owner_id: NullableText,
  source: NullableText,
};

const required = {
  name: NonBlank,
  pipeline_id: /* @__PURE__ */ z.string(),
  stage_id: /* @__PURE__ */ z.string(),
};

/** Body of `POST /deals`: `stage_id` must be a stage of `pipeline_id`. */
export const DealCreateParams = /* @__PURE__ */ createBody(required, writable);
/** Body of `POST /deals`. */
export interface DealCreateParams extends z.input<typeof DealCreateParams> {}

/** Body of `PATCH /deals/:id`; a stage change is recorded in the deal's history. */
export const DealUpdateParams = /* @__PURE__ */ updateBody(required, writable);
/** Body of `PATCH /deals/:id`. */
export interface DealUpdateParams extends z.input<typeof DealUpdateParams> {}

/** Body of `POST /deals/:id/stage`: the stage to move to, of the deal's pipeline. */
export const DealMoveStageParams = /* @__PURE__ */ z.strictObject({ stage_id: z.string() });
/** Body of `POST /deals/:id/stage`. */
export interface DealMoveStageParams extends z.input<typeof DealMoveStageParams> {}

/** One move of a deal between stages, oldest first in `GET /deals/:id/history` [Rex]. */
export const DealStageChange = /* @__PURE__ */ (() =>
  z.object({
    from_stage_id: z.nullable(z.string()),
    to_stage_id: z.string(),
    changed_at: z.string(),
  }))();
/** One move of a deal between stages [Rex]. */
export interface DealStageChange extends z.infer<typeof DealStageChange> {}

/** Fields a deal list can be sorted by. */
export const DEAL_SORT_FIELDS = ['created_at', 'updated_at', 'name', 'expected_close'] as const;
/** Related records `include=` can embed in a deal. */
export const DEAL_INCLUDES = ['contact', 'company', 'pipeline', 'stage', 'activities', 'tasks'] as const;

/** Query of `GET /deals` and the nested deal lists. */
export const DealListParams = /* @__PURE__ */ listQuery(DEAL_FIELDS, DEAL_SORT_FIELDS, DEAL_INCLUDES, {
  pipeline_id: z.optional(z.string()),
  stage_id: z.optional(z.string()),
  contact_id: z.optional(z.string()),
  company_id: z.optional(z.string()),
  owner_id: z.optional(z.string()),
  status: z.optional(oneOf(DEAL_STATUSES)),
});
/** Query of `GET /deals`. */
export interface DealListParams extends z.input<typeof DealListParams> {}

/** Query of `GET /deals/:id`. */
export const DealGetParams = /* @__PURE__ */ getQuery(DEAL_FIELDS, DEAL_INCLUDES);
/** Query of `GET /deals/:id`. */
export interface DealGetParams extends z.input<typeof DealGetParams> {}

/** Query of `GET /deals/:id/history`: pages of stage changes, oldest first. */
export const DealHistoryParams = /* @__PURE__ */ pageQuery();
/** Query of `GET /deals/:id/history`. */
export interface DealHistoryParams extends z.input<typeof DealHistoryParams> {}

/**
 * Deals as the server sees them: links to their pipeline (deleting a pipeline that holds deals
 * is refused), contact and company (deleting those clears the link).
 */
export const DEALS = /* @__PURE__ */ defineResource({
  name: 'deal',
  plural: 'deals',
  title: 'Deal',
  prefix: 'deal',
  fields: DEAL_FIELDS,
  sortFields: DEAL_SORT_FIELDS,
  defaults: { value: 0, currency: 'USD', status: 'open' },
  timestamps: ['expected_close'],
  computed: ['days_in_stage', 'deal_age_days'],
  filters: {
    pipeline_id: { kind: 'eq' },
    stage_id: { kind: 'eq' },
    contact_id: { kind: 'eq' },
    company_id: { kind: 'eq' },
    owner_id: { kind: 'eq' },
    status: { kind: 'eq' },
  },
  links: {
    pipeline_id: { to: 'pipelines', as: 'pipeline', onDelete: 'restrict' },
    contact_id: { to: 'contacts', as: 'contact', onDelete: 'nullify' },
    company_id: { to: 'companies', as: 'company', onDelete: 'nullify' },
  },
  schemas: { record: Deal, create: DealCreateParams },
});
