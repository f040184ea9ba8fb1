import {
  COMPANY_SORT_FIELDS,
  CONTACT_FIELDS,
  CONTACT_SORT_FIELDS,
  type EventType,
  ID_PREFIX,
  isTypeId,
  type JsonValue,
  normalizeDomain,
  normalizeEmail,
  PAGE_SIZE,
} from '@rex/types';
import { decodeCursor, encodeCursor, querySignature } from './cursor.js';
import { apiError } from './errors.js';
import { jsonEqual, setKey } from './json.js';
import type {
  CompanyPatch,
  CompanyRecord,
  ContactPatch,
  ContactRecord,
  EventRecord,
  Metadata,
} from './records.js';
import { compareKeys, type SortValue } from './sorted-index.js';
import { type Row, sortValue, Table } from './table.js';

/** What a seed record may fix instead of the server: its id and timestamps. */
export type Fixed = {
  id?: string | undefined;
  created_at?: string | undefined;
  updated_at?: string | undefined;
};

/** A page of a list endpoint, ready for the list envelope. */
export interface ListResult<R> {
  rows: R[];
  hasMore: boolean;
  cursor: string | null;
}

/** The filters and paging of `GET /contacts` (and `GET /companies/:id/contacts`). */
export interface ContactQuery {
  limit?: number | undefined;
  cursor?: string | undefined;
  sort?: string | undefined;
  stage?: string | undefined;
  source?: string | undefined;
  owner_id?: string | undefined;
  company_id?: string | undefined;
  email?: string | undefined;
  search?: string | undefined;
  updated_after?: string | undefined;
}

/** The filters and paging of `GET /companies`. */
export interface CompanyQuery {
  limit?: number | undefined;
  cursor?: string | undefined;
  sort?: string | undefined;
  owner_id?: string | undefined;
  industry?: string | undefined;
  search?: string | undefined;
  domain?: string | undefined;
}

/** A write's outcome: the record and whether it was created (upsert answers 201 or 200). */
export interface WriteResult<R> {
  record: R;
  created: boolean;
}

const CONTACT_BUCKETS = ['stage', 'source', 'owner_id', 'company_id'] as const;
const COMPANY_BUCKETS = ['owner_id', 'industry'] as const;
// Fields a merge may fill: every nullable field of a contact.
const CONTACT_FILLABLE = CONTACT_FIELDS.filter(
  (f) => !['id', 'email', 'stage', 'source', 'metadata', 'created_at', 'updated_at'].includes(f),
) as readonly (keyof ContactRecord)[];

/** The state of one org: its contacts, companies, dedup keys and event log. */
export class Org {
  readonly contacts = new Table<ContactRecord>(CONTACT_SORT_FIELDS, CONTACT_BUCKETS);
  readonly companies = new Table<CompanyRecord>(COMPANY_SORT_FIELDS, COMPANY_BUCKETS);
  /** Normalised email → contact id. */
  readonly emails = new Map<string, string>();
  /** Normalised domain → company id. */
  readonly domains = new Map<string, string>();
  readonly events: EventRecord[] = [];
  readonly eventIndex = new Map<string, number>();
}

/** The serialisable state of one org, as in a snapshot. */
export interface OrgState {
  contacts: ContactRecord[];
  companies: CompanyRecord[];
  events: EventRecord[];
}

function mergeMetadata(current: Metadata, patch: Metadata | null | undefined): Metadata {
  if (patch === undefined) return current;
  if (patch === null) return {};
  const next: Metadata = {};
  for (const [key, value] of Object.entries(current)) setKey(next, key, value);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else setKey(next, key, value as JsonValue);
  }
  return next;
}

const createMetadata = (patch: Metadata | undefined): Metadata => mergeMetadata({}, patch ?? {});

function parseSort(sort: string | undefined): { field: string; descending: boolean } {
  const value = sort ?? '-created_at';
  return value.startsWith('-')
    ? { field: value.slice(1), descending: true }
    : { field: value, descending: false };
}

