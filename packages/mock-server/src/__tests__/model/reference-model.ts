/**
 * A reference model of the Rex API's state and write rules, written from SPEC §3–§4 and
 * docs/decisions.md only. It does not import the mock's store: the point is two independent
 * implementations of one specification, compared step by step (see docs/quality.md).
 *
 * Request schemas and the normalisation functions come from `@rex/types`, which the spec names
 * as the single place those rules live; everything else (dedup, PATCH and metadata merging,
 * `updated_at`, merge, company deletion, org isolation, list filters and order) is written here.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  CaptureParams,
  CompanyCreateParams,
  CompanyUpdateParams,
  CompanyUpsertParams,
  ContactCreateParams,
  ContactMergeParams,
  ContactUpdateParams,
  ContactUpsertParams,
  normalizeDomain,
  normalizeEmail,
  validate,
} from '@rex/types';
import { CrmModel } from './crm-model.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ContactRecord {
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  title: string | null;
  linkedin_url: string | null;
  stage: string;
  source: string;
  source_detail: string | null;
  icp_score: number | null;
  icp_score_reason: string | null;
  icp_scored_at: string | null;
  company_id: string | null;
  owner_id: string | null;
  metadata: JsonObject;
  created_at: string;
  updated_at: string;
}

export interface AddressRecord {
  street: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  country: string | null;
}

export interface CompanyRecord {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  size: string | null;
  description: string | null;
  website: string | null;
  phone: string | null;
  address: AddressRecord | null;
  owner_id: string | null;
  metadata: JsonObject;
  created_at: string;
  updated_at: string;
}

/** Nullable contact fields a body can set; also the fields `merge` fills. */
export const CONTACT_NULLABLE = [
  'first_name',
  'last_name',
  'phone',
  'title',
  'linkedin_url',
  'source_detail',
  'icp_score',
  'icp_score_reason',
  'icp_scored_at',
  'company_id',
  'owner_id',
] as const;

const COMPANY_NULLABLE = ['industry', 'size', 'description', 'website', 'phone', 'owner_id'] as const;

/** What the model expects of one request. */
export type Outcome =
  | {
      kind: 'error';
      /** Every status the spec allows for this request (several errors may apply at once). */
      statuses: readonly number[];
      /** Set when exactly one conflict applies: the record holding the key. */
      conflict?: { param: 'email' | 'domain'; existingId: string };
      /** Set when exactly one validation error applies and its field is known. */
      param?: string;
    }
  | {
      kind: 'record';
      status: 200 | 201;
      resource: 'contact' | 'company';
      /** The record the response must hold; `id` is `''` for one being created. */
      expected: ContactRecord | CompanyRecord;
      /** Stores a created record under the id the server gave it. */
      commit?: (id: string) => void;
      /** A second `updated_at` the spec also allows (a merge that filled nothing). */
      updatedAtAlternative?: string;
    }
  | { kind: 'deleted'; id: string; resource: 'contact' | 'company'; orphaned: string[] };

const error = (statuses: number[], extra: Partial<Extract<Outcome, { kind: 'error' }>> = {}): Outcome => ({
  kind: 'error',
  statuses: [...new Set(statuses)],
  ...extra,
});

interface Org {
  contacts: Map<string, ContactRecord>;
  companies: Map<string, CompanyRecord>;
}

export const clone = <T>(value: T): T => structuredClone(value);

/** Timestamps in requests may carry an offset; responses are UTC with milliseconds. */
export const utc = (value: string): string => new Date(value).toISOString();

/** Top-level metadata merge: keys sent overwrite, `null` removes, `null` as a whole clears. */
export function mergeMetadata(current: JsonObject, patch: JsonObject | null | undefined): JsonObject {
  if (patch === undefined) return current;
  if (patch === null) return {};
  const out: JsonObject = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out;
}

/** Metadata on create: keys sent as `null` are not stored. */
const createMetadata = (patch: JsonObject | undefined): JsonObject => mergeMetadata({}, patch ?? {});

const firstParam = (issues: readonly { param?: string | undefined }[]): string | undefined =>
  issues[0]?.param;

export class ReferenceModel {
  private readonly orgs = new Map<string, Org>();
  /** SPEC §7's resources, whose links to contacts and companies follow what happens here. */
  readonly crm = new CrmModel((org, target, id) =>
    target === 'contact' ? this.org(org).contacts.has(id) : this.org(org).companies.has(id),
  );

