/**
 * Random operations on two orgs and the runner that plays them against the mock and the
 * reference model side by side, failing on the first divergence.
 */
import { isDeepStrictEqual } from 'node:util';
import { createRexMock, type RexMock } from '@rex/mock-server';
import {
  Company,
  Contact,
  Deleted,
  ERROR_STATUS,
  ErrorEnvelope,
  Event,
  isTypeId,
  ListMeta,
  normalizeDomain,
  normalizeEmail,
  SOURCES,
  STAGES,
} from '@rex/types';
import * as fc from 'fast-check';
import type { CrmResource } from './crm-model.js';
import { type CrmOp, CrmPlayer, crmOpArb } from './crm-operations.js';
import {
  type CompanyRecord,
  type ContactRecord,
  type Json,
  type Outcome,
  ReferenceModel,
} from './reference-model.js';

// ---------------------------------------------------------------------------------------------
// Generators

const KEYS = ['rex_test_a', 'rex_test_b'] as const;
/** Keys of org `default` with narrower scopes. */
/** What `POST /capture` answers (SPEC §4): Rex's example fields, never the whole record. */
const CAPTURE_FIELDS = ['id', 'email', 'first_name', 'last_name', 'stage', 'source', 'created_at'] as const;
const SCOPED_KEYS = { read: 'rex_test_read', 'capture-only': 'rex_test_capture' } as const;
/** `POST /capture` writes to the org named `default`: key a reads it. */
const ORGS = ['default', 'b'] as const;
export const BASE_URL = 'https://fuzz.rexgtm.com';

/** A few addresses, so creates collide; `ada+crm` and `a.da` must stay distinct from `ada`. */
const EMAILS = ['ada@x.com', 'bob@x.com', 'ada+crm@x.com', 'a.da@x.com', 'zoe@acme.io'];
const INVALID_EMAILS = ['ada@', 'not-an-email', '', 'ada@x'];
const DOMAINS = ['x.com', 'acme.io', 'eu.acme.io', 'münchen.de'];
const INVALID_DOMAINS = ['localhost', '1.2.3.4', 'acme_corp.com', ''];

const flipCase = (text: string, flips: readonly boolean[]): string =>
  [...text].map((ch, i) => (flips[i % Math.max(flips.length, 1)] ? ch.toUpperCase() : ch)).join('');

const padding = fc.constantFrom('', ' ', '  ', '\t', '\n ');

/** An email from the pool in varied case and surrounding white space, sometimes invalid. */
export const emailArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...EMAILS),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
        padding,
        padding,
      )
      .map(([email, flips, before, after]) => `${before}${flipCase(email, flips)}${after}`),
  },
  { weight: 1, arbitrary: fc.constantFrom(...INVALID_EMAILS) },
);

/** A domain from the pool as a bare host or a URL, in varied case, sometimes invalid. */
export const domainArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...DOMAINS),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(
          (d: string) => d,
          (d: string) => `https://www.${d}/a`,
          (d: string) => `${d}.`,
          (d: string) => `www.${d}.`,
          (d: string) => `http://user@${d}:8080/p?q=1#f`,
          (d: string) => ` WWW.${d} `,
          (d: string) => `HTTPS://${d}`,
        ),
      )
      .map(([domain, flips, form]) => form(flipCase(domain, flips))),
  },
  { weight: 1, arbitrary: fc.constantFrom(...INVALID_DOMAINS) },
);

const metadataValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(1, 'x', true, null, { n: 1 }, [1, 2], { deep: { a: null } }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);
const metadataArb = fc.dictionary(fc.constantFrom('a', 'b', 'plan', 'tier'), metadataValue, { maxKeys: 3 });

/** A company or contact id from those seen so far, resolved when the operation runs. */
export interface Ref {
  $ref: number;
}
const refArb: fc.Arbitrary<Ref> = fc.nat({ max: 1000 }).map(($ref) => ({ $ref }));

/** Fields that make a body invalid, mixed into a minority of bodies. */
const contactInvalid = fc.constantFrom<Record<string, unknown>>(
  { stge: 'lead' },
  { stage: 'won' },
  { stage: null },
  { icp_score: 1.5 },
  { linkedin_url: 'not a url' },
  { icp_scored_at: '2026-02-30T00:00:00Z' },
  { metadata: [1] },
  { id: 'cont_01h455vb4pex5vsknk084sn02q' },
);

const contactFields = fc.record(
  {
    first_name: fc.constantFrom(null, 'Ada', 'ada', 'Bob', 'Zoë'),
    last_name: fc.constantFrom(null, 'Lovelace', 'Byron'),
    phone: fc.constantFrom(null, '+44 20 7946 0000'),
    title: fc.constantFrom(null, 'CTO', 'cto'),
    linkedin_url: fc.constantFrom(null, 'https://www.linkedin.com/in/ada'),
    stage: fc.constantFrom(...STAGES),
    source: fc.constantFrom(...SOURCES),
    source_detail: fc.constantFrom(null, 'spring-campaign'),
    icp_score: fc.option(fc.integer({ min: -5, max: 100 })),
    icp_score_reason: fc.constantFrom(null, 'fits'),
    icp_scored_at: fc.constantFrom(null, '2026-03-16T12:00:00.000Z', '2026-03-16T13:00:00+01:00'),
    company_id: fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: refArb }),
    owner_id: fc.constantFrom(null, 'usr_1', 'usr_2'),
    metadata: metadataArb,
  },
  { requiredKeys: [] },
);

/** `arb` in `percent` % of cases, else `undefined`. */
const sometimes = <T>(arb: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: percent, arbitrary: arb }, { weight: 100 - percent, arbitrary: fc.constant(undefined) });

const withInvalid = <T extends Record<string, unknown>>(
  body: fc.Arbitrary<T>,
  invalid: fc.Arbitrary<Record<string, unknown>>,
): fc.Arbitrary<Record<string, unknown>> =>
  fc.tuple(body, sometimes(invalid, 12)).map(([b, bad]) => (bad ? { ...b, ...bad } : b));

