/**
 * The TypeScript client of Rex, the go-to-market CRM: typed methods for every endpoint —
 * contacts, companies, deals, pipelines, activities, tasks, products, API keys, webhooks, events
 * and capture — with pagination, typed errors, retries, timeouts and webhook
 * verification. Fetch-based: runs unchanged in Node ≥ 20, browsers, Deno, Bun and edge workers.
 *
 * @packageDocumentation
 *
 * @example
 * import { Rex } from '@rex/sdk';
 * const rex = new Rex({ apiKey: process.env.REX_API_KEY, baseUrl: 'https://acme.rexgtm.com' });
 * const contact = await rex.contacts.create({ email: 'ada@example.com', first_name: 'Ada' });
 * for await (const lead of rex.contacts.list({ stage: 'lead' })) console.log(lead.email);
 */

// The types users need, so an app never depends on @rex/types directly.
export type {
  Activity,
  ActivityCreateParams,
  ActivityGetParams,
  ActivityListParams,
  ActivityType,
  ActivityUpdateParams,
  Address,
  AddressInput,
  ApiError,
  ApiKey,
  ApiKeyCreateParams,
  ApiKeyListParams,
  ApiKeyScopeName,
  CapturedContact,
  CaptureParams,
  Company,
  CompanyCreateParams,
  CompanyField,
  CompanyGetParams,
  CompanyListParams,
  CompanySize,
  CompanySort,
  CompanyUpdateParams,
  CompanyUpsertParams,
  Contact,
  ContactCreateParams,
  ContactField,
  ContactGetParams,
  ContactListParams,
  ContactMergeParams,
  ContactSort,
  ContactUpdateParams,
  ContactUpsertParams,
  Deal,
  DealCreateParams,
  DealGetParams,
  DealHistoryParams,
  DealListParams,
  DealMoveStageParams,
  DealStageChange,
  DealStageChanged,
  DealStatus,
  DealUpdateParams,
  Deleted,
  DeletedRecord,
  ErrorCode,
  Event,
  EventListParams,
  EventOf,
  EventType,
  JsonValue,
  ListEnvelope,
  ListMeta,
  Metadata,
  MetadataPatch,
  Open,
  Pipeline,
  PipelineCreateParams,
  PipelineGetParams,
  PipelineListParams,
  PipelineStage,
  PipelineUpdateParams,
  Product,
  ProductCreateParams,
  ProductGetParams,
  ProductListParams,
  ProductUpdateParams,
  QueryValue,
  RexEvent,
  RouteMethod,
  Source,
  Stage,
  StageCreateParams,
  StageReorderParams,
  StageType,
  Task,
  TaskCreateParams,
  TaskGetParams,
  TaskListParams,
  TaskUpdateParams,
  Timestamp,
  Webhook,
  WebhookCreateParams,
  WebhookCreateResult,
  WebhookDelivery,
  WebhookDeliveryBody,
  WebhookDeliveryListParams,
  WebhookDeliveryStatus,
  WebhookEventFilter,
  WebhookListParams,
  WebhookReplayParams,
  WebhookReplayResult,
  WebhookStatus,
  WebhookUpdateParams,
} from '@rex/types';
export type { RawRequestOptions, RexOptions } from './client.js';
export { Rex } from './client.js';
export {
  AuthenticationError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RexApiError,
  RexConnectionError,
  RexError,
  RexTimeoutError,
  ValidationError,
  WebhookVerificationError,
} from './errors.js';
export type { Page, PagePromise } from './pagination.js';
export { Activities } from './resources/activities.js';
export { ApiKeys } from './resources/api-keys.js';
export { Companies } from './resources/companies.js';
export { Contacts } from './resources/contacts.js';
export { Deals } from './resources/deals.js';
export { Events } from './resources/events.js';
export { Pipelines } from './resources/pipelines.js';
export { Products } from './resources/products.js';
export type { ApiKeyCreated, Sparse, Upserted, WebhookCreated } from './resources/shared.js';
export { Tasks } from './resources/tasks.js';
export { Webhooks } from './resources/webhooks.js';
export type { Logger, LogLevel, RequestOptions, RexPromise, WithResponse } from './types.js';
export type {
  DeliveryOf,
  KnownWebhookEvent,
  RexWebhookEvent,
  UnknownWebhookEvent,
  WebhookEvent,
  WebhookEventType,
  WebhookPingData,
  WebhookSignOptions,
  WebhookVerifyOptions,
} from './webhooks.js';
export {
  constructWebhookEvent,
  isWebhookEvent,
  signWebhookPayload,
  verifyWebhookSignature,
} from './webhooks.js';