const lower = (value: string | null): string => (value ?? '').toLowerCase();

/**
 * The PATCH rules both resources share: fields left out stay, `metadata` merges at the top level
 * (a key sent as `null` is removed, `metadata: null` clears it), and nothing comes back when no
 * value actually changed, so `updated_at` only moves on a real change. `field` turns each other
 * sent value into the stored one and runs that resource's checks (dedup, links); it throws
 * before anything is written.
 */
function patched<T extends { metadata: Metadata }>(
  current: T,
  patch: object,
  field: (key: string, raw: unknown) => unknown,
): T | undefined {
  const next: Record<string, unknown> = { ...current };
  let changed = false;
  for (const [key, raw] of Object.entries(patch)) {
    if (raw === undefined) continue;
    const value =
      key === 'metadata' ? mergeMetadata(current.metadata, raw as Metadata | null) : field(key, raw);
    if (!jsonEqual(next[key], value)) {
      next[key] = value;
      changed = true;
    }
  }
  return changed ? (next as T) : undefined;
}

/**
 * Every org's state and every semantic rule of the API: defaults, normalisation, dedup,
 * PATCH merging, events and keyset lists. Synchronous on purpose: nothing can run between a
 * dedup lookup and the write that depends on it.
 */
export class Store {
  private orgs = new Map<string, Org>();

  constructor(
    private readonly ids: (prefix: string) => string,
    private readonly now: () => Date,
  ) {}

  /** The org named `name`, created empty on first use. */
  org(name: string): Org {
    let org = this.orgs.get(name);
    if (!org) {
      org = new Org();
      this.orgs.set(name, org);
    }
    return org;
  }

  clear(): void {
    this.orgs = new Map();
  }

  orgNames(): string[] {
    return [...this.orgs.keys()];
  }

  /** Replaces an org's state (restore). */
  load(name: string, state: OrgState): void {
    const org = new Org();
    org.contacts.load(state.contacts);
    org.companies.load(state.companies);
    for (const contact of state.contacts) org.emails.set(contact.email, contact.id);
    for (const company of state.companies) if (company.domain) org.domains.set(company.domain, company.id);
    for (const event of state.events) {
      org.eventIndex.set(event.id, org.events.length);
      org.events.push(event);
    }
    this.orgs.set(name, org);
  }

  private timestamp(): string {
    return this.now().toISOString();
  }

  private emit(org: Org, type: EventType, data: EventRecord['data'], timestamp: string): void {
    const event: EventRecord = { id: this.ids(ID_PREFIX.event), type, timestamp, data };
    org.eventIndex.set(event.id, org.events.length);
    org.events.push(event);
  }

  // -------------------------------------------------------------------------------------------
  // Contacts

  getContact(org: Org, id: string): ContactRecord {
    const contact = org.contacts.byId.get(id);
    if (!contact) throw apiError('not_found', `Contact not found: ${id}`);
    return contact;
  }

  private checkCompanyId(org: Org, companyId: string | null | undefined): void {
    if (companyId === null || companyId === undefined) return;
    if (!org.companies.byId.has(companyId)) {
      throw apiError('validation_error', `\`company_id\` names no company of this org: ${companyId}`, {
        param: 'company_id',
      });
    }
  }

  /**
   * The dedup rule for both keys: a normalised email or domain another record of the org holds
   * is a 409 naming the field and the record that holds it.
   */
  private conflict(
    holders: Map<string, string>,
    key: string,
    param: 'email' | 'domain',
    self?: string,
  ): void {
    const existing = holders.get(key);
    if (existing !== undefined && existing !== self) {
      throw apiError(
        'conflict',
        `A ${param === 'email' ? 'contact' : 'company'} with ${param} ${key} already exists`,
        {
          param,
          details: { existing_id: existing },
        },
      );
    }
  }

