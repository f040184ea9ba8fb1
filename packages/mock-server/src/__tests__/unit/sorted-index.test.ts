import { describe, expect, it } from 'vitest';
import { createRandom, unit } from '../../engine/random.js';
import {
  BLOCK_LOAD,
  BucketIndex,
  compareKeys,
  Slot,
  SortedIndex,
  type SortValue,
} from '../../engine/sorted-index.js';
import { Table } from '../../engine/table.js';

type R = { id: string; created_at: string; name: string | null };
const row = (id: string, name: string | null, created_at = `2026-01-0${id}T00:00:00.000Z`): R => ({
  id,
  created_at,
  name,
});
const ids = (rows: Iterable<R>) => [...rows].map((r) => r.id);
const slots = (rows: Iterable<R>) => Array.from(rows, (r) => new Slot(r, r.id));

/** The slot of each record an index was given, by id, as a table keeps them. */
const held = new WeakMap<object, Map<string, Slot<R>>>();
function add(index: SortedIndex<R> | BucketIndex<R>, r: R): void {
  const slot = new Slot(r, r.id);
  const byId = held.get(index) ?? new Map<string, Slot<R>>();
  held.set(index, byId);
  byId.set(r.id, slot);
  index.add(slot);
}
function heldSlot(index: object, id: string): Slot<R> {
  const slot = held.get(index)?.get(id);
  if (!slot) throw new Error(`the test never added ${id}`);
  return slot;
}
/** Swaps in `next` in the slot of its id, then lets the index follow, as a table does. */
function replace(index: SortedIndex<R> | BucketIndex<R>, next: R): void {
  const slot = heldSlot(index, next.id);
  const previous = slot.record;
  slot.record = next;
  if (index instanceof BucketIndex) index.update(previous, slot);
  else index.update(slot);
}
/** Bulk loads `rows` through slots the test keeps, as a table's restore does. */
function load(index: SortedIndex<R> | BucketIndex<R>, rows: readonly R[]): void {
  const loaded = slots(rows);
  held.set(index, new Map(loaded.map((slot) => [slot.id, slot])));
  index.load(loaded);
}
function remove(index: SortedIndex<R> | BucketIndex<R>, id: string): void {
  index.delete(heldSlot(index, id));
  held.get(index)?.delete(id);
}
const byName = (r: R): SortValue => r.name;

/** A seek from every row finds its neighbours in `oracle`, across every block boundary. */
function expectSeeks(index: SortedIndex<R>, oracle: readonly R[]): void {
  oracle.forEach((r, i) => {
    const at = { value: r.name, id: r.id };
    expect(index.scan(false, at).next().value).toBe(oracle[i + 1]);
    expect(index.scan(true, at).next().value).toBe(oracle[i - 1]);
  });
}

/** The oracle: a plain array sorted by `(name, id)` with `null` last. */
const sortedOracle = (rows: Iterable<R>): R[] =>
  [...rows].sort((a, b) => compareKeys(a.name, a.id, b.name, b.id));

describe('compareKeys', () => {
  it('orders by value with null last, then by id', () => {
    expect(compareKeys('a', '2', 'b', '1')).toBeLessThan(0);
    expect(compareKeys(null, '1', 'z', '2')).toBeGreaterThan(0);
    expect(compareKeys('z', '2', null, '1')).toBeLessThan(0);
    expect(compareKeys(null, '1', null, '2')).toBeLessThan(0);
    expect(compareKeys('a', '1', 'a', '2')).toBeLessThan(0);
    expect(compareKeys('a', '1', 'a', '1')).toBe(0);
  });
});

