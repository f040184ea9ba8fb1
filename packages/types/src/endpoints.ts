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

/**
 * What a key must allow to call an endpoint: `read` (any key), `write` (`read-write` keys) or
 * `none` (no key at all: `POST /capture`).
 */
export type EndpointAccess = 'read' | 'write' | 'none';

/** One endpoint of the Rex API: route, schemas and outcome. */
export interface Endpoint {
  /** Stable name, as used for the SDK method and the OpenAPI `operationId`. */
  operationId: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path with `{id}` for the id segment. */
  path: string;
  summary: string;
  access: EndpointAccess;
  /** TypeID prefix the `{id}` segment must carry; any other id is a 404. */
  idPrefix?: 'cont' | 'comp';
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

/**
 * Every endpoint of the Rex Contacts & Companies API (SPEC §4), in one table: the mock server
 * routes by it and the OpenAPI document is generated from it.
 */
export const ENDPOINTS: readonly Endpoint[] = [
  {
    operationId: 'contacts.create',
    method: 'POST',
    path: '/contacts',
    summary: 'Create a contact',
    access: 'write',
    body: ContactCreateParams,
    data: Contact,
    envelope: 'one',
    success: [201],
    errors: [400, 409, 413],
    origin: 'rex',
  },
  {
    operationId: 'contacts.list',
    method: 'GET',
    path: '/contacts',
    summary: 'List contacts',
    access: 'read',
    query: ContactListParams,
    data: Contact,
    envelope: 'list',
    success: [200],
    errors: [400],
    origin: 'rex',
  },
  {
    operationId: 'contacts.upsert',
    method: 'POST',
    path: '/contacts/upsert',
    summary: 'Create or update a contact by email',
    access: 'write',
    body: ContactUpsertParams,
    data: Contact,
    envelope: 'one',
    success: [200, 201],
    errors: [400, 409, 413],
    origin: 'rex',
  },
  {
    operationId: 'contacts.merge',
    method: 'POST',
    path: '/contacts/merge',
    summary: 'Merge duplicate contacts into a primary',
    access: 'write',
    body: ContactMergeParams,
    data: Contact,
    envelope: 'one',
    success: [200],
    errors: [400, 404, 413],
    origin: 'rex',
  },
  {
    operationId: 'contacts.get',
    method: 'GET',
    path: '/contacts/{id}',
    summary: 'Get a contact',
    access: 'read',
    idPrefix: 'cont',
    query: ContactGetParams,
    data: Contact,
    envelope: 'one',
    success: [200],
    errors: [400, 404],
    origin: 'rex',
  },
  {
    operationId: 'contacts.update',
    method: 'PATCH',
    path: '/contacts/{id}',
    summary: 'Update a contact',
    access: 'write',
    idPrefix: 'cont',
    body: ContactUpdateParams,
    data: Contact,
    envelope: 'one',
    success: [200],
    errors: [400, 404, 409, 413],
    origin: 'rex',
  },
  {
    operationId: 'contacts.delete',
    method: 'DELETE',
    path: '/contacts/{id}',
    summary: 'Delete a contact',
    access: 'write',
    idPrefix: 'cont',
    data: Deleted,
    envelope: 'one',
    success: [200],
    errors: [404],
    origin: 'rex',
  },
  {
    operationId: 'companies.create',
    method: 'POST',
    path: '/companies',
    summary: 'Create a company',
    access: 'write',
    body: CompanyCreateParams,
    data: Company,
    envelope: 'one',
    success: [201],
    errors: [400, 409, 413],
    origin: 'rex',
  },
  {
    operationId: 'companies.list',
    method: 'GET',
    path: '/companies',
    summary: 'List companies',
    access: 'read',
    query: CompanyListParams,
    data: Company,
    envelope: 'list',
    success: [200],
    errors: [400],
    origin: 'rex',
  },
  {
    operationId: 'companies.upsert',
    method: 'POST',
    path: '/companies/upsert',
    summary: 'Create or update a company by domain',
    access: 'write',
    body: CompanyUpsertParams,
    data: Company,
    envelope: 'one',
    success: [200, 201],
    errors: [400, 409, 413],
    origin: 'rex',
  },
  {
    operationId: 'companies.get',
    method: 'GET',
    path: '/companies/{id}',
    summary: 'Get a company',
    access: 'read',
    idPrefix: 'comp',
    query: CompanyGetParams,
    data: Company,
    envelope: 'one',
    success: [200],
    errors: [400, 404],
    origin: 'rex',
  },
  {
    operationId: 'companies.update',
    method: 'PATCH',
    path: '/companies/{id}',
    summary: 'Update a company',
    access: 'write',
    idPrefix: 'comp',
    body: CompanyUpdateParams,
    data: Company,
    envelope: 'one',
    success: [200],
    errors: [400, 404, 409, 413],
    origin: 'rex',
  },
  {
    operationId: 'companies.delete',
    method: 'DELETE',
    path: '/companies/{id}',
    summary: 'Delete a company (its contacts keep existing with company_id null)',
    access: 'write',
    idPrefix: 'comp',
    data: Deleted,
    envelope: 'one',
    success: [200],
    errors: [404],
    origin: 'rex',
  },
  {
    operationId: 'companies.listContacts',
    method: 'GET',
    path: '/companies/{id}/contacts',
    summary: "List a company's contacts",
    access: 'read',
    idPrefix: 'comp',
    query: ContactListParams,
    data: Contact,
    envelope: 'list',
    success: [200],
    errors: [400, 404],
    origin: 'rex',
  },
  {
    operationId: 'capture',
    method: 'POST',
    path: '/capture',
    summary: 'Capture a public form submission (contact upsert by email, no API key)',
    access: 'none',
    body: CaptureParams,
    data: Contact,
    envelope: 'one',
    success: [200, 201],
    errors: [400, 413],
    origin: 'rex',
  },
  {
    operationId: 'events.list',
    method: 'GET',
    path: '/events',
    summary: 'List events, oldest first',
    access: 'read',
    query: EventListParams,
    data: Event,
    envelope: 'list',
    success: [200],
    errors: [400],
    origin: 'rex',
  },
];
