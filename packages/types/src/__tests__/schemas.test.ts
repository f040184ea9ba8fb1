import { describe, expect, it } from 'vitest';
import {
  CaptureParams,
  COMPANY_FIELDS,
  CONTACT_FIELDS,
  Company,
  CompanyCreateParams,
  CompanyListParams,
  CompanyUpdateParams,
  CompanyUpsertParams,
  Contact,
  ContactCreateParams,
  ContactListParams,
  ContactMergeParams,
  ContactUpdateParams,
  ContactUpsertParams,
  ERROR_CODES,
  ERROR_STATUS,
  ErrorEnvelope,
  Event,
  EventListParams,
  isTypeId,
  ListEnvelope,
  validate,
} from '../index.js';

const contact = {
  id: 'cont_01h455vb4pex5vsknk084sn02q',
  email: 'ada@example.com',
  first_name: 'Ada',
  last_name: null,
  phone: null,
  title: null,
  linkedin_url: null,
  stage: 'lead',
  source: 'other',
  source_detail: null,
  icp_score: null,
  icp_score_reason: null,
  icp_scored_at: null,
  company_id: null,
  owner_id: null,
  metadata: {},
  created_at: '2026-03-16T12:00:00.000Z',
  updated_at: '2026-03-16T12:00:00.000Z',
};

const company = {
  id: 'comp_01h455vb4pex5vsknk084sn02q',
  name: 'Acme',
  domain: 'acme.com',
  industry: null,
  size: '11-50',
  description: null,
  website: null,
  phone: null,
  address: null,
  owner_id: null,
  metadata: { tier: 1 },
  created_at: '2026-03-16T12:00:00.000Z',
  updated_at: '2026-03-16T12:00:00.000Z',
};

/** Asserts a request is refused and returns the Rex error object it produced. */
function refused(schema: Parameters<typeof validate>[0], input: unknown) {
  const result = validate(schema, input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  expect(result.error.code).toBe('validation_error');
  return result.error;
}

describe('ContactCreateParams', () => {
  it('accepts a contact with only an email', () => {
    expect(validate(ContactCreateParams, { email: 'ada@example.com' }).success).toBe(true);
  });

  it('accepts every writable field', () => {
    const result = validate(ContactCreateParams, {
      email: ' Ada@Example.com ',
      first_name: 'Ada',
      last_name: 'Lovelace',
      phone: '+44 20 7946 0000',
      title: 'CTO',
      linkedin_url: 'https://www.linkedin.com/in/ada',
      stage: 'prospect',
      source: 'outbound',
      source_detail: 'Spring campaign',
      icp_score: 87,
      icp_score_reason: 'Fits the ICP',
      icp_scored_at: '2026-03-16T12:00:00.000+02:00',
      company_id: 'comp_01h455vb4pex5vsknk084sn02q',
      owner_id: 'usr_1',
      metadata: { plan: 'pro', seats: 3, tags: ['a'], nested: { deep: true }, gone: null },
    });
    expect(result.success).toBe(true);
  });

  it.each([
    [{}, 'email', '`email` is required'],
    [{ email: null }, 'email', '`email` cannot be null'],
    [{ email: 42 }, 'email', '`email` must be of type string, got number'],
    [{ email: 'not-an-email' }, 'email', '`email` is invalid: it is not a valid email address'],
    [
      { email: 'a@b.co', stage: 'won' },
      'stage',
      '`stage` must be one of "lead", "prospect", "customer", "churned", got "won"',
    ],
    [{ email: 'a@b.co', stage: null }, 'stage', '`stage` cannot be null'],
    [{ email: 'a@b.co', source: 'tv' }, 'source', '`source` must be one of'],
    [
      { email: 'a@b.co', linkedin_url: 'linkedin.com/in/ada' },
      'linkedin_url',
      '`linkedin_url` must be an http(s) URL',
    ],
    [{ email: 'a@b.co', linkedin_url: 'ftp://x.com' }, 'linkedin_url', 'http(s) URL'],
    [{ email: 'a@b.co', icp_score: 1.5 }, 'icp_score', '`icp_score` must be an integer'],
    [{ email: 'a@b.co', icp_score: '5' }, 'icp_score', '`icp_score` must be an integer, got "5"'],
    [{ email: 'a@b.co', icp_scored_at: 'yesterday' }, 'icp_scored_at', 'ISO 8601 timestamp'],
    [{ email: 'a@b.co', icp_scored_at: '2026-02-30T00:00:00Z' }, 'icp_scored_at', 'ISO 8601 timestamp'],
    [{ email: 'a@b.co', icp_scored_at: '2026-03-16 12:00:00' }, 'icp_scored_at', 'ISO 8601 timestamp'],
    [{ email: 'a@b.co', metadata: [] }, 'metadata', '`metadata` must be an object'],
    [{ email: 'a@b.co', metadata: 'x' }, 'metadata', '`metadata` must be an object'],
    [{ email: 'a@b.co', first_name: 7 }, 'first_name', 'must be of type string'],
    [{ email: 'a@b.co', emial: 'typo' }, 'emial', 'Unknown field `emial`'],
    [{ email: 'a@b.co', id: 'cont_x' }, 'id', 'Unknown field `id`'],
    [{ email: 'a@b.co', created_at: '2026-03-16T12:00:00Z' }, 'created_at', 'Unknown field'],
  ])('refuses %j naming `%s`', (input, param, message) => {
    const error = refused(ContactCreateParams, input);
    expect(error.param).toBe(param);
    expect(error.message).toContain(message);
  });

  it('refuses a body that is not an object', () => {
    for (const body of [null, [], 'x', 3]) {
      const error = refused(ContactCreateParams, body);
      expect(error.param).toBeUndefined();
      expect(error.message).toMatch(/^The body/);
    }
  });

  it('lists every problem under details.issues when there are several', () => {
    const error = refused(ContactCreateParams, { stage: 'won', extra: 1 });
    expect(error.details?.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ param: 'email' }),
        expect.objectContaining({ param: 'stage' }),
        expect.objectContaining({ param: 'extra' }),
      ]),
    );
  });
});

