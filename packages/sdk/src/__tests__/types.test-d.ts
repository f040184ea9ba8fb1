// As an app writes it: every type it needs comes from @rex/sdk, none from @rex/types.
import type {
  CapturedContact,
  Company,
  CompanyCreateParams,
  Contact,
  ContactCreateParams,
  ContactListParams,
  ContactUpsertParams,
  ErrorCode,
  Event,
  ListMeta,
  Stage,
} from '@rex/sdk';
import type * as Types from '@rex/types';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ConflictError,
  type Page,
  type RateLimitError,
  Rex,
  type RexApiError,
  type RexPromise,
  type WithResponse,
} from '../index.js';

const rex = new Rex({ apiKey: 'rex_test_types', baseUrl: 'https://acme.rexgtm.com' });
const id = 'cont_01h455vb4pex5vsknk084sn02q';

describe('types of @rex/sdk', () => {
  it('rejects a stage that does not exist', () => {
    // @ts-expect-error: 'won' is not a stage
    void rex.contacts.create({ email: 'ada@example.com', stage: 'won' });
    // @ts-expect-error: 'won' is not a stage filter
    void rex.contacts.list({ stage: 'won' });
    // @ts-expect-error: email is required
    void rex.contacts.create({ first_name: 'Ada' });
    // @ts-expect-error: unknown field
    void rex.contacts.update(id, { fist_name: 'Ada' });
    // @ts-expect-error: companies have no stage
    void rex.companies.create({ name: 'Acme', stage: 'lead' });
  });

  it('resolves single-entity calls to the entity', () => {
    expectTypeOf(rex.contacts.create({ email: 'ada@example.com' })).resolves.toEqualTypeOf<Contact>();
    expectTypeOf(rex.contacts.get(id)).resolves.toEqualTypeOf<Contact>();
    expectTypeOf(rex.contacts.update(id, { stage: 'prospect' })).resolves.toEqualTypeOf<Contact>();
    expectTypeOf(rex.contacts.merge({ primary_id: id, duplicate_ids: [] })).resolves.toEqualTypeOf<Contact>();
    expectTypeOf(rex.companies.get('comp_1')).resolves.toEqualTypeOf<Company>();
    expectTypeOf(rex.capture({ email: 'ada@example.com' })).resolves.toEqualTypeOf<CapturedContact>();
    expectTypeOf(rex.contacts.delete(id)).resolves.toEqualTypeOf<{ id: string; deleted: true }>();
  });

  it('resolves upsert to { data, created }', () => {
    expectTypeOf(rex.contacts.upsert({ email: 'ada@example.com' })).resolves.toEqualTypeOf<{
      data: Contact;
      created: boolean;
    }>();
    expectTypeOf(rex.companies.upsert({ domain: 'acme.com', name: 'Acme' })).resolves.toEqualTypeOf<{
      data: Company;
      created: boolean;
    }>();
  });

  it('types list pages and the items for await yields', async () => {
    const page = await rex.contacts.list({ stage: 'lead' });
    expectTypeOf(page).toEqualTypeOf<Page<Contact>>();
    expectTypeOf(page.data).toEqualTypeOf<Contact[]>();
    expectTypeOf(page.nextPage()).resolves.toEqualTypeOf<Page<Contact>>();
    for await (const contact of rex.contacts.list()) expectTypeOf(contact).toEqualTypeOf<Contact>();
    for await (const company of rex.companies.list()) expectTypeOf(company).toEqualTypeOf<Company>();
    for await (const contact of rex.companies.listContacts('comp_1'))
      expectTypeOf(contact).toEqualTypeOf<Contact>();
    for await (const event of rex.events.list()) expectTypeOf(event).toEqualTypeOf<Event>();
  });

  it('narrows the result to the requested fields', async () => {
    const sparse = await rex.contacts.get(id, { fields: ['email', 'stage'] });
    expectTypeOf(sparse).toEqualTypeOf<Pick<Contact, 'id' | 'email' | 'stage' | 'company'>>();
    // @ts-expect-error: not fetched
    void sparse.first_name;
    for await (const company of rex.companies.list({ fields: ['name'] })) {
      expectTypeOf(company).toEqualTypeOf<Pick<Company, 'id' | 'name'>>();
    }
  });

  it('takes per-call options last', () => {
    const signal = new AbortController().signal;
    void rex.contacts.list(
      { stage: 'lead' },
      { maxRetries: 0, timeout: 5000, signal, headers: { 'x-a': 'b' } },
    );
    void rex.contacts.get(id, undefined, { timeout: 1000 });
    void rex.contacts.delete(id, { maxRetries: 1 });
    void rex.capture({ email: 'ada@example.com' }, { signal });
    // @ts-expect-error: not an option
    void rex.contacts.delete(id, { retries: 1 });
  });

  it('offers .withResponse() on every call', () => {
    expectTypeOf(rex.contacts.get(id)).toEqualTypeOf<RexPromise<Contact>>();
    expectTypeOf(rex.contacts.get(id).withResponse()).resolves.toEqualTypeOf<WithResponse<Contact>>();
    expectTypeOf<WithResponse<Contact>['requestId']>().toEqualTypeOf<string | undefined>();
  });

  it('re-exports the resource, param and event types of @rex/types', () => {
    expectTypeOf<Contact>().toEqualTypeOf<Types.Contact>();
    expectTypeOf<Company>().toEqualTypeOf<Types.Company>();
    expectTypeOf<Event>().toEqualTypeOf<Types.Event>();
    expectTypeOf<ContactCreateParams>().toEqualTypeOf<Types.ContactCreateParams>();
    expectTypeOf<ContactUpsertParams>().toEqualTypeOf<Types.ContactUpsertParams>();
    expectTypeOf<ContactListParams>().toEqualTypeOf<Types.ContactListParams>();
    expectTypeOf<CompanyCreateParams>().toEqualTypeOf<Types.CompanyCreateParams>();
    expectTypeOf<ListMeta>().toEqualTypeOf<Types.ListMeta>();
    expectTypeOf<Stage>().toEqualTypeOf<Types.Stage>();
  });

  it('types the escape hatch: the body as you say, options with query and body', () => {
    expectTypeOf(rex.get('/deals')).toEqualTypeOf<RexPromise<unknown>>();
    expectTypeOf(rex.get<{ data: { id: string }[] }>('/deals')).resolves.toEqualTypeOf<{
      data: { id: string }[];
    }>();
    void rex.put('/pipelines/pipe_1/stages', { body: { stage_ids: [] }, maxRetries: 0 });
    void rex.request('PATCH', '/deals/deal_1', { body: {}, query: { fields: ['id'] } });
    // @ts-expect-error: not a method Rex uses
    void rex.request('TRACE', '/deals');
  });

  it('types the fields of errors', () => {
    expectTypeOf<RexApiError['status']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<RexApiError['code']>().toEqualTypeOf<ErrorCode>();
    expectTypeOf<RexApiError['param']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<RexApiError['details']>().toEqualTypeOf<Record<string, unknown> | undefined>();
    expectTypeOf<RexApiError['requestId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<RexApiError['headers']>().toEqualTypeOf<Headers | undefined>();
    expectTypeOf<ConflictError['existingId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<RateLimitError['retryAfter']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ConflictError['name']>().toEqualTypeOf<'ConflictError'>();
  });
});