  /** Creation timestamps: now, or a seed's own. */
  private stamps(fixed: Fixed): { created_at: string; updated_at: string } {
    const time = this.timestamp();
    const created = fixed.created_at ? new Date(fixed.created_at).toISOString() : time;
    return {
      created_at: created,
      updated_at: fixed.updated_at ? new Date(fixed.updated_at).toISOString() : created,
    };
  }

  /**
   * Builds a new contact from create params. `fixed` carries a seed's id and timestamps.
   */
  private buildContact(org: Org, params: ContactPatch & { email: string }, fixed: Fixed = {}): ContactRecord {
    const email = normalizeEmail(params.email);
    this.conflict(org.emails, email, 'email');
    this.checkCompanyId(org, params.company_id);
    const stamps = this.stamps(fixed);
    return {
      id: fixed.id ?? this.ids(ID_PREFIX.contact),
      email,
      first_name: params.first_name ?? null,
      last_name: params.last_name ?? null,
      phone: params.phone ?? null,
      title: params.title ?? null,
      linkedin_url: params.linkedin_url ?? null,
      stage: params.stage ?? 'lead',
      source: params.source ?? 'other',
      source_detail: params.source_detail ?? null,
      icp_score: params.icp_score ?? null,
      icp_score_reason: params.icp_score_reason ?? null,
      icp_scored_at: params.icp_scored_at ? new Date(params.icp_scored_at).toISOString() : null,
      company_id: params.company_id ?? null,
      owner_id: params.owner_id ?? null,
      metadata: createMetadata(params.metadata ?? undefined),
      ...stamps,
    };
  }

  private insertContact(org: Org, contact: ContactRecord, emit: boolean): void {
    org.contacts.insert(contact);
    org.emails.set(contact.email, contact.id);
    if (emit) this.emit(org, 'contact.created', contact, contact.created_at);
  }

  createContact(org: Org, params: ContactPatch & { email: string }): ContactRecord {
    const contact = this.buildContact(org, params);
    this.insertContact(org, contact, true);
    return contact;
  }

  /** Adds a seed contact: create rules, the seed's id and timestamps, no event. */
  seedContact(org: Org, params: ContactPatch & { email: string }, fixed: Fixed): ContactRecord {
    const contact = this.buildContact(org, params, fixed);
    this.insertContact(org, contact, false);
    return contact;
  }

  /** Applies PATCH rules; returns the current record untouched when nothing changes. */
  updateContact(org: Org, current: ContactRecord, patch: ContactPatch): ContactRecord {
    const next = patched(current, patch, (key, raw) => {
      if (key === 'email') {
        const email = normalizeEmail(raw as string);
        if (email !== current.email) this.conflict(org.emails, email, 'email', current.id);
        return email;
      }
      if (key === 'company_id') this.checkCompanyId(org, raw as string | null);
      if (key === 'icp_scored_at' && raw !== null) return new Date(raw as string).toISOString();
      return raw;
    });
    return next ? this.replaceContact(org, current, next) : current;
  }

  private replaceContact(org: Org, current: ContactRecord, next: ContactRecord): ContactRecord {
    const record: ContactRecord = { ...next, updated_at: this.timestamp() };
    org.contacts.replace(current, record);
    if (record.email !== current.email) {
      org.emails.delete(current.email);
      org.emails.set(record.email, record.id);
    }
    this.emit(org, 'contact.updated', record, record.updated_at);
    return record;
  }

  upsertContact(org: Org, params: ContactPatch & { email: string }): WriteResult<ContactRecord> {
    const id = org.emails.get(normalizeEmail(params.email));
    const current = id === undefined ? undefined : org.contacts.byId.get(id);
    if (current) return { record: this.updateContact(org, current, params), created: false };
    const created = this.buildContact(org, { ...params, metadata: params.metadata ?? undefined });
    this.insertContact(org, created, true);
    return { record: created, created: true };
  }

