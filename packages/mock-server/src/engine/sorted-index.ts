/** The value a record is ordered by; `null` sorts after every string (ascending). */
export type SortValue = string | null;

/** Orders two keys `(value, id)`: by value, `null` last, then by id. */
export function compareKeys(av: SortValue, aid: string, bv: SortValue, bid: string): number {
  if (av !== bv) {
    if (av === null) return 1;
    if (bv === null) return -1;
    return av < bv ? -1 : 1;
  }
  return aid < bid ? -1 : aid > bid ? 1 : 0;
}

/** A position in an ordering: the key of the last row a page returned. */
export interface KeysetPosition {
  value: SortValue;
  id: string;
}

/**
 * Records kept sorted by `(value, id)` for keyset pagination: finding a page start is a binary
 * search, so a page costs O(log n + rows read).
 *
 * An index with a `source` is built lazily on first read and rebuilt after `invalidate()`
 * (bulk seed and restore), so loading n records costs one sort instead of n splices.
 */
export class SortedIndex<R extends { readonly id: string }> {
  private items: R[] = [];
  private built: boolean;

  constructor(
    readonly value: (record: R) => SortValue,
    private readonly source: (() => Iterable<R>) | null = null,
  ) {
    this.built = source === null;
  }

  get size(): number {
    this.ensure();
    return this.items.length;
  }

  invalidate(): void {
    if (this.source === null) return;
    this.built = false;
    this.items = [];
  }

  add(record: R): void {
    if (!this.built) return;
    const value = this.value(record);
    const last = this.items[this.items.length - 1];
    // Records mostly arrive in order (created_at grows), so appending is the common case.
    if (last === undefined || compareKeys(this.value(last), last.id, value, record.id) < 0) {
      this.items.push(record);
      return;
    }
    this.items.splice(this.lowerBound(value, record.id), 0, record);
  }

  delete(record: R): void {
    if (!this.built) return;
    const i = this.lowerBound(this.value(record), record.id);
    if (this.items[i]?.id === record.id) this.items.splice(i, 1);
  }

  /** Swaps a record for its new version, moving it only when its sort value changed. */
  replace(previous: R, next: R): void {
    if (!this.built) return;
    if (this.value(previous) === this.value(next)) {
      const i = this.lowerBound(this.value(previous), previous.id);
      if (this.items[i]?.id === previous.id) this.items[i] = next;
      return;
    }
    this.delete(previous);
    this.add(next);
  }

  /** Records strictly after `from` in the given direction, in order. */
  *scan(descending: boolean, from?: KeysetPosition): Generator<R, void, undefined> {
    this.ensure();
    const items = this.items;
    if (descending) {
      let i = from ? this.lowerBound(from.value, from.id) - 1 : items.length - 1;
      for (; i >= 0; i--) yield items[i] as R;
    } else {
      let i = 0;
      if (from) {
        i = this.lowerBound(from.value, from.id);
        if (items[i]?.id === from.id) i++;
      }
      for (; i < items.length; i++) yield items[i] as R;
    }
  }

  /** Builds the index now if it is stale (it is otherwise built on first read). */
  ensure(): void {
    if (this.built || this.source === null) return;
    const value = this.value;
    this.items = Array.from(this.source());
    this.items.sort((a, b) => compareKeys(value(a), a.id, value(b), b.id));
    this.built = true;
  }

  private lowerBound(value: SortValue, id: string): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const item = this.items[mid] as R;
      if (compareKeys(this.value(item), item.id, value, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * Records grouped by the value of one field (stage, owner_id, …), each group sorted by
 * `created_at`: an equality filter on the default sort reads only its group.
 */
export class BucketIndex<R extends { readonly id: string; readonly created_at: string }> {
  private buckets: Map<string, SortedIndex<R>> | null = null;

  constructor(
    private readonly key: (record: R) => string | null,
    private readonly source: () => Iterable<R>,
  ) {}

  invalidate(): void {
    this.buckets = null;
  }

  get(key: string): SortedIndex<R> | undefined {
    return this.ensure().get(key);
  }

  add(record: R): void {
    if (this.buckets) this.insert(this.buckets, record);
  }

  delete(record: R): void {
    if (!this.buckets) return;
    const key = this.key(record);
    if (key !== null) this.buckets.get(key)?.delete(record);
  }

  replace(previous: R, next: R): void {
    if (!this.buckets) return;
    const before = this.key(previous);
    if (before === this.key(next)) {
      if (before !== null) this.buckets.get(before)?.replace(previous, next);
      return;
    }
    this.delete(previous);
    this.add(next);
  }

  private insert(buckets: Map<string, SortedIndex<R>>, record: R): void {
    const key = this.key(record);
    if (key === null) return;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = new SortedIndex<R>(createdAt);
      buckets.set(key, bucket);
    }
    bucket.add(record);
  }

  /** Builds the groups now if they are stale (they are otherwise built on first read). */
  ensure(): Map<string, SortedIndex<R>> {
    if (this.buckets) return this.buckets;
    const records = Array.from(this.source());
    records.sort((a, b) => compareKeys(a.created_at, a.id, b.created_at, b.id));
    const buckets = new Map<string, SortedIndex<R>>();
    for (const record of records) this.insert(buckets, record);
    this.buckets = buckets;
    return buckets;
  }
}

const createdAt = (record: { readonly created_at: string }): SortValue => record.created_at;
