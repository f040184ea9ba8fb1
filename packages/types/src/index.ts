/**
 * Zod schemas, enums and TypeScript types for the Rex Contacts & Companies API, and the email
 * and domain normalisation that Rex's clients and servers share.
 *
 * Request schemas (`…Params`) are strict: unknown fields are rejected, as Rex does. Response
 * schemas (`Contact`, `Company`, `Event`) are lenient: unknown fields and enum values added
 * later do not fail.
 *
 * @packageDocumentation
 *
 * @example
 * import { ContactCreateParams, normalizeDomain, normalizeEmail, validate } from '@rex/types';
 * const result = validate(ContactCreateParams, { email: 'ada@example.com', stag: 'lead' });
 * if (!result.success) result.error; // { code: 'validation_error', param: 'stag', message: … }
 * normalizeEmail(' Ada@Example.com '); // 'ada@example.com'
 * normalizeDomain('https://www.Acme.com/about'); // 'acme.com'
 */

export type { ActivityType } from './activity.js';
export {
  ACTIVITIES,
  ACTIVITY_DIRECTIONS,
  ACTIVITY_FIELDS,
  ACTIVITY_SORT_FIELDS,
  ACTIVITY_STATUSES,
  ACTIVITY_TYPES,
  Activity,
  ActivityCreateParams,
  ActivityGetParams,
  ActivityListParams,
  ActivityUpdateParams,
} from './activity.js';
export type { ApiKeyScopeName } from './api-key.js';
export {
  API_KEY_FIELDS,
  API_KEY_SCOPES,
  API_KEYS,
  ApiKey,
  ApiKeyCreateParams,
  ApiKeyListParams,
} from './api-key.js';
export type { ErrorCode, IdPrefix, KnownErrorCode, Open, Timestamp } from './common.js';
export {
  ApiError,
  Deleted,
  Envelope,
  ERROR_CODES,
  ERROR_STATUS,
  ErrorEnvelope,
  HttpUrlInput,
  ID_PREFIX,
  IntInput,
  isHttpUrl,
  isTimestamp,
  isTypeId,
  JsonValue,
  ListEnvelope,
  ListMeta,
  Metadata,
  MetadataPatch,
  NullableText,
  openEnum,
  TimestampInput,
} from './common.js';
export type { CompanyField } from './company.js';
export {
  Address,
  AddressInput,
  COMPANIES,
  COMPANY_FIELDS,
  COMPANY_SIZES,
  COMPANY_SORT_FIELDS,
  Company,
  CompanyCreateParams,
  CompanyGetParams,
  CompanyListParams,
  CompanySize,
  CompanySort,
  CompanyUpdateParams,
  CompanyUpsertParams,
} from './company.js';
export type { ContactField } from './contact.js';
export {
  CapturedContact,
  CaptureParams,
  CONTACT_FIELDS,
  CONTACT_INCLUDES,
  CONTACT_SORT_FIELDS,
  CONTACTS,
  Contact,
  ContactCreateParams,
  ContactGetParams,
  ContactListParams,
  ContactMergeParams,
  ContactSort,
  ContactUpdateParams,
  ContactUpsertParams,
  SOURCES,
  Source,
  STAGES,
  Stage,
} from './contact.js';
export type { DealStatus } from './deal.js';
export {
  DEAL_FIELDS,
  DEAL_INCLUDES,
  DEAL_SORT_FIELDS,
  DEAL_STATUSES,
  DEALS,
  Deal,
  DealCreateParams,
  DealGetParams,
  DealHistoryParams,
  DealListParams,
  DealMoveStageParams,
  DealStageChange,
  DealUpdateParams,
} from './deal.js';
export type { Endpoint, EndpointSchemas } from './endpoints.js';
export { ENDPOINT_SCHEMAS, ENDPOINTS } from './endpoints.js';
export type { DeletedRecord, EventOf, RexEvent } from './event.js';
export { DealStageChanged, EVENT_TYPES, Event, EventListParams, EventType } from './event.js';
export {
  BooleanInput,
  CentsInput,
  CurrencyInput,
  getQuery,
  LimitParam,
  listQuery,
  nameList,
  PAGE_SIZE,
  sortEnum,
} from './fields.js';
export type { NormalizedField } from './normalize.js';
export {
  DomainInput,
  EmailInput,
  NormalizationError,
  normalizeDomain,
  normalizeEmail,
} from './normalize.js';
export type { StageType } from './pipeline.js';
export {
  PIPELINE_FIELDS,
  PIPELINE_SORT_FIELDS,
  PIPELINES,
  Pipeline,
  PipelineCreateParams,
  PipelineGetParams,
  PipelineListParams,
  PipelineStage,
  PipelineUpdateParams,
  STAGE_TYPES,
  StageCreateParams,
  StageReorderParams,
} from './pipeline.js';
export {
  PRODUCT_FIELDS,
  PRODUCT_SORT_FIELDS,
  PRODUCTS,
  Product,
  ProductCreateParams,
  ProductGetParams,
  ProductListParams,
  ProductUpdateParams,
} from './product.js';
export type { QueryValue } from './query.js';
export { decodeQuery, encodeQuery } from './query.js';
export type { FilterSpec, LinkSpec, ResourceDeclaration, UniqueKey } from './resource.js';
export { defineResource } from './resource.js';
export type { OperationId, Route, RouteAccess, RouteMethod } from './routes.js';
export { ROUTES, routePath } from './routes.js';
export {
  TASK_FIELDS,
  TASK_PRIORITIES,
  TASK_SORT_FIELDS,
  TASK_STATUSES,
  TASKS,
  Task,
  TaskCreateParams,
  TaskGetParams,
  TaskListParams,
  TaskUpdateParams,
} from './task.js';
export type { ValidationIssue, ValidationResult } from './validation.js';
export { describeIssues, validate, validationError } from './validation.js';
export type { WebhookEventFilter, WebhookField } from './webhook.js';
export {
  PING_EVENT,
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_FIELDS,
  WEBHOOK_SETTABLE_STATUSES,
  WEBHOOK_STATUSES,
  WEBHOOKS,
  Webhook,
  WebhookCreateParams,
  WebhookCreateResult,
  WebhookDelivery,
  WebhookDeliveryBody,
  WebhookDeliveryListParams,
  WebhookDeliveryStatus,
  WebhookEventTypesInput,
  WebhookListParams,
  WebhookReplayParams,
  WebhookReplayResult,
  WebhookSeed,
  WebhookStatus,
  WebhookUpdateParams,
} from './webhook.js';