  deleteContact(org: Org, id: string): void {
    const contact = this.getContact(org, id);
    org.contacts.remove(contact);
    org.emails.delete(contact.email);
    this.emit(org, 'contact.deleted', { id }, this.timestamp());
  }

  /**
   * Merges duplicates into a primary: the primary's null fields take the first non-null value
   * among the duplicates in order, metadata keys merge with the primary winning, duplicates
   * are deleted.
   */
  mergeContacts(org: Org, primaryId: string, duplicateIds: readonly string[]): ContactRecord {
    const ids = [...new Set(duplicateIds)];
    if (ids.includes(primaryId)) {
      throw apiError('validation_error', '`duplicate_ids` must not contain `primary_id`', {
        param: 'duplicate_ids',
      });
    }
    const primary = this.getContact(org, primaryId);
    const duplicates = ids.map((id) => this.getContact(org, id));
    const next: Record<string, unknown> = { ...primary };
    for (const field of CONTACT_FILLABLE) {
      if (next[field] !== null) continue;
      const donor = duplicates.find((d) => d[field] !== null);
      if (donor) next[field] = donor[field];
    }
    const metadata: Metadata = {};
    for (const source of [...duplicates].reverse().concat(primary)) {
      for (const [key, value] of Object.entries(source.metadata)) setKey(metadata, key, value);
    }
    next.metadata = metadata;
    for (const duplicate of duplicates) {
      org.contacts.remove(duplicate);
      org.emails.delete(duplicate.email);
    }
    // A merge always changes the primary (it absorbed records), so it always gets a new
    // updated_at and a contact.updated event, followed by one contact.deleted per duplicate.
    const merged = this.replaceContact(org, primary, next as ContactRecord);
    for (const duplicate of duplicates)
      this.emit(org, 'contact.deleted', { id: duplicate.id }, merged.updated_at);
    return merged;
  }

  listContacts(org: Org, query: ContactQuery, scope: { companyId?: string } = {}): ListResult<ContactRecord> {
    const email = query.email === undefined ? undefined : normalizeEmail(query.email);
    const updatedAfter = query.updated_after === undefined ? undefined : Date.parse(query.updated_after);
    const search = query.search?.toLowerCase();
    const equals: [string, string][] = [];
    if (scope.companyId !== undefined) equals.push(['company_id', scope.companyId]);
    if (query.company_id !== undefined) equals.push(['company_id', query.company_id]);
    if (query.stage !== undefined) equals.push(['stage', query.stage]);
    if (query.source !== undefined) equals.push(['source', query.source]);
    if (query.owner_id !== undefined) equals.push(['owner_id', query.owner_id]);
    return listPage(org.contacts, query, {
      signature: [
        'contacts',
        scope.companyId ?? null,
        query.stage ?? null,
        query.source ?? null,
        query.owner_id ?? null,
        query.company_id ?? null,
        email ?? null,
        search ?? null,
        updatedAfter ?? null,
      ],
      equals,
      matches: (c) =>
        (email === undefined || c.email === email) &&
        (updatedAfter === undefined || Date.parse(c.updated_at) > updatedAfter) &&
        (search === undefined ||
          c.email.includes(search) ||
          lower(c.first_name).includes(search) ||
          lower(c.last_name).includes(search)),
      // Email is unique per org: the dedup index answers directly.
      unique: email === undefined ? undefined : { holders: org.emails, key: email },
    });
  }

  // -------------------------------------------------------------------------------------------
  // Companies

  getCompany(org: Org, id: string): CompanyRecord {
    const company = org.companies.byId.get(id);
    if (!company) throw apiError('not_found', `Company not found: ${id}`);
    return company;
  }

