import { isTypeId } from '@rex/types';
import { TypeID } from 'typeid-js';
import { describe, expect, it } from 'vitest';
import { randomIds } from '../../engine/random.js';

describe('randomIds', () => {
  it('makes TypeIDs of UUIDv7, in increasing order even within one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => randomIds('cont'));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 100)) {
      expect(isTypeId(id, 'cont')).toBe(true);
      const uuid = TypeID.fromString(id).toUUID();
      expect(uuid[14]).toBe('7');
      expect('89ab').toContain(uuid[19]);
    }
    expect([...ids].sort()).toEqual(ids);
  });

  it('carries the time of the call in its first 48 bits', () => {
    const before = Date.now();
    const id = randomIds('req');
    const after = Date.now();
    const ms = Number.parseInt(TypeID.fromString(id).toUUID().replace(/-/g, '').slice(0, 12), 16);
    // Borrowing the next millisecond when a counter runs out may put it a little ahead.
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after + 5);
  });
});
