import { type IdPrefix, isTimestamp, isTypeId, type ResourceDeclaration, validate } from '@rex/types';
import { SeedError } from '../errors.js';
import type { Fixed, StoredRecord } from './collection.js';
import { StoreError } from './errors.js';
import { cloneJson } from './json.js';
import type { Store } from './store.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The declared resources in an order where every link points to a resource that comes
 * earlier (companies before contacts), so a seed can name records it also creates.
 */
export function seedOrder(resources: readonly ResourceDeclaration[]): ResourceDeclaration[] {
  const byPlural = new Map(resources.map((d) => [d.plural, d]));
  const ordered: ResourceDeclaration[] = [];
  const visiting = new Set<string>();
  const visit = (declaration: ResourceDeclaration): void => {
    if (ordered.includes(declaration) || visiting.has(declaration.plural)) return;
    visiting.add(declaration.plural);
    for (const link of Object.values(declaration.links ?? {})) {
      const target = byPlural.get(link.to);
      if (target && target !== declaration) visit(target);
    }
    ordered.push(declaration);
  };
  for (const declaration of resources) visit(declaration);
  return ordered;
}

function split(
  where: string,
  record: unknown,
  declaration: ResourceDeclaration,
  exists: (id: string) => boolean,
): { params: Record<string, unknown>; fixed: Fixed } {
  if (!isObject(record)) throw new SeedError(where, 'must be an object');
  const { id, created_at, updated_at, ...params } = record;
  const fixed: Fixed = {};
  if (id !== undefined) {
    if (!isTypeId(id, declaration.prefix as IdPrefix)) {
      throw new SeedError(`${where}.id`, `must be a TypeID starting ${declaration.prefix}_`);
    }
    if (exists(id)) throw new SeedError(`${where}.id`, `${id} already exists`);
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
 * Loads a seed into the org `orgName`: every declared resource in link order, each record
 * validated with its create schema and the create rules (dedup, links), without events or hooks.
 * All or nothing: on the first bad record the records already seeded are taken out again and a
 * {@link SeedError} names the record and field. `input` holds records by plural name
 * (`contacts`, `companies`, …).
 */
export function applySeed(
  store: Store,
  orgName: string,
  input: Readonly<Record<string, unknown>>,
): Record<string, StoredRecord[]> {
  const resources = seedOrder([...store.resources.values()]);
  const seed = cloneJson(input);
  for (const key of Object.keys(seed)) {
    if (key !== 'key' && key !== 'org' && !store.resources.has(key)) {
      throw new SeedError(
        key,
        `is not a seed field (key, org, ${resources.map((d) => d.plural).join(', ')})`,
      );
    }
  }
  for (const { plural } of resources) {
    if (seed[plural] !== undefined && !Array.isArray(seed[plural]))
      throw new SeedError(plural, 'must be an array');
  }
  const org = store.org(orgName);
  const loaded: Record<string, StoredRecord[]> = {};
  let where = '';
  try {
    for (const declaration of resources) {
      const { plural } = declaration;
      const records = (seed[plural] ?? []) as unknown[];
      loaded[plural] = [];
      for (const [i, record] of records.entries()) {
        where = `${plural}[${i}]`;
        const collection = org.collection(plural);
        const { params, fixed } = split(where, record, declaration, (id) => collection.get(id) !== undefined);
        const result = validate(declaration.schemas.create, params);
        if (!result.success)
          throw new SeedError(`${where}.${result.error.param ?? ''}`, result.error.message);
        loaded[plural].push(
          store.create(org, plural, result.data as Record<string, unknown>, { fixed, emit: false }),
        );
      }
    }
  } catch (error) {
    // A seed only inserts (it runs no hooks and emits no events), so taking its records out again,
    // last first, puts the org back as it was: O(records seeded), however large the org is.
    for (const declaration of [...resources].reverse()) {
      const collection = org.collection(declaration.plural);
      for (const record of [...(loaded[declaration.plural] ?? [])].reverse()) collection.remove(record);
    }
    if (error instanceof StoreError) {
      const param = 'param' in error && typeof error.param === 'string' ? error.param : '';
      throw new SeedError(`${where}.${param}`, error.message);
    }
    throw error;
  }
  return cloneJson(loaded);
}