describe('ContactUpdateParams', () => {
  it('accepts an empty patch and nulls that clear nullable fields', () => {
    expect(validate(ContactUpdateParams, {}).success).toBe(true);
    expect(
      validate(ContactUpdateParams, { first_name: null, company_id: null, metadata: null, icp_score: null })
        .success,
    ).toBe(true);
  });

  it('refuses clearing the required email', () => {
    expect(refused(ContactUpdateParams, { email: null })).toMatchObject({
      param: 'email',
      message: '`email` cannot be null',
    });
  });

  it('refuses clearing stage or source, which have defaults rather than null', () => {
    expect(refused(ContactUpdateParams, { stage: null }).param).toBe('stage');
    expect(refused(ContactUpdateParams, { source: null }).param).toBe('source');
  });
});

describe('ContactUpsertParams', () => {
  it('requires the email that selects the contact', () => {
    expect(refused(ContactUpsertParams, { first_name: 'Ada' }).param).toBe('email');
  });

  it('takes the update rules for the other fields', () => {
    expect(validate(ContactUpsertParams, { email: 'a@b.co', metadata: null, title: null }).success).toBe(
      true,
    );
  });
});

describe('ContactMergeParams', () => {
  it('needs a primary and one to a hundred duplicates', () => {
    expect(validate(ContactMergeParams, { primary_id: 'cont_a', duplicate_ids: ['cont_b'] }).success).toBe(
      true,
    );
    expect(refused(ContactMergeParams, { primary_id: 'cont_a', duplicate_ids: [] }).param).toBe(
      'duplicate_ids',
    );
    expect(
      refused(ContactMergeParams, { primary_id: 'cont_a', duplicate_ids: Array(101).fill('cont_b') }).param,
    ).toBe('duplicate_ids');
    expect(refused(ContactMergeParams, { duplicate_ids: ['cont_b'] }).param).toBe('primary_id');
  });
});

describe('CaptureParams', () => {
  it('accepts what a visitor can say about themselves', () => {
    expect(validate(CaptureParams, { email: 'a@b.co', first_name: 'A', source: 'event' }).success).toBe(true);
  });

  it('refuses fields only the team sets', () => {
    for (const field of ['stage', 'owner_id', 'company_id', 'icp_score']) {
      expect(refused(CaptureParams, { email: 'a@b.co', [field]: null }).param).toBe(field);
    }
  });
});