const contactCreateBody = withInvalid(
  fc.tuple(emailArb, contactFields).map(([email, rest]) => ({ email, ...rest })),
  contactInvalid,
);
/** Upsert bodies never send `metadata: null`: whether a create then stores `{}` or refuses is open. */
const contactUpsertBody = contactCreateBody;
const contactUpdateBody = withInvalid(
  fc
    .tuple(sometimes(emailArb, 25), contactFields, sometimes(fc.constant(true), 8))
    .map(([email, rest, clearMetadata]) => ({
      ...(email === undefined ? {} : { email }),
      ...rest,
      ...(clearMetadata ? { metadata: null } : {}),
    })),
  fc.oneof(contactInvalid, fc.constant<Record<string, unknown>>({ email: null })),
);
const captureBody = withInvalid(
  fc
    .tuple(
      emailArb,
      fc.record(
        {
          first_name: fc.constantFrom(null, 'Ada', 'Bob'),
          last_name: fc.constantFrom(null, 'Lovelace'),
          title: fc.constantFrom(null, 'CTO'),
          source: fc.constantFrom(...SOURCES),
          source_detail: fc.constantFrom(null, 'landing-page'),
          metadata: metadataArb,
        },
        { requiredKeys: [] },
      ),
    )
    .map(([email, rest]) => ({ email, ...rest })),
  fc.constantFrom<Record<string, unknown>>({ stage: 'customer' }, { owner_id: 'usr_1' }, { stge: 'x' }),
);

const companyInvalid = fc.constantFrom<Record<string, unknown>>(
  { name: '   ' },
  { size: '5-10' },
  { nme: 'typo' },
  { address: { zip: '1' } },
  { metadata: 'x' },
);
const companyFields = fc.record(
  {
    industry: fc.constantFrom(null, 'saas', 'retail'),
    size: fc.constantFrom(null, '1-10', '1000+'),
    description: fc.constantFrom(null, 'Makes things'),
    website: fc.constantFrom(null, 'https://x.com'),
    phone: fc.constantFrom(null, '+1 555 0100'),
    address: fc.option(
      fc.record(
        {
          street: fc.constantFrom(null, '1 Main St'),
          city: fc.constantFrom(null, 'Paris'),
          country: fc.constant('FR'),
        },
        { requiredKeys: [] },
      ),
    ),
    owner_id: fc.constantFrom(null, 'usr_1', 'usr_2'),
    metadata: metadataArb,
  },
  { requiredKeys: [] },
);
const nameArb = fc.constantFrom('Acme', 'Globex', 'acme');
const companyCreateBody = withInvalid(
  fc
    .tuple(nameArb, sometimes(domainArb, 80), companyFields)
    .map(([name, domain, rest]) => ({ name, ...(domain === undefined ? {} : { domain }), ...rest })),
  companyInvalid,
);
const companyUpsertBody = withInvalid(
  fc
    .tuple(sometimes(nameArb, 75), domainArb, companyFields)
    .map(([name, domain, rest]) => ({ ...(name === undefined ? {} : { name }), domain, ...rest })),
  companyInvalid,
);
const companyUpdateBody = withInvalid(
  fc
    .tuple(
      sometimes(nameArb, 30),
      sometimes(
        fc.oneof({ weight: 4, arbitrary: domainArb }, { weight: 1, arbitrary: fc.constant(null) }),
        30,
      ),
      companyFields,
    )
    .map(([name, domain, rest]) => ({
      ...(name === undefined ? {} : { name }),
      ...(domain === undefined ? {} : { domain }),
      ...rest,
    })),
  fc.oneof(companyInvalid, fc.constant<Record<string, unknown>>({ name: null })),
);

type Query = Record<string, string | number | Ref>;

const contactQuery: fc.Arbitrary<Query> = fc.oneof(
  fc.constant({}),
  fc.constantFrom(...STAGES).map((stage) => ({ stage })),
  fc.constantFrom('organic', 'other', 'event').map((source) => ({ source })),
  fc.constantFrom('usr_1', 'usr_2').map((owner_id) => ({ owner_id })),
  emailArb.filter((e) => !INVALID_EMAILS.includes(e)).map((email) => ({ email })),
  fc.constantFrom('ada', 'AD', 'x.com', 'zo', 'LOVE', '+crm').map((search) => ({ search })),
  refArb.map((company_id) => ({ company_id })),
  fc.integer({ min: 0, max: 40 }).map((back) => ({ updated_after: -back })),
);
const contactSort = fc.constantFrom(
  undefined,
  'created_at',
  '-created_at',
  'email',
  '-email',
  'updated_at',
  '-updated_at',
  'first_name',
  '-last_name',
);
const companyQuery: fc.Arbitrary<Query> = fc.oneof(
  fc.constant({}),
  fc.constantFrom('usr_1', 'usr_2').map((owner_id) => ({ owner_id })),
  fc.constantFrom('saas', 'retail').map((industry) => ({ industry })),
  fc.constantFrom('acme', 'X.CO', 'glob', 'mnchen').map((search) => ({ search })),
  domainArb.filter((d) => !INVALID_DOMAINS.includes(d)).map((domain) => ({ domain })),
);
const companySort = fc.constantFrom(undefined, 'created_at', '-created_at', 'name', '-domain', 'updated_at');

const org = fc.constantFrom(0, 1);

