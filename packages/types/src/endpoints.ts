import type * as z from 'zod/mini';
import { Deleted } from './common.js';
import {
  Company,
  CompanyCreateParams,
  CompanyGetParams,
  CompanyListParams,
  CompanyUpdateParams,
  CompanyUpsertParams,
} from './company.js';
import {
  CapturedContact,
  CaptureParams,
  Contact,
  ContactCreateParams,
  ContactGetParams,
  ContactListParams,
  ContactMergeParams,
  ContactUpdateParams,
  ContactUpsertParams,
} from './contact.js';
import { Event, EventListParams } from './event.js';
import { type OperationId, ROUTES, type Route } from './routes.js';
import {
  Webhook,
  WebhookCreateParams,
  WebhookDelivery,
  WebhookDeliveryListParams,
  WebhookListParams,
  WebhookReplayParams,
  WebhookReplayResult,
  WebhookUpdateParams,
} from './webhook.js';

/** The schema side of an endpoint: what it takes, what it answers, and where it comes from. */
export interface EndpointSchemas {
  summary: string;
  query?: z.ZodMiniType;
  body?: z.ZodMiniType;
  /** Schema of `data` in the success envelope. */
  data: z.ZodMiniType;
  /** `one` entity or a `list` page. */
  envelope: 'one' | 'list';
  /** Success statuses: 201 for a create, 200 and 201 for an upsert. */
  success: readonly (200 | 201)[];
  /** Error statuses this endpoint can answer besides 401/403/429/500. */
  errors: readonly number[];
  /** Whether Rex documents it [Rex] or we added it. */
  origin: 'rex' | 'ours';
}

/** One endpoint of the Rex API: its route (from {@link ROUTES}) and its schemas. */
export interface Endpoint extends Route, EndpointSchemas {
  /** Stable name, as used for the SDK method and the OpenAPI `operationId`. */
  operationId: OperationId;
}

/**
 * The schemas of every route, by operation id: a route without schemas does not compile, and
 * each entry keeps its precise schema types (the mock types its operations by them).
 */
