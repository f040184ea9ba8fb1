import * as z from 'zod/mini';
import { Metadata, NullableText, type Open, oneOf, openEnum, type Timestamp } from './common.js';
import { createBody, getQuery, listQuery, NonBlank, sortEnum, updateBody } from './fields.js';
import { DomainInput, normalizeDomain } from './normalize.js';
import { defineResource } from './resource.js';

/** Employee-count ranges of a company [Rex]. */
export const COMPANY_SIZES = ['1-10', '11-50', '51-200', '201-1000', '1000+'] as const;
/** Employee-count range of a company [Rex]. */
export const CompanySize = /* @__PURE__ */ oneOf(COMPANY_SIZES);
/** Employee-count range of a company [Rex]. */
export type CompanySize = (typeof COMPANY_SIZES)[number];

/** A postal address as Rex returns it [Rex]; every part may be `null`. */
export interface Address {
  /** Street and number. */
  street: string | null;
  /** City or town. */
  city: string | null;
  /** State, province or region. */
  state: string | null;
  /** Postal or ZIP code. */
  postal_code: string | null;
  /** Country, as entered. */
  country: string | null;
}

/** The schema of {@link Address}. */
export const Address = /* @__PURE__ */ (() =>
  z.object({
    street: z.nullable(z.string()),
    city: z.nullable(z.string()),
    state: z.nullable(z.string()),
    postal_code: z.nullable(z.string()),
    country: z.nullable(z.string()),
  }) satisfies z.ZodMiniType<Address>)();

/**
 * A postal address in a request. It replaces the stored address whole; parts left out are
 * stored as `null` (our choice: an address is one value, not five).
 */
export const AddressInput = /* @__PURE__ */ z.strictObject({
  street: NullableText,
  city: NullableText,
  state: NullableText,
  postal_code: NullableText,
  country: NullableText,
});
/** A postal address in a request. */
export interface AddressInput extends z.input<typeof AddressInput> {}

/**
 * A company as Rex returns it: an organisation contacts belong to [Rex].
 *
 * Responses may carry fields this version does not know yet; they pass through untouched.
 */
export interface Company {
  /** TypeID with the `comp_` prefix; opaque to clients. */
  id: string;
  /** Company name. */
  name: string;
  /** Primary web domain, normalised (`acme.com`); unique per org when present [Rex]. */
  domain: string | null;
  /** Industry vertical, free text. */
  industry: string | null;
  /** Employee-count range [Rex]; a range Rex adds later arrives as its string. */
  size: Open<CompanySize> | null;
  /** Brief description. */
  description: string | null;
  /** Website URL [Rex]. */
  website: string | null;
  /** Main phone number [Rex]. */
  phone: string | null;
  /** Postal address [Rex], or `null` when none is stored. */
  address: Address | null;
  /** Opaque id of the team member who owns the company [Rex]. */
  owner_id: string | null;
  /** Free-form key-value pairs; `{}` when none. */
  metadata: Metadata;
  /** When the company was created, ISO 8601 UTC. */
  created_at: Timestamp;
  /** When a field last changed, ISO 8601 UTC; a no-op update leaves it. */
  updated_at: Timestamp;
}

/**
 * The schema of {@link Company}: lenient on purpose, so unknown fields are ignored and `size`
 * accepts ranges added later. A type test keeps its output equal to the interface.
 */
export const Company = /* @__PURE__ */ (() =>
  z.object({
    id: z.string(),
    name: z.string(),
    domain: z.nullable(z.string()),
    industry: z.nullable(z.string()),
    size: z.nullable(openEnum(COMPANY_SIZES)),
    description: z.nullable(z.string()),
    website: z.nullable(z.string()),
    phone: z.nullable(z.string()),
    address: z.nullable(Address),
    owner_id: z.nullable(z.string()),
    metadata: Metadata,
    created_at: z.string(),
    updated_at: z.string(),
  }) satisfies z.ZodMiniType<Company>)();

/** A field name of a company, as used by `fields=`. */
export type CompanyField = keyof Company;
/** Every field of a company, in the order Rex returns them (a literal; see `CONTACT_FIELDS`). */
export const COMPANY_FIELDS = [
  'id',
  'name',
  'domain',
  'industry',
  'size',
  'description',
  'website',
  'phone',
  'address',
  'owner_id',
  'metadata',
  'created_at',
  'updated_at',
] as const satisfies readonly CompanyField[];

