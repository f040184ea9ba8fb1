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

/** The most sort fields a resource may declare: a {@link Slot} holds one key for each. */
export const MAX_SORT_KEYS = 5;

/**
 * Where a stored record lives: one per record, shared by every index of its table. It holds the
 * record's current version and, inline, the key each tree orders it by (position `p` of the
 * table's sort fields in `k<p>`), so a comparison reads the slot and one string, a tree finds a
 * slot it holds by the slot itself, and an update that leaves a key alone does not touch that
 * tree. A key changes only while its slot is out of every tree that orders by it.
 */
export class Slot<R> {
  record: R;
  readonly id: string;
  k0: SortValue;
  k1: SortValue;
  k2: SortValue;
  k3: SortValue;
  k4: SortValue;

  constructor(record: R, id: string) {
    this.record = record;
    this.id = id;
    this.k0 = null;
    this.k1 = null;
    this.k2 = null;
    this.k3 = null;
    this.k4 = null;
  }
}

type AnySlot = Slot<unknown>;

/** Reads key `p` of a slot. */
function keyAt(slot: AnySlot, p: number): SortValue {
  switch (p) {
    case 0:
      return slot.k0;
    case 1:
      return slot.k1;
    case 2:
      return slot.k2;
    case 3:
      return slot.k3;
    default:
      return slot.k4;
  }
}

function setKeyAt(slot: AnySlot, p: number, value: SortValue): void {
  switch (p) {
    case 0:
      slot.k0 = value;
      break;
    case 1:
      slot.k1 = value;
      break;
    case 2:
      slot.k2 = value;
      break;
    case 3:
      slot.k3 = value;
      break;
    default:
      slot.k4 = value;
  }
}

// One comparison per key position, each reading one field, so every tree's comparisons stay
// monomorphic (a single function reading `keyAt(slot, p)` would branch on every comparison).
const COMPARE: readonly ((a: AnySlot, b: AnySlot) => number)[] = [
  (a, b) => compareKeys(a.k0, a.id, b.k0, b.id),
  (a, b) => compareKeys(a.k1, a.id, b.k1, b.id),
  (a, b) => compareKeys(a.k2, a.id, b.k2, b.id),
  (a, b) => compareKeys(a.k3, a.id, b.k3, b.id),
  (a, b) => compareKeys(a.k4, a.id, b.k4, b.id),
];

/**
 * Node size of the trees: 64 keys per node keeps a tree of 1,000,000 records four levels deep,
 * with little per-node overhead, while an insert still only shifts ≤ 64 slots.
 */
const NODE_SIZE = 64;

/**
 * Records kept sorted by `(value, id)` for keyset pagination, in a B+ tree (`sorted-btree`):
 * add, delete, update and finding a page start are O(log n), and a page reads O(rows) after
 * that. The tree holds the records' {@link Slot}s as keys (no values), ordered by key `position`
 * of each slot, which this index sets from `value(record)`.
 *
 * The index is always live: every write updates it. {@link SortedIndex.load} replaces the whole
 * content at once (restore) from a sort and an O(n) bulk load.
 */
export class SortedIndex<R extends { readonly id: string }> {
  private readonly compare: (a: AnySlot, b: AnySlot) => number;
  private tree: ReturnType<typeof bulkLoad<Slot<R>, undefined>>;

  constructor(
    readonly value: (record: R) => SortValue,
    private readonly position = 0,
  ) {
    const compare = COMPARE[position];
    if (compare === undefined)
      throw new Error(`A slot holds ${MAX_SORT_KEYS} sort keys, not ${position + 1}`);
    this.compare = compare;
    this.tree = this.bulk([]);
  }

  private bulk(slots: Slot<R>[]) {
    return bulkLoad<Slot<R>, undefined>(slots, new Array<undefined>(slots.length), NODE_SIZE, this.compare);
  }

  get size(): number {
    return this.tree.size;
  }

  /** Adds the record in `slot`, keyed by its current value. */
  add(slot: Slot<R>): void {
    setKeyAt(slot, this.position, this.value(slot.record));
    this.tree.set(slot, undefined);
  }

  /** Removes `slot` (found by the key it was added with). */
  delete(slot: Slot<R>): void {
    this.tree.delete(slot);
  }

