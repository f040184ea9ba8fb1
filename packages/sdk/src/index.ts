/**
 * The TypeScript client of Rex, the go-to-market CRM: typed methods for contacts, companies,
 * events and capture, with pagination, typed errors, retries, timeouts and webhook
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
  Address,
  AddressInput,
  ApiError,
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
  Deleted,
  ErrorCode,
  Event,
  EventListParams,
  EventType,
  JsonValue,
  ListEnvelope,
  ListMeta,
  Metadata,
  MetadataPatch,
  Open,
  QueryValue,
  RouteMethod,
  Source,
  Stage,
  Timestamp,
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
export type { Companies } from './resources/companies.js';
export type { Contacts } from './resources/contacts.js';
export type { Events } from './resources/events.js';
export type { Sparse, Upserted } from './resources/shared.js';
export type { Logger, LogLevel, RequestOptions, RexPromise, WithResponse } from './types.js';
export type { WebhookSignOptions, WebhookVerifyOptions } from './webhooks.js';
export { constructWebhookEvent, signWebhookPayload, verifyWebhookSignature } from './webhooks.js';