const writable = {
  domain: /* @__PURE__ */ z.optional(z.nullable(DomainInput)),
  industry: NullableText,
  description: NullableText,
  size: /* @__PURE__ */ z.optional(z.nullable(CompanySize)),
  website: NullableText,
  phone: NullableText,
  address: /* @__PURE__ */ z.optional(z.nullable(AddressInput)),
  owner_id: NullableText,
};

/** Body of `POST /companies`. `name` is required; `domain` is optional and unique per org. */
export const CompanyCreateParams = /* @__PURE__ */ createBody({ name: NonBlank }, writable);
/** Body of `POST /companies`. */
export interface CompanyCreateParams extends z.input<typeof CompanyCreateParams> {}

/**
 * Body of `PATCH /companies/:id`: omitted fields stay, `null` clears a nullable field,
 * `metadata` merges at the top level (`metadata: null` clears it).
 */
export const CompanyUpdateParams = /* @__PURE__ */ updateBody({ name: NonBlank }, writable);
/** Body of `PATCH /companies/:id`. */
export interface CompanyUpdateParams extends z.input<typeof CompanyUpdateParams> {}

/**
 * Body of `POST /companies/upsert`: `domain` selects the company. Creating one also needs
 * `name` (checked by the server, since only it knows whether the domain exists).
 */
export const CompanyUpsertParams = /* @__PURE__ */ z.strictObject({
  ...CompanyUpdateParams.def.shape,
  domain: DomainInput,
});
/** Body of `POST /companies/upsert`. */
export interface CompanyUpsertParams extends z.input<typeof CompanyUpsertParams> {}

/** Fields a company list can be sorted by; prefix `-` for descending. */
export const COMPANY_SORT_FIELDS = ['created_at', 'updated_at', 'name', 'domain'] as const;
/** Sort order of a company list; default `-created_at`, ties broken by id. */
export const CompanySort = /* @__PURE__ */ sortEnum(COMPANY_SORT_FIELDS);
/** Sort order of a company list. */
export type CompanySort = z.infer<typeof CompanySort>;

/** Related records that `include=` can embed in a company. */
export const COMPANY_INCLUDES = ['contacts', 'deals'] as const;

/** Query of `GET /companies` [Rex]. */
export const CompanyListParams = /* @__PURE__ */ listQuery(
  COMPANY_FIELDS,
  COMPANY_SORT_FIELDS,
  COMPANY_INCLUDES,
  {
    owner_id: z.optional(z.string()),
    industry: z.optional(z.string()),
    /** Case-insensitive substring of name or domain. */
    search: z.optional(z.string()),
    /** Exact domain, normalised first (`https://www.acme.com` finds `acme.com`). */
    domain: z.optional(DomainInput),
  },
);
/** Query of `GET /companies`. */
export interface CompanyListParams extends z.input<typeof CompanyListParams> {}

/** Query of `GET /companies/:id`: a sparse fieldset. */
export const CompanyGetParams = /* @__PURE__ */ getQuery(COMPANY_FIELDS, COMPANY_INCLUDES);
/** Query of `GET /companies/:id`. */
export interface CompanyGetParams extends z.input<typeof CompanyGetParams> {}

/**
 * Companies as the server sees them: their optional dedup key (domain, normalised), sortable and
 * filterable fields, and the address replaced whole.
 */
export const COMPANIES = /* @__PURE__ */ defineResource({
  name: 'company',
  plural: 'companies',
  title: 'Company',
  prefix: 'comp',
  fields: COMPANY_FIELDS,
  sortFields: COMPANY_SORT_FIELDS,
  objects: { address: ['street', 'city', 'state', 'postal_code', 'country'] },
  unique: [{ fields: ['domain'], normalize: normalizeDomain }],
  upsertKey: 'domain',
  filters: {
    owner_id: { kind: 'eq' },
    industry: { kind: 'eq' },
    domain: { kind: 'unique', field: 'domain' },
    search: { kind: 'search', fields: ['name', 'domain'] },
  },
  schemas: { record: Company, create: CompanyCreateParams },
});
