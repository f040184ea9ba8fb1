import { describe, expect, it } from 'vitest';
import { createRandom, unit } from '../../engine/random.js';
import { BucketIndex, compareKeys, SortedIndex, type SortValue } from '../../engine/sorted-index.js';

type R = { id: string; created_at: string; name: string | null };
const row = (id: string, name: string | null, created_at = `2026-01-0${id}T00:00:00.000Z`): R => ({
  id,
  created_at,
  name,
});
const ids = (rows: Iterable<R>) => [...rows].map((r) => r.id);
const byName = (r: R): SortValue => r.name;

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
    for (const r of [row('3', 'c'), row('1', 'a'), row('2', null), row('4', 'b')]) index.add(r);
    expect(ids(index.scan(false))).toEqual(['1', '4', '3', '2']);
    expect(ids(index.scan(true))).toEqual(['2', '3', '4', '1']);
    expect(ids(index.scan(false, { value: 'b', id: '4' }))).toEqual(['3', '2']);
    expect(ids(index.scan(true, { value: 'b', id: '4' }))).toEqual(['1']);
    index.replace(row('1', 'a'), row('1', 'z'));
    index.delete(row('3', 'c'));
    expect(ids(index.scan(false))).toEqual(['4', '1', '2']);
    expect(index.size).toBe(3);
  });

  it('swaps the stored object when a record changes but its sort value does not', () => {
    const index = new SortedIndex<R>(byName);
    const before = row('1', 'a');
    const after = { ...before, created_at: 'later' };
    index.add(before);
    index.add(row('2', 'b'));
    index.replace(before, after);
    const [first] = index.scan(false);
    expect(first).toBe(after);
    expect(index.size).toBe(2);
  });

  it('seeks from a position no record holds any more, in both directions', () => {
    const index = new SortedIndex<R>(byName);
    for (const r of [row('1', 'a'), row('2', 'c'), row('3', 'e'), row('4', null)]) index.add(r);
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
    for (const id of ['5', '3', '1', '4', '2']) index.add(row(id, id < '3' ? 'same' : null));
    expect(ids(index.scan(false))).toEqual(['1', '2', '3', '4', '5']);
    expect(ids(index.scan(false, { value: 'same', id: '1' }))).toEqual(['2', '3', '4', '5']);
    expect(ids(index.scan(false, { value: null, id: '3' }))).toEqual(['4', '5']);
    expect(ids(index.scan(true, { value: null, id: '4' }))).toEqual(['3', '2', '1']);
    expect(ids(index.scan(true, { value: 'same', id: '2' }))).toEqual(['1']);
  });

  it('ignores the delete of a record it does not hold', () => {
    const index = new SortedIndex<R>(byName);
    index.add(row('1', 'a'));
    index.delete(row('2', 'a'));
    index.delete(row('1', 'b')); // same id, another value: not this entry
    expect(ids(index.scan(false))).toEqual(['1']);
  });

  it('bulk loads from records in any order, and stays live after the load', () => {
    const index = new SortedIndex<R>(byName);
    index.add(row('9', 'gone'));
    const rows = Array.from({ length: 1000 }, (_, i) =>
      row(String(i).padStart(4, '0'), i % 7 ? `n${i % 13}` : null),
    );
    const shuffled = [...rows].reverse();
    index.load(shuffled);
    expect(shuffled[0]?.id).toBe('0999'); // the caller's array is left as it was
    expect(index.size).toBe(1000);
    expect(ids(index.scan(false))).toEqual(ids(sortedOracle(rows)));
    index.add(row('x', 'n5'));
    index.delete(rows[14] as R);
    const expected = sortedOracle([...rows.filter((r) => r !== rows[14]), row('x', 'n5')]);
    expect(ids(index.scan(false))).toEqual(ids(expected));
    expect(ids(index.scan(true))).toEqual(ids(expected).reverse());
    index.load([]);
    expect(index.size).toBe(0);
    expect(ids(index.scan(false))).toEqual([]);
  });

  it('refuses a bulk load that is not sorted', () => {
    const index = new SortedIndex<R>(byName);
    expect(() => index.loadSorted([row('2', 'b'), row('1', 'a')])).toThrow(/sorted/);
  });

  it('matches a sorted-array oracle through random inserts, deletes, replaces and seeks', () => {
    for (const seed of [1, 2, 3]) {
      const random = createRandom(seed);
      const pick = (n: number) => Math.floor(unit(random) * n);
      const index = new SortedIndex<R>(byName);
      const live = new Map<string, R>();
      // Few distinct values, so equal values and nulls are common.
      const value = () => (pick(10) === 0 ? null : `v${pick(40)}`);
      for (let step = 0; step < 4000; step++) {
        const op = pick(10);
        const existing = [...live.values()];
        if (op < 5 || existing.length === 0) {
          const r = row(`r${step}`, value());
          live.set(r.id, r);
          index.add(r);
        } else if (op < 7) {
          const r = existing[pick(existing.length)] as R;
          live.delete(r.id);
          index.delete(r);
        } else if (op < 9) {
          const r = existing[pick(existing.length)] as R;
          const next = { ...r, name: pick(2) ? value() : r.name };
          live.set(r.id, next);
          index.replace(r, next);
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
    }
  });

  it('reads a page lazily: stopping early does not walk the rest', () => {
    const index = new SortedIndex<R>(byName);
    const rows = Array.from({ length: 5000 }, (_, i) => row(String(i).padStart(5, '0'), `n${i}`));
    index.load(rows);
    let compared = 0;
    const counting = new SortedIndex<R>((r) => {
      compared++;
      return r.name;
    });
    counting.load(rows);
    compared = 0;
    const page: R[] = [];
    for (const r of counting.scan(false, { value: 'n2500', id: '02500' })) {
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
    // A seek is a few dozen comparisons, not one per record.
    expect(compared).toBeLessThan(200);
  });
});

describe('BucketIndex', () => {
  it('groups by value, each group by created_at, and moves a record whose value changes', () => {
    const index = new BucketIndex<R>((r) => r.name);
    for (const r of [row('1', 'a'), row('2', 'b'), row('3', 'a')]) index.add(r);
    expect(ids(index.get('a')?.scan(false) ?? [])).toEqual(['1', '3']);
    index.replace(row('1', 'a'), row('1', 'b'));
    expect(ids(index.get('b')?.scan(false) ?? [])).toEqual(['1', '2']);
    expect(index.get('a')?.size).toBe(1);
    index.delete(row('2', 'b'));
    expect(index.get('b')?.size).toBe(1);
    expect(index.get('none')).toBeUndefined();
  });

  it('leaves out records without a value and drops a group that empties', () => {
    const index = new BucketIndex<R>((r) => r.name);
    index.add(row('1', null));
    index.add(row('2', 'a'));
    index.delete(row('2', 'a'));
    expect(index.get('a')).toBeUndefined();
    index.replace(row('1', null), row('1', 'a'));
    expect(ids(index.get('a')?.scan(false) ?? [])).toEqual(['1']);
  });

  it('bulk loads groups sorted by created_at from records in any order', () => {
    const index = new BucketIndex<R>((r) => r.name);
    index.add(row('9', 'stale'));
    index.load([row('3', 'a'), row('2', 'b'), row('1', 'a'), row('4', null)]);
    expect(index.get('stale')).toBeUndefined();
    expect(ids(index.get('a')?.scan(false) ?? [])).toEqual(['1', '3']);
    expect(ids(index.get('a')?.scan(true) ?? [])).toEqual(['3', '1']);
    expect(ids(index.get('b')?.scan(false) ?? [])).toEqual(['2']);
    index.add(row('5', 'b'));
    expect(ids(index.get('b')?.scan(false) ?? [])).toEqual(['2', '5']);
  });
});
