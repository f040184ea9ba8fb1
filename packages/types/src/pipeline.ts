import * as z from 'zod/mini';
import { listOf, Metadata, oneOf, openEnum, withJsonSchema } from './common.js';
import { BooleanInput, createBody, getQuery, listQuery, NonBlank, updateBody } from './fields.js';
import { defineResource } from './resource.js';

/** What reaching a stage means for a deal [Rex]: `won` and `lost` stages close it. */
export const STAGE_TYPES = ['open', 'won', 'lost'] as const;
/** What reaching a stage means for a deal [Rex]. */
export type StageType = (typeof STAGE_TYPES)[number];

/** A stage of a pipeline, as Rex returns it [Rex]. */
export const PipelineStage = /* @__PURE__ */ (() =>
  z.object({
    /** TypeID with the `stg_` prefix. */
    id: z.string(),
    name: z.string(),
    /** 0-based place in the pipeline. */
    position: z.number(),
    /** `open`, or `won`/`lost`: moving a deal here sets its `status` to match. */
    type: openEnum(STAGE_TYPES),
    /** A colour as `#rrggbb`, or `null`. */
    color: z.nullable(z.string()),
  }))();
/** A stage of a pipeline [Rex]. */
export interface PipelineStage extends z.infer<typeof PipelineStage> {}

/** A sales pipeline: an ordered list of stages deals move through [Rex]. */
export const Pipeline = /* @__PURE__ */ (() =>
  z.object({
    /** TypeID with the `pipe_` prefix. */
    id: z.string(),
    name: z.string(),
    /** Whether this is the org's default pipeline; one at most per org. */
    is_default: z.boolean(),
    /** The stages, in order. */
    stages: z.array(PipelineStage),
    metadata: Metadata,
    created_at: z.string(),
    updated_at: z.string(),
  }))();
/** A sales pipeline [Rex]. */
export interface Pipeline extends z.infer<typeof Pipeline> {}

/** Every field of a pipeline, in the order Rex returns them. */
export const PIPELINE_FIELDS = [
  'id',
  'name',
  'is_default',
  'stages',
  'metadata',
  'created_at',
  'updated_at',
] as const;

/** A colour as `#rrggbb`. */
const Color = /* @__PURE__ */ withJsonSchema(
  z.string().check(z.refine((color) => /^#[0-9a-fA-F]{6}$/.test(color), 'must be a colour such as #1f6feb')),
  { type: 'string' },
);

/** Body of `POST /pipelines/:id/stages`, and one stage of a new pipeline. */
export const StageCreateParams = /* @__PURE__ */ z.strictObject({
  name: NonBlank,
  type: z.optional(oneOf(STAGE_TYPES)),
  color: z.optional(z.nullable(Color)),
});
/** Body of `POST /pipelines/:id/stages`. */
export interface StageCreateParams extends z.input<typeof StageCreateParams> {}

/** Body of `POST /pipelines`: `stages` in order (ids are given by Rex). */
export const PipelineCreateParams = /* @__PURE__ */ createBody(
  { name: NonBlank },
  { is_default: z.optional(BooleanInput), stages: z.optional(listOf(StageCreateParams)) },
);
/** Body of `POST /pipelines`. */
export interface PipelineCreateParams extends z.input<typeof PipelineCreateParams> {}

/** Body of `PATCH /pipelines/:id`; stages change through the stage endpoints. */
export const PipelineUpdateParams = /* @__PURE__ */ updateBody(
  { name: NonBlank },
  { is_default: z.optional(BooleanInput) },
);
/** Body of `PATCH /pipelines/:id`. */
export interface PipelineUpdateParams extends z.input<typeof PipelineUpdateParams> {}

/** Body of `PUT /pipelines/:id/stages`: every stage id of the pipeline, once each, in the new order. */
export const StageReorderParams = /* @__PURE__ */ z.strictObject({
  stage_ids: listOf(z.string()),
});
/** Body of `PUT /pipelines/:id/stages`. */
export interface StageReorderParams extends z.input<typeof StageReorderParams> {}

/** Fields a pipeline list can be sorted by. */
export const PIPELINE_SORT_FIELDS = ['created_at', 'updated_at', 'name'] as const;
/** Related records `include=` can embed in a pipeline. */
export const PIPELINE_INCLUDES = ['deals'] as const;

/** Query of `GET /pipelines`. */
export const PipelineListParams = /* @__PURE__ */ listQuery(
  PIPELINE_FIELDS,
  PIPELINE_SORT_FIELDS,
  PIPELINE_INCLUDES,
  {
    is_default: z.optional(BooleanInput),
  },
);
/** Query of `GET /pipelines`. */
export interface PipelineListParams extends z.input<typeof PipelineListParams> {}

/** Query of `GET /pipelines/:id`. */
export const PipelineGetParams = /* @__PURE__ */ getQuery(PIPELINE_FIELDS, PIPELINE_INCLUDES);
/** Query of `GET /pipelines/:id`. */
export interface PipelineGetParams extends z.input<typeof PipelineGetParams> {}

/**
 * Pipelines as the server sees them: stages live inside the pipeline; deleting one that still
 * holds deals is refused (the deals' link says so).
 */
export const PIPELINES = /* @__PURE__ */ defineResource({
  name: 'pipeline',
  plural: 'pipelines',
  title: 'Pipeline',
  prefix: 'pipe',
  fields: PIPELINE_FIELDS,
  sortFields: PIPELINE_SORT_FIELDS,
  defaults: { is_default: false },
  filters: { is_default: { kind: 'eq' } },
  schemas: { record: Pipeline, create: PipelineCreateParams },
});
