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

/** The most indexes (sorts and buckets) one table may keep: a {@link Slot} holds its place in each. */
export const MAX_INDEXES = 10;

/**
 * Where a stored record lives: one per record, shared by every index of its table. It holds the
 * record's current version; inline, the key each index orders it by (position `p` of the
 * table's sort fields in `k<p>`); and, for index `i` of the table, the block that holds it in
 * `b<i>`. So a comparison reads the slot and one string, a delete goes straight to its block
 * (no search, no comparison), and an update that leaves a key alone does not touch that index.
 * A key changes only while its slot is out of every index that orders by it.
 */
export class Slot<R> {
  record: R;
  readonly id: string;
  k0: SortValue;
  k1: SortValue;
  k2: SortValue;
  k3: SortValue;
  k4: SortValue;
  b0: Block<R> | undefined;
  b1: Block<R> | undefined;
  b2: Block<R> | undefined;
  b3: Block<R> | undefined;
  b4: Block<R> | undefined;
  b5: Block<R> | undefined;
  b6: Block<R> | undefined;
  b7: Block<R> | undefined;
  b8: Block<R> | undefined;
  b9: Block<R> | undefined;

  constructor(record: R, id: string) {
    this.record = record;
    this.id = id;
    this.k0 = null;
    this.k1 = null;
    this.k2 = null;
    this.k3 = null;
    this.k4 = null;
    this.b0 = undefined;
    this.b1 = undefined;
    this.b2 = undefined;
    this.b3 = undefined;
    this.b4 = undefined;
    this.b5 = undefined;
    this.b6 = undefined;
    this.b7 = undefined;
    this.b8 = undefined;
    this.b9 = undefined;
  }
}

/** A run of slots in index order: a part of one {@link SortedIndex}. */
type Block<R> = Slot<R>[];

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

// One comparison per key position, each reading one field, so every index's comparisons stay
// monomorphic (a single function reading `keyAt(slot, p)` would branch on every comparison).
const COMPARE: readonly ((a: AnySlot, b: AnySlot) => number)[] = [
  (a, b) => compareKeys(a.k0, a.id, b.k0, b.id),
  (a, b) => compareKeys(a.k1, a.id, b.k1, b.id),
  (a, b) => compareKeys(a.k2, a.id, b.k2, b.id),
  (a, b) => compareKeys(a.k3, a.id, b.k3, b.id),
  (a, b) => compareKeys(a.k4, a.id, b.k4, b.id),
];

/** Reads and writes the block field of one index, monomorphic like {@link COMPARE}. */
interface Place<R> {
  get(slot: Slot<R>): Block<R> | undefined;
  set(slot: Slot<R>, block: Block<R> | undefined): void;
}
const PLACES: readonly Place<unknown>[] = [
  {
    get: (s) => s.b0,
    set: (s, b) => {
      s.b0 = b;
    },
  },
  {
    get: (s) => s.b1,
    set: (s, b) => {
      s.b1 = b;
    },
  },
  {
    get: (s) => s.b2,
    set: (s, b) => {
      s.b2 = b;
    },
  },
  {
    get: (s) => s.b3,
    set: (s, b) => {
      s.b3 = b;
    },
  },
  {
    get: (s) => s.b4,
    set: (s, b) => {
      s.b4 = b;
    },
  },
  {
    get: (s) => s.b5,
    set: (s, b) => {
      s.b5 = b;
    },
  },
  {
    get: (s) => s.b6,
    set: (s, b) => {
      s.b6 = b;
    },
  },
  {
    get: (s) => s.b7,
    set: (s, b) => {
      s.b7 = b;
    },
  },
  {
    get: (s) => s.b8,
    set: (s, b) => {
      s.b8 = b;
    },
  },
  {
    get: (s) => s.b9,
    set: (s, b) => {
      s.b9 = b;
    },
  },
];

/**
 * Slots per block when an index is loaded from a sorted list; a block splits in two above twice
 * this and merges into a neighbour below a quarter of it. At 1,000,000 records that is about
 * 4,000 blocks: finding a block is ~12 comparisons, and an insert or delete shifts ≤ 512 slots
 * of one block (one short memmove).
 */
export const BLOCK_LOAD = 256;

/**
 * Records kept sorted by `(value, id)` for keyset pagination: a sorted list of sorted blocks
 * (the layout of Python's `sortedcontainers.SortedList`), each slot knowing its block. Adding
 * and finding a page start are O(log n) comparisons plus one block shift; deleting compares
 * nothing: the slot names its block, found by identity in it; a page reads O(rows) after that.
 * The index holds the records' {@link Slot}s, ordered by key `position` of each slot, which this
 * index sets from `value(record)`, and keeps each slot's block in its field `b<place>` (one
 * place per index of a table).
 *
 * The index is always live: every write updates it. {@link SortedIndex.load} replaces the whole
 * content at once (restore) from a sort and an O(n) load.
 */