describe('CompanyCreateParams', () => {
  it('needs only a name', () => {
    expect(validate(CompanyCreateParams, { name: 'Acme' }).success).toBe(true);
  });

  it('accepts a domain as a URL and every [Rex] field', () => {
    const result = validate(CompanyCreateParams, {
      name: 'Acme',
      domain: 'https://www.Acme.com/about',
      industry: 'Software',
      size: '1000+',
      description: 'Rockets',
      website: 'https://acme.com',
      phone: '+1 555 0100',
      address: { street: '1 Main St', city: 'Springfield', country: 'US' },
      owner_id: 'usr_1',
      metadata: { tier: 'gold' },
    });
    expect(result.success).toBe(true);
  });

  it.each([
    [{}, 'name', '`name` is required'],
    [{ name: '' }, 'name', '`name` must not be empty'],
    [{ name: '   ' }, 'name', '`name` must not be empty'],
    [
      { name: 'Acme', domain: 'localhost' },
      'domain',
      '`domain` is invalid: a domain needs at least two labels',
    ],
    [{ name: 'Acme', domain: '10.0.0.1' }, 'domain', 'IP address'],
    [
      { name: 'Acme', size: '5-10' },
      'size',
      '`size` must be one of "1-10", "11-50", "51-200", "201-1000", "1000+"',
    ],
    [{ name: 'Acme', address: { city: 'X', zip: '1' } }, 'address.zip', 'Unknown field `address.zip`'],
    [{ name: 'Acme', address: 'Main St' }, 'address', 'must be of type object'],
    [{ name: 'Acme', employees: 3 }, 'employees', 'Unknown field'],
  ])('refuses %j naming `%s`', (input, param, message) => {
    const error = refused(CompanyCreateParams, input);
    expect(error.param).toBe(param);
    expect(error.message).toContain(message);
  });
});

describe('CompanyUpdateParams and CompanyUpsertParams', () => {
  it('lets an update clear the domain but not the name', () => {
    expect(validate(CompanyUpdateParams, { domain: null, size: null, address: null }).success).toBe(true);
    expect(refused(CompanyUpdateParams, { name: null }).param).toBe('name');
  });

  it('requires the domain on upsert; a missing name is for the server to judge', () => {
    expect(validate(CompanyUpsertParams, { domain: 'acme.com' }).success).toBe(true);
    expect(refused(CompanyUpsertParams, { name: 'Acme' }).param).toBe('domain');
    expect(refused(CompanyUpsertParams, { name: 'Acme', domain: null }).param).toBe('domain');
  });
});

describe('list params', () => {
  it('accepts typed filters, sort, fields and include', () => {
    const result = validate(ContactListParams, {
      limit: 200,
      cursor: 'abc',
      sort: '-updated_at',
      stage: 'lead',
      source: 'paid',
      owner_id: 'usr_1',
      company_id: 'comp_x',
      email: 'Ada@Example.com',
      search: 'ada',
      updated_after: '2026-01-01T00:00:00Z',
      fields: ['id', 'email'],
      include: ['company'],
    });
    expect(result.success).toBe(true);
  });

  it.each([
    [{ limit: 0 }, 'limit', '`limit` must be an integer from 1 to 200, got 0'],
    [{ limit: 201 }, 'limit', 'from 1 to 200'],
    [{ limit: 2.5 }, 'limit', 'from 1 to 200'],
    [{ limit: 'ten' }, 'limit', 'must be an integer from 1 to 200, got "ten"'],
    [{ sort: 'stage' }, 'sort', '`sort` must be one of'],
    [{ sort: '--email' }, 'sort', '`sort` must be one of'],
    [{ fields: ['id', 'password'] }, 'fields.1', '`fields.1` must be one of'],
    [{ fields: 'id' }, 'fields', '`fields` must be a list of names'],
    [{ include: ['owner'] }, 'include.0', 'must be one of "company", "deals", "activities", "tasks"'],
    [{ updated_after: 'last week' }, 'updated_after', 'ISO 8601'],
    [{ email: 'nope' }, 'email', 'not a valid email address'],
    [{ stag: 'lead' }, 'stag', 'Unknown field `stag`'],
  ])('refuses contact list query %j naming `%s`', (input, param, message) => {
    const error = refused(ContactListParams, input);
    expect(error.param).toBe(param);
    expect(error.message).toContain(message);
  });

  it('sorts companies only by their own fields', () => {
    expect(validate(CompanyListParams, { sort: '-name', domain: 'www.acme.com' }).success).toBe(true);
    expect(refused(CompanyListParams, { sort: 'email' }).param).toBe('sort');
    expect(refused(CompanyListParams, { stage: 'lead' }).param).toBe('stage');
  });

  it('pages events with after or cursor, filtered by type [Rex: Events API]', () => {
    expect(validate(EventListParams, { after: 'evt_x', limit: 10 }).success).toBe(true);
    expect(validate(EventListParams, { cursor: 'evt_x', type: ['deal.won', 'deal.lost'] }).success).toBe(
      true,
    );
    expect(refused(EventListParams, { type: ['deal.closed'] }).param).toBe('type.0');
    expect(refused(EventListParams, { since: 'x' }).param).toBe('since');
  });
});

