import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, querySignature } from '../../engine/cursor.js';
import { InvalidInput } from '../../engine/errors.js';

describe('cursor codec', () => {
  const signature = querySignature(['contacts', 'created_at', true, 'lead']);

  it('round-trips a position, unicode and null values included', () => {
    for (const value of ['2026-03-16T12:00:00.000Z', 'Zoë 🦊', null]) {
      const cursor = encodeCursor({ value, id: 'cont_1' }, signature);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(cursor, signature)).toEqual({ value, id: 'cont_1' });
    }
  });

  it('refuses a cursor of another query, and garbage, as 400 on `cursor`', () => {
    const cursor = encodeCursor({ value: 'a', id: 'cont_1' }, signature);
    const other = querySignature(['contacts', 'created_at', true, 'customer']);
    expect(() => decodeCursor(cursor, other)).toThrow(/another sort or other filters/);
    for (const bad of ['', '!!!', 'e30', btoa('[1,2,3]')]) {
      expect(() => decodeCursor(bad, signature)).toThrow(InvalidInput);
    }
  });
});
