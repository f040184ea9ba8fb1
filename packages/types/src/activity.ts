import * as z from 'zod/mini';
import {
  IntInput,
  Metadata,
  NullableText,
  oneOf,
  openEnum,
  TimestampInput,
  withJsonSchema,
} from './common.js';
import { createBody, getQuery, listQuery, updateBody } from './fields.js';
import { defineResource } from './resource.js';

/** Kinds of activity [Rex]. */
export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'note', 'task', 'custom', 'other'] as const;
/** A kind of activity [Rex]. */
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
/** States of an activity [Rex]. */
export const ACTIVITY_STATUSES = ['draft', 'completed', 'scheduled', 'rejected'] as const;
/** Directions of an activity [Rex]. */
export const ACTIVITY_DIRECTIONS = ['inbound', 'outbound', 'na'] as const;

/** Something that happened with a contact, company or deal: a call, an email, a note [Rex]. */
export const Activity = /* @__PURE__ */ (() =>
  z.object({
    /** TypeID with the `act_` prefix. */
    id: z.string(),
    type: openEnum(ACTIVITY_TYPES),
    subtype: z.nullable(z.string()),
    status: z.nullable(openEnum(ACTIVITY_STATUSES)),
    subject: z.nullable(z.string()),
    body: z.nullable(z.string()),
    contact_id: z.nullable(z.string()),
    company_id: z.nullable(z.string()),
    deal_id: z.nullable(z.string()),
    owner_id: z.nullable(z.string()),
    /** When it happened; the time of creation unless set. */
    occurred_at: z.string(),
    /** Length in seconds. */
    duration: z.nullable(z.number()),
    direction: z.nullable(openEnum(ACTIVITY_DIRECTIONS)),
    /** The system it came from; with `external_id`, unique per org [Rex]. */
    source: z.nullable(z.string()),
    external_id: z.nullable(z.string()),
    /** Who or what logged it (a person, an AI agent). */
    generated_by: z.nullable(z.string()),
    /** Confidence of a generated activity, from 0 to 1. */
    confidence_score: z.nullable(z.number()),
    /** The model that generated it. */
    model: z.nullable(z.string()),
    metadata: Metadata,
    created_at: z.string(),
    updated_at: z.string(),
  }))();
/** An activity [Rex]. */
export interface Activity extends z.infer<typeof Activity> {}

/** Every field of an activity, in the order Rex returns them. */
export const ACTIVITY_FIELDS = [
  'id',
  'type',
  'subtype',
  'status',
  'subject',
  'body',
  'contact_id',
  'company_id',
  'deal_id',
  'owner_id',
  'occurred_at',
  'duration',
  'direction',
  'source',
  'external_id',
  'generated_by',
  'confidence_score',
  'model',
  'metadata',
  'created_at',
  'updated_at',
] as const;

/** A confidence from 0 to 1. */
const Confidence = /* @__PURE__ */ withJsonSchema(
  z.custom<number>(
    (n) => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 1,
    'must be a number from 0 to 1',
  ),
  { type: 'number' },
);

const TypeInput = /* @__PURE__ */ oneOf(ACTIVITY_TYPES);

const writable = {
  subtype: NullableText,
  status: /* @__PURE__ */ z.optional(z.nullable(oneOf(ACTIVITY_STATUSES))),
  subject: NullableText,
  body: NullableText,
  contact_id: NullableText,
  company_id: NullableText,
  deal_id: NullableText,
  owner_id: NullableText,
  occurred_at: /* @__PURE__ */ z.optional(TimestampInput),
  duration: /* @__PURE__ */ z.optional(z.nullable(IntInput)),
  direction: /* @__PURE__ */ z.optional(z.nullable(oneOf(ACTIVITY_DIRECTIONS))),
  source: NullableText,
  external_id: NullableText,
  generated_by: NullableText,
  confidence_score: /* @__PURE__ */ z.optional(z.nullable(Confidence)),
  model: NullableText,
};

/** Body of `POST /activities`: `type` is required; `occurred_at` defaults to now. */
export const ActivityCreateParams = /* @__PURE__ */ createBody({ type: TypeInput }, writable);
/** Body of `POST /activities`. */
export interface ActivityCreateParams extends z.input<typeof ActivityCreateParams> {}

/** Body of `PATCH /activities/:id`. */
export const ActivityUpdateParams = /* @__PURE__ */ updateBody({ type: TypeInput }, writable);
/** Body of `PATCH /activities/:id`. */
export interface ActivityUpdateParams extends z.input<typeof ActivityUpdateParams> {}

/** Fields an activity list can be sorted by. */
export const ACTIVITY_SORT_FIELDS = ['created_at', 'updated_at', 'occurred_at'] as const;
/** Related records `include=` can embed in an activity. */
export const ACTIVITY_INCLUDES = ['contact', 'company', 'deal'] as const;

/** Query of `GET /activities` and the nested activity lists [Rex filters]. */
export const ActivityListParams = /* @__PURE__ */ listQuery(
  ACTIVITY_FIELDS,
  ACTIVITY_SORT_FIELDS,
  ACTIVITY_INCLUDES,
  {
    contact_id: z.optional(z.string()),
    company_id: z.optional(z.string()),
    deal_id: z.optional(z.string()),
    type: z.optional(oneOf(ACTIVITY_TYPES)),
    owner_id: z.optional(z.string()),
    /** Only activities that occurred strictly after this instant. */
    occurred_after: z.optional(TimestampInput),
    /** Only activities that occurred strictly before this instant. */
    occurred_before: z.optional(TimestampInput),
  },
);
/** Query of `GET /activities`. */
export interface ActivityListParams extends z.input<typeof ActivityListParams> {}

/** Query of `GET /activities/:id`. */
export const ActivityGetParams = /* @__PURE__ */ getQuery(ACTIVITY_FIELDS, ACTIVITY_INCLUDES);
/** Query of `GET /activities/:id`. */
export interface ActivityGetParams extends z.input<typeof ActivityGetParams> {}

/**
 * Activities as the server sees them: `(source, external_id)` unique per org when both are set
 * [Rex: "for dedup"], links to contact, company and deal cleared when those are deleted.
 */
export const ACTIVITIES = /* @__PURE__ */ defineResource({
  name: 'activity',
  plural: 'activities',
  title: 'Activity',
  prefix: 'act',
  fields: ACTIVITY_FIELDS,
  sortFields: ACTIVITY_SORT_FIELDS,
  timestamps: ['occurred_at'],
  defaultNow: ['occurred_at'],
  unique: [{ fields: ['source', 'external_id'] }],
  filters: {
    contact_id: { kind: 'eq' },
    company_id: { kind: 'eq' },
    deal_id: { kind: 'eq' },
    type: { kind: 'eq' },
    owner_id: { kind: 'eq' },
    occurred_after: { kind: 'after', field: 'occurred_at' },
    occurred_before: { kind: 'before', field: 'occurred_at' },
  },
  links: {
    contact_id: { to: 'contacts', as: 'contact', onDelete: 'nullify' },
    company_id: { to: 'companies', as: 'company', onDelete: 'nullify' },
    deal_id: { to: 'deals', as: 'deal', onDelete: 'nullify' },
  },
  schemas: { record: Activity, create: ActivityCreateParams },
});