  private org(name: string): Org {
    let org = this.orgs.get(name);
    if (!org) {
      org = { contacts: new Map(), companies: new Map() };
      this.orgs.set(name, org);
    }
    return org;
  }

  contacts(org: string): ContactRecord[] {
    return [...this.org(org).contacts.values()];
  }

  companies(org: string): CompanyRecord[] {
    return [...this.org(org).companies.values()];
  }

  contact(org: string, id: string): ContactRecord | undefined {
    return this.org(org).contacts.get(id);
  }

  company(org: string, id: string): CompanyRecord | undefined {
    return this.org(org).companies.get(id);
  }

  /** Takes the `updated_at` the server chose where the spec allows two (see `deleteCompany`). */
  adoptUpdatedAt(org: string, id: string, updatedAt: string): void {
    const record = this.org(org).contacts.get(id);
    if (record) record.updated_at = updatedAt;
  }

  private contactByEmail(org: string, email: string): ContactRecord | undefined {
    for (const c of this.org(org).contacts.values()) if (c.email === email) return c;
    return undefined;
  }

  private companyByDomain(org: string, domain: string): CompanyRecord | undefined {
    for (const c of this.org(org).companies.values()) if (c.domain === domain) return c;
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Contacts

  /** Checks that do not depend on whether the record exists: `company_id` of the same org. */
  private contactReferenceErrors(org: string, body: Record<string, unknown>): string[] {
    const id = body.company_id;
    if (typeof id === 'string' && !this.org(org).companies.has(id)) return ['company_id'];
    return [];
  }

  private applyContactFields(
    target: ContactRecord,
    body: Record<string, unknown>,
    mode: 'create' | 'update',
  ) {
    for (const field of CONTACT_NULLABLE) {
      if (!(field in body)) continue;
      const value = body[field] as string | number | null;
      (target as unknown as Record<string, unknown>)[field] =
        field === 'icp_scored_at' && typeof value === 'string' ? utc(value) : value;
    }
    if (typeof body.stage === 'string') target.stage = body.stage;
    if (typeof body.source === 'string') target.source = body.source;
    if (typeof body.email === 'string') target.email = normalizeEmail(body.email);
    target.metadata =
      mode === 'create'
        ? createMetadata(body.metadata as JsonObject | undefined)
        : mergeMetadata(target.metadata, body.metadata as JsonObject | null | undefined);
  }

  private newContact(org: string, body: Record<string, unknown>, now: string): Outcome {
    const record: ContactRecord = {
      id: '',
      email: '',
      first_name: null,
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
      created_at: now,
      updated_at: now,
    };
    this.applyContactFields(record, body, 'create');
    return {
      kind: 'record',
      status: 201,
      resource: 'contact',
      expected: record,
      commit: (id) => {
        this.org(org).contacts.set(id, { ...clone(record), id });
      },
    };
  }

  private patchContact(existing: ContactRecord, body: Record<string, unknown>, now: string): Outcome {
    const next = clone(existing);
    this.applyContactFields(next, body, 'update');
    // `updated_at` moves only when something actually changed.
    if (!isDeepStrictEqual(next, existing)) {
      next.updated_at = now;
      Object.assign(existing, next);
    }
    return { kind: 'record', status: 200, resource: 'contact', expected: clone(existing) };
  }

  createContact(org: string, body: unknown, now: string): Outcome {
    const valid = validate(ContactCreateParams, body);
    if (!valid.success) return error([400], singleParam(valid));
    const input = body as Record<string, unknown>;
    const statuses: number[] = [];
    const refs = this.contactReferenceErrors(org, input);
    if (refs.length > 0) statuses.push(400);
    const holder = this.contactByEmail(org, normalizeEmail(input.email as string));
    if (holder) statuses.push(409);
    if (statuses.length > 0) {
      return error(statuses, {
        ...(holder && refs.length === 0 ? { conflict: { param: 'email', existingId: holder.id } } : {}),
        ...(!holder ? { param: 'company_id' } : {}),
      });
    }
    return this.newContact(org, input, now);
  }

  upsertContact(org: string, body: unknown, now: string, schema: 'upsert' | 'capture' = 'upsert'): Outcome {
    const valid = validate(schema === 'upsert' ? ContactUpsertParams : CaptureParams, body);
    if (!valid.success) return error([400], singleParam(valid));
    const input = body as Record<string, unknown>;
    if (this.contactReferenceErrors(org, input).length > 0) return error([400], { param: 'company_id' });
    const existing = this.contactByEmail(org, normalizeEmail(input.email as string));
    if (!existing) return this.newContact(org, input, now);
    return this.patchContact(existing, input, now);
  }

  updateContact(org: string, id: string, body: unknown, now: string): Outcome {
    const existing = this.org(org).contacts.get(id);
    const valid = validate(ContactUpdateParams, body);
    if (!valid.success) return error(existing ? [400] : [400, 404], existing ? singleParam(valid) : {});
    if (!existing) return error([404]);
    const input = body as Record<string, unknown>;
    const statuses: number[] = [];
    const refs = this.contactReferenceErrors(org, input);
    if (refs.length > 0) statuses.push(400);
    const holder =
      typeof input.email === 'string' ? this.contactByEmail(org, normalizeEmail(input.email)) : undefined;
    const conflict = holder && holder.id !== id ? holder : undefined;
    if (conflict) statuses.push(409);
    if (statuses.length > 0) {
      return error(statuses, {
        ...(conflict && refs.length === 0 ? { conflict: { param: 'email', existingId: conflict.id } } : {}),
        ...(!conflict ? { param: 'company_id' } : {}),
      });
    }
    return this.patchContact(existing, input, now);
  }

  deleteContact(org: string, id: string, now: string): Outcome {
    if (!this.org(org).contacts.delete(id)) return error([404]);
    this.crm.nullLinks(org, 'contact_id', id, now);
    return { kind: 'deleted', id, resource: 'contact', orphaned: [] };
  }

  /**
   * `POST /contacts/merge`: the duplicates fill the primary's empty (null) fields in order, so
   * the first duplicate with a value wins; metadata keys merge with the primary winning, then
   * the earlier duplicate; the duplicates are deleted.
   */
  mergeContacts(org: string, body: unknown, now: string): Outcome {
    const valid = validate(ContactMergeParams, body);
    if (!valid.success) return error([400], singleParam(valid));
    const { primary_id, duplicate_ids } = body as { primary_id: string; duplicate_ids: string[] };
    const contacts = this.org(org).contacts;
    const primary = contacts.get(primary_id);
    const dups = duplicate_ids.map((id) => contacts.get(id));
    if (!primary || dups.some((d) => d === undefined)) {
      // A well-formed but unknown id is not found; a malformed one may also be read as invalid.
      const malformed = [primary_id, ...duplicate_ids].some((id) => !/^cont_[0-9a-z]{26}$/.test(id));
      return error(malformed ? [400, 404] : [404]);
    }
    const next = clone(primary);
    for (const dup of dups as ContactRecord[]) {
      for (const field of CONTACT_NULLABLE) {
        if (next[field] === null && dup[field] !== null) {
          (next as unknown as Record<string, unknown>)[field] = dup[field];
        }
      }
      next.metadata = { ...dup.metadata, ...next.metadata };
    }
    for (const dup of dups as ContactRecord[]) contacts.delete(dup.id);
    // Deals, activities and tasks of a duplicate move to the primary (ours: docs/contract.md).
    for (const dup of dups as ContactRecord[]) this.crm.relink(org, 'contact_id', dup.id, primary_id, now);
    if (!isDeepStrictEqual(next, primary)) {
      next.updated_at = now;
      Object.assign(primary, next);
      return { kind: 'record', status: 200, resource: 'contact', expected: clone(primary) };
    }
    // Nothing filled: the record is unchanged, yet a merge always emits `contact.updated` for
    // the primary, so the spec reads either way on `updated_at`. Either is accepted.
    return {
      kind: 'record',
      status: 200,
      resource: 'contact',
      expected: clone(primary),
      updatedAtAlternative: now,
    };
  }

  getContact(org: string, id: string): Outcome {
    const record = this.org(org).contacts.get(id);
    if (!record) return error([404]);
    return { kind: 'record', status: 200, resource: 'contact', expected: clone(record) };
  }

  // -------------------------------------------------------------------------------------------
  // Companies

  private applyCompanyFields(
    target: CompanyRecord,
    body: Record<string, unknown>,
    mode: 'create' | 'update',
  ) {
    if (typeof body.name === 'string') target.name = body.name;
    if ('domain' in body) {
      target.domain = typeof body.domain === 'string' ? normalizeDomain(body.domain) : null;
    }
    for (const field of COMPANY_NULLABLE) {
      if (field in body) (target as unknown as Record<string, unknown>)[field] = body[field];
    }
    if ('address' in body) {
      const a = body.address as Partial<AddressRecord> | null;
      target.address =
        a === null
          ? null
          : {
              street: a.street ?? null,
              city: a.city ?? null,
              state: a.state ?? null,
              postal_code: a.postal_code ?? null,
              country: a.country ?? null,
            };
    }
    target.metadata =
      mode === 'create'
        ? createMetadata(body.metadata as JsonObject | undefined)
        : mergeMetadata(target.metadata, body.metadata as JsonObject | null | undefined);
  }

  private newCompany(org: string, body: Record<string, unknown>, now: string): Outcome {
    const record: CompanyRecord = {
      id: '',
      name: '',
      domain: null,
      industry: null,
      size: null,
      description: null,
      website: null,
      phone: null,
      address: null,
      owner_id: null,
      metadata: {},
      created_at: now,
      updated_at: now,
    };
    this.applyCompanyFields(record, body, 'create');
    return {
      kind: 'record',
      status: 201,
      resource: 'company',
      expected: record,
      commit: (id) => {
        this.org(org).companies.set(id, { ...clone(record), id });
      },
    };
  }

  private patchCompany(existing: CompanyRecord, body: Record<string, unknown>, now: string): Outcome {
    const next = clone(existing);
    this.applyCompanyFields(next, body, 'update');
    if (!isDeepStrictEqual(next, existing)) {
      next.updated_at = now;
      Object.assign(existing, next);
    }
    return { kind: 'record', status: 200, resource: 'company', expected: clone(existing) };
  }

  createCompany(org: string, body: unknown, now: string): Outcome {
    const valid = validate(CompanyCreateParams, body);
    if (!valid.success) return error([400], singleParam(valid));
    const input = body as Record<string, unknown>;
    const holder =
      typeof input.domain === 'string' ? this.companyByDomain(org, normalizeDomain(input.domain)) : undefined;
    if (holder) return error([409], { conflict: { param: 'domain', existingId: holder.id } });
    return this.newCompany(org, input, now);
  }

  upsertCompany(org: string, body: unknown, now: string): Outcome {
    const valid = validate(CompanyUpsertParams, body);
    if (!valid.success) return error([400], singleParam(valid));
    const input = body as Record<string, unknown>;
    const existing = this.companyByDomain(org, normalizeDomain(input.domain as string));
    if (existing) return this.patchCompany(existing, input, now);
    // Creating follows the create rules: a company needs a name.
    if (typeof input.name !== 'string') return error([400], { param: 'name' });
    if (input.metadata === null) return error([400], { param: 'metadata' });
    return this.newCompany(org, input, now);
  }

  updateCompany(org: string, id: string, body: unknown, now: string): Outcome {
    const existing = this.org(org).companies.get(id);
    const valid = validate(CompanyUpdateParams, body);
    if (!valid.success) return error(existing ? [400] : [400, 404], existing ? singleParam(valid) : {});
    if (!existing) return error([404]);
    const input = body as Record<string, unknown>;
    const holder =
      typeof input.domain === 'string' ? this.companyByDomain(org, normalizeDomain(input.domain)) : undefined;
    if (holder && holder.id !== id)
      return error([409], { conflict: { param: 'domain', existingId: holder.id } });
    return this.patchCompany(existing, input, now);
  }

  /** Deleting a company keeps its contacts, with `company_id: null`. */
  deleteCompany(org: string, id: string, now: string): Outcome {
    const o = this.org(org);
    if (!o.companies.delete(id)) return error([404]);
    this.crm.nullLinks(org, 'company_id', id, now);
    const orphaned: string[] = [];
    for (const contact of o.contacts.values()) {
      if (contact.company_id === id) {
        contact.company_id = null;
        // Whether this moves `updated_at` is not in the spec: the runner reads what the server
        // chose (`now` or unchanged) and adopts it.
        contact.updated_at = now;
        orphaned.push(contact.id);
      }
    }
    return { kind: 'deleted', id, resource: 'company', orphaned };
  }

  getCompany(org: string, id: string): Outcome {
    const record = this.org(org).companies.get(id);
    if (!record) return error([404]);
    return { kind: 'record', status: 200, resource: 'company', expected: clone(record) };
  }
}

function singleParam(result: { issues: readonly { param?: string | undefined }[] }) {
  const { issues } = result;
  if (issues.length !== 1) return {};
  const param = firstParam(issues);
  return param ? { param } : {};
}
