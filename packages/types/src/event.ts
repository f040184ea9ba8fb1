import * as z from 'zod/mini';
import { Company } from './company.js';
import { Contact } from './contact.js';
import { LimitParam } from './fields.js';

/** Event types Rex emits for contacts and companies [Rex]. */
export const EVENT_TYPES = [
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'company.created',
  'company.updated',
  'company.deleted',
] as const;
/** An event type Rex emits for contacts and companies [Rex]. */
export const EventType = /* @__PURE__ */ z.enum(EVENT_TYPES);
/** An event type Rex emits for contacts and companies [Rex]. */
export type EventType = (typeof EVENT_TYPES)[number];

// @__NO_SIDE_EFFECTS__
function event<T extends EventType, D extends z.ZodMiniType>(type: T, data: D) {
  return z.object({
    /** TypeID with the `evt_` prefix. */
    id: z.string(),
    type: z.literal(type),
    /** When the change happened. */
    timestamp: z.string(),
    /** The record after the change, or `{ id }` for a deletion. */
    data,
  });
}

const DeletedRef = /* @__PURE__ */ (() => z.object({ id: z.string() }))();

/**
 * A change to a contact or company, as listed by `GET /events` and delivered to webhooks
 * [Rex]. Narrow on `type` to get a typed `data`.
 */
export const Event = /* @__PURE__ */ (() =>
  z.discriminatedUnion('type', [
    event('contact.created', Contact),
    event('contact.updated', Contact),
    event('contact.deleted', DeletedRef),
    event('company.created', Company),
    event('company.updated', Company),
    event('company.deleted', DeletedRef),
  ]))();
/** A change to a contact or company [Rex]. */
export type Event = z.infer<typeof Event>;

/**
 * Query of `GET /events` [Rex] — events oldest first, starting after the event id `after`
 * (each page's `meta.cursor` is the id to pass next).
 */
export const EventListParams = /* @__PURE__ */ z.strictObject({
  after: z.optional(z.string()),
  limit: LimitParam,
});
/** Query of `GET /events`. */
export type EventListParams = z.input<typeof EventListParams>;
