import * as z from 'zod/mini';
import {
  HttpUrlInput,
  IntInput,
  Metadata,
  MetadataPatch,
  NullableText,
  type Open,
  oneOf,
  openEnum,
  type Timestamp,
  TimestampInput,
  withJsonSchema,
} from './common.js';
import { Company } from './company.js';
import { createBody, getQuery, listQuery, sortEnum, updateBody } from './fields.js';
import { EmailInput, normalizeEmail } from './normalize.js';
import { defineResource } from './resource.js';

/** Lifecycle stages of a contact [Rex]. */
export const STAGES = ['lead', 'prospect', 'customer', 'churned'] as const;
/** Lifecycle stage of a contact [Rex] — `lead` → `prospect` → `customer` → `churned`. */
export const Stage = /* @__PURE__ */ oneOf(STAGES);
/** Lifecycle stage of a contact [Rex]. */
export type Stage = (typeof STAGES)[number];

/**
 * How a contact entered the CRM [Rex]. `outbound` is in Rex's API reference though not on the
 * concept page.
 */
export const SOURCES = [
  'organic',
  'referral',
  'paid',
  'social',
  'email',
  'event',
  'outbound',
  'other',
] as const;
/** How a contact entered the CRM [Rex]. */
export const Source = /* @__PURE__ */ oneOf(SOURCES);
/** How a contact entered the CRM [Rex]. */
export type Source = (typeof SOURCES)[number];

/**
 * A contact as Rex returns it: a person tracked through the go-to-market process [Rex].
 *
 * Responses may carry fields this version does not know yet; they pass through untouched.
 */
export interface Contact {
  /** TypeID with the `cont_` prefix, such as `cont_01h455vb4pex5vsknk084sn02q`; opaque to clients. */
  id: string;
  /** Primary email, normalised (trimmed, lowercased); unique per org [Rex]. */
  email: string;
  /** Given name. */
  first_name: string | null;
  /** Family name. */
  last_name: string | null;
  /** Phone number, as entered. */
  phone: string | null;
  /** Job title. */
  title: string | null;
  /** LinkedIn profile, an http(s) URL. */
  linkedin_url: string | null;
  /** Lifecycle stage; `lead` unless set. A stage Rex adds later arrives as its string. */
  stage: Open<Stage>;
  /** How the contact was acquired; `other` unless set. */
  source: Open<Source>;
  /** Free-form detail about the source, such as a campaign name [Rex]. */
  source_detail: string | null;
  /** Ideal-customer-profile score, an integer [Rex]. */
  icp_score: number | null;
  /** Why the contact got its ICP score [Rex]. */
  icp_score_reason: string | null;
  /** When the ICP score was computed, ISO 8601 [Rex]. */
  icp_scored_at: Timestamp | null;
  /** The linked company's id (`comp_…`), of the same org. */
  company_id: string | null;
  /** Opaque id of the team member who owns the contact. */
  owner_id: string | null;
  /** Free-form key-value pairs; `{}` when none. */
  metadata: Metadata;
  /** When the contact was created, ISO 8601 UTC. */
  created_at: Timestamp;
  /** When a field last changed, ISO 8601 UTC; a no-op update leaves it. */
  updated_at: Timestamp;
  /** The linked company, present only when the request asked for `include=company`. */
  company?: Company | null | undefined;
}

/**
 * The schema of {@link Contact}: lenient on purpose, so unknown fields are ignored and enum
 * fields accept values added later. A type test keeps its output equal to the interface.
 */
export const Contact = /* @__PURE__ */ (() =>
  z.object({
    id: z.string(),
    email: z.string(),
    first_name: z.nullable(z.string()),
    last_name: z.nullable(z.string()),
    phone: z.nullable(z.string()),
    title: z.nullable(z.string()),
    linkedin_url: z.nullable(z.string()),
    stage: openEnum(STAGES),
    source: openEnum(SOURCES),
    source_detail: z.nullable(z.string()),
    icp_score: z.nullable(z.number()),
    icp_score_reason: z.nullable(z.string()),
    icp_scored_at: z.nullable(z.string()),
    company_id: z.nullable(z.string()),
    owner_id: z.nullable(z.string()),
    metadata: Metadata,
    created_at: z.string(),
    updated_at: z.string(),
    company: z.optional(z.nullable(Company)),
  }) satisfies z.ZodMiniType<Contact>)();

