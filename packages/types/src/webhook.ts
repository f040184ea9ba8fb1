import * as z from 'zod/mini';
import {
  HttpUrlInput,
  Metadata,
  MetadataPatch,
  NullableText,
  oneOf,
  openEnum,
  TimestampInput,
  withJsonSchema,
} from './common.js';
import { EVENT_TYPES, type EventType } from './event.js';
import { pageQuery } from './fields.js';
import { defineResource } from './resource.js';

/** Statuses of a webhook subscription [Rex]; `disabled` is set by Rex, never by a PATCH. */
export const WEBHOOK_STATUSES = ['active', 'paused', 'disabled'] as const;
/** Status of a webhook subscription [Rex]. */
export const WebhookStatus = /* @__PURE__ */ oneOf(WEBHOOK_STATUSES);
/** Status of a webhook subscription [Rex]. */
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

/** The statuses a `PATCH /webhooks/:id` may set: `disabled` only happens to a subscription. */
export const WEBHOOK_SETTABLE_STATUSES = ['active', 'paused'] as const;

/** Statuses of one delivery: waiting or retrying, delivered, or given up on. */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
/** Status of one webhook delivery. */
export const WebhookDeliveryStatus = /* @__PURE__ */ oneOf(WEBHOOK_DELIVERY_STATUSES);
/** Status of one webhook delivery. */
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** The event type of a ping [Rex], sent by `POST /webhooks/:id/ping` to that subscription only. */
export const PING_EVENT = 'ping';

/** What a subscription lists in `event_types`: an event type, or `*` for every type. */
export type WebhookEventFilter = EventType | '*';

/**
 * A subscription's event types in a request: event types from `EVENT_TYPES`, or `["*"]` for every
 * type. `*` stands alone (a list that also names types is refused as ambiguous); `ping` is not
 * subscribed to, a ping is always delivered.
 */
export const WebhookEventTypesInput = /* @__PURE__ */ withJsonSchema(
  z.custom<WebhookEventFilter[]>().check(
    z.check((ctx) => {
      const value: unknown = ctx.value;
      if (!Array.isArray(value) || value.length === 0) {
        ctx.issues.push({
          code: 'custom',
          input: value,
          message: 'must be a non-empty list of event types, or ["*"] for every type',
        });
        return;
      }
      const known: readonly string[] = EVENT_TYPES;
      value.forEach((type, index) => {
        if (type === '*') {
          if (value.length > 1) {
            ctx.issues.push({
              code: 'custom',
              input: type,
              path: [index],
              message: 'must stand alone: "*" already means every event type',
            });
          }
        } else if (typeof type !== 'string' || !known.includes(type)) {
          ctx.issues.push({ code: 'invalid_value', values: ['*', ...known], input: type, path: [index] });
        }
      });
    }),
  ),
  { type: 'array' },
);

/**
 * A webhook subscription as Rex returns it [Rex: Webhooks API]. Its signing secret is never part
 * of it: `POST /webhooks` returns the secret once, beside `data`.
 *
 * Lenient on purpose: unknown fields are ignored and enum fields accept values added later.
 */
export const Webhook = /* @__PURE__ */ (() =>
  z.object({
    /** TypeID with the `whk_` prefix [Rex]. */
    id: z.string(),
    /** A label for people; `null` unless set. */
    name: z.nullable(z.string()),
    /** Where deliveries are POSTed: an http(s) URL. */
    url: z.string(),
    /** The event types delivered; `["*"]` for every type. */
    event_types: z.array(z.string()),
    /** `active` gets deliveries, `paused` and `disabled` get none. */
    status: openEnum(WEBHOOK_STATUSES),
    /** Deliveries that failed in a row (every attempt); 10 disable the subscription. */
    failure_count: z.number(),
    /** Free-form key-value pairs. */
    metadata: Metadata,
    created_at: z.string(),
    updated_at: z.string(),
  }))();
/** A webhook subscription as Rex returns it [Rex]. */
export interface Webhook extends z.infer<typeof Webhook> {}