  private buildCompany(org: Org, params: CompanyPatch, fixed: Fixed = {}): CompanyRecord {
    if (params.name === undefined) {
      throw apiError('validation_error', '`name` is required to create a company', { param: 'name' });
    }
    const domain = params.domain ? normalizeDomain(params.domain) : null;
    if (domain !== null) this.conflict(org.domains, domain, 'domain');
    const stamps = this.stamps(fixed);
    return {
      id: fixed.id ?? this.ids(ID_PREFIX.company),
      name: params.name,
      domain,
      industry: params.industry ?? null,
      size: params.size ?? null,
      description: params.description ?? null,
      website: params.website ?? null,
      phone: params.phone ?? null,
      address: toAddress(params.address),
      owner_id: params.owner_id ?? null,
      metadata: createMetadata(params.metadata ?? undefined),
      ...stamps,
    };
  }

  private insertCompany(org: Org, company: CompanyRecord, emit: boolean): void {
    org.companies.insert(company);
    if (company.domain !== null) org.domains.set(company.domain, company.id);
    if (emit) this.emit(org, 'company.created', company, company.created_at);
  }

  createCompany(org: Org, params: CompanyPatch): CompanyRecord {
    const company = this.buildCompany(org, params);
    this.insertCompany(org, company, true);
    return company;
  }

  /** Adds a seed company: create rules, the seed's id and timestamps, no event. */
  seedCompany(org: Org, params: CompanyPatch, fixed: Fixed): CompanyRecord {
    const company = this.buildCompany(org, params, fixed);
    this.insertCompany(org, company, false);
    return company;
  }

  updateCompany(org: Org, current: CompanyRecord, patch: CompanyPatch): CompanyRecord {
    const next = patched(current, patch, (key, raw) => {
      if (key === 'address') return toAddress(raw as CompanyPatch['address']);
      if (key === 'domain' && raw !== null) {
        const domain = normalizeDomain(raw as string);
        if (domain !== current.domain) this.conflict(org.domains, domain, 'domain', current.id);
        return domain;
      }
      return raw;
    });
    if (!next) return current;
    const record: CompanyRecord = { ...next, updated_at: this.timestamp() };
    org.companies.replace(current, record);
    if (record.domain !== current.domain) {
      if (current.domain !== null) org.domains.delete(current.domain);
      if (record.domain !== null) org.domains.set(record.domain, record.id);
    }
    this.emit(org, 'company.updated', record, record.updated_at);
    return record;
  }

  upsertCompany(org: Org, params: CompanyPatch & { domain: string }): WriteResult<CompanyRecord> {
    const id = org.domains.get(normalizeDomain(params.domain));
    const current = id === undefined ? undefined : org.companies.byId.get(id);
    if (current) return { record: this.updateCompany(org, current, params), created: false };
    return { record: this.createCompany(org, params), created: true };
  }

  /** Deletes a company; its contacts stay, with `company_id: null` (a change: event, updated_at). */
  deleteCompany(org: Org, id: string): void {
    const company = this.getCompany(org, id);
    org.companies.remove(company);
    if (company.domain !== null) org.domains.delete(company.domain);
    const time = this.timestamp();
    this.emit(org, 'company.deleted', { id }, time);
    for (const contact of [...org.contacts.bucket('company_id', id)]) {
      const record: ContactRecord = { ...contact, company_id: null, updated_at: time };
      org.contacts.replace(contact, record);
      this.emit(org, 'contact.updated', record, time);
    }
  }

  listCompanies(org: Org, query: CompanyQuery): ListResult<CompanyRecord> {
    const domain = query.domain === undefined ? undefined : normalizeDomain(query.domain);
    const search = query.search?.toLowerCase();
    const equals: [string, string][] = [];
    if (query.owner_id !== undefined) equals.push(['owner_id', query.owner_id]);
    if (query.industry !== undefined) equals.push(['industry', query.industry]);
    return listPage(org.companies, query, {
      signature: [
        'companies',
        query.owner_id ?? null,
        query.industry ?? null,
        domain ?? null,
        search ?? null,
      ],
      equals,
      matches: (c) =>
        (domain === undefined || c.domain === domain) &&
        (search === undefined || c.name.toLowerCase().includes(search) || lower(c.domain).includes(search)),
      unique: domain === undefined ? undefined : { holders: org.domains, key: domain },
    });
  }

