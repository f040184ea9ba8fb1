import type BTree from 'sorted-btree';
// sorted-btree is CommonJS with `exports.default`; Node's ESM loader hands that whole object to a
// default import. The named `bulkLoad` export is seen the same way by every loader and bundler,
// and an empty bulk load is how an empty tree is made here.
import { bulkLoad } from 'sorted-btree/extended/bulkLoad.js';

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

/** A position looked up in a tree of records (no record need hold it any more). */
class Seek {
  constructor(
    readonly value: SortValue,
    readonly id: string,
  ) {}
}

/**
 * Node size of the trees: 64 keys per node keeps a tree of 1,000,000 records four levels deep,
 * with little per-node overhead, while an insert still only shifts ≤ 64 slots.
 */
const NODE_SIZE = 64;

/**
 * Records kept sorted by `(value, id)` for keyset pagination, in a B+ tree (`sorted-btree`):
 * add, delete, replace and finding a page start are O(log n), and a page reads O(rows) after
 * that. The tree holds the records themselves as keys (no values), so an entry costs one slot.
 *
 * The index is always live: every write updates it. {@link SortedIndex.load} replaces the whole
 * content at once (restore) from a sort and an O(n) bulk load.
 */
export class SortedIndex<R extends { readonly id: string }> {
  private tree: BTree<R | Seek, undefined>;
  private readonly compare: (a: R | Seek, b: R | Seek) => number;

  constructor(readonly value: (record: R) => SortValue) {
    const keyValue = (key: R | Seek): SortValue => (key instanceof Seek ? key.value : value(key));
    this.compare = (a, b) => compareKeys(keyValue(a), a.id, keyValue(b), b.id);
    this.tree = bulkLoad<R | Seek, undefined>([], [], NODE_SIZE, this.compare);
  }

  get size(): number {
    return this.tree.size;
  }

  add(record: R): void {
    this.tree.set(record, undefined);
  }

  delete(record: R): void {
    this.tree.delete(new Seek(this.value(record), record.id));
  }

  /** Swaps a record for its new version, moving it only when its sort value changed. */
  replace(previous: R, next: R): void {
    // Overwriting an equal key stores the new key object: the record is swapped in place. A
    // branch node may keep the previous version as its separator (same value and id, so the
    // order is right) until a later write under it; that holds at most one version per leaf.
    if (this.value(previous) !== this.value(next)) this.delete(previous);
    this.tree.set(next, undefined);
  }

  /** Replaces the content with `records`, which must be sorted by {@link compareKeys} already. */
  loadSorted(records: R[]): void {
    this.tree = bulkLoad<R | Seek, undefined>(
      records,
      new Array<undefined>(records.length),
      NODE_SIZE,
      this.compare,
    );
  }

  /** Replaces the content with `records` in any order: O(n log n) for the sort, O(n) to load. */
  load(records: Iterable<R>): void {
    const sorted = Array.from(records);
    sorted.sort(this.compare);
    this.loadSorted(sorted);
  }

  /** Records strictly after `from` in the given direction, in order. */
  *scan(descending: boolean, from?: KeysetPosition): Generator<R, void, undefined> {
    const start = from === undefined ? undefined : new Seek(from.value, from.id);
    if (descending) {
      // Strictly before `from`: the tree skips the key itself when it is present.
      for (const [key] of this.tree.entriesReversed(start, [], true)) yield key as R;
      return;
    }
    // `entries` starts at `from` itself when a record still holds that key.
    for (const [key] of this.tree.entries(start, [])) {
      if (start !== undefined && this.compare(key, start) === 0) continue;
      yield key as R;
    }
  }
}

/**
 * Records grouped by the value of one field (stage, owner_id, …), each group sorted by
 * `created_at`: an equality filter on the default sort reads only its group. A group that
 * empties is dropped.
 */
export class BucketIndex<R extends { readonly id: string; readonly created_at: string }> {
  private buckets = new Map<string, SortedIndex<R>>();

  constructor(private readonly key: (record: R) => string | null) {}

  get(key: string): SortedIndex<R> | undefined {
    return this.buckets.get(key);
  }

  add(record: R): void {
    const key = this.key(record);
    if (key === null) return;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new SortedIndex<R>(createdAt);
      this.buckets.set(key, bucket);
    }
    bucket.add(record);
  }

  delete(record: R): void {
    const key = this.key(record);
    if (key === null) return;
    const bucket = this.buckets.get(key);
    if (!bucket) return;
    bucket.delete(record);
    if (bucket.size === 0) this.buckets.delete(key);
  }

  replace(previous: R, next: R): void {
    const before = this.key(previous);
    if (before === this.key(next)) {
      if (before !== null) this.buckets.get(before)?.replace(previous, next);
      return;
    }
    this.delete(previous);
    this.add(next);
  }

  /** Replaces the content with `records` in any order: one sort, then one bulk load per group. */
  load(records: Iterable<R>): void {
    const sorted = Array.from(records);
    sorted.sort((a, b) => compareKeys(a.created_at, a.id, b.created_at, b.id));
    const groups = new Map<string, R[]>();
    for (const record of sorted) {
      const key = this.key(record);
      if (key === null) continue;
      const group = groups.get(key);
      if (group) group.push(record);
      else groups.set(key, [record]);
    }
    this.buckets = new Map();
    for (const [key, group] of groups) {
      const bucket = new SortedIndex<R>(createdAt);
      bucket.loadSorted(group);
      this.buckets.set(key, bucket);
    }
  }
}

const createdAt = (record: { readonly created_at: string }): SortValue => record.created_at;
