import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod/mini';
import type {
  Address,
  ApiError,
  COMPANY_FIELDS,
  CONTACT_FIELDS,
  Company,
  CompanyField,
  Contact,
  ContactCreateParams,
  ContactField,
  ContactListParams,
  ContactUpdateParams,
  Deleted,
  ErrorEnvelope,
  Event,
  ListMeta,
  Open,
  Stage,
} from '../index.js';

describe('request types', () => {
  it('require an email to create a contact and type its enums', () => {
    expectTypeOf<{ email: string }>().toExtend<ContactCreateParams>();
    expectTypeOf<{ first_name: string }>().not.toExtend<ContactCreateParams>();
    expectTypeOf<{ email: string; stage: 'won' }>().not.toExtend<ContactCreateParams>();
    expectTypeOf<ContactCreateParams['stage']>().toEqualTypeOf<Stage | undefined>();
  });

  it('let an update clear nullable fields but not the email', () => {
    expectTypeOf<{ first_name: null }>().toExtend<ContactUpdateParams>();
    expectTypeOf<{ email: null }>().not.toExtend<ContactUpdateParams>();
    expectTypeOf<{ icp_score: '5' }>().not.toExtend<ContactUpdateParams>();
  });

  it('type list params as arrays and numbers', () => {
    expectTypeOf<{ fields: ['id', 'email']; limit: 10 }>().toExtend<ContactListParams>();
    expectTypeOf<{ sort: '-email' }>().toExtend<ContactListParams>();
    expectTypeOf<{ sort: 'stage' }>().not.toExtend<ContactListParams>();
    expectTypeOf<{ limit: '10' }>().not.toExtend<ContactListParams>();
    expectTypeOf<{ fields: ['password'] }>().not.toExtend<ContactListParams>();
    expectTypeOf<{ stage: 'won' }>().not.toExtend<ContactListParams>();
  });
});

describe('response types', () => {
  it('keep known enum values while accepting later ones', () => {
    expectTypeOf<Contact['stage']>().toEqualTypeOf<Open<Stage>>();
    expectTypeOf<'lead'>().toExtend<Contact['stage']>();
    expectTypeOf<'evangelist'>().toExtend<Contact['stage']>();
  });

  it('embed the company only when asked', () => {
    expectTypeOf<Contact['company']>().toEqualTypeOf<Company | null | undefined>();
  });

  it('narrow event data on the event type', () => {
    const narrow = (event: Event) => {
      if (event.type === 'contact.created') expectTypeOf(event.data).toEqualTypeOf<Contact>();
      if (event.type === 'company.deleted') expectTypeOf(event.data).toEqualTypeOf<{ id: string }>();
    };
    expectTypeOf(narrow).toBeFunction();
  });

  it('list exactly the fields of each resource for `fields=`', () => {
    expectTypeOf<(typeof CONTACT_FIELDS)[number]>().toEqualTypeOf<ContactField>();
    expectTypeOf<(typeof COMPANY_FIELDS)[number]>().toEqualTypeOf<CompanyField>();
  });
});

describe('named response types', () => {
  // The interfaces are what editors and the reference show; the schemas are what validates.
  // Each schema is checked against its interface where it is declared (`satisfies`), and here
  // for equality both ways, so neither can gain or lose a field the other lacks.
  it('keep each response schema equal to its interface', () => {
    expectTypeOf<z.output<typeof Contact>>().toEqualTypeOf<Contact>();
    expectTypeOf<z.output<typeof Company>>().toEqualTypeOf<Company>();
    expectTypeOf<z.output<typeof Address>>().toEqualTypeOf<Address>();
    expectTypeOf<z.output<typeof Event>>().toEqualTypeOf<Event>();
    expectTypeOf<z.output<typeof ListMeta>>().toEqualTypeOf<ListMeta>();
    expectTypeOf<z.output<typeof Deleted>>().toEqualTypeOf<Deleted>();
    expectTypeOf<z.output<typeof ApiError>>().toEqualTypeOf<ApiError>();
    expectTypeOf<z.output<typeof ErrorEnvelope>>().toEqualTypeOf<ErrorEnvelope>();
  });
});