/** One step of a scenario. Ids are `Ref`s into the ids seen so far, resolved when it runs. */
export type Op =
  | { op: 'createContact'; org: number; body: Record<string, unknown> }
  | { op: 'upsertContact'; org: number; body: Record<string, unknown> }
  | { op: 'capture'; body: Record<string, unknown> }
  | { op: 'updateContact'; org: number; id: Ref; body: Record<string, unknown> }
  | { op: 'deleteContact'; org: number; id: Ref }
  | { op: 'mergeContacts'; org: number; primary: Ref; duplicates: Ref[] }
  | { op: 'getContact'; org: number; id: Ref; view: 'plain' | 'fields' | 'include' }
  | {
      op: 'listContacts';
      org: number;
      limit: number;
      query: Query;
      sort: string | undefined;
      view?: 'plain' | 'fields' | 'include';
    }
  | { op: 'createCompany'; org: number; body: Record<string, unknown> }
  | { op: 'upsertCompany'; org: number; body: Record<string, unknown> }
  | { op: 'updateCompany'; org: number; id: Ref; body: Record<string, unknown> }
  | { op: 'deleteCompany'; org: number; id: Ref }
  | { op: 'getCompany'; org: number; id: Ref }
  | { op: 'listCompanies'; org: number; limit: number; query: Query; sort: string | undefined }
  | { op: 'listCompanyContacts'; org: number; id: Ref; limit: number }
  | { op: 'concurrentUpserts'; org: number; emails: string[]; body: Record<string, unknown>; create: boolean }
  | {
      op: 'walkWhileWriting';
      org: number;
      limit: number;
      sort: string | undefined;
      stage: string | undefined;
      writes: Op[];
    }
  | { op: 'scoped'; scope: 'read' | 'capture-only'; inner: Op }
  | CrmOp;

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('createContact'), org, body: contactCreateBody }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('upsertContact'), org, body: contactUpsertBody }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('capture'), body: captureBody }) },
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('updateContact'), org, id: refArb, body: contactUpdateBody }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteContact'), org, id: refArb }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('mergeContacts'),
      org,
      primary: refArb,
      duplicates: fc.array(refArb, { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('getContact'),
      org,
      id: refArb,
      view: fc.constantFrom('plain', 'plain', 'fields', 'include'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('listContacts'),
      org,
      limit: fc.integer({ min: 1, max: 5 }),
      query: contactQuery,
      sort: contactSort,
      view: fc.constantFrom('plain', 'plain', 'fields', 'include'),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('createCompany'), org, body: companyCreateBody }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('upsertCompany'), org, body: companyUpsertBody }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('updateCompany'), org, id: refArb, body: companyUpdateBody }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteCompany'), org, id: refArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('getCompany'), org, id: refArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('listCompanies'),
      org,
      limit: fc.integer({ min: 1, max: 4 }),
      query: companyQuery,
      sort: companySort,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('listCompanyContacts'),
      org,
      id: refArb,
      limit: fc.integer({ min: 1, max: 4 }),
    }),
  },
  {
    // The same contact sent several times at once, in several spellings of its email: one
    // record, whatever the interleaving (SPEC §4: concurrent upserts never make two records).
    weight: 1,
    arbitrary: fc
      .tuple(
        org,
        fc.constantFrom(...EMAILS),
        fc.array(fc.tuple(fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }), padding), {
          minLength: 2,
          maxLength: 5,
        }),
        fc.record({ title: fc.constantFrom('CTO', 'VP'), metadata: metadataArb }, { requiredKeys: [] }),
        fc.boolean(),
      )
      .map(([o, email, spellings, body, create]) => ({
        op: 'concurrentUpserts' as const,
        org: o,
        emails: spellings.map(([flips, pad]) => `${pad}${flipCase(email, flips)}`),
        body,
        create,
      })),
  },
  {
    // A list walked page by page while contacts are created and deleted between pages: every
    // record there from start to end comes exactly once (SPEC §4, keyset pagination).
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('walkWhileWriting' as const),
      org,
      limit: fc.integer({ min: 1, max: 3 }),
      sort: fc.constantFrom(undefined, 'created_at', '-email', 'email', 'first_name', '-last_name'),
      stage: fc.constantFrom(undefined, 'lead'),
      writes: fc.array(
        fc.oneof(
          fc.record({ op: fc.constant('createContact' as const), org, body: contactCreateBody }),
          fc.record({ op: fc.constant('deleteContact' as const), org, id: refArb }),
        ),
        { minLength: 1, maxLength: 6 },
      ),
    }),
  },
  {
    // The same calls with a `read` or a `capture-only` key of org `default`: reads work as
    // with a read-write key, anything else is a 403 that changes nothing.
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('scoped' as const),
      scope: fc.constantFrom('read' as const, 'capture-only' as const),
      inner: fc.oneof(
        fc.record({
          op: fc.constant('getContact' as const),
          org: fc.constant(0),
          id: refArb,
          view: fc.constant('plain' as const),
        }),
        fc.record({
          op: fc.constant('listContacts' as const),
          org: fc.constant(0),
          limit: fc.integer({ min: 1, max: 5 }),
          query: contactQuery,
          sort: contactSort,
        }),
        fc.record({ op: fc.constant('getCompany' as const), org: fc.constant(0), id: refArb }),
        fc.record({
          op: fc.constant('createContact' as const),
          org: fc.constant(0),
          body: contactCreateBody,
        }),
        fc.record({
          op: fc.constant('updateContact' as const),
          org: fc.constant(0),
          id: refArb,
          body: contactUpdateBody,
        }),
        fc.record({ op: fc.constant('deleteContact' as const), org: fc.constant(0), id: refArb }),
        fc.record({
          op: fc.constant('upsertCompany' as const),
          org: fc.constant(0),
          body: companyUpsertBody,
        }),
        fc.record({
          op: fc.constant('mergeContacts' as const),
          org: fc.constant(0),
          primary: refArb,
          duplicates: fc.array(refArb, { minLength: 1, maxLength: 2 }),
        }),
      ) as fc.Arbitrary<Op>,
    }),
  },
  // SPEC §7's resources and their links, as often as everything above together.
  { weight: 38, arbitrary: crmOpArb },
) as fc.Arbitrary<Op>;

// ---------------------------------------------------------------------------------------------
// Runner

/** A divergence between the mock and the model. */
export class Divergence extends Error {
  override readonly name = 'Divergence';
}

interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: bodies are checked against the @rex/types schemas before use
  json: any;
}

const CODE_OF_STATUS = new Map(
  Object.entries(ERROR_STATUS).map(([code, status]) => [status as number, code]),
);
const START = Date.UTC(2026, 0, 1);
/** Ids no server would have given: one well-formed, one malformed, one with the wrong prefix. */
const PHANTOM_CONTACTS = ['cont_01h455vb4pex5vsknk084sn02q', 'cont_nope', 'comp_01h455vb4pex5vsknk084sn02q'];
const PHANTOM_COMPANIES = ['comp_01h455vb4pex5vsknk084sn02q', 'comp_nope', 'cont_01h455vb4pex5vsknk084sn02q'];

/** Requests by route and status over the whole run, to show what the fuzzing reached. */
export const stats = new Map<string, number>();

const show = (value: unknown): string => JSON.stringify(value, null, 0);

/** Plays operations against a fresh mock and the reference model; throws {@link Divergence}. */
export class Runner {
  readonly mock: RexMock;
  readonly model = new ReferenceModel();
  /** Requests sent, for the operation count. */
  requests = 0;
  time = START;
  currentOrg: string = ORGS[0];
  /** The key of a `scoped` operation's inner call. */
  private keyOverride: string | undefined;
  private readonly contactIds: string[] = [];
  private readonly companyIds: string[] = [];
  private readonly log: string[] = [];
  private readonly requestIds = new Set<string>();
  /** The org each created record belongs to. */
  readonly orgOfId = new Map<string, string>();
  /** Plays the operations on SPEC §7's resources. */
  readonly crm = new CrmPlayer(this);

  constructor() {
    this.mock = createRexMock({
      baseUrl: BASE_URL,
      rateLimit: false,
      now: () => new Date(this.time),
      ids: { seed: 7 },
      apiKeys: [
        { key: KEYS[0], org: ORGS[0], scope: 'read-write' },
        { key: KEYS[1], org: ORGS[1], scope: 'read-write' },
        { key: SCOPED_KEYS.read, org: ORGS[0], scope: 'read' },
        { key: SCOPED_KEYS['capture-only'], org: ORGS[0], scope: 'capture-only' },
      ],
    });
  }