describe('SortedIndex', () => {
  it('keeps records sorted through add, delete and replace, and scans after a position', () => {
    const index = new SortedIndex<R>(byName);
    for (const r of [row('3', 'c'), row('1', 'a'), row('2', null), row('4', 'b')]) add(index, r);
    expect(ids(index.scan(false))).toEqual(['1', '4', '3', '2']);
    expect(ids(index.scan(true))).toEqual(['2', '3', '4', '1']);
    expect(ids(index.scan(false, { value: 'b', id: '4' }))).toEqual(['3', '2']);
    expect(ids(index.scan(true, { value: 'b', id: '4' }))).toEqual(['1']);
    replace(index, row('1', 'z'));
    remove(index, '3');
    expect(ids(index.scan(false))).toEqual(['4', '1', '2']);
    expect(index.size).toBe(3);
  });

  it('reads the new version through the slot when a record changes but its sort value does not', () => {
    const index = new SortedIndex<R>(byName);
    const before = row('1', 'a');
    const after = { ...before, created_at: 'later' };
    add(index, before);
    add(index, row('2', 'b'));
    replace(index, after);
    const [first] = index.scan(false);
    expect(first).toBe(after);
    expect(index.size).toBe(2);
  });

  it('seeks from a position no record holds any more, in both directions', () => {
    const index = new SortedIndex<R>(byName);
    for (const r of [row('1', 'a'), row('2', 'c'), row('3', 'e'), row('4', null)]) add(index, r);
    // The row ('b', '9') was deleted after the page that named it was read.
    expect(ids(index.scan(false, { value: 'b', id: '9' }))).toEqual(['2', '3', '4']);
    expect(ids(index.scan(true, { value: 'b', id: '9' }))).toEqual(['1']);
    // Past either end.
    expect(ids(index.scan(false, { value: null, id: '9' }))).toEqual([]);
    expect(ids(index.scan(true, { value: null, id: '9' }))).toEqual(['4', '3', '2', '1']);
    expect(ids(index.scan(true, { value: '', id: '' }))).toEqual([]);
    expect(ids(index.scan(false, { value: '', id: '' }))).toEqual(['1', '2', '3', '4']);
  });

  it('orders equal values and nulls by id, and seeks between them', () => {
    const index = new SortedIndex<R>(byName);
    for (const id of ['5', '3', '1', '4', '2']) add(index, row(id, id < '3' ? 'same' : null));
    expect(ids(index.scan(false))).toEqual(['1', '2', '3', '4', '5']);
    expect(ids(index.scan(false, { value: 'same', id: '1' }))).toEqual(['2', '3', '4', '5']);
    expect(ids(index.scan(false, { value: null, id: '3' }))).toEqual(['4', '5']);
    expect(ids(index.scan(true, { value: null, id: '4' }))).toEqual(['3', '2', '1']);
    expect(ids(index.scan(true, { value: 'same', id: '2' }))).toEqual(['1']);
  });

  it('ignores the delete of a record it does not hold', () => {
    const index = new SortedIndex<R>(byName);
    add(index, row('1', 'a'));
    index.delete(new Slot(row('2', 'a'), '2'));
    index.delete(new Slot(row('1', 'b'), '1')); // same id, but not the slot it holds
    expect(ids(index.scan(false))).toEqual(['1']);
    expect(index.size).toBe(1);
  });

  it('bulk loads from records in any order, and stays live after the load', () => {
    const index = new SortedIndex<R>(byName);
    add(index, row('9', 'gone'));
    const rows = Array.from({ length: 1000 }, (_, i) =>
      row(String(i).padStart(4, '0'), i % 7 ? `n${i % 13}` : null),
    );
    const shuffled = [...rows].reverse();
    load(index, shuffled);
    expect(shuffled[0]?.id).toBe('0999'); // the caller's array is left as it was
    expect(index.size).toBe(1000);
    expect(ids(index.scan(false))).toEqual(ids(sortedOracle(rows)));
    add(index, row('x', 'n5'));
    remove(index, (rows[14] as R).id);
    const expected = sortedOracle([...rows.filter((r) => r !== rows[14]), row('x', 'n5')]);
    expect(ids(index.scan(false))).toEqual(ids(expected));
    expect(ids(index.scan(true))).toEqual(ids(expected).reverse());
    load(index, []);
    expect(index.size).toBe(0);
    expect(ids(index.scan(false))).toEqual([]);
  });

  it('refuses a bulk load that is not sorted', () => {
    const index = new SortedIndex<R>(byName);
    expect(() => index.loadSorted(slots([row('2', 'b'), row('1', 'a')]))).toThrow(/sorted/);
  });

  it('matches a sorted-array oracle through random inserts, deletes, replaces and seeks', () => {
    // Small blocks split, merge and empty all the time; the real size only now and then.
    for (const [seed, blockLoad] of [
      [1, BLOCK_LOAD],
      [2, 2],
      [3, 4],
      [4, 16],
    ] as const) {
      const random = createRandom(seed);
      const pick = (n: number) => Math.floor(unit(random) * n);
      const index = new SortedIndex<R>(byName, 0, 0, blockLoad);
      const live = new Map<string, R>();
      // Few distinct values, so equal values and nulls are common.
      const value = () => (pick(10) === 0 ? null : `v${pick(40)}`);
      for (let step = 0; step < 4000; step++) {
        const op = pick(10);
        const existing = [...live.values()];
        if (op < 5 || existing.length === 0) {
          const r = row(`r${step}`, value());
          live.set(r.id, r);
          add(index, r);
        } else if (op < 7) {
          const r = existing[pick(existing.length)] as R;
          live.delete(r.id);
          remove(index, r.id);
        } else if (op < 9) {
          const r = existing[pick(existing.length)] as R;
          const next = { ...r, name: pick(2) ? value() : r.name };
          live.set(r.id, next);
          replace(index, next);
        } else {
          const oracle = sortedOracle(live.values());
          expect(index.size).toBe(oracle.length);
          const from = { value: value(), id: `r${pick(step + 1)}` };
          const after = oracle.filter((r) => compareKeys(r.name, r.id, from.value, from.id) > 0);
          const before = oracle.filter((r) => compareKeys(r.name, r.id, from.value, from.id) < 0).reverse();
          expect(ids(index.scan(false, from))).toEqual(ids(after));
          expect(ids(index.scan(true, from))).toEqual(ids(before));
          // From a row the index holds (the usual cursor).
          const held = oracle[pick(oracle.length)];
          if (held) {
            const position = { value: held.name, id: held.id };
            const i = oracle.indexOf(held);
            expect(ids(index.scan(false, position))).toEqual(ids(oracle.slice(i + 1)));
            expect(ids(index.scan(true, position))).toEqual(ids(oracle.slice(0, i).reverse()));
          }
        }
      }
      const oracle = sortedOracle(live.values());
      expect([...index.scan(false)]).toEqual(oracle);
      expect([...index.scan(true)]).toEqual([...oracle].reverse());
      expectSeeks(index, oracle);
    }
  });

  it('deletes without a comparison: each slot names its block', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => row(String(i).padStart(4, '0'), `n${i % 97}`));
    const index = new SortedIndex<R>(byName, 0, 0, 8);
    for (const r of [...rows].reverse()) add(index, r);
    // From here on every read of a slot's key counts: only a comparison reads it.
    let reads = 0;
    for (const r of rows) {
      const slot = heldSlot(index, r.id);
      const key = slot.k0;
      Object.defineProperty(slot, 'k0', {
        get: () => {
          reads++;
          return key;
        },
      });
    }
    const random = createRandom(7);
    const gone = new Set<string>();
    while (gone.size < 1500) {
      const r = rows[Math.floor(unit(random) * rows.length)] as R;
      if (gone.has(r.id)) continue;
      gone.add(r.id);
      remove(index, r.id);
    }
    expect(reads).toBe(0);
    const live = rows.filter((r) => !gone.has(r.id));
    expect(index.size).toBe(live.length);
    const oracle = ids(sortedOracle(live));
    expect(ids(index.scan(false))).toEqual(oracle);
    expect(ids(index.scan(true))).toEqual([...oracle].reverse());
    expectSeeks(index, sortedOracle(live));
  });

  it('merges a block that falls below a quarter into its neighbour, before or after it', () => {
    // Blocks of 8 from the load: [00–07] [08–15] [16–23]; below 2 slots a block merges.
    const rows = Array.from({ length: 24 }, (_, i) => row(String(i).padStart(2, '0'), 'same'));
    const index = new SortedIndex<R>(byName, 0, 0, 8);
    load(index, rows);
    const gone = ['17', '18', '19', '20', '21', '22', '23', '01', '02', '03', '04', '05', '06', '07'];
    for (const id of gone) remove(index, id);
    const live = rows.filter((r) => !gone.includes(r.id));
    expect(ids(index.scan(false))).toEqual(ids(live));
    expectSeeks(index, live);
    for (const r of [row('24', 'same'), row('005', 'same')]) {
      add(index, r);
      live.push(r);
    }
    expectSeeks(index, sortedOracle(live));
  });

  it('keeps a slot in several indexes, one place each, and refuses to add a slot twice', () => {
    const byId = (r: R): SortValue => r.id;
    const [first, second] = [new SortedIndex<R>(byName, 0, 0, 2), new SortedIndex<R>(byId, 1, 1, 2)];
    const shared = ['3', '1', '2', '5', '4'].map((id) => new Slot(row(id, `n${6 - Number(id)}`), id));
    for (const slot of shared) {
      first.add(slot);
      second.add(slot);
    }
    expect(() => first.add(shared[0]!)).toThrow(/already/);
    first.delete(shared[1]!); // id 1
    expect(ids(first.scan(false))).toEqual(['5', '4', '3', '2']);
    expect(ids(second.scan(false))).toEqual(['1', '2', '3', '4', '5']);
    second.delete(shared[3]!); // id 5
    expect(ids(first.scan(false))).toEqual(['5', '4', '3', '2']);
    expect(ids(second.scan(true))).toEqual(['4', '3', '2', '1']);
    expect(() => new SortedIndex<R>(byName, 0, 10)).toThrow(/10 indexes/);
  });

  it('reads a page lazily: stopping early reads only the rows returned', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => row(String(i).padStart(5, '0'), `n${i}`));
    // Each slot counts the reads of its record: the index orders by the key each slot holds inline, so
    // only the rows a scan yields are read.
    let reads = 0;
    const counted = rows.map((r) => {
      const slot = new Slot(r, r.id);
      Object.defineProperty(slot, 'record', {
        get: () => {
          reads++;
          return r;
        },
      });
      return slot;
    });
    const index = new SortedIndex<R>(byName);
    index.load(counted);
    reads = 0;
    const page: R[] = [];
    for (const r of index.scan(false, { value: 'n2500', id: '02500' })) {
      page.push(r);
      if (page.length === 10) break;
    }
    expect(ids(page)).toEqual(
      ids(
        sortedOracle(rows)
          .filter((r) => r.id > '02500' || r.name! > 'n2500')
          .slice(0, 10),
      ),
    );
    expect(reads).toBe(10);
  });
});