/** A field name of a webhook subscription. */
export type WebhookField = keyof Webhook;
/** Every field of a webhook subscription, in the order Rex returns them (a literal; see `CONTACT_FIELDS`). */
export const WEBHOOK_FIELDS = [
  'id',
  'name',
  'url',
  'event_types',
  'status',
  'failure_count',
  'metadata',
  'created_at',
  'updated_at',
] as const satisfies readonly WebhookField[];

/** A signing secret sent by the caller: 1 to 256 characters (our limit). */
const SecretInput = /* @__PURE__ */ z
  .string()
  .check(
    z.refine((secret) => secret.length >= 1 && secret.length <= 256, 'must be from 1 to 256 characters'),
  );

// `event_types` [Rex: Webhooks API page] and `events` [Rex: webhooks concept page] name the same
// list; a body may use either, not both.
const oneEventList = /* @__PURE__ */ z.check<{ event_types?: unknown; events?: unknown }>((ctx) => {
  if (ctx.value.event_types !== undefined && ctx.value.events !== undefined) {
    ctx.issues.push({
      code: 'custom',
      input: undefined,
      path: ['events'],
      message: 'and `event_types` name the same list: send one of them',
    });
  }
});

/**
 * Body of `POST /webhooks` [Rex]. `url` is required; `event_types` (or its alias `events`)
 * absent means every type; `secret` is generated (`whsec_…`) when absent.
 */
export const WebhookCreateParams = /* @__PURE__ */ z
  .strictObject({
    url: HttpUrlInput,
    name: NullableText,
    event_types: z.optional(WebhookEventTypesInput),
    events: z.optional(WebhookEventTypesInput),
    secret: z.optional(SecretInput),
    metadata: z.optional(MetadataPatch),
  })
  .check(oneEventList);
/** Body of `POST /webhooks`. */
export interface WebhookCreateParams extends z.input<typeof WebhookCreateParams> {}

/**
 * Body of `PATCH /webhooks/:id`: omitted fields stay, `metadata` merges at the top level.
 * `status` may be `active` (which also re-enables a disabled subscription) or `paused`.
 */
export const WebhookUpdateParams = /* @__PURE__ */ z
  .strictObject({
    url: z.optional(HttpUrlInput),
    name: NullableText,
    event_types: z.optional(WebhookEventTypesInput),
    events: z.optional(WebhookEventTypesInput),
    status: z.optional(oneOf(WEBHOOK_SETTABLE_STATUSES)),
    metadata: z.optional(z.nullable(MetadataPatch)),
  })
  .check(oneEventList);
/** Body of `PATCH /webhooks/:id`. */
export interface WebhookUpdateParams extends z.input<typeof WebhookUpdateParams> {}

/** Query of `GET /webhooks`: newest first, optionally only one status. */
export const WebhookListParams = /* @__PURE__ */ pageQuery({ status: z.optional(WebhookStatus) });
/** Query of `GET /webhooks`. */
export interface WebhookListParams extends z.input<typeof WebhookListParams> {}

/**
 * What `POST /webhooks` answers [Rex] — the subscription, and beside it the signing secret: the
 * only response that ever shows it.
 */
export const WebhookCreateResult = /* @__PURE__ */ (() => z.object({ data: Webhook, secret: z.string() }))();
/** What `POST /webhooks` answers [Rex]. */
export interface WebhookCreateResult extends z.infer<typeof WebhookCreateResult> {}

/**
 * One event's delivery to one subscription [Rex: Webhooks API]: retried until it succeeds or
 * runs out of attempts, so `attempts` and the last answer change while it is `pending`.
 */
export const WebhookDelivery = /* @__PURE__ */ (() =>
  z.object({
    /** TypeID with the `whd_` prefix. */
    id: z.string(),
    /** The event delivered (`evt_…`); a replay delivers an event again under a new delivery id. */
    event_id: z.string(),
    /** The event type, such as `contact.created` or `ping`. */
    event: z.string(),
    status: openEnum(WEBHOOK_DELIVERY_STATUSES),
    /** Attempts made so far. */
    attempts: z.number(),
    /** The status the receiver answered the last attempt with; `null` without an answer. */
    response_status: z.nullable(z.number()),
    /** Why the last attempt failed; `null` when it did not. */
    last_error: z.nullable(z.string()),
    /**
     * When the next attempt is due (for a delivery waiting behind others of its subscription:
     * when it was queued); `null` once the delivery has succeeded or failed.
     */
    next_attempt_at: z.nullable(z.string()),
    created_at: z.string(),
  }))();
