import {
  BucketIndex,
  type KeysetPosition,
  MAX_INDEXES,
  MAX_SORT_KEYS,
  Slot,
  SortedIndex,
  type SortValue,
} from './sorted-index.js';

/** A stored record: what every table needs to index it. */
export interface Row {
  readonly id: string;
  readonly created_at: string;
}

/** One page of a table read in keyset order. */
export interface Page<R> {
  rows: R[];
  hasMore: boolean;
}

/** How to read a page: the order, where to start, and which rows qualify. */
export interface PageQuery<R> {
  sortField: string;
  descending: boolean;
  after: KeysetPosition | undefined;
  limit: number;
  /** Equality filters on bucket-indexed fields; the smallest bucket is read. */
  equals: readonly (readonly [field: string, value: string])[];
  /** Every filter, checked on each row read. */
  matches: (row: R) => boolean;
}

const field =
  (name: string) =>
  (row: object): SortValue =>
    ((row as Record<string, unknown>)[name] as SortValue | undefined) ?? null;

// A bucket groups by the value as text, so booleans (`is_active`) group like strings.
const bucketKey =
  (name: string) =>
  (row: object): string | null => {
    const value = (row as Record<string, unknown>)[name];
    return value === null || value === undefined ? null : String(value);
  };

/**
 * The records of one type in one org: by id, sorted by every sortable field, and grouped by
 * the equality-filterable fields. Every index is live from the first row on: a write updates
 * each in O(log n) (a delete without a search), and no read ever builds one. Records are
 * immutable: an update swaps the object in the record's {@link Slot}, and only the indexes whose
 * key changed move it.
 * `created_at` is the one field that must not change (the buckets order by it too).
 */
export class Table<R extends Row> {
  /** Slots by id, lowercased: ids are accepted in either case and kept as given. */
  private readonly byId = new Map<string, Slot<R>>();
  private readonly sorts = new Map<string, SortedIndex<R>>();
  private readonly buckets = new Map<string, BucketIndex<R>>();

  constructor(sortFields: readonly string[], bucketFields: readonly string[]) {
    const created = sortFields.indexOf('created_at');
    if (created < 0 || sortFields.length > MAX_SORT_KEYS) {
      throw new Error(
        `A table sorts by created_at and at most ${MAX_SORT_KEYS} fields: ${sortFields.join(', ')}`,
      );
    }
    if (sortFields.length + bucketFields.length > MAX_INDEXES) {
      throw new Error(
        `A table keeps at most ${MAX_INDEXES} indexes, not ${sortFields.length} sorts and ${bucketFields.length} buckets (a Slot has a block field per index: add fields to Slot and PLACES in sorted-index.ts)`,
      );
    }
    // Each index keeps its slots' blocks in a place of its own: sorts first, then buckets.
    sortFields.forEach((name, position) => {
      this.sorts.set(name, new SortedIndex<R>(field(name), position));
    });
    bucketFields.forEach((name, i) => {
      this.buckets.set(name, new BucketIndex<R>(bucketKey(name), created, sortFields.length + i));
    });
  }

  get size(): number {
    return this.byId.size;
  }

  /** Every record, in insertion order. */
  *values(): Generator<R, void, undefined> {
    for (const slot of this.byId.values()) yield slot.record;
  }

  insert(row: R): void {
    const slot = new Slot(row, row.id);
    this.byId.set(row.id.toLowerCase(), slot);
    for (const index of this.sorts.values()) index.add(slot);
    for (const index of this.buckets.values()) index.add(slot);
  }

  remove(row: R): void {
    const id = row.id.toLowerCase();
    const slot = this.byId.get(id);
    if (slot === undefined) return;
    this.byId.delete(id);
    for (const index of this.sorts.values()) index.delete(slot);
    for (const index of this.buckets.values()) index.delete(slot);
  }

  replace(previous: R, next: R): void {
    const slot = this.byId.get(previous.id.toLowerCase());
    if (slot === undefined) throw new Error(`No row ${previous.id} to replace`);
    if (next.created_at !== slot.record.created_at || next.id !== slot.id) {
      throw new Error(`A row keeps its id and created_at: ${previous.id}`);
    }
    const filed = slot.record;
    slot.record = next;
    for (const index of this.sorts.values()) index.update(slot);
    for (const index of this.buckets.values()) index.update(filed, slot);
  }

  /**
   * Adds many rows at once (restore) and rebuilds every index from the whole table here, one
   * sort and one O(n) fill of the blocks each, so no later read builds one.
   */
  load(rows: Iterable<R>): void {
    for (const row of rows) this.byId.set(row.id.toLowerCase(), new Slot(row, row.id));
    this.rebuild();
  }

  clear(): void {
    this.byId.clear();
    this.rebuild();
  }

  /** The record with this id, in either case. */
  get(id: string): R | undefined {
    return this.byId.get(id.toLowerCase())?.record;
  }

  /** Rows in the bucket of `field = value`, oldest first. */
  bucket(name: string, value: string): Iterable<R> {
    return this.buckets.get(name)?.get(value)?.scan(false) ?? [];
  }

  /** Reads one page in O(log n + rows read). */
  page(query: PageQuery<R>): Page<R> {
    const source = this.source(query);
    const rows: R[] = [];
    if (source) {
      for (const row of source) {
        if (!query.matches(row)) continue;
        rows.push(row);
        if (rows.length > query.limit) break;
      }
    }
    const hasMore = rows.length > query.limit;
    if (hasMore) rows.length = query.limit;
    return { rows, hasMore };
  }

  private source(query: PageQuery<R>): Iterable<R> | undefined {
    if (query.sortField === 'created_at' && query.equals.length > 0) {
      let best: SortedIndex<R> | undefined;
      for (const [name, value] of query.equals) {
        const bucket = this.buckets.get(name)?.get(value);
        if (!bucket) return undefined;
        if (!best || bucket.size < best.size) best = bucket;
      }
      return best?.scan(query.descending, query.after);
    }
    const index = this.sorts.get(query.sortField);
    if (!index) throw new Error(`No index for sort field ${query.sortField}`);
    return index.scan(query.descending, query.after);
  }

  private rebuild(): void {
    const slots = [...this.byId.values()];
    for (const index of this.sorts.values()) index.load(slots);
    for (const index of this.buckets.values()) index.load(slots);
  }
}

/** The sort value of `row` for `sortField`, as stored in a cursor. */
export const sortValue = (row: object, sortField: string): SortValue => field(sortField)(row);