export const ENDPOINT_SCHEMAS = {
  'contacts.create': {
    summary: 'Create a contact',
    body: ContactCreateParams,
    data: Contact,
    envelope: 'one',
    success: [201],
    errors: [400, 409, 413],
    origin: 'rex',
  },
  'contacts.list': {
    summary: 'List contacts',
    query: ContactListParams,
    data: Contact,
    envelope: 'list',
    success: [200],
    errors: [400],
    origin: 'rex',
  },
  'contacts.upsert': {
    summary: 'Create or update a contact by email',
    body: ContactUpsertParams,
    data: Contact,
    envelope: 'one',
    success: [200, 201],
    errors: [400, 409, 413],
    origin: 'rex',
  },
  'contacts.merge': {
    summary: 'Merge duplicate contacts into a primary',
    body: ContactMergeParams,
    data: Contact,
    envelope: 'one',
    success: [200],
    errors: [400, 404, 413],
    origin: 'rex',
  },
  'contacts.get': {
    summary: 'Get a contact',
    query: ContactGetParams,
    data: Contact,
    envelope: 'one',
    success: [200],
    errors: [400, 404],
    origin: 'rex',
  },
  'contacts.update': {
    summary: 'Update a contact',
    body: ContactUpdateParams,
    data: Contact,
    envelope: 'one',
    success: [200],
    errors: [400, 404, 409, 413],
    origin: 'rex',
  },
  'contacts.delete': {
    summary: 'Delete a contact',
    data: Deleted,
    envelope: 'one',
    success: [200],
    errors: [404],
    origin: 'rex',
  },
  'companies.create': {
    summary: 'Create a company',
    body: CompanyCreateParams,
    data: Company,
    envelope: 'one',
    success: [201],
    errors: [400, 409, 413],
    origin: 'rex',
  },
  'companies.list': {
    summary: 'List companies',
    query: CompanyListParams,
    data: Company,
    envelope: 'list',
    success: [200],
    errors: [400],
    origin: 'rex',
  },
  'companies.upsert': {
    summary: 'Create or update a company by domain',
    body: CompanyUpsertParams,
    data: Company,
    envelope: 'one',
    success: [200, 201],
    errors: [400, 409, 413],
    origin: 'rex',
  },
  'companies.get': {
    summary: 'Get a company',
    query: CompanyGetParams,
    data: Company,
    envelope: 'one',
    success: [200],
    errors: [400, 404],
    origin: 'rex',
  },
  'companies.update': {
    summary: 'Update a company',
    body: CompanyUpdateParams,
    data: Company,
    envelope: 'one',
    success: [200],
    errors: [400, 404, 409, 413],
    origin: 'rex',
  },
  'companies.delete': {
    summary: 'Delete a company (its contacts keep existing with company_id null)',
    data: Deleted,
    envelope: 'one',
    success: [200],
    errors: [404],
    origin: 'rex',
  },
  'companies.listContacts': {
    summary: "List a company's contacts",
    query: ContactListParams,
    data: Contact,
    envelope: 'list',
    success: [200],
    errors: [400, 404],
    origin: 'rex',
  },
  capture: {
    summary: 'Capture a public form submission (contact upsert by email, no API key)',
    body: CaptureParams,
    data: CapturedContact,
    envelope: 'one',
    success: [200, 201],
    errors: [400, 413],
    origin: 'rex',
  },
  'events.list': {
    summary: 'List events, oldest first',
    query: EventListParams,
    data: Event,
    envelope: 'list',
    success: [200],
    errors: [400],
    origin: 'rex',
  },
  'webhooks.create': {
    summary: 'Create a webhook subscription (the signing secret is returned beside data, only here)',
    body: WebhookCreateParams,
    data: Webhook,
    envelope: 'one',
    success: [201],
    errors: [400, 413],
    origin: 'rex',
  },
  'webhooks.list': {
    summary: 'List webhook subscriptions, newest first',
    query: WebhookListParams,
    data: Webhook,
    envelope: 'list',
    success: [200],
    errors: [400],
    origin: 'rex',
  },
  'webhooks.get': {
    summary: 'Get a webhook subscription',
    data: Webhook,
    envelope: 'one',
    success: [200],
    errors: [404],
    origin: 'rex',
  },
  'webhooks.update': {
    summary: 'Update a webhook subscription (status may be set to active or paused)',
    body: WebhookUpdateParams,
    data: Webhook,
    envelope: 'one',
    success: [200],
    errors: [400, 404, 413],
    origin: 'rex',
  },
  'webhooks.delete': {
    summary: 'Delete a webhook subscription (its pending deliveries are dropped)',
    data: Deleted,
    envelope: 'one',
    success: [200],
    errors: [404],
    origin: 'rex',
  },
  'webhooks.listDeliveries': {
    summary: "List a webhook subscription's deliveries, newest first",
    query: WebhookDeliveryListParams,
    data: WebhookDelivery,
    envelope: 'list',
    success: [200],
    errors: [400, 404],
    origin: 'rex',
  },
  'webhooks.ping': {
    summary: 'Send a ping event to one webhook subscription',
    data: WebhookDelivery,
    envelope: 'one',
    success: [200],
    errors: [404, 409],
    origin: 'rex',
  },
  'webhooks.replay': {
    summary: "Deliver the org's events since an instant again, in order, to one webhook subscription",
    body: WebhookReplayParams,
    data: WebhookReplayResult,
    envelope: 'one',
    success: [200],
    errors: [400, 404, 409, 413],
    origin: 'rex',
  },
} as const satisfies { [K in OperationId]: EndpointSchemas };

/**
 * Every endpoint of the Rex API (SPEC §4), in one table: the mock server routes and validates by
 * it and the OpenAPI document is generated from it.
 */
export const ENDPOINTS: readonly Endpoint[] = /* @__PURE__ */ (() =>
  (Object.keys(ROUTES) as OperationId[]).map((operationId) => ({
    operationId,
    ...(ROUTES[operationId] as Route),
    ...(ENDPOINT_SCHEMAS[operationId] as EndpointSchemas),
  })))();