  // -------------------------------------------------------------------------------------------
  // Events

  listEvents(
    org: Org,
    query: { after?: string | undefined; limit?: number | undefined },
  ): ListResult<EventRecord> {
    let start = 0;
    if (query.after !== undefined) {
      const index = isTypeId(query.after, 'evt') ? org.eventIndex.get(query.after) : undefined;
      if (index === undefined) {
        throw apiError('validation_error', '`after` names no event of this org', { param: 'after' });
      }
      start = index + 1;
    }
    const limit = query.limit ?? PAGE_SIZE.default;
    const rows = org.events.slice(start, start + limit);
    const hasMore = start + limit < org.events.length;
    // Unlike other lists, the cursor stays set on the last page: it is where a poller resumes.
    const cursor = rows.length > 0 ? (rows[rows.length - 1] as EventRecord).id : (query.after ?? null);
    return { rows, hasMore, cursor };
  }

  /** The org's state, sharing the stored (immutable) records. */
  state(name: string): OrgState {
    const org = this.org(name);
    return {
      contacts: [...org.contacts.byId.values()],
      companies: [...org.companies.byId.values()],
      events: org.events,
    };
  }
}

function toAddress(input: CompanyPatch['address']): CompanyRecord['address'] {
  if (!input) return null;
  return {
    street: input.street ?? null,
    city: input.city ?? null,
    state: input.state ?? null,
    postal_code: input.postal_code ?? null,
    country: input.country ?? null,
  };
}

function isAfter(
  row: { id: string },
  field: string,
  descending: boolean,
  after: { value: SortValue; id: string } | undefined,
): boolean {
  if (!after) return true;
  const order = compareKeys(sortValue(row, field), row.id, after.value, after.id);
  return descending ? order < 0 : order > 0;
}

/**
 * Reads one page of a list, the same way for every resource: the cursor is checked against the
 * query it came from (sort and filters), a filter on the unique dedup key is answered from its
 * index (one row at most), anything else is read from the table in keyset order, and the next
 * cursor names the last row.
 */
function listPage<R extends Row>(
  table: Table<R>,
  query: { sort?: string | undefined; cursor?: string | undefined; limit?: number | undefined },
  filters: {
    /** The resource and every filter value, so a cursor cannot be replayed on another query. */
    signature: [resource: string, ...filters: unknown[]];
    equals: [string, string][];
    matches: (row: R) => boolean;
    unique: { holders: Map<string, string>; key: string } | undefined;
  },
): ListResult<R> {
  const { field, descending } = parseSort(query.sort);
  const [resource, ...values] = filters.signature;
  const signature = querySignature([resource, field, descending, ...values]);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, signature);
  const { equals } = filters;
  const matches = (row: R): boolean =>
    equals.every(([name, value]) => (row as Record<string, unknown>)[name] === value) && filters.matches(row);
  const limit = query.limit ?? PAGE_SIZE.default;
  if (filters.unique) {
    const id = filters.unique.holders.get(filters.unique.key);
    const row = id === undefined ? undefined : table.byId.get(id);
    const rows = row && matches(row) && isAfter(row, field, descending, after) ? [row] : [];
    return { rows: rows.slice(0, limit), hasMore: false, cursor: null };
  }
  const page = table.page({ sortField: field, descending, after, limit, equals, matches });
  const last = page.rows[page.rows.length - 1];
  const cursor =
    page.hasMore && last ? encodeCursor({ value: sortValue(last, field), id: last.id }, signature) : null;
  return { rows: page.rows, hasMore: page.hasMore, cursor };
}
