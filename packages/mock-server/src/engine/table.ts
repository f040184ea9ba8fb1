import { BucketIndex, type KeysetPosition, SortedIndex, type SortValue } from './sorted-index.js';

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
 * each in O(log n), and no read ever builds one. Records are immutable: an update swaps the
 * object.
 */
export class Table<R extends Row> {
  /** Records by id, lowercased: ids are accepted in either case and kept as given. */
  readonly byId = new Map<string, R>();
  private readonly sorts = new Map<string, SortedIndex<R>>();
  private readonly buckets = new Map<string, BucketIndex<R>>();

  constructor(sortFields: readonly string[], bucketFields: readonly string[]) {
    for (const name of sortFields) this.sorts.set(name, new SortedIndex<R>(field(name)));
    for (const name of bucketFields) this.buckets.set(name, new BucketIndex<R>(bucketKey(name)));
  }

  insert(row: R): void {
    this.byId.set(row.id.toLowerCase(), row);
    for (const index of this.sorts.values()) index.add(row);
    for (const index of this.buckets.values()) index.add(row);
  }

  remove(row: R): void {
    this.byId.delete(row.id.toLowerCase());
    for (const index of this.sorts.values()) index.delete(row);
    for (const index of this.buckets.values()) index.delete(row);
  }

  replace(previous: R, next: R): void {
    this.byId.set(next.id.toLowerCase(), next);
    for (const index of this.sorts.values()) index.replace(previous, next);
    for (const index of this.buckets.values()) index.replace(previous, next);
  }

  /**
   * Adds many rows at once (restore) and rebuilds every index from the whole table here, one
   * sort and one bulk load each, so no later read builds one.
   */
  load(rows: Iterable<R>): void {
    for (const row of rows) this.byId.set(row.id.toLowerCase(), row);
    this.rebuild();
  }

  clear(): void {
    this.byId.clear();
    this.rebuild();
  }

  /** The record with this id, in either case. */
  get(id: string): R | undefined {
    return this.byId.get(id.toLowerCase());
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
    const rows = [...this.byId.values()];
    for (const index of this.sorts.values()) index.load(rows);
    for (const index of this.buckets.values()) index.load(rows);
  }
}

/** The sort value of `row` for `sortField`, as stored in a cursor. */
export const sortValue = (row: object, sortField: string): SortValue => field(sortField)(row);
