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
  CaptureParams,
  CONTACT_FIELDS,
  CONTACT_INCLUDES,
  CONTACT_SORT_FIELDS,
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
export type { Endpoint, EndpointSchemas } from './endpoints.js';
export { ENDPOINTS } from './endpoints.js';
export { EVENT_TYPES, Event, EventListParams, EventType } from './event.js';
export { LimitParam, nameList, PAGE_SIZE, sortEnum } from './fields.js';
export type { NormalizedField } from './normalize.js';
export {
  DomainInput,
  EmailInput,
  NormalizationError,
  normalizeDomain,
  normalizeEmail,
} from './normalize.js';
export type { QueryValue } from './query.js';
export { decodeQuery, encodeQuery } from './query.js';
export type { OperationId, Route, RouteAccess, RouteMethod } from './routes.js';
export { ROUTES, routePath } from './routes.js';
export type { ValidationIssue, ValidationResult } from './validation.js';
export { describeIssues, validate, validationError } from './validation.js';
