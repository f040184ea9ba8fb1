import {
  type Company,
  CompanyCreateParams,
  type Contact,
  ContactCreateParams,
  isTimestamp,
  isTypeId,
  validate,
} from '@rex/types';
import { SeedError } from '../errors.js';
import type { SeedInput } from '../options.js';
import { HttpError } from './errors.js';
import { cloneJson } from './json.js';
import type { Fixed, Org, Store } from './store.js';

const SEED_KEYS = new Set(['key', 'org', 'contacts', 'companies']);

function split(
  where: string,
  record: unknown,
  prefix: 'cont' | 'comp',
  org: Org,
): { params: Record<string, unknown>; fixed: Fixed } {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new SeedError(where, 'must be an object');
  }
  const { id, created_at, updated_at, ...params } = record as Record<string, unknown>;
  const fixed: Fixed = {};
  if (id !== undefined) {
    if (!isTypeId(id, prefix)) throw new SeedError(`${where}.id`, `must be a TypeID starting ${prefix}_`);
    const table = prefix === 'cont' ? org.contacts : org.companies;
    if (table.byId.has(id)) throw new SeedError(`${where}.id`, `${id} already exists`);
    fixed.id = id;
  }
  for (const [name, value] of [
    ['created_at', created_at],
    ['updated_at', updated_at],
  ] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'string' || !isTimestamp(value)) {
      throw new SeedError(`${where}.${name}`, 'must be an ISO 8601 timestamp');
    }
    fixed[name] = value;
  }
  return { params, fixed };
}

/**
 * Loads a seed into the org `orgName`: companies first, then contacts, each validated with
 * the create schema and the create rules (dedup, `company_id`). All or nothing: on the first
 * bad record the org is put back as it was and a {@link SeedError} names the record and field.
 */
export function applySeed(
  store: Store,
  orgName: string,
  input: SeedInput,
): { contacts: Contact[]; companies: Company[] } {
  const seed = cloneJson(input);
  for (const key of Object.keys(seed)) {
    if (!SEED_KEYS.has(key)) throw new SeedError(key, 'is not a seed field (key, org, contacts, companies)');
  }
  for (const key of ['contacts', 'companies'] as const) {
    if (seed[key] !== undefined && !Array.isArray(seed[key])) throw new SeedError(key, 'must be an array');
  }
  const org = store.org(orgName);
  const previous = store.state(orgName);
  const eventCount = org.events.length;
  const contacts: Contact[] = [];
  const companies: Company[] = [];
  let where = '';
  try {
    for (const [i, record] of (seed.companies ?? []).entries()) {
      where = `companies[${i}]`;
      const { params, fixed } = split(where, record, 'comp', org);
      const result = validate(CompanyCreateParams, params);
      if (!result.success) throw new SeedError(`${where}.${result.error.param ?? ''}`, result.error.message);
      companies.push(store.seedCompany(org, result.data, fixed));
    }
    for (const [i, record] of (seed.contacts ?? []).entries()) {
      where = `contacts[${i}]`;
      const { params, fixed } = split(where, record, 'cont', org);
      const result = validate(ContactCreateParams, params);
      if (!result.success) throw new SeedError(`${where}.${result.error.param ?? ''}`, result.error.message);
      contacts.push(store.seedContact(org, result.data, fixed));
    }
  } catch (error) {
    store.load(orgName, { ...previous, events: previous.events.slice(0, eventCount) });
    if (error instanceof HttpError) throw new SeedError(`${where}.${error.error.param ?? ''}`, error.message);
    throw error;
  }
  org.contacts.warm();
  org.companies.warm();
  return { contacts: cloneJson(contacts), companies: cloneJson(companies) };
}