/** One event's delivery to one subscription [Rex]. */
export interface WebhookDelivery extends z.infer<typeof WebhookDelivery> {}

/** Query of `GET /webhooks/:id/deliveries`: newest first, optionally only one status. */
export const WebhookDeliveryListParams = /* @__PURE__ */ pageQuery({
  status: z.optional(WebhookDeliveryStatus),
});
/** Query of `GET /webhooks/:id/deliveries`. */
export interface WebhookDeliveryListParams extends z.input<typeof WebhookDeliveryListParams> {}

/** Body of `POST /webhooks/:id/replay` [Rex], which delivers again every event since `since`. */
export const WebhookReplayParams = /* @__PURE__ */ z.strictObject({
  /** Events at or after this instant are delivered again, oldest first. */
  since: TimestampInput,
});
/** Body of `POST /webhooks/:id/replay`. */
export interface WebhookReplayParams extends z.input<typeof WebhookReplayParams> {}

/** What `POST /webhooks/:id/replay` answers: how many events were queued again. */
export const WebhookReplayResult = /* @__PURE__ */ (() =>
  z.object({
    /** The subscription (`whk_…`). */
    webhook_id: z.string(),
    /** The instant replayed from, normalised to UTC. */
    since: z.string(),
    /** Events of the subscription's types since then, each queued as a new delivery. */
    queued: z.number(),
  }))();
/** What `POST /webhooks/:id/replay` answers. */
export interface WebhookReplayResult extends z.infer<typeof WebhookReplayResult> {}

/**
 * What a delivery POSTs to a subscription's URL [Rex: webhooks concept page, listener guide]:
 * `{event, timestamp, data}` — not the `/events` list item, which has `id` and `type`. The event
 * id travels in the `X-Rex-Event-Id` header (ours). Lenient: `event` accepts types added later.
 */
export const WebhookDeliveryBody = /* @__PURE__ */ (() =>
  z.object({
    /** The event type, such as `contact.created`, or `ping`. */
    event: z.string(),
    /** When the change happened (for a ping: when it was sent). */
    timestamp: z.string(),
    /** The record after the change, `{id}` for a deletion, `{webhook_id}` for a ping. */
    data: z.record(z.string(), z.unknown()),
  }))();
/** What a delivery POSTs to a subscription's URL [Rex]. */
export interface WebhookDeliveryBody extends z.infer<typeof WebhookDeliveryBody> {}

/**
 * How a webhook subscription is seeded (`seed({ webhooks: [...] })`): the create fields with the
 * secret required, so the test that seeds it can verify what it receives.
 */
export const WebhookSeed = /* @__PURE__ */ (() =>
  // In a function, as the response schemas: only the mock reads it, and esbuild cannot tell that
  // the `z.optional` calls in its shape are free of side effects.
  z.strictObject({
    url: HttpUrlInput,
    name: NullableText,
    event_types: z.optional(WebhookEventTypesInput),
    secret: SecretInput,
    status: z.optional(WebhookStatus),
    metadata: z.optional(MetadataPatch),
  }))();
/** How a webhook subscription is seeded. */
export interface WebhookSeed extends z.input<typeof WebhookSeed> {}

/**
 * Webhook subscriptions as the server sees them. The stored record also holds its `secret`
 * (after the fields Rex returns), which the server strips from every answer but the create.
 */
export const WEBHOOKS = /* @__PURE__ */ (() =>
  // In a function: an array spread is not side-effect free to a bundler, and would keep the
  // declaration (and the response schemas it names) in every browser bundle.
  defineResource({
    name: 'webhook',
    plural: 'webhooks',
    title: 'Webhook',
    prefix: 'whk',
    fields: [...WEBHOOK_FIELDS, 'secret'],
    sortFields: ['created_at'],
    defaults: { event_types: ['*'], status: 'active', failure_count: 0 },
    filters: { status: { kind: 'eq' } },
    schemas: { record: Webhook, create: WebhookSeed },
  }))();
