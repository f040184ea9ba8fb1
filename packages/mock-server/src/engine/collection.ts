import type { JsonValue, ResourceDeclaration, UniqueKey } from '@rex/types';
import { DuplicateKey, InvalidInput } from './errors.js';
import { jsonEqual, nestedDeeperThan, setKey } from './json.js';
import { Table } from './table.js';

/** Free-form metadata as stored. */
export type Metadata = Record<string, JsonValue>;

/**
 * A stored record of any resource: immutable (an update stores a new object) and shared by the
 * event log, snapshots and responses.
 */
export interface StoredRecord {
  readonly id: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly [field: string]: unknown;
}

/** What a seed record may fix instead of the server: its id and timestamps. */
export interface Fixed {
  id?: string | undefined;
  created_at?: string | undefined;
  updated_at?: string | undefined;
}

/** Limits on stored metadata (ours; Rex is silent): nesting depth and serialised size. */
export const METADATA_LIMITS = { depth: 32, bytes: 64 * 1024 } as const;

const encoder = /* @__PURE__ */ new TextEncoder();

/**
 * Refuses metadata nested deeper than 32 levels or over 64 KiB serialised: such a record would
 * slow every later read, snapshot and event of its org.
 */
export function checkMetadata(metadata: Metadata): void {
  // The object itself is level 1, so its values may nest 31 more levels.
  if (nestedDeeperThan(metadata, METADATA_LIMITS.depth)) {
    throw new InvalidInput('metadata', `\`metadata\` is nested deeper than ${METADATA_LIMITS.depth} levels`);
  }
  const bytes = encoder.encode(JSON.stringify(metadata)).length;
  if (bytes > METADATA_LIMITS.bytes) {
    throw new InvalidInput(
      'metadata',
      `\`metadata\` would be ${bytes} bytes; a record's metadata holds at most ${METADATA_LIMITS.bytes} bytes (64 KiB)`,
    );
  }
}

/**
 * Merges a metadata patch at the top level: keys sent overwrite, a key sent as `null` is
 * removed, `null` clears everything, `undefined` keeps the current value.
 */
export function mergeMetadata(current: Metadata, patch: Metadata | null | undefined): Metadata {
  if (patch === undefined) return current;
  if (patch === null) return {};
  const next: Metadata = {};
  for (const [key, value] of Object.entries(current)) setKey(next, key, value);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else setKey(next, key, value);
  }
  return next;
}

/** One dedup key of a collection and the index of who holds each value. */
class UniqueIndex {
  readonly holders = new Map<string, string>();
  /** The field a conflict names: the key's last field (`email`, `external_id`). */
  readonly param: string;

  constructor(readonly key: UniqueKey) {
    this.param = key.fields[key.fields.length - 1] as string;
  }

  /** The index key of a record; `undefined` when a field of the key is `null` (not unique). */
  of(record: Readonly<Record<string, unknown>>): string | undefined {
    const { fields } = this.key;
    if (fields.length === 1) {
      const value = record[fields[0] as string];
      return typeof value === 'string' ? value : undefined;
    }
    const values: unknown[] = [];
    for (const field of fields) {
      const value = record[field];
      if (value === null || value === undefined) return undefined;
      values.push(value);
    }
    return JSON.stringify(values);
  }
}

/**
 * The records of one resource in one org: the table (by id, sorted, bucketed) and the dedup
 * indexes. It keeps them in step; the rules of what may be written live in the store.
 */
export class Collection {
  readonly table: Table<StoredRecord>;
  readonly uniques: readonly UniqueIndex[];

  constructor(readonly declaration: ResourceDeclaration) {
    const buckets = new Set<string>(Object.keys(declaration.links ?? {}));
    for (const [name, filter] of Object.entries(declaration.filters)) {
      if (filter.kind === 'eq') buckets.add(filter.field ?? name);
    }
    this.table = new Table(declaration.sortFields, [...buckets]);
    this.uniques = (declaration.unique ?? []).map((key) => new UniqueIndex(key));
  }

  get size(): number {
    return this.table.size;
  }

  get(id: string): StoredRecord | undefined {
    return this.table.get(id);
  }

  /** Throws {@link DuplicateKey} when another record holds one of `record`'s dedup keys. */
  checkUnique(record: Readonly<Record<string, unknown>>, self?: string): void {
    for (const unique of this.uniques) {
      const key = unique.of(record);
      if (key === undefined) continue;
      const holder = unique.holders.get(key);
      if (holder !== undefined && holder !== self) {
        throw new DuplicateKey(this.declaration.title, unique.param, String(record[unique.param]), holder);
      }
    }
  }

  /** The record that holds the single-field dedup key `field` = `value` (normalised). */
  holder(field: string, value: string): StoredRecord | undefined {
    const unique = this.uniques.find((u) => u.key.fields.length === 1 && u.key.fields[0] === field);
    const id = unique?.holders.get(value);
    return id === undefined ? undefined : this.get(id);
  }

  insert(record: StoredRecord): void {
    this.table.insert(record);
    for (const unique of this.uniques) {
      const key = unique.of(record);
      if (key !== undefined) unique.holders.set(key, record.id);
    }
  }

  replace(previous: StoredRecord, next: StoredRecord): void {
    this.table.replace(previous, next);
    for (const unique of this.uniques) {
      const before = unique.of(previous);
      const after = unique.of(next);
      if (before === after) continue;
      if (before !== undefined) unique.holders.delete(before);
      if (after !== undefined) unique.holders.set(after, next.id);
    }
  }

  remove(record: StoredRecord): void {
    this.table.remove(record);
    for (const unique of this.uniques) {
      const key = unique.of(record);
      if (key !== undefined) unique.holders.delete(key);
    }
  }

  /** Replaces every record at once (restore); the table rebuilds its indexes in this call. */
  load(records: readonly StoredRecord[]): void {
    this.table.clear();
    for (const unique of this.uniques) unique.holders.clear();
    this.table.load(records);
    for (const record of records) {
      for (const unique of this.uniques) {
        const key = unique.of(record);
        if (key !== undefined) unique.holders.set(key, record.id);
      }
    }
  }

  /** Every record, in insertion order. */
  all(): StoredRecord[] {
    return [...this.table.values()];
  }
}

/**
 * Applies PATCH rules: fields left out stay, `metadata` merges at the top level, and nothing
 * comes back when no value actually changed, so `updated_at` only moves on a real change.
 * `convert` turns each other sent value into the stored one (and may throw).
 */
export function patched(
  current: StoredRecord,
  patch: Readonly<Record<string, unknown>>,
  convert: (field: string, value: unknown) => unknown,
): Record<string, unknown> | undefined {
  const next: Record<string, unknown> = { ...current };
  let changed = false;
  for (const [field, raw] of Object.entries(patch)) {
    if (raw === undefined) continue;
    const value =
      field === 'metadata'
        ? mergeMetadata((current.metadata as Metadata | undefined) ?? {}, raw as Metadata | null)
        : convert(field, raw);
    if (!jsonEqual(next[field], value)) {
      next[field] = value;
      changed = true;
    }
  }
  return changed ? next : undefined;
}