describe('response schemas', () => {
  it('read a contact and a company as Rex sends them', () => {
    expect(Contact.safeParse(contact).success).toBe(true);
    expect(Company.safeParse(company).success).toBe(true);
    expect(Contact.safeParse({ ...contact, company }).success).toBe(true);
  });

  it('tolerate fields and enum values Rex may add later', () => {
    const later = { ...contact, stage: 'evangelist', source: 'podcast', lifetime_value: 1200 };
    const parsed = Contact.safeParse(later);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.stage).toBe('evangelist');
    expect(Company.safeParse({ ...company, size: '10000+', logo: 'x' }).success).toBe(true);
    expect(ErrorEnvelope.safeParse({ error: { code: 'quota_exceeded', message: 'Later' } }).success).toBe(
      true,
    );
  });

  it('read list envelopes and events', () => {
    const page = { data: [contact], meta: { cursor: null, has_more: false } };
    expect(ListEnvelope(Contact).safeParse(page).success).toBe(true);
    const event = {
      id: 'evt_01h455vb4pex5vsknk084sn02q',
      type: 'contact.deleted',
      timestamp: contact.created_at,
      data: { id: contact.id },
    };
    expect(Event.safeParse(event).success).toBe(true);
    expect(Event.safeParse({ ...event, type: 'company.created', data: company }).success).toBe(true);
  });

  it('list every field of the schemas in CONTACT_FIELDS and COMPANY_FIELDS', () => {
    expect([...CONTACT_FIELDS].sort()).toEqual(Object.keys(contact).sort());
    expect([...COMPANY_FIELDS].sort()).toEqual(Object.keys(company).sort());
  });
});

describe('errors and ids', () => {
  it('maps every error code to its status', () => {
    expect(ERROR_CODES).toHaveLength(8);
    expect(ERROR_STATUS).toMatchObject({ not_found: 404, conflict: 409, rate_limit_exceeded: 429 });
  });

  it.each([
    ['cont_01h455vb4pex5vsknk084sn02q', 'cont', true],
    ['comp_01h455vb4pex5vsknk084sn02q', 'comp', true],
    ['comp_01h455vb4pex5vsknk084sn02q', 'cont', false],
    // Rex's docs print ULIDs in upper case; fixtures copied from them must work (SPEC §2).
    ['cont_01H455VB4PEX5VSKNK084SN02Q', 'cont', true],
    ['CONT_01h455vb4pex5vsknk084sn02q', 'cont', false],
    ['cont_81h455vb4pex5vsknk084sn02q', 'cont', false],
    ['cont_01h455vb4pex5vsknk084sn02', 'cont', false],
    ['cont_01h455vb4pex5vsknk084sn0uq', 'cont', false],
    ['cont01h455vb4pex5vsknk084sn02q', 'cont', false],
  ] as const)('isTypeId(%j, %j) is %s', (id, prefix, expected) => {
    expect(isTypeId(id, prefix)).toBe(expected);
  });
});

describe('lists and booleans in pipeline bodies (listOf, BooleanInput)', () => {
  it('accepts stages and stage ids, and refuses a list that is not one, naming the item at fault', async () => {
    const { PipelineCreateParams, StageReorderParams, PipelineListParams } = await import('../index.js');
    expect(
      validate(PipelineCreateParams, { name: 'Sales', is_default: true, stages: [{ name: 'Lead' }] }).success,
    ).toBe(true);
    expect(validate(StageReorderParams, { stage_ids: ['stg_a', 'stg_b'] }).success).toBe(true);

    const notList = validate(StageReorderParams, { stage_ids: 'stg_a' });
    expect(notList.success ? undefined : notList.issues).toEqual([
      { param: 'stage_ids', message: '`stage_ids` must be of type array, got string' },
    ]);
    const badId = validate(StageReorderParams, { stage_ids: ['stg_a', 7] });
    expect(badId.success ? undefined : badId.issues).toEqual([
      { param: 'stage_ids.1', message: '`stage_ids.1` must be of type string, got number' },
    ]);
    const badStage = validate(PipelineCreateParams, {
      name: 'Sales',
      stages: [{ name: 'Lead' }, { name: ' ', x: 1 }],
    });
    expect(badStage.success ? [] : badStage.issues.map((issue) => issue.param)).toEqual([
      'stages.1.name',
      'stages.1.x',
    ]);
    const badBoolean = validate(PipelineListParams, { is_default: 'yes' });
    expect(badBoolean.success ? undefined : badBoolean.issues[0]?.message).toBe(
      '`is_default` must be true or false, got "yes"',
    );
  });
});
