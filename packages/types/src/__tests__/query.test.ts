import { describe, expect, it } from 'vitest';
import {
  CompanyListParams,
  ContactListParams,
  decodeQuery,
  encodeQuery,
  isTimestamp,
  validate,
} from '../index.js';

describe('encodeQuery', () => {
  it('joins arrays with commas and leaves out unset values', () => {
    expect(
      encodeQuery({ stage: 'lead', fields: ['id', 'email'], limit: 20, cursor: undefined, owner_id: null }),
    ).toBe('stage=lead&fields=id%2Cemail&limit=20');
  });

  it('gives an empty string for no params', () => {
    expect(encodeQuery(undefined)).toBe('');
    expect(encodeQuery({})).toBe('');
  });
});

describe('decodeQuery', () => {
  it('reads back what encodeQuery wrote, ready for the list schema', () => {
    const params = {
      limit: 20,
      stage: 'lead',
      fields: ['id', 'email'],
      include: ['company'],
      search: 'a,b',
    } as const;
    const decoded = decodeQuery(new URLSearchParams(encodeQuery(params)), ContactListParams);
    expect(decoded).toEqual({
      limit: 20,
      stage: 'lead',
      fields: ['id', 'email'],
      include: ['company'],
      search: 'a,b',
    });
    expect(validate(ContactListParams, decoded).success).toBe(true);
  });

  it('leaves a non-numeric limit as text so the schema names it', () => {
    const decoded = decodeQuery(new URLSearchParams('limit=ten'), ContactListParams);
    const result = validate(ContactListParams, decoded);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error).toMatchObject({ param: 'limit' });
  });

  it('passes unknown params through so the strict schema refuses them', () => {
    const result = validate(
      CompanyListParams,
      decodeQuery(new URLSearchParams('industri=saas'), CompanyListParams),
    );
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.param).toBe('industri');
  });

  it('keeps the last value of a repeated key', () => {
    expect(decodeQuery(new URLSearchParams('stage=lead&stage=customer'), ContactListParams)).toEqual({
      stage: 'customer',
    });
  });
});

describe('isTimestamp', () => {
  it.each([
    ['2026-03-16T12:00:00.000Z', true],
    ['2026-03-16T12:00:00Z', true],
    ['2026-03-16T12:00Z', true],
    ['2026-03-16T12:00:00.123456+05:30', true],
    ['2028-02-29T00:00:00Z', true],
    ['2026-02-29T00:00:00Z', false],
    ['2026-04-31T00:00:00Z', false],
    ['2026-03-16T24:00:00Z', false],
    ['2026-03-16T12:00:00', false],
    ['2026-03-16', false],
    ['16/03/2026', false],
  ])('%j is %s', (value, expected) => {
    expect(isTimestamp(value)).toBe(expected);
  });
});