  private get now(): string {
    return new Date(this.time).toISOString();
  }

  fail(message: string): never {
    throw new Divergence(`${message}\n  recent requests:\n    ${this.log.slice(-6).join('\n    ')}`);
  }

  async send(
    method: string,
    path: string,
    options: { key?: string | undefined; body?: unknown; query?: Record<string, string | number> } = {},
  ): Promise<Reply> {
    const url = new URL(path, BASE_URL);
    for (const [name, value] of Object.entries(options.query ?? {}))
      url.searchParams.set(name, String(value));
    const headers: Record<string, string> = {};
    if (options.key !== undefined) headers['x-api-key'] = options.key;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const request = new Request(url, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    this.requests++;
    const res = await this.mock.handle(request);
    const route = `${method} ${url.pathname.replace(/\/(cont|comp|pipe|deal|act|task|prod|stg)_[^/]*/g, '/:id')}`;
    const statKey = `${route} ${res.status}`;
    stats.set(statKey, (stats.get(statKey) ?? 0) + 1);
    const text = await res.text();
    this.log.push(
      `${method} ${url.pathname}${url.search}${options.key ? ` [${options.key}]` : ''}${
        options.body === undefined ? '' : ` ${show(options.body)}`
      } → ${res.status} ${text.slice(0, 400)}`,
    );
    if (this.log.length > 50) this.log.splice(0, 25);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.fail(`${method} ${path}: response is not JSON: ${text.slice(0, 200)}`);
    }
    const requestId = res.headers.get('x-request-id');
    if (!requestId) this.fail(`${method} ${path}: no X-Request-Id header`);
    if (this.requestIds.has(requestId))
      this.fail(`${method} ${path}: X-Request-Id ${requestId} was given before`);
    this.requestIds.add(requestId);
    if (!res.headers.get('content-type')?.startsWith('application/json')) {
      this.fail(`${method} ${path}: Content-Type ${res.headers.get('content-type')}`);
    }
    if (res.status >= 400) {
      const parsed = ErrorEnvelope.safeParse(json);
      if (!parsed.success) this.fail(`${method} ${path}: ${res.status} without an error envelope: ${text}`);
      if (CODE_OF_STATUS.get(res.status) !== parsed.data.error.code) {
        this.fail(`${method} ${path}: status ${res.status} with code ${parsed.data.error.code}`);
      }
    }
    return { status: res.status, json };
  }

  /**
   * Three refs in four name a live record of the org in play (when it has one); the rest any id
   * seen so far (deleted ones and the other org's included) or a phantom id.
   */
  resolve(ref: Ref, kind: 'contact' | 'company'): string {
    const live = (
      kind === 'contact' ? this.model.contacts(this.currentOrg) : this.model.companies(this.currentOrg)
    ).map((r) => r.id);
    if (live.length > 0 && ref.$ref % 4 !== 0) return live[Math.floor(ref.$ref / 4) % live.length]!;
    const list =
      kind === 'contact'
        ? [...this.contactIds, ...PHANTOM_CONTACTS]
        : [...this.companyIds, ...PHANTOM_COMPANIES];
    return list[ref.$ref % list.length]!;
  }

