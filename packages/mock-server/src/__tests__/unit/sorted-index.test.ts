import { describe, expect, it } from 'vitest';
import { BucketIndex, compareKeys, SortedIndex } from '../../engine/sorted-index.js';

type R = { id: string; created_at: string; name: string | null };
const row = (id: string, name: string | null, created_at = `2026-01-0${id}T00:00:00.000Z`): R => ({
  id,
  created_at,
  name,
});

describe('compareKeys', () => {
  it('orders by value with null last, then by id', () => {
    expect(compareKeys('a', '2', 'b', '1')).toBeLessThan(0);
    expect(compareKeys(null, '1', 'z', '2')).toBeGreaterThan(0);
    expect(compareKeys('a', '1', 'a', '2')).toBeLessThan(0);
    expect(compareKeys('a', '1', 'a', '1')).toBe(0);
  });
});

describe('SortedIndex', () => {
  it('keeps records sorted through add, delete and replace, and scans after a position', () => {
    const index = new SortedIndex<R>((r) => r.name);
    for (const r of [row('3', 'c'), row('1', 'a'), row('2', null), row('4', 'b')]) index.add(r);
    expect([...index.scan(false)].map((r) => r.id)).toEqual(['1', '4', '3', '2']);
    expect([...index.scan(true)].map((r) => r.id)).toEqual(['2', '3', '4', '1']);
    expect([...index.scan(false, { value: 'b', id: '4' })].map((r) => r.id)).toEqual(['3', '2']);
    expect([...index.scan(true, { value: 'b', id: '4' })].map((r) => r.id)).toEqual(['1']);
    index.replace(row('1', 'a'), row('1', 'z'));
    index.delete(row('3', 'c'));
    expect([...index.scan(false)].map((r) => r.id)).toEqual(['4', '1', '2']);
    expect(index.size).toBe(3);
  });

  it('builds lazily from its source and again after invalidate', () => {
    const rows = [row('2', 'b'), row('1', 'a')];
    const index = new SortedIndex<R>(
      (r) => r.name,
      () => rows,
    );
    index.add(row('9', 'x')); // ignored until built: the source is the truth
    expect([...index.scan(false)].map((r) => r.id)).toEqual(['1', '2']);
    rows.push(row('3', 'c'));
    index.invalidate();
    expect([...index.scan(false)].map((r) => r.id)).toEqual(['1', '2', '3']);
  });
});

describe('BucketIndex', () => {
  it('groups by value, each group by created_at, and moves a record whose value changes', () => {
    const rows = [row('1', 'a'), row('2', 'b'), row('3', 'a')];
    const index = new BucketIndex<R>(
      (r) => r.name,
      () => rows,
    );
    expect([...(index.get('a')?.scan(false) ?? [])].map((r) => r.id)).toEqual(['1', '3']);
    index.replace(row('1', 'a'), row('1', 'b'));
    expect([...(index.get('b')?.scan(false) ?? [])].map((r) => r.id)).toEqual(['1', '2']);
    expect(index.get('a')?.size).toBe(1);
    index.delete(row('2', 'b'));
    expect(index.get('b')?.size).toBe(1);
    expect(index.get('none')).toBeUndefined();
  });
});
