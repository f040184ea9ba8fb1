import type {
  CaptureParams,
  CompanyCreateParams,
  CompanyUpdateParams,
  CompanyUpsertParams,
  ContactCreateParams,
  ContactMergeParams,
  ContactUpdateParams,
  ContactUpsertParams,
} from '@rex/types';
import type { CompanyRecord, ContactRecord } from '../store/records.js';
import type { CompanyQuery, ContactQuery, ListResult, Org, Store } from '../store/store.js';

/** What an operation gets: the caller's org, the path id, and the validated query and body. */
export interface OperationContext {
  store: Store;
  org: Org;
  id: string | undefined;
  query: Record<string, unknown>;
  body: unknown;
}

/** What an operation answers: a status and the envelope to send. */
export interface OperationResult {
  status: number;
  body: unknown;
}

interface View {
  fields?: readonly string[] | undefined;
  include?: readonly string[] | undefined;
}

function project(record: object, fields: readonly string[] | undefined): Record<string, unknown> {
  if (!fields) return record as Record<string, unknown>;
  const source = record as Record<string, unknown>;
  const out: Record<string, unknown> = { id: source.id };
  for (const field of fields) out[field] = source[field];
  return out;
}

function renderContact(org: Org, contact: ContactRecord, view: View): Record<string, unknown> {
  const out = project(contact, view.fields);
  if (!view.include?.includes('company')) return out;
  const company = contact.company_id === null ? null : (org.companies.byId.get(contact.company_id) ?? null);
  return { ...out, company };
}

const one = (status: number, data: unknown): OperationResult => ({ status, body: { data } });

function list<R>(page: ListResult<R>, render: (row: R) => unknown): OperationResult {
  return {
    status: 200,
    body: { data: page.rows.map(render), meta: { cursor: page.cursor, has_more: page.hasMore } },
  };
}

const contactView = (ctx: OperationContext): View => ctx.query as View;
const id = (ctx: OperationContext): string => ctx.id as string;

/**
 * One handler per `operationId` of the `ENDPOINTS` table. By the time one runs, the pipeline
 * has authenticated, rate-limited and validated the request; the handler only calls the store.
 */
export const OPERATIONS: Record<string, (ctx: OperationContext) => OperationResult> = {
  'contacts.create': ({ store, org, body }) =>
    one(201, store.createContact(org, body as ContactCreateParams)),

  'contacts.list': (ctx) =>
    list(ctx.store.listContacts(ctx.org, ctx.query as ContactQuery), (c) =>
      renderContact(ctx.org, c, contactView(ctx)),
    ),

  'contacts.upsert': ({ store, org, body }) => {
    const { record, created } = store.upsertContact(org, body as ContactUpsertParams);
    return one(created ? 201 : 200, record);
  },

  'contacts.merge': ({ store, org, body }) => {
    const params = body as ContactMergeParams;
    return one(200, store.mergeContacts(org, params.primary_id, params.duplicate_ids));
  },

  'contacts.get': (ctx) =>
    one(200, renderContact(ctx.org, ctx.store.getContact(ctx.org, id(ctx)), contactView(ctx))),

  'contacts.update': (ctx) => {
    const current = ctx.store.getContact(ctx.org, id(ctx));
    return one(200, ctx.store.updateContact(ctx.org, current, ctx.body as ContactUpdateParams));
  },

  'contacts.delete': (ctx) => {
    ctx.store.deleteContact(ctx.org, id(ctx));
    return one(200, { id: id(ctx), deleted: true });
  },

  'companies.create': ({ store, org, body }) =>
    one(201, store.createCompany(org, body as CompanyCreateParams)),

  'companies.list': (ctx) =>
    list(ctx.store.listCompanies(ctx.org, ctx.query as CompanyQuery), (c: CompanyRecord) =>
      project(c, (ctx.query as View).fields),
    ),

  'companies.upsert': ({ store, org, body }) => {
    const { record, created } = store.upsertCompany(org, body as CompanyUpsertParams & { domain: string });
    return one(created ? 201 : 200, record);
  },

  'companies.get': (ctx) =>
    one(200, project(ctx.store.getCompany(ctx.org, id(ctx)), (ctx.query as View).fields)),

  'companies.update': (ctx) => {
    const current = ctx.store.getCompany(ctx.org, id(ctx));
    return one(200, ctx.store.updateCompany(ctx.org, current, ctx.body as CompanyUpdateParams));
  },

  'companies.delete': (ctx) => {
    ctx.store.deleteCompany(ctx.org, id(ctx));
    return one(200, { id: id(ctx), deleted: true });
  },

  'companies.listContacts': (ctx) => {
    ctx.store.getCompany(ctx.org, id(ctx));
    return list(ctx.store.listContacts(ctx.org, ctx.query as ContactQuery, { companyId: id(ctx) }), (c) =>
      renderContact(ctx.org, c, contactView(ctx)),
    );
  },

  capture: ({ store, org, body }) => {
    const { record, created } = store.upsertContact(org, body as CaptureParams);
    return one(created ? 201 : 200, record);
  },

  'events.list': ({ store, org, query }) =>
    list(store.listEvents(org, query as { after?: string; limit?: number }), (event) => event),
};
