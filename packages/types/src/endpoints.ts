import * as z from 'zod/mini';
import {
  Activity,
  ActivityCreateParams,
  ActivityGetParams,
  ActivityListParams,
  ActivityUpdateParams,
} from './activity.js';
import { ApiKey, ApiKeyCreateParams, ApiKeyListParams } from './api-key.js';
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
import {
  Deal,
  DealCreateParams,
  DealGetParams,
  DealHistoryParams,
  DealListParams,
  DealMoveStageParams,
  DealStageChange,
  DealUpdateParams,
} from './deal.js';
import { Event, EventListParams } from './event.js';
import {
  Pipeline,
  PipelineCreateParams,
  PipelineGetParams,
  PipelineListParams,
  PipelineUpdateParams,
  StageCreateParams,
  StageReorderParams,
} from './pipeline.js';
import {
  Product,
  ProductCreateParams,
  ProductGetParams,
  ProductListParams,
  ProductUpdateParams,
} from './product.js';
import { type OperationId, ROUTES, type Route } from './routes.js';
import { Task, TaskCreateParams, TaskGetParams, TaskListParams, TaskUpdateParams } from './task.js';
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
  /**
   * Fields of the success envelope beside `data`, such as the API key a create shows once.
   * Each is always present in that answer.
   */
  beside?: Readonly<Record<string, z.ZodMiniType>>;
}

/** What `POST /apikeys` answers beside `data`: the key itself [Rex]. */
const ApiKeyValue = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.describe(
        'The API key itself, to send as `X-Api-Key`: `rex_live_…` or `rex_test_…` (the mock makes `rex_test_` keys). Shown in this answer only; lists show `last4`.',
      ),
    ))();