describe('BucketIndex', () => {
  it('groups by value, each group by created_at, and moves a record whose value changes', () => {
    const index = new BucketIndex<R>((r) => r.name);
    for (const r of [row('1', 'a'), row('2', 'b'), row('3', 'a')]) add(index, r);
    expect(ids(index.get('a')?.scan(false) ?? [])).toEqual(['1', '3']);
    replace(index, row('1', 'b'));
    expect(ids(index.get('b')?.scan(false) ?? [])).toEqual(['1', '2']);
    expect(index.get('a')?.size).toBe(1);
    remove(index, '2');
    expect(index.get('b')?.size).toBe(1);
    expect(index.get('none')).toBeUndefined();
  });

  it('leaves out records without a value and drops a group that empties', () => {
    const index = new BucketIndex<R>((r) => r.name);
    add(index, row('1', null));
    add(index, row('2', 'a'));
    remove(index, '2');
    expect(index.get('a')).toBeUndefined();
    replace(index, row('1', 'a'));
    expect(ids(index.get('a')?.scan(false) ?? [])).toEqual(['1']);
  });

  it('bulk loads groups sorted by created_at from records in any order', () => {
    const index = new BucketIndex<R>((r) => r.name);
    add(index, row('9', 'stale'));
    load(index, [row('3', 'a'), row('2', 'b'), row('1', 'a'), row('4', null)]);
    expect(index.get('stale')).toBeUndefined();
    expect(ids(index.get('a')?.scan(false) ?? [])).toEqual(['1', '3']);
    expect(ids(index.get('a')?.scan(true) ?? [])).toEqual(['3', '1']);
    expect(ids(index.get('b')?.scan(false) ?? [])).toEqual(['2']);
    add(index, row('5', 'b'));
    expect(ids(index.get('b')?.scan(false) ?? [])).toEqual(['2', '5']);
  });
});