/** A field name of a contact, as used by `fields=`. */
export type ContactField = Exclude<keyof Contact, 'company'>;
/**
 * Every field of a contact, in the order Rex returns them. A literal (not derived from the
 * schema at run time) so that request schemas do not pull the response schemas into a bundle;
 * a type test keeps the two in step.
 */
export const CONTACT_FIELDS = [
  'id',
  'email',
  'first_name',
  'last_name',
  'phone',
  'title',
  'linkedin_url',
  'stage',
  'source',
  'source_detail',
  'icp_score',
  'icp_score_reason',
  'icp_scored_at',
  'company_id',
  'owner_id',
  'metadata',
  'created_at',
  'updated_at',
] as const satisfies readonly ContactField[];

// Writable fields other than the dedup key; shared by create, update and upsert so the three
// cannot drift apart.
const writable = {
  /** Given name; `null` clears it. */
  first_name: NullableText,
  /** Family name; `null` clears it. */
  last_name: NullableText,
  /** Phone number, kept as sent. */
  phone: NullableText,
  /** Job title. */
  title: NullableText,
  /** LinkedIn profile: an http(s) URL. */
  linkedin_url: /* @__PURE__ */ z.optional(z.nullable(HttpUrlInput)),
  /** Free-form detail about the source, such as a campaign name [Rex]. */
  source_detail: NullableText,
  /** Ideal-customer-profile score, an integer [Rex]. */
  icp_score: /* @__PURE__ */ z.optional(z.nullable(IntInput)),
  /** Why the contact got its ICP score [Rex]. */
  icp_score_reason: NullableText,
  /** When the ICP score was computed: an ISO 8601 timestamp, stored as UTC. */
  icp_scored_at: /* @__PURE__ */ z.optional(z.nullable(TimestampInput)),
  /** The company's id (`comp_…`), of the same org. */
  company_id: NullableText,
  /** Opaque id of the team member who owns the contact. */
  owner_id: NullableText,
  /** Lifecycle stage; `lead` when a create leaves it out. */
  stage: /* @__PURE__ */ z.optional(Stage),
  /** How the contact was acquired; `other` when a create leaves it out. */
  source: /* @__PURE__ */ z.optional(Source),
};

/** Body of `POST /contacts`. `email` is required; the rest take their defaults. */
export const ContactCreateParams = /* @__PURE__ */ createBody(
  {
    /** Primary email, the dedup key: stored trimmed and lowercased, unique per org [Rex]. */
    email: EmailInput,
  },
  writable,
);
/** Body of `POST /contacts`. */
export interface ContactCreateParams extends z.input<typeof ContactCreateParams> {}

/**
 * Body of `PATCH /contacts/:id`: omitted fields stay, `null` clears a nullable field,
 * `metadata` merges at the top level (`metadata: null` clears it).
 */
export const ContactUpdateParams = /* @__PURE__ */ updateBody({ email: EmailInput }, writable);
/** Body of `PATCH /contacts/:id`. */
export interface ContactUpdateParams extends z.input<typeof ContactUpdateParams> {}

/**
 * Body of `POST /contacts/upsert`: `email` selects the contact; a new one follows the create
 * rules, an existing one the update rules.
 */
export const ContactUpsertParams = /* @__PURE__ */ z.strictObject({
  ...ContactUpdateParams.def.shape,
  email: EmailInput,
});
/** Body of `POST /contacts/upsert`. */
export interface ContactUpsertParams extends z.input<typeof ContactUpsertParams> {}

/** Fields a contact list can be sorted by; prefix `-` for descending. */
export const CONTACT_SORT_FIELDS = ['created_at', 'updated_at', 'email', 'first_name', 'last_name'] as const;
/** Sort order of a contact list; default `-created_at`, ties broken by id. */
export const ContactSort = /* @__PURE__ */ sortEnum(CONTACT_SORT_FIELDS);
/** Sort order of a contact list. */
export type ContactSort = z.infer<typeof ContactSort>;

/** Related records that `include=` can embed in a contact. */
export const CONTACT_INCLUDES = ['company', 'deals', 'activities', 'tasks'] as const;