  /** Replaces `$ref`s in a body with ids and round-trips it through JSON, as the wire does. */
  private wire(body: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...body };
    if (out.company_id && typeof out.company_id === 'object')
      out.company_id = this.resolve(out.company_id as Ref, 'company');
    return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
  }

  /**
   * Compares the mock's answer with the model's outcome. `fields`, when given, is the part of
   * the record the endpoint shows (SPEC §4: `POST /capture` answers only Rex's example fields).
   */
  private expect(what: string, outcome: Outcome, reply: Reply, fields?: readonly string[]): void {
    const where = `${what}\n  expected ${outcome.kind === 'error' ? `status ${outcome.statuses.join(' or ')}` : ''}`;
    if (outcome.kind === 'error') {
      if (!outcome.statuses.includes(reply.status)) {
        this.fail(`${where}, got ${reply.status} ${show(reply.json)}`);
      }
      const err = reply.json.error;
      if (reply.status === 409 && outcome.conflict) {
        if (
          err.param !== outcome.conflict.param ||
          err.details?.existing_id !== outcome.conflict.existingId
        ) {
          this.fail(
            `${where} with param ${outcome.conflict.param} and details.existing_id ${outcome.conflict.existingId}, got ${show(err)}`,
          );
        }
      }
      if (
        reply.status === 400 &&
        outcome.statuses.length === 1 &&
        outcome.param &&
        err.param !== outcome.param
      ) {
        this.fail(`${where} with param ${outcome.param}, got ${show(err)}`);
      }
      return;
    }
    if (outcome.kind === 'deleted') {
      if (
        reply.status !== 200 ||
        !isDeepStrictEqual(reply.json, { data: { id: outcome.id, deleted: true } })
      ) {
        this.fail(
          `${what}\n  expected 200 ${show({ data: { id: outcome.id, deleted: true } })}, got ${reply.status} ${show(reply.json)}`,
        );
      }
      Deleted.parse(reply.json.data);
      return;
    }
    if (reply.status !== outcome.status) {
      this.fail(
        `${what}\n  expected ${outcome.status} ${show(outcome.expected)}\n  got ${reply.status} ${show(reply.json)}`,
      );
    }
    const data = reply.json.data;
    const schema = outcome.resource === 'contact' ? Contact : Company;
    if (!fields && !schema.safeParse(data).success)
      this.fail(`${what}: data is not a ${outcome.resource}: ${show(data)}`);
    let expected: Record<string, unknown> = { ...outcome.expected };
    if (outcome.commit) {
      const prefix = outcome.resource === 'contact' ? 'cont' : 'comp';
      if (!isTypeId(data.id, prefix)) this.fail(`${what}: created id ${data.id} is not a ${prefix}_ TypeID`);
      if ([...this.contactIds, ...this.companyIds].includes(data.id))
        this.fail(`${what}: created id ${data.id} was given before`);
      expected.id = data.id;
    }
    if (outcome.updatedAtAlternative !== undefined && data.updated_at === outcome.updatedAtAlternative) {
      expected.updated_at = outcome.updatedAtAlternative;
      this.model.adoptUpdatedAt(this.currentOrg, expected.id as string, outcome.updatedAtAlternative);
    }
    if (fields) expected = Object.fromEntries(fields.map((field) => [field, expected[field]]));
    this.compareRecord(what, expected, data);
    if (outcome.commit) {
      outcome.commit(data.id);
      (outcome.resource === 'contact' ? this.contactIds : this.companyIds).push(data.id);
      this.orgOfId.set(data.id, this.currentOrg);
    }
  }

  compareRecord(
    what: string,
    expected: ContactRecord | CompanyRecord | Record<string, unknown>,
    actual: unknown,
  ) {
    if (!isDeepStrictEqual(actual, expected)) {
      const diff = Object.keys({ ...(expected as object), ...(actual as object) })
        .filter(
          (k) =>
            !isDeepStrictEqual(
              (expected as Record<string, unknown>)[k],
              (actual as Record<string, unknown>)[k],
            ),
        )
        .map(
          (k) =>
            `${k}: expected ${show((expected as Record<string, unknown>)[k])}, got ${show((actual as Record<string, unknown>)[k])}`,
        );
      this.fail(`${what}: record differs\n    ${diff.join('\n    ')}`);
    }
  }

  /** Runs one operation and compares the mock's answer with the model's. */
  async step(op: Op): Promise<void> {
    this.time += 1000;
    const now = this.now;
    const orgIndex = 'org' in op ? op.org : 0;
    const key = this.keyOverride ?? KEYS[orgIndex]!;
    const orgName = ORGS[orgIndex]!;
    this.currentOrg = orgName;
    const m = this.model;
    switch (op.op) {
      case 'createContact': {
        const body = this.wire(op.body);
        const reply = await this.send('POST', '/contacts', { key, body });
        return this.expect(`POST /contacts ${show(body)}`, m.createContact(orgName, body, now), reply);
      }
      case 'upsertContact': {
        const body = this.wire(op.body);
        const reply = await this.send('POST', '/contacts/upsert', { key, body });
        return this.expect(`POST /contacts/upsert ${show(body)}`, m.upsertContact(orgName, body, now), reply);
      }
      case 'capture': {
        const body = this.wire(op.body);
        const reply = await this.send('POST', '/capture', { body });
        return this.expect(
          `POST /capture ${show(body)}`,
          m.upsertContact(ORGS[0], body, now, 'capture'),
          reply,
          CAPTURE_FIELDS,
        );
      }
      case 'updateContact': {
        const id = this.resolve(op.id, 'contact');
        const body = this.wire(op.body);
        const reply = await this.send('PATCH', `/contacts/${id}`, { key, body });
        return this.expect(
          `PATCH /contacts/${id} ${show(body)}`,
          m.updateContact(orgName, id, body, now),
          reply,
        );
      }
      case 'deleteContact': {
        const id = this.resolve(op.id, 'contact');
        const reply = await this.send('DELETE', `/contacts/${id}`, { key });
        return this.expect(`DELETE /contacts/${id}`, m.deleteContact(orgName, id, now), reply);
      }
      case 'mergeContacts': {
        const primary = this.resolve(op.primary, 'contact');
        // Naming the primary among the duplicates, or one duplicate twice, is left out: the
        // spec does not say whether that is a 400 or ignored.
        const duplicates = [...new Set(op.duplicates.map((r) => this.resolve(r, 'contact')))].filter(
          (id) => id !== primary,
        );
        if (duplicates.length === 0) duplicates.push(PHANTOM_CONTACTS.find((id) => id !== primary)!);
        const body = { primary_id: primary, duplicate_ids: duplicates };
        const reply = await this.send('POST', '/contacts/merge', { key, body });
        return this.expect(`POST /contacts/merge ${show(body)}`, m.mergeContacts(orgName, body, now), reply);
      }
      case 'getContact': {
        const id = this.resolve(op.id, 'contact');
        const query: Record<string, string> =
          op.view === 'fields'
            ? { fields: 'email,stage,metadata' }
            : op.view === 'include'
              ? { include: 'company' }
              : {};
        const reply = await this.send('GET', `/contacts/${id}`, { key, query });
        const what = `GET /contacts/${id}?${new URLSearchParams(query)}`;
        const outcome = m.getContact(orgName, id);
        if (outcome.kind !== 'record' || op.view === 'plain') return this.expect(what, outcome, reply);
        if (reply.status !== 200) this.fail(`${what}: expected 200, got ${reply.status} ${show(reply.json)}`);
        const record = outcome.expected as ContactRecord;
        const expected =
          op.view === 'fields'
            ? { id: record.id, email: record.email, stage: record.stage, metadata: record.metadata }
            : {
                ...record,
                company: record.company_id ? (m.company(orgName, record.company_id) ?? null) : null,
              };
        return this.compareRecord(what, expected, reply.json.data);
      }
      case 'listContacts': {
        const query: Record<string, string | number> = {};
        for (const [name, value] of Object.entries(op.query)) {
          if (typeof value === 'object') query[name] = this.resolve(value, 'company');
          else if (name === 'updated_after')
            query[name] = new Date(this.time + Number(value) * 1000).toISOString();
          else query[name] = value;
        }
        if (op.sort) query.sort = op.sort;
        const expected = m.contacts(orgName).filter((c) => contactMatches(c, query));
        const view = op.view ?? 'plain';
        if (view === 'fields') query.fields = 'email,stage,metadata';
        if (view === 'include') query.include = 'company';
        const project =
          view === 'fields'
            ? (c: ContactRecord) => ({ id: c.id, email: c.email, stage: c.stage, metadata: c.metadata })
            : view === 'include'
              ? (c: ContactRecord) => ({
                  ...c,
                  company: c.company_id ? (m.company(orgName, c.company_id) ?? null) : null,
                })
              : undefined;
        return this.compareList(
          '/contacts',
          key,
          op.limit,
          query,
          expected,
          op.sort ?? '-created_at',
          project,
        );
      }
      case 'createCompany': {
        const body = this.wire(op.body);
        const reply = await this.send('POST', '/companies', { key, body });
        return this.expect(`POST /companies ${show(body)}`, m.createCompany(orgName, body, now), reply);
      }
      case 'upsertCompany': {
        const body = this.wire(op.body);
        const reply = await this.send('POST', '/companies/upsert', { key, body });
        return this.expect(
          `POST /companies/upsert ${show(body)}`,
          m.upsertCompany(orgName, body, now),
          reply,
        );
      }
      case 'updateCompany': {
        const id = this.resolve(op.id, 'company');
        const body = this.wire(op.body);
        const reply = await this.send('PATCH', `/companies/${id}`, { key, body });
        return this.expect(
          `PATCH /companies/${id} ${show(body)}`,
          m.updateCompany(orgName, id, body, now),
          reply,
        );
      }
      case 'deleteCompany': {
        const id = this.resolve(op.id, 'company');
        const before = new Map(m.contacts(orgName).map((c) => [c.id, c.updated_at]));
        const reply = await this.send('DELETE', `/companies/${id}`, { key });
        const outcome = m.deleteCompany(orgName, id, now);
        this.expect(`DELETE /companies/${id}`, outcome, reply);
        // The contacts keep existing with `company_id: null`. Whether their `updated_at` moves
        // is open in the spec: either is accepted, the rest of the record must match.
        if (outcome.kind === 'deleted') {
          for (const contactId of outcome.orphaned) {
            const got = await this.send('GET', `/contacts/${contactId}`, { key });
            const updatedAt = got.json?.data?.updated_at;
            if (updatedAt === before.get(contactId)) m.adoptUpdatedAt(orgName, contactId, updatedAt);
            this.expect(
              `GET /contacts/${contactId} after DELETE /companies/${id}`,
              m.getContact(orgName, contactId),
              got,
            );
          }
        }
        return;
      }
      case 'getCompany': {
        const id = this.resolve(op.id, 'company');
        const reply = await this.send('GET', `/companies/${id}`, { key });
        return this.expect(`GET /companies/${id}`, m.getCompany(orgName, id), reply);
      }
      case 'listCompanies': {
        const query: Record<string, string | number> = {};
        for (const [name, value] of Object.entries(op.query)) query[name] = value as string;
        if (op.sort) query.sort = op.sort;
        const expected = m.companies(orgName).filter((c) => companyMatches(c, query));
        return this.compareList('/companies', key, op.limit, query, expected, op.sort ?? '-created_at');
      }
      case 'listCompanyContacts': {
        const id = this.resolve(op.id, 'company');
        if (!m.company(orgName, id)) {
          const reply = await this.send('GET', `/companies/${id}/contacts`, {
            key,
            query: { limit: op.limit },
          });
          return this.expect(`GET /companies/${id}/contacts`, { kind: 'error', statuses: [404] }, reply);
        }
        const expected = m.contacts(orgName).filter((c) => c.company_id === id);
        return this.compareList(`/companies/${id}/contacts`, key, op.limit, {}, expected, '-created_at');
      }
      case 'concurrentUpserts': {
        const path = op.create ? '/contacts' : '/contacts/upsert';
        const bodies = op.emails.map((email) => this.wire({ ...op.body, email }));
        const replies = await Promise.all(bodies.map((body) => this.send('POST', path, { key, body })));
        const what = `${op.emails.length} concurrent POST ${path} ${show(bodies)}`;
        // The model plays them one after another; any order gives the same result here, since
        // the bodies differ only in how the email is written. A create is stored under the id
        // of the reply that created.
        const creator = replies.find((r) => r.status === 201);
        const outcomes: Outcome[] = [];
        for (const body of bodies) {
          const outcome = op.create
            ? m.createContact(orgName, body, now)
            : m.upsertContact(orgName, body, now);
          if (outcome.kind === 'record' && outcome.commit) {
            if (!creator)
              this.fail(
                `${what}: none created, expected one 201; got ${replies.map((r) => r.status).join(', ')}`,
              );
            this.expect(`${what} (the one that created)`, outcome, creator);
          }
          outcomes.push(outcome);
        }
        const statuses = replies.map((r) => r.status).sort();
        const expectedStatuses = outcomes
          .map((o) => (o.kind === 'record' ? o.status : o.kind === 'error' ? o.statuses[0]! : 200))
          .sort();
        if (!isDeepStrictEqual(statuses, expectedStatuses)) {
          this.fail(`${what}: statuses ${statuses.join(', ')}, expected ${expectedStatuses.join(', ')}`);
        }
        const record = m.contacts(orgName).find((c) => c.email === normalizeEmail(op.emails[0]!));
        for (const reply of replies) {
          if (reply.status === 409) {
            if (reply.json.error.details?.existing_id !== record?.id) {
              this.fail(`${what}: a 409 names ${show(reply.json.error)}, not ${record?.id}`);
            }
          } else if (record) {
            this.compareRecord(what, record, reply.json.data);
          }
        }
        return;
      }
      case 'walkWhileWriting':
        return this.walkWhileWriting(op, key, orgName);
      case 'scoped':
        return this.scoped(op);
      default:
        return this.crm.step(op, key, orgName, now);
    }
  }

  /** Runs a call with a narrower key: reads as usual with a `read` key, anything else a 403. */
  private async scoped(op: Extract<Op, { op: 'scoped' }>): Promise<void> {
    const inner = op.inner;
    const key = SCOPED_KEYS[op.scope];
    if (op.scope === 'read' && ['getContact', 'listContacts', 'getCompany'].includes(inner.op)) {
      this.keyOverride = key;
      try {
        return await this.step(inner);
      } finally {
        this.keyOverride = undefined;
      }
    }
    this.time += 1000;
    this.currentOrg = ORGS[0];
    const contact = (ref: Ref) => this.resolve(ref, 'contact');
    const company = (ref: Ref) => this.resolve(ref, 'company');
    let call: { method: string; path: string; body?: unknown };
    switch (inner.op) {
      case 'getContact':
        call = { method: 'GET', path: `/contacts/${contact(inner.id)}` };
        break;
      case 'getCompany':
        call = { method: 'GET', path: `/companies/${company(inner.id)}` };
        break;
      case 'createContact':
        call = { method: 'POST', path: '/contacts', body: this.wire(inner.body) };
        break;
      case 'updateContact':
        call = { method: 'PATCH', path: `/contacts/${contact(inner.id)}`, body: this.wire(inner.body) };
        break;
      case 'deleteContact':
        call = { method: 'DELETE', path: `/contacts/${contact(inner.id)}` };
        break;
      case 'upsertCompany':
        call = { method: 'POST', path: '/companies/upsert', body: this.wire(inner.body) };
        break;
      case 'mergeContacts':
        call = {
          method: 'POST',
          path: '/contacts/merge',
          body: { primary_id: contact(inner.primary), duplicate_ids: inner.duplicates.map(contact) },
        };
        break;
      default:
        call = { method: 'GET', path: '/contacts' };
    }
    const before = this.mock.snapshot();
    const reply = await this.send(call.method, call.path, {
      key,
      ...(call.body === undefined ? {} : { body: call.body }),
    });
    // The scope is a property of the route: 403 whatever the id or body. A server that looks
    // an unknown id up first may answer 404, which leaks nothing either.
    const pathId = /^\/(?:contacts|companies)\/([^/]+)$/.exec(call.path)?.[1];
    const known =
      pathId === undefined || this.model.contact(ORGS[0], pathId) || this.model.company(ORGS[0], pathId);
    const what = `${call.method} ${call.path} with a ${op.scope} key`;
    this.expect(what, { kind: 'error', statuses: known ? [403] : [403, 404] }, reply);
    if (!isDeepStrictEqual(this.mock.snapshot(), before)) this.fail(`${what} changed the store`);
  }

  /**
   * Walks a contact list while running creates and deletes between pages. Records present from
   * start to end (and matching) come exactly once; none comes twice; each one that comes was a
   * matching record at some point of the walk.
   */
  private async walkWhileWriting(
    op: Extract<Op, { op: 'walkWhileWriting' }>,
    key: string,
    orgName: string,
  ): Promise<void> {
    const query: Record<string, string | number> = { limit: op.limit };
    if (op.sort) query.sort = op.sort;
    if (op.stage) query.stage = op.stage;
    const what = `GET /contacts?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))} while writing`;
    const matches = (c: ContactRecord) => !op.stage || c.stage === op.stage;
    const atStart = new Set(
      this.model
        .contacts(orgName)
        .filter(matches)
        .map((c) => c.id),
    );
    const everMatched = new Set(atStart);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; ; page++) {
      if (page > atStart.size + op.writes.length + 2) this.fail(`${what}: more pages than records`);
      const reply = await this.send('GET', '/contacts', {
        key,
        query: { ...query, ...(cursor ? { cursor } : {}) },
      });
      if (reply.status !== 200)
        this.fail(`${what}: page ${page} answered ${reply.status} ${show(reply.json)}`);
      seen.push(...reply.json.data.map((r: { id: string }) => r.id));
      if (!reply.json.meta.has_more) break;
      cursor = reply.json.meta.cursor;
      const write = op.writes[page % op.writes.length]!;
      this.currentOrg = orgName;
      await this.step({ ...write, org: op.org } as Op);
      this.currentOrg = orgName;
      for (const c of this.model.contacts(orgName)) if (matches(c)) everMatched.add(c.id);
    }
    const live = new Set(this.model.contacts(orgName).map((c) => c.id));
    const counts = new Map<string, number>();
    for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (const [id, n] of counts) {
      if (n > 1) this.fail(`${what}: ${id} came ${n} times`);
      if (!everMatched.has(id)) this.fail(`${what}: ${id} came but never matched`);
    }
    for (const id of atStart) {
      if (live.has(id) && !counts.has(id)) {
        this.fail(`${what}: ${id} was there from start to end but did not come\n    seen ${seen.join(' ')}`);
      }
    }
  }

  /**
   * Walks every page and compares with the model: each record exactly once, full pages until
   * `has_more: false`, records equal to the model's, and the order where the sort key is
   * unique (`created_at`, `email`) or monotone where it is not.
   */
  async compareList(
    path: string,
    key: string,
    limit: number,
    query: Record<string, string | number>,
    expected: readonly (ContactRecord | CompanyRecord | { id: string; [key: string]: unknown })[],
    sort: string,
    project?: (record: ContactRecord) => Record<string, unknown>,
  ): Promise<void> {
    const what = `GET ${path}?${new URLSearchParams(Object.entries({ ...query, limit }).map(([k, v]) => [k, String(v)]))}`;
    const seen: Record<string, unknown>[] = [];
    let cursor: string | undefined;
    for (let page = 0; ; page++) {
      if (page > expected.length + 2) this.fail(`${what}: more pages than records (${page})`);
      const reply = await this.send('GET', path, {
        key,
        query: { ...query, limit, ...(cursor ? { cursor } : {}) },
      });
      if (reply.status !== 200)
        this.fail(`${what}: page ${page} answered ${reply.status} ${show(reply.json)}`);
      const meta = ListMeta.safeParse(reply.json.meta);
      if (!meta.success || !Array.isArray(reply.json.data))
        this.fail(`${what}: not a list envelope: ${show(reply.json)}`);
      seen.push(...reply.json.data);
      if (!meta.data.has_more) break;
      if (reply.json.data.length !== limit)
        this.fail(`${what}: page ${page} has ${reply.json.data.length} of ${limit} records and has_more`);
      if (!meta.data.cursor) this.fail(`${what}: has_more without a cursor`);
      cursor = meta.data.cursor;
    }
    const ids = seen.map((r) => r.id as string);
    if (new Set(ids).size !== ids.length) this.fail(`${what}: a record came twice: ${ids.join(' ')}`);
    const byId = new Map(expected.map((r) => [r.id, r]));
    const missing = expected.filter((r) => !ids.includes(r.id)).map((r) => r.id);
    const extra = ids.filter((id) => !byId.has(id));
    if (missing.length > 0 || extra.length > 0) {
      this.fail(
        `${what}: expected ${expected.length} records, got ${ids.length}; missing ${missing.join(' ') || '-'}; unexpected ${extra.join(' ') || '-'}`,
      );
    }
    for (const record of seen) {
      const model = byId.get(record.id as string)!;
      this.compareRecord(
        `${what} item ${record.id}`,
        project ? project(model as ContactRecord) : model,
        record,
      );
    }
    const field = sort.replace(/^-/, '');
    const sign = sort.startsWith('-') ? -1 : 1;
    const keyOf = (r: Record<string, unknown>) => r[field] as string | null;
    if (field === 'created_at' || field === 'email') {
      const order = [...expected].sort((a, b) => sign * compare(keyOf(a as never), keyOf(b as never)));
      if (
        !isDeepStrictEqual(
          ids,
          order.map((r) => r.id),
        )
      ) {
        this.fail(
          `${what}: order by ${sort}\n    expected ${order.map((r) => keyOf(r as never)).join(', ')}\n    got      ${seen.map(keyOf).join(', ')}`,
        );
      }
    } else if (field === 'updated_at') {
      for (let i = 1; i < seen.length; i++) {
        if (sign * compare(keyOf(seen[i - 1]!), keyOf(seen[i]!)) > 0) {
          this.fail(`${what}: not ordered by ${sort}: ${seen.map(keyOf).join(', ')}`);
        }
      }
    }
    // Ties are broken by id, so the order is total: one page of 200 gives the same order as
    // the small pages did.
    if (limit < 200 && ids.length > limit && ids.length <= 200) {
      const whole = await this.send('GET', path, { key, query: { ...query, limit: 200 } });
      const order = (whole.json.data as { id: string }[]).map((r) => r.id);
      if (!isDeepStrictEqual(order, ids)) {
        this.fail(
          `${what}: pages of ${limit} and one page of 200 give different orders\n    ${ids.join(' ')}\n    ${order.join(' ')}`,
        );
      }
    }
  }

  /**
   * The event log of one org, walked with `after`: valid events, oldest first, each id once; every
   * record created has its `*.created` event first, and its last event holds the record as it is
   * now (`*.deleted` with `{ id }` once deleted).
   */
  async checkEvents(key: string, orgName: string): Promise<void> {
    const events: { id: string; type: string; timestamp: string; data: { id: string } }[] = [];
    let after: string | undefined;
    for (let page = 0; ; page++) {
      if (page > 10_000) this.fail('GET /events: no end');
      const reply = await this.send('GET', '/events', {
        key,
        query: { limit: 7, ...(after ? { after } : {}) },
      });
      if (reply.status !== 200) this.fail(`GET /events answered ${reply.status} ${show(reply.json)}`);
      for (const event of reply.json.data) {
        if (!Event.safeParse(event).success) this.fail(`GET /events: not an event: ${show(event)}`);
        events.push(event);
      }
      if (!reply.json.meta.has_more) break;
      after = reply.json.meta.cursor;
    }
    const ids = events.map((e) => e.id);
    if (new Set(ids).size !== ids.length) this.fail(`GET /events [${orgName}]: an event came twice`);
    for (let i = 1; i < events.length; i++) {
      if (events[i]!.timestamp < events[i - 1]!.timestamp)
        this.fail(`GET /events [${orgName}]: not oldest first`);
    }
    const byRecord = new Map<string, typeof events>();
    for (const event of events) {
      const list = byRecord.get(event.data.id) ?? [];
      list.push(event);
      byRecord.set(event.data.id, list);
    }
    for (const [id, org] of this.orgOfId) {
      const resource = RESOURCE_OF_PREFIX[id.slice(0, id.indexOf('_'))]!;
      const mine = byRecord.get(id) ?? [];
      if (org !== orgName) {
        if (mine.length > 0) this.fail(`GET /events [${orgName}]: events of ${id}, a record of org ${org}`);
        continue;
      }
      if (mine[0]?.type !== `${resource}.created`) {
        this.fail(
          `GET /events [${orgName}]: the first event of ${id} is ${mine[0]?.type ?? 'missing'}, not ${resource}.created`,
        );
      }
      const last = mine.at(-1)!;
      const current =
        resource === 'contact'
          ? this.model.contact(orgName, id)
          : resource === 'company'
            ? this.model.company(orgName, id)
            : this.model.crm.get(orgName, resource, id);
      const expected = current ?? { id };
      const type = current ? [`${resource}.created`, `${resource}.updated`] : [`${resource}.deleted`];
      if (current && resource === 'deal') {
        type.push('deal.won', 'deal.lost');
        // `deal.won`/`deal.lost` come once each time the status becomes so, on every path.
        const closed = mine.filter((e) => e.type === 'deal.won' || e.type === 'deal.lost').map((e) => e.type);
        const want = this.model.crm.closedEvents(orgName, id);
        if (!isDeepStrictEqual(closed, want))
          this.fail(
            `GET /events [${orgName}]: ${id} has ${closed.join(', ') || 'no'} won/lost events, expected ${want.join(', ') || 'none'}\n    all: ${mine.map((e) => e.type).join(', ')}`,
          );
        // Whole days are computed when answered; the rest of the record must match.
        const { days_in_stage: _a, deal_age_days: _b, ...data } = last.data as Record<string, unknown>;
        last.data = data as { id: string };
      }
      if (!type.includes(last.type) || !isDeepStrictEqual(last.data, expected)) {
        this.fail(
          `GET /events [${orgName}]: the last event of ${id} is ${last.type} ${show(last.data)}\n    expected ${type.join(' or ')} ${show(expected)}\n    all: ${mine.map((e) => e.type).join(', ')}`,
        );
      }
    }
  }

  /**
   * After a scenario: every list walked whole, the snapshot and the event log agree with the
   * model, and `restore(snapshot())` changes nothing a client can see.
   */
  async finalCheck(): Promise<void> {
    this.time += 1000;
    const snapshot = this.mock.snapshot();
    for (const [i, key] of KEYS.entries()) {
      const orgName = ORGS[i]!;
      await this.compareList('/contacts', key, 200, {}, this.model.contacts(orgName), '-created_at');
      await this.compareList('/companies', key, 200, {}, this.model.companies(orgName), '-created_at');
      const state = snapshot.orgs[orgName] ?? { contacts: [], companies: [] };
      const sortById = <T extends { id: string }>(list: readonly T[]) =>
        [...list].sort((a, b) => compare(a.id, b.id));
      if (!isDeepStrictEqual(sortById(state.contacts), sortById(this.model.contacts(orgName)))) {
        this.fail(`snapshot().orgs.${orgName}.contacts differs from the API's answers`);
      }
      if (!isDeepStrictEqual(sortById(state.companies), sortById(this.model.companies(orgName)))) {
        this.fail(`snapshot().orgs.${orgName}.companies differs from the API's answers`);
      }
      await this.crm.finalCheck(key, orgName);
      await this.checkEvents(key, orgName);
    }
    this.mock.restore(snapshot);
    if (!isDeepStrictEqual(this.mock.snapshot(), snapshot))
      this.fail('restore(snapshot()) changed the snapshot');
    for (const [i, key] of KEYS.entries()) {
      await this.compareList('/contacts', key, 50, {}, this.model.contacts(ORGS[i]!), '-created_at');
    }
  }
}

