import * as z from 'zod/mini';
import type { Timestamp } from './common.js';
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

/**
 * A change to a contact or company, as listed by `GET /events` [Rex]. A union discriminated by
 * `type`, so narrowing on `type` gives a typed `data`.
 *
 * The members are written out (not built from a generic) so that editors and the reference
 * show each one's fields and their documentation.
 */
export type Event =
  | {
      /** TypeID with the `evt_` prefix; pass it as `after` to list the events after this one. */
      id: string;
      /** A contact was created. */
      type: 'contact.created';
      /** When the change happened, ISO 8601 UTC. */
      timestamp: Timestamp;
      /** The new contact. */
      data: Contact;
    }
  | {
      /** TypeID with the `evt_` prefix; pass it as `after` to list the events after this one. */
      id: string;
      /** A contact changed: an update, an upsert or a merge into it. */
      type: 'contact.updated';
      /** When the change happened, ISO 8601 UTC. */
      timestamp: Timestamp;
      /** The contact after the change. */
      data: Contact;
    }
  | {
      /** TypeID with the `evt_` prefix; pass it as `after` to list the events after this one. */
      id: string;
      /** A contact was deleted, or merged into another. */
      type: 'contact.deleted';
      /** When the change happened, ISO 8601 UTC. */
      timestamp: Timestamp;
      /** The id of the contact that is gone. */
      data: {
        /** Id of the deleted record. */
        id: string;
      };
    }
  | {
      /** TypeID with the `evt_` prefix; pass it as `after` to list the events after this one. */
      id: string;
      /** A company was created. */
      type: 'company.created';
      /** When the change happened, ISO 8601 UTC. */
      timestamp: Timestamp;
      /** The new company. */
      data: Company;
    }
  | {
      /** TypeID with the `evt_` prefix; pass it as `after` to list the events after this one. */
      id: string;
      /** A company changed. */
      type: 'company.updated';
      /** When the change happened, ISO 8601 UTC. */
      timestamp: Timestamp;
      /** The company after the change. */
      data: Company;
    }
  | {
      /** TypeID with the `evt_` prefix; pass it as `after` to list the events after this one. */
      id: string;
      /** A company was deleted; its contacts stay, unlinked. */
      type: 'company.deleted';
      /** When the change happened, ISO 8601 UTC. */
      timestamp: Timestamp;
      /** The id of the company that is gone. */
      data: {
        /** Id of the deleted record. */
        id: string;
      };
    };

// @__NO_SIDE_EFFECTS__
function event<T extends EventType, D extends z.ZodMiniType>(type: T, data: D) {
  return z.object({ id: z.string(), type: z.literal(type), timestamp: z.string(), data });
}

const DeletedRef = /* @__PURE__ */ (() => z.object({ id: z.string() }))();

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
  ]) satisfies z.ZodMiniType<Event>)();

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