export class SortedIndex<R extends { readonly id: string }> {
  private readonly compare: (a: Slot<R>, b: Slot<R>) => number;
  private readonly place: Place<R>;
  /** The blocks in order, none empty. */
  private blocks: Block<R>[] = [];
  /** The last slot of each block, by block: where a search for a block looks. */
  private lasts: Slot<R>[] = [];
  private count = 0;

  constructor(
    readonly value: (record: R) => SortValue,
    private readonly position = 0,
    place = position,
    private readonly blockLoad = BLOCK_LOAD,
  ) {
    const compare = COMPARE[position];
    if (compare === undefined)
      throw new Error(`A slot holds ${MAX_SORT_KEYS} sort keys, not ${position + 1}`);
    const held = PLACES[place];
    if (held === undefined) throw new Error(`A slot has places in ${MAX_INDEXES} indexes, not ${place + 1}`);
    if (!(blockLoad >= 2)) throw new Error(`A block holds at least 2 slots, not ${blockLoad}`);
    this.compare = compare;
    this.place = held as unknown as Place<R>;
  }

  get size(): number {
    return this.count;
  }

  /** The first index of `list` whose slot orders after `probe` (or equal to it, with `orEqual`). */
  private search(list: readonly Slot<R>[], probe: Slot<R>, orEqual: boolean): number {
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const order = this.compare(list[mid]!, probe);
      if (order > 0 || (orEqual && order === 0)) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /** Adds the record in `slot`, keyed by its current value. */
  add(slot: Slot<R>): void {
    if (this.place.get(slot) !== undefined) throw new Error(`Slot ${slot.id} is in this index already`);
    setKeyAt(slot, this.position, this.value(slot.record));
    this.count++;
    const { blocks, lasts } = this;
    if (blocks.length === 0) {
      const block = [slot];
      blocks.push(block);
      lasts.push(slot);
      this.place.set(slot, block);
      return;
    }
    // The first block whose last slot orders after this one; past every block, the last.
    const b = Math.min(this.search(lasts, slot, false), blocks.length - 1);
    const block = blocks[b]!;
    const at = this.search(block, slot, false);
    block.splice(at, 0, slot);
    if (at === block.length - 1) lasts[b] = slot;
    this.place.set(slot, block);
    if (block.length > 2 * this.blockLoad) this.split(b);
  }

  /** Removes `slot`; a slot this index does not hold is left alone. */
  delete(slot: Slot<R>): void {
    const block = this.place.get(slot);
    if (block === undefined) return;
    const at = block.indexOf(slot);
    if (at < 0) throw new Error(`Slot ${slot.id} is not in the block it names`);
    block.splice(at, 1);
    this.place.set(slot, undefined);
    this.count--;
    // Only a block that lost its last slot, or fell below a quarter, needs its neighbours.
    if (at === block.length || block.length < this.blockLoad >> 2) this.settle(block);
  }

  /** Moves `slot` when its record (already swapped in) has another value than it was added with. */
  update(slot: Slot<R>): void {
    if (this.value(slot.record) === keyAt(slot, this.position)) return;
    this.delete(slot);
    this.add(slot);
  }

  /**
   * Splits block `b` in two new halves. Copies, not a splice: a block keeps the spare capacity
   * it grew, and the first half of a block filled at its end (the `created_at` order) would
   * keep room for 500 slots it never gets again.
   */
  private split(b: number): void {
    const block = this.blocks[b]!;
    const half = block.length >> 1;
    const [head, tail] = [block.slice(0, half), block.slice(half)];
    for (const slot of head) this.place.set(slot, head);
    for (const slot of tail) this.place.set(slot, tail);
    this.blocks.splice(b, 1, head, tail);
    this.lasts[b] = head[head.length - 1]!;
    this.lasts.splice(b + 1, 0, tail[tail.length - 1]!);
  }

  /**
   * After a delete from `block`: drops it when empty, records its new last slot, and moves the
   * slots of a block below a quarter into its neighbour (splitting that when it grows too big).
   */
  private settle(block: Block<R>): void {
    const { blocks, lasts } = this;
    const b = blocks.indexOf(block);
    if (block.length === 0) {
      blocks.splice(b, 1);
      lasts.splice(b, 1);
      return;
    }
    lasts[b] = block[block.length - 1]!;
    if (block.length >= this.blockLoad >> 2 || blocks.length === 1) return;
    // The next block takes the slots at its front; the last block's go to the end of the one before.
    const into = b + 1 < blocks.length ? b + 1 : b - 1;
    const neighbour = blocks[into]!;
    for (const slot of block) this.place.set(slot, neighbour);
    if (into > b) neighbour.unshift(...block);
    else {
      neighbour.push(...block);
      lasts[into] = lasts[b]!;
    }
    blocks.splice(b, 1);
    lasts.splice(b, 1);
    const at = Math.min(into, b);
    if (neighbour.length > 2 * this.blockLoad) this.split(at);
  }

  /** Replaces the content with `slots`, whose records must be sorted by {@link compareKeys} already. */
  loadSorted(slots: Slot<R>[]): void {
    for (const slot of slots) setKeyAt(slot, this.position, this.value(slot.record));
    for (let i = 1; i < slots.length; i++) {
      if (this.compare(slots[i - 1]!, slots[i]!) >= 0) {
        throw new Error(`loadSorted needs slots sorted by (value, id): ${slots[i]!.id} is out of order`);
      }
    }
    this.fill(slots);
  }

  /** Replaces the content with `slots` in any order: O(n log n) for the sort, O(n) to load. */
  load(slots: Iterable<Slot<R>>): void {
    const sorted = Array.from(slots);
    for (const slot of sorted) setKeyAt(slot, this.position, this.value(slot.record));
    sorted.sort(this.compare);
    this.fill(sorted);
  }

  private fill(sorted: readonly Slot<R>[]): void {
    this.blocks = [];
    this.lasts = [];
    for (let i = 0; i < sorted.length; i += this.blockLoad) {
      const block = sorted.slice(i, i + this.blockLoad);
      for (const slot of block) this.place.set(slot, block);
      this.blocks.push(block);
      this.lasts.push(block[block.length - 1]!);
    }
    this.count = sorted.length;
  }

  /** Records strictly after `from` in the given direction, in order. */
  *scan(descending: boolean, from?: KeysetPosition): Generator<R, void, undefined> {
    const { blocks } = this;
    if (blocks.length === 0) return;
    let probe: Slot<R> | undefined;
    if (from !== undefined) {
      // A probe: a key and no record; the index only compares it, and a scan never yields it.
      probe = new Slot<R>(undefined as unknown as R, from.id);
      setKeyAt(probe, this.position, from.value);
    }
    if (descending) {
      // Start at the last slot before `probe`: in the first block whose last slot is not
      // before it, just before the first such slot; past every block, at the very end.
      let b = probe === undefined ? blocks.length : this.search(this.lasts, probe, true);
      let i: number;
      if (b === blocks.length) {
        b--;
        i = blocks[b]!.length - 1;
      } else i = this.search(blocks[b]!, probe!, true) - 1; // -1: start in the block before
      for (; b >= 0; b--, i = b >= 0 ? blocks[b]!.length - 1 : 0) {
        const block = blocks[b]!;
        for (; i >= 0; i--) yield block[i]!.record;
      }
      return;
    }
    let b = probe === undefined ? 0 : this.search(this.lasts, probe, false);
    let i = probe === undefined || b === blocks.length ? 0 : this.search(blocks[b]!, probe, false);
    for (; b < blocks.length; b++, i = 0) {
      const block = blocks[b]!;
      for (; i < block.length; i++) yield block[i]!.record;
    }
  }
}

/**
 * Records grouped by the value of one field (stage, owner_id, …), each group sorted by
 * `created_at` (key `position` of the slots, shared with the table's `created_at` sort, so
 * `created_at` must not change while a record is stored). A slot is in one group at most, so
 * every group keeps its block in the same `place`. An equality filter on the default
 * sort reads only its group. A group that empties is dropped.
 */
export class BucketIndex<R extends { readonly id: string; readonly created_at: string }> {
  private buckets = new Map<string, SortedIndex<R>>();

  constructor(
    private readonly key: (record: R) => string | null,
    private readonly position = 0,
    private readonly place = position,
  ) {}

  get(key: string): SortedIndex<R> | undefined {
    return this.buckets.get(key);
  }

  private group(key: string): SortedIndex<R> {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new SortedIndex<R>(createdAt, this.position, this.place);
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

  /** Replaces the content with `slots` in any order: one sort, then one sorted load per group. */
  load(slots: Iterable<Slot<R>>): void {
    const sorted = Array.from(slots);
    sorted.sort((a, b) => compareKeys(a.record.created_at, a.id, b.record.created_at, b.id));
    const groups = new Map<string, Slot<R>[]>();
    for (const slot of sorted) {
      const key = this.key(slot.record);
      if (key === null) {
        PLACES[this.place]?.set(slot, undefined);
        continue;
      }
      const group = groups.get(key);
      if (group) group.push(slot);
      else groups.set(key, [slot]);
    }
    this.buckets = new Map();
    for (const [key, group] of groups) this.group(key).loadSorted(group);
  }
}

const createdAt = (record: { readonly created_at: string }): SortValue => record.created_at;