/** Query of `GET /contacts` and `GET /companies/:id/contacts`. */
export const ContactListParams = /* @__PURE__ */ listQuery(
  CONTACT_FIELDS,
  CONTACT_SORT_FIELDS,
  CONTACT_INCLUDES,
  {
    stage: z.optional(Stage),
    source: z.optional(Source),
    owner_id: z.optional(z.string()),
    company_id: z.optional(z.string()),
    email: z.optional(EmailInput),
    /** Case-insensitive substring of first name, last name or email. */
    search: z.optional(z.string()),
    /** Only contacts updated strictly after this instant. */
    updated_after: z.optional(TimestampInput),
  },
);
/** Query of `GET /contacts`. */
export interface ContactListParams extends z.input<typeof ContactListParams> {}

/** Query of `GET /contacts/:id` and `GET /companies/:id`: sparse fieldsets and embeds. */
export const ContactGetParams = /* @__PURE__ */ getQuery(CONTACT_FIELDS, CONTACT_INCLUDES);
/** Query of `GET /contacts/:id`. */
export interface ContactGetParams extends z.input<typeof ContactGetParams> {}

/**
 * Body of `POST /contacts/merge` [Rex] — the duplicates' values fill the primary's empty fields,
 * in order, then the duplicates are deleted.
 */
export const ContactMergeParams = /* @__PURE__ */ z.strictObject({
  primary_id: z.string(),
  duplicate_ids: withJsonSchema(
    z.custom<string[]>(
      (ids) =>
        Array.isArray(ids) &&
        ids.length >= 1 &&
        ids.length <= 100 &&
        ids.every((id) => typeof id === 'string'),
      'must list from 1 to 100 contact ids',
    ),
    { type: 'array' },
  ),
});
/** Body of `POST /contacts/merge`. */
export interface ContactMergeParams extends z.input<typeof ContactMergeParams> {}

/**
 * Body of `POST /capture` [Rex] — a public form submission, upserted by email without an API
 * key. Only the fields a visitor can know about themselves are accepted (our choice).
 */
export const CaptureParams = /* @__PURE__ */ z.strictObject({
  email: EmailInput,
  first_name: NullableText,
  last_name: NullableText,
  phone: NullableText,
  title: NullableText,
  linkedin_url: writable.linkedin_url,
  source: z.optional(Source),
  source_detail: NullableText,
  metadata: z.optional(MetadataPatch),
});
/** Body of `POST /capture`. */
export interface CaptureParams extends z.input<typeof CaptureParams> {}

/**
 * What `POST /capture` answers [Rex's example]: the contact's id and what a visitor may know
 * about themselves — never the stored record's other fields, since anyone may call it.
 */
export const CapturedContact = /* @__PURE__ */ (() =>
  z.object({
    /** TypeID with the `cont_` prefix. */
    id: z.string(),
    /** The email, normalised. */
    email: z.string(),
    first_name: z.nullable(z.string()),
    last_name: z.nullable(z.string()),
    /** Lifecycle stage; `lead` for a new contact. */
    stage: openEnum(STAGES),
    /** How the contact was acquired. */
    source: openEnum(SOURCES),
    created_at: z.string(),
  }))();
/** What `POST /capture` answers [Rex's example]. */
export interface CapturedContact extends z.infer<typeof CapturedContact> {}

/**
 * Contacts as the server sees them: their dedup key (email, normalised), sortable and filterable
 * fields, and the link to their company (deleting the company sets `company_id` to `null`).
 */
export const CONTACTS = /* @__PURE__ */ defineResource({
  name: 'contact',
  plural: 'contacts',
  title: 'Contact',
  prefix: 'cont',
  fields: CONTACT_FIELDS,
  sortFields: CONTACT_SORT_FIELDS,
  defaults: { stage: 'lead', source: 'other' },
  timestamps: ['icp_scored_at'],
  unique: [{ fields: ['email'], normalize: normalizeEmail }],
  upsertKey: 'email',
  filters: {
    stage: { kind: 'eq' },
    source: { kind: 'eq' },
    owner_id: { kind: 'eq' },
    company_id: { kind: 'eq' },
    email: { kind: 'unique', field: 'email' },
    search: { kind: 'search', fields: ['email', 'first_name', 'last_name'] },
    updated_after: { kind: 'after', field: 'updated_at' },
  },
  links: { company_id: { to: 'companies', as: 'company', onDelete: 'nullify' } },
  schemas: { record: Contact, create: ContactCreateParams },
});