const RESOURCE_OF_PREFIX: Record<string, 'contact' | 'company' | CrmResource> = {
  cont: 'contact',
  comp: 'company',
  pipe: 'pipeline',
  deal: 'deal',
  act: 'activity',
  task: 'task',
  prod: 'product',
};

const compare = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;

function contactMatches(c: ContactRecord, query: Record<string, string | number>): boolean {
  for (const [name, value] of Object.entries(query)) {
    const v = String(value);
    if (name === 'stage' && c.stage !== v) return false;
    if (name === 'source' && c.source !== v) return false;
    if (name === 'owner_id' && c.owner_id !== v) return false;
    if (name === 'company_id' && c.company_id !== v) return false;
    if (name === 'email' && c.email !== normalizeEmail(v)) return false;
    if (name === 'updated_after' && !(Date.parse(c.updated_at) > Date.parse(v))) return false;
    if (name === 'search') {
      const needle = v.toLowerCase();
      if (![c.first_name, c.last_name, c.email].some((f) => f?.toLowerCase().includes(needle))) return false;
    }
  }
  return true;
}

function companyMatches(c: CompanyRecord, query: Record<string, string | number>): boolean {
  for (const [name, value] of Object.entries(query)) {
    const v = String(value);
    if (name === 'owner_id' && c.owner_id !== v) return false;
    if (name === 'industry' && c.industry !== v) return false;
    if (name === 'domain' && c.domain !== normalizeDomain(v)) return false;
    if (name === 'search') {
      const needle = v.toLowerCase();
      if (![c.name, c.domain].some((f) => f?.toLowerCase().includes(needle))) return false;
    }
  }
  return true;
}
