import { EVENT_TYPES, type IdPrefix, isTypeId, type ResourceDeclaration } from '@rex/types';
import { SnapshotError } from '../errors.js';
import type { OrgState } from './store.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const KNOWN_EVENTS: ReadonlySet<string> = new Set(EVENT_TYPES);

function isEvent(value: unknown): boolean {
  return (
    isObject(value) &&
    isTypeId(value.id, 'evt') &&
    typeof value.type === 'string' &&
    KNOWN_EVENTS.has(value.type) &&
    typeof value.timestamp === 'string' &&
    isObject(value.data) &&
    // A record's event holds the record (or `{id}`); `deal.stage_changed` names its deal instead.
    typeof (value.type === 'deal.stage_changed' ? value.data.deal_id : value.data.id) === 'string'
  );
}

/**
 * Checks that `input` is a snapshot `restore()` can load without corrupting the store: the
 * shape `snapshot()` returns, records that read as Rex records, ids with their prefixes, unique
 * ids, and dedup keys that are normalised and unique per org — the rules a write would have
 * enforced. Throws {@link SnapshotError} naming the first problem. A resource missing from an
 * org (a snapshot from an older version) loads as empty.
 */
export function checkSnapshot(
  input: unknown,
  resources: readonly ResourceDeclaration[],
): Map<string, Partial<OrgState>> {
  if (!isObject(input) || input.version !== 1 || !isObject(input.orgs)) {
    throw new SnapshotError('restore: expected a snapshot from snapshot() ({ version: 1, orgs })');
  }
  const known = new Set(['events', ...resources.map((d) => d.plural)]);
  const orgs = new Map<string, Partial<OrgState>>();
  for (const [name, state] of Object.entries(input.orgs)) {
    const where = `restore: orgs.${name}`;
    if (!isObject(state)) throw new SnapshotError(`${where} must be an object`);
    for (const key of Object.keys(state)) {
      if (!known.has(key)) throw new SnapshotError(`${where}.${key} is not a resource of this mock`);
      if (!Array.isArray(state[key])) throw new SnapshotError(`${where}.${key} must be an array`);
    }
    const ids = new Set<string>();
    for (const declaration of resources) {
      const records = (state[declaration.plural] ?? []) as unknown[];
      const keys = (declaration.unique ?? []).map(() => new Set<string>());
      records.forEach((record, i) => {
        const at = `${where}.${declaration.plural}[${i}]`;
        // Computed fields are not stored; any number stands in for them in the check.
        const shown =
          declaration.computed && typeof record === 'object' && record !== null
            ? { ...record, ...Object.fromEntries(declaration.computed.map((field) => [field, 0])) }
            : record;
        if (
          !declaration.schemas.record.safeParse(shown).success ||
          !isTypeId((record as { id: unknown }).id, declaration.prefix as IdPrefix)
        ) {
          throw new SnapshotError(`${at} is not a ${declaration.name}`);
        }
        const row = record as Record<string, unknown> & { id: string };
        if (ids.has(row.id)) throw new SnapshotError(`${at} repeats the id ${row.id}`);
        ids.add(row.id);
        (declaration.unique ?? []).forEach((unique, k) => {
          const values = unique.fields.map((field) => row[field]);
          if (values.some((value) => value === null || value === undefined)) return;
          if (unique.normalize) {
            const value = values[0] as string;
            let normalized: string | undefined;
            try {
              normalized = unique.normalize(value);
            } catch {
              normalized = undefined;
            }
            if (normalized !== value) {
              throw new SnapshotError(
                `${at}.${unique.fields[0]} is not a normalised ${unique.fields[0]}: ${value}`,
              );
            }
          }
          const key = JSON.stringify(values);
          const seen = keys[k] as Set<string>;
          if (seen.has(key))
            throw new SnapshotError(`${at} repeats the ${unique.fields.join(' + ')} of another record`);
          seen.add(key);
        });
      });
    }
    const events = (state.events ?? []) as unknown[];
    events.forEach((event, i) => {
      if (!isEvent(event) || ids.has((event as { id: string }).id)) {
        throw new SnapshotError(`${where}.events[${i}] is not an event`);
      }
      ids.add((event as { id: string }).id);
    });
    orgs.set(name, state as Partial<OrgState>);
  }
  return orgs;
}