/** What `POST /webhooks` answers beside `data`: the signing secret [Rex]. */
const WebhookSecretValue = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.describe(
        'The signing secret of `X-Rex-Signature` (`whsec_…` when Rex generated it). Shown in this answer only.',
      ),
    ))();

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
  'contacts.listDeals': {
    summary: "List a contact's deals",
    query: DealListParams,
    data: Deal,
    envelope: 'list',
    success: [200],
    errors: [400, 404],
    origin: 'rex',
  },
  'contacts.listActivities': {
    summary: "List a contact's activities",
    query: ActivityListParams,
    data: Activity,
    envelope: 'list',
    success: [200],
    errors: [400, 404],
    origin: 'rex',
  },
  'contacts.listTasks': {
    summary: "List a contact's tasks",
    query: TaskListParams,
    data: Task,
    envelope: 'list',
    success: [200],
    errors: [400, 404],
    origin: 'rex',
  },
  'companies.listDeals': {
    summary: "List a company's deals",
    query: DealListParams,
    data: Deal,
    envelope: 'list',
    success: [200],
    errors: [400, 404],
    origin: 'rex',
  },
  'deals.create': {
    summary: 'Create a deal',
    body: DealCreateParams,
    data: Deal,
    envelope: 'one',
    success: [201],
    errors: [400, 413],
    origin: 'rex',
  },
  'deals.list': {
    summary: 'List deals',
    query: DealListParams,
    data: Deal,
    envelope: 'list',
    success: [200],
    errors: [400],
    origin: 'rex',
  },
  'deals.get': {
    summary: 'Get a deal',
    query: DealGetParams,
    data: Deal,
    envelope: 'one',
    success: [200],
    errors: [400, 404],
    origin: 'rex',
  },
  'deals.update': {
    summary: 'Update a deal',
    body: DealUpdateParams,
    data: Deal,
    envelope: 'one',
    success: [200],
    errors: [400, 404, 413],
    origin: 'rex',
  },
  'deals.delete': {
    summary: 'Delete a deal (links to it are cleared)',
    data: Deleted,
    envelope: 'one',
    success: [200],
    errors: [404],
    origin: 'rex',
  },
  'deals.moveStage': {
    summary: 'Move a deal to another stage of its pipeline (recorded in its history)',
    body: DealMoveStageParams,
    data: Deal,
    envelope: 'one',
    success: [200],
    errors: [400, 404, 413],
    origin: 'rex',
  },
  'deals.history': {
    summary: "List a deal's stage changes, oldest first",
    query: DealHistoryParams,
    data: DealStageChange,
    envelope: 'list',
    success: [200],
    errors: [400, 404],
    origin: 'rex',
  },
  'deals.listActivities': {
    summary: "List a deal's activities",
    query: ActivityListParams,
    data: Activity,
    envelope: 'list',
    success: [200],
    errors: [400, 404],
    origin: 'rex',
  },
  'deals.listTasks': {
    summary: "List a deal's tasks",
    query: TaskListParams,
    data: Task,
    envelope: 'list',
    success: [200],
    errors: [400, 404],
    origin: 'rex',
  },
  'pipelines.create': {
    summary: 'Create a pipeline',
    body: PipelineCreateParams,
    data: Pipeline,
    envelope: 'one',
    success: [201],
    errors: [400, 413],
    origin: 'rex',
  },
  'pipelines.list': {
    summary: 'List pipelines',
    query: PipelineListParams,
    data: Pipeline,
    envelope: 'list',
    success: [200],
    errors: [400],
    origin: 'rex',
  },
  'pipelines.get': {
    summary: 'Get a pipeline',
    query: PipelineGetParams,
    data: Pipeline,
    envelope: 'one',
    success: [200],
    errors: [400, 404],
    origin: 'rex',
  },
  'pipelines.update': {
    summary: 'Update a pipeline',
    body: PipelineUpdateParams,
    data: Pipeline,
    envelope: 'one',
    success: [200],
    errors: [400, 404, 413],
    origin: 'rex',
  },
  'pipelines.delete': {
    summary: 'Delete a pipeline (links to it are cleared)',
    data: Deleted,
    envelope: 'one',
    success: [200],
    errors: [404, 409],
    origin: 'rex',
  },
  'pipelines.listDeals': {
    summary: "List a pipeline's deals",
    query: DealListParams,
    data: Deal,
    envelope: 'list',
    success: [200],
    errors: [400, 404],
    origin: 'rex',
  },
  'pipelines.addStage': {
    summary: 'Add a stage to a pipeline; answers the pipeline',
    body: StageCreateParams,
    data: Pipeline,
    envelope: 'one',
    success: [201],
    errors: [400, 404, 413],
    origin: 'rex',
  },
  'pipelines.reorderStages': {
    summary: "Reorder a pipeline's stages; answers the pipeline",
    body: StageReorderParams,
    data: Pipeline,
    envelope: 'one',
    success: [200],
    errors: [400, 404, 413],
    origin: 'rex',
  },
  'pipelines.deleteStage': {
    summary: 'Remove a stage that holds no deals; answers the pipeline',
    data: Pipeline,
    envelope: 'one',
    success: [200],
    errors: [404, 409],
    origin: 'rex',
  },
  'activities.create': {
    summary: 'Create an activity',
    body: ActivityCreateParams,
    data: Activity,
    envelope: 'one',
    success: [201],
    errors: [400, 409, 413],
    origin: 'rex',
  },
  'activities.list': {
    summary: 'List activities',
    query: ActivityListParams,
    data: Activity,
    envelope: 'list',
    success: [200],
    errors: [400],
    origin: 'rex',
  },
  'activities.get': {
    summary: 'Get an activity',
    query: ActivityGetParams,
    data: Activity,
    envelope: 'one',
    success: [200],
    errors: [400, 404],
    origin: 'rex',
  },
  'activities.update': {
    summary: 'Update an activity',
    body: ActivityUpdateParams,
    data: Activity,
    envelope: 'one',
    success: [200],
    errors: [400, 404, 409, 413],
    origin: 'rex',
  },
  'activities.delete': {
    summary: 'Delete an activity (links to it are cleared)',
    data: Deleted,
    envelope: 'one',
    success: [200],
    errors: [404],
    origin: 'rex',
  },
  'tasks.create': {
    summary: 'Create a task',
    body: TaskCreateParams,
    data: Task,
    envelope: 'one',
    success: [201],
    errors: [400, 413],
    origin: 'rex',
  },
  'tasks.list': {
    summary: 'List tasks',
    query: TaskListParams,
    data: Task,
    envelope: 'list',
    success: [200],
    errors: [400],
    origin: 'rex',
  },
  'tasks.get': {
    summary: 'Get a task',
    query: TaskGetParams,
    data: Task,
    envelope: 'one',
    success: [200],
    errors: [400, 404],
    origin: 'rex',
  },
  'tasks.update': {
    summary: 'Update a task',
    body: TaskUpdateParams,
    data: Task,
    envelope: 'one',
    success: [200],
    errors: [400, 404, 413],
    origin: 'rex',
  },
  'tasks.delete': {
    summary: 'Delete a task (links to it are cleared)',
    data: Deleted,
    envelope: 'one',
    success: [200],
    errors: [404],
    origin: 'rex',
  },
  'products.create': {
    summary: 'Create a product',
    body: ProductCreateParams,
    data: Product,
    envelope: 'one',
    success: [201],
    errors: [400, 409, 413],
    origin: 'rex',
  },
  'products.list': {
    summary: 'List products',
    query: ProductListParams,
    data: Product,
    envelope: 'list',
    success: [200],
    errors: [400],
    origin: 'rex',
  },
  'products.get': {
    summary: 'Get a product',
    query: ProductGetParams,
    data: Product,
    envelope: 'one',
    success: [200],
    errors: [400, 404],
    origin: 'rex',
  },
  'products.update': {
    summary: 'Update a product',
    body: ProductUpdateParams,
    data: Product,
    envelope: 'one',
    success: [200],
    errors: [400, 404, 409, 413],
    origin: 'rex',
  },
  'products.delete': {
    summary: 'Delete a product (links to it are cleared)',
    data: Deleted,
    envelope: 'one',
    success: [200],
    errors: [404],
    origin: 'rex',
  },
  'apiKeys.create': {
    summary: 'Create an API key of the same org; the key itself is in this answer only',
    body: ApiKeyCreateParams,
    data: ApiKey,
    envelope: 'one',
    success: [201],
    errors: [400, 413],
    origin: 'rex',
    beside: { key: ApiKeyValue },
  },
  'apiKeys.list': {
    summary: 'List API keys (last 4 characters only)',
    query: ApiKeyListParams,
    data: ApiKey,
    envelope: 'list',
    success: [200],
    errors: [400],
    origin: 'rex',
  },
  'apiKeys.delete': {
    summary: 'Revoke an API key, at once',
    data: Deleted,
    envelope: 'one',
    success: [200],
    errors: [404],
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
    beside: { secret: WebhookSecretValue },
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
 * it and the OpenAPI document is generated from it, in this order (`ENDPOINT_SCHEMAS`').
 */
export const ENDPOINTS: readonly Endpoint[] = /* @__PURE__ */ (() =>
  (Object.keys(ENDPOINT_SCHEMAS) as OperationId[]).map((operationId) => ({
    operationId,
    ...(ROUTES[operationId] as Route),
    ...(ENDPOINT_SCHEMAS[operationId] as EndpointSchemas),
  })))();