describe('Table', () => {
  type C = { id: string; created_at: string; name: string | null; stage: string; note: string };
  const contact = (id: string, name: string | null, stage: string): C => ({
    id,
    created_at: `2026-01-0${id}T00:00:00.000Z`,
    name,
    stage,
    note: '',
  });
  const page = (table: Table<C>, sortField: string, equals: [string, string][] = []) =>
    table.page({ sortField, descending: false, after: undefined, limit: 10, equals, matches: () => true })
      .rows;

  it('serves the new version from every index after a replace, moving only what changed', () => {
    const table = new Table<C>(['created_at', 'name'], ['stage']);
    const rows = [contact('1', 'b', 'lead'), contact('2', 'a', 'lead'), contact('3', null, 'won')];
    for (const r of rows) table.insert(r);
    const noted = { ...rows[0]!, note: 'x' }; // no index key changes
    table.replace(rows[0]!, noted);
    const moved = { ...noted, name: 'c', stage: 'won' };
    table.replace(noted, moved);
    expect(table.get('1')).toBe(moved);
    expect(page(table, 'created_at')).toEqual([moved, rows[1], rows[2]]);
    expect(page(table, 'name')).toEqual([rows[1], moved, rows[2]]);
    expect(page(table, 'created_at', [['stage', 'won']])).toEqual([moved, rows[2]]);
    expect(page(table, 'created_at', [['stage', 'lead']])).toEqual([rows[1]]);
    expect([...table.values()]).toEqual([moved, rows[1], rows[2]]);
  });

  it('refuses more indexes than a slot has places for', () => {
    expect(() => new Table<C>(['created_at', 'name'], ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'])).toThrow(
      /at most 10 indexes/,
    );
  });

  it('removes a record from every index, and refuses to replace one it does not hold or to move created_at', () => {
    const table = new Table<C>(['created_at', 'name'], ['stage']);
    const [a, b] = [contact('1', 'a', 'lead'), contact('2', 'b', 'lead')];
    table.insert(a);
    table.insert(b);
    table.remove(a);
    expect(table.size).toBe(1);
    expect(table.get('1')).toBeUndefined();
    expect(page(table, 'name')).toEqual([b]);
    expect(page(table, 'created_at', [['stage', 'lead']])).toEqual([b]);
    expect(() => table.replace(a, { ...a, name: 'z' })).toThrow(/No row 1/);
    expect(() => table.replace(b, { ...b, created_at: '2027-01-01T00:00:00.000Z' })).toThrow(/created_at/);
    expect(table.get('2')).toBe(b);
    expect(page(table, 'name')).toEqual([b]);
  });
});
