import * as z from 'zod/mini';
import { Activity } from './activity.js';
import type { Timestamp } from './common.js';
import { Company } from './company.js';
import { Contact } from './contact.js';
import { Deal } from './deal.js';
import { LimitParam, nameList } from './fields.js';
import { Pipeline } from './pipeline.js';
import { Product } from './product.js';
import { Task } from './task.js';

/**
 * Every event type [Rex: Events API]; the `product.*` and `pipeline.*` types are ours until Rex
 * documents them. `*.enriched` is emitted when enrichment adds data to a record.
 */
export const EVENT_TYPES = [
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'contact.enriched',
  'company.created',
  'company.updated',
  'company.deleted',
  'company.enriched',
  'deal.created',
  'deal.updated',
  'deal.deleted',
  'deal.stage_changed',
  'deal.won',
  'deal.lost',
  'activity.created',
  'activity.updated',
  'activity.deleted',
  'task.created',
  'task.updated',
  'task.deleted',
  'product.created',
  'product.updated',
  'product.deleted',
  'pipeline.created',
  'pipeline.updated',
  'pipeline.deleted',
] as const;
/** An event type [Rex]. */
export const EventType = /* @__PURE__ */ z.enum(EVENT_TYPES);
/** An event type [Rex]. */
export type EventType = (typeof EVENT_TYPES)[number];

/** The id of a deleted record: the `data` of a `*.deleted` event. */
export interface DeletedRecord {
  /** Id of the deleted record. */
  id: string;
}

/**
 * One event of one type, as listed by `GET /events` [Rex] — what changed, when, and the record
 * after the change (`{ id }` for a deletion).
 */
export interface RexEvent<T extends string, D> {
  /** TypeID with the `evt_` prefix; pass it as `after` (or `cursor`) to list the events after it. */
  id: string;
  /** What happened, such as `contact.created`. */
  type: T;
  /** When the change happened, ISO 8601 UTC. */
  timestamp: Timestamp;
  /** The record after the change; `{ id }` for a deletion; `{deal_id, from_stage_id, to_stage_id}` for `deal.stage_changed`. */
  data: D;
}

/** One {@link RexEvent} per type of `T`, so the union stays discriminated by `type`. */
export type EventOf<T extends string, D> = T extends string ? RexEvent<T, D> : never;

/**
 * A change to a record, as listed by `GET /events` [Rex]. A union discriminated by `type`, so
 * narrowing on `type` gives a typed `data`.
 */
export type Event =
  | EventOf<'contact.created' | 'contact.updated' | 'contact.enriched', Contact>
  | EventOf<'company.created' | 'company.updated' | 'company.enriched', Company>
  | EventOf<'deal.created' | 'deal.updated' | 'deal.won' | 'deal.lost', Deal>
  | EventOf<'deal.stage_changed', DealStageChanged>
  | EventOf<'activity.created' | 'activity.updated', Activity>
  | EventOf<'task.created' | 'task.updated', Task>
  | EventOf<'product.created' | 'product.updated', Product>
  | EventOf<'pipeline.created' | 'pipeline.updated', Pipeline>
  | EventOf<
      | 'contact.deleted'
      | 'company.deleted'
      | 'deal.deleted'
      | 'activity.deleted'
      | 'task.deleted'
      | 'product.deleted'
      | 'pipeline.deleted',
      DeletedRecord
    >;

// @__NO_SIDE_EFFECTS__
function event<T extends EventType, D extends z.ZodMiniType>(type: T, data: D) {
  return z.object({ id: z.string(), type: z.literal(type), timestamp: z.string(), data });
}

const DeletedRef = /* @__PURE__ */ (() => z.object({ id: z.string() }))();

/** The data of `deal.stage_changed` [Rex]. */
export const DealStageChanged = /* @__PURE__ */ (() =>
  z.object({
    deal_id: z.string(),
    from_stage_id: z.nullable(z.string()),
    to_stage_id: z.string(),
  }))();
/** The data of `deal.stage_changed` [Rex]. */
export interface DealStageChanged extends z.infer<typeof DealStageChanged> {}

/**
 * The schema of {@link Event}: a union discriminated by `type`. A type test keeps its output
 * equal to the union of interfaces.
 */
export const Event = /* @__PURE__ */ (() =>
  z.discriminatedUnion('type', [
    event('contact.created', Contact),
    event('contact.updated', Contact),
    event('contact.deleted', DeletedRef),
    event('company.created', Company),
    event('company.updated', Company),
    event('company.deleted', DeletedRef),
    event('contact.enriched', Contact),
    event('company.enriched', Company),
    event('deal.created', Deal),
    event('deal.updated', Deal),
    event('deal.deleted', DeletedRef),
    event('deal.stage_changed', DealStageChanged),
    event('deal.won', Deal),
    event('deal.lost', Deal),
    event('activity.created', Activity),
    event('activity.updated', Activity),
    event('activity.deleted', DeletedRef),
    event('task.created', Task),
    event('task.updated', Task),
    event('task.deleted', DeletedRef),
    event('product.created', Product),
    event('product.updated', Product),
    event('product.deleted', DeletedRef),
    event('pipeline.created', Pipeline),
    event('pipeline.updated', Pipeline),
    event('pipeline.deleted', DeletedRef),
  ]) satisfies z.ZodMiniType<Event>)();

/**
 * Query of `GET /events` [Rex] — events oldest first, starting after the event id `after`
 * (each page's `meta.cursor` is the id to pass next).
 */
export const EventListParams = /* @__PURE__ */ z.strictObject({
  after: z.optional(z.string()),
  /** The same position as `after`, as `meta.cursor` returns it [Rex: Events API]. */
  cursor: z.optional(z.string()),
  limit: LimitParam,
  /** Only events of these types (one, or a comma list) [Rex: Events API]. */
  type: z.optional(nameList(EVENT_TYPES)),
});
/** Query of `GET /events`. */
export interface EventListParams extends z.input<typeof EventListParams> {}