  /** Moves `slot` when its record (already swapped in) has another value than it was added with. */
  update(slot: Slot<R>): void {
    if (this.value(slot.record) === keyAt(slot, this.position)) return;
    this.delete(slot);
    this.add(slot);
  }

  /** Replaces the content with `slots`, whose records must be sorted by {@link compareKeys} already. */
  loadSorted(slots: Slot<R>[]): void {
    for (const slot of slots) setKeyAt(slot, this.position, this.value(slot.record));
    this.tree = this.bulk(slots);
  }

  /** Replaces the content with `slots` in any order: O(n log n) for the sort, O(n) to load. */
  load(slots: Iterable<Slot<R>>): void {
    const sorted = Array.from(slots);
    for (const slot of sorted) setKeyAt(slot, this.position, this.value(slot.record));
    sorted.sort(this.compare);
    this.tree = this.bulk(sorted);
  }

  /** Records strictly after `from` in the given direction, in order. */
  *scan(descending: boolean, from?: KeysetPosition): Generator<R, void, undefined> {
    let start: Slot<R> | undefined;
    if (from !== undefined) {
      // A probe: a key and no record; the tree only compares it, and a scan never yields it.
      start = new Slot<R>(undefined as unknown as R, from.id);
      setKeyAt(start, this.position, from.value);
    }
    if (descending) {
      // Strictly before `from`: the tree skips the key itself when it is present.
      for (const [slot] of this.tree.entriesReversed(start, [], true)) yield slot.record;
      return;
    }
    // `entries` starts at `from` itself when a record still holds that key.
    for (const [slot] of this.tree.entries(start, [])) {
      if (start !== undefined && this.compare(slot, start) === 0) continue;
      yield slot.record;
    }
  }
}

/**
 * Records grouped by the value of one field (stage, owner_id, …), each group sorted by
 * `created_at` (key `position` of the slots, shared with the table's `created_at` sort, so
 * `created_at` must not change while a record is stored). An equality filter on the default
 * sort reads only its group. A group that empties is dropped.
 */
export class BucketIndex<R extends { readonly id: string; readonly created_at: string }> {
  private buckets = new Map<string, SortedIndex<R>>();

  constructor(
    private readonly key: (record: R) => string | null,
    private readonly position = 0,
  ) {}

  get(key: string): SortedIndex<R> | undefined {
    return this.buckets.get(key);
  }

  private group(key: string): SortedIndex<R> {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new SortedIndex<R>(createdAt, this.position);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  add(slot: Slot<R>): void {
    const key = this.key(slot.record);
    if (key !== null) this.group(key).add(slot);
  }

  /** Removes `slot`, whose record is still the version it was filed under. */
  delete(slot: Slot<R>): void {
    this.deleteAs(slot.record, slot);
  }

  private deleteAs(record: R, slot: Slot<R>): void {
    const key = this.key(record);
    if (key === null) return;
    const bucket = this.buckets.get(key);
    if (!bucket) return;
    bucket.delete(slot);
    if (bucket.size === 0) this.buckets.delete(key);
  }

  /** Moves `slot` to another group when its record (already swapped in) left `previous`'s. */
  update(previous: R, slot: Slot<R>): void {
    if (this.key(previous) === this.key(slot.record)) return;
    this.deleteAs(previous, slot);
    this.add(slot);
  }

  /** Replaces the content with `slots` in any order: one sort, then one bulk load per group. */
  load(slots: Iterable<Slot<R>>): void {
    const sorted = Array.from(slots);
    sorted.sort((a, b) => compareKeys(a.record.created_at, a.id, b.record.created_at, b.id));
    const groups = new Map<string, Slot<R>[]>();
    for (const slot of sorted) {
      const key = this.key(slot.record);
      if (key === null) continue;
      const group = groups.get(key);
      if (group) group.push(slot);
      else groups.set(key, [slot]);
    }
    this.buckets = new Map();
    for (const [key, group] of groups) {
      const bucket = new SortedIndex<R>(createdAt, this.position);
      bucket.loadSorted(group);
      this.buckets.set(key, bucket);
    }
  }
}

const createdAt = (record: { readonly created_at: string }): SortValue => record.created_at;
