import type * as z from 'zod/mini';
import { JSON_SCHEMA_HINTS } from './common.js';

/** A value a list or get query can carry before it is encoded. */
export type QueryValue = string | number | boolean | readonly string[] | null | undefined;

/**
 * Encodes query params the way Rex reads them: arrays comma-separated, `undefined` and `null`
 * left out, keys in the order given. Returns the string without a leading `?` (empty when
 * nothing is set).
 * @example
 * encodeQuery({ stage: 'lead', fields: ['id', 'email'], limit: 20 }); // 'stage=lead&fields=id%2Cemail&limit=20'
 */
export function encodeQuery(params: Readonly<Record<string, QueryValue>> | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined || value === null) continue;
    search.append(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return search.toString();
}

type Def = { type: string; innerType?: z.ZodMiniType };

// The JSON type a query param stands for: zod's own kind, or the hint a custom check carries.
const kindOf = (schema: z.ZodMiniType | undefined): unknown => {
  let def = schema?._zod.def as Def | undefined;
  while (def && (def.type === 'optional' || def.type === 'nullable') && def.innerType) {
    schema = def.innerType;
    def = schema._zod.def as Def;
  }
  return schema && (JSON_SCHEMA_HINTS.get(schema)?.type ?? def?.type);
};

/**
 * Reads a query string back into the shape a query schema validates: comma lists become arrays
 * and numeric strings numbers where the schema wants them. Anything else is passed through, so
 * the schema reports it. A key given twice keeps its last value.
 */
export function decodeQuery(
  search: URLSearchParams,
  schema: z.ZodMiniObject<z.core.$ZodLooseShape>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const shape = schema._zod.def.shape;
  for (const [key, value] of search) {
    // Own keys only: `__proto__` or `toString` in a query names no parameter.
    const kind = kindOf(Object.hasOwn(shape, key) ? (shape[key] as z.ZodMiniType) : undefined);
    let decoded: unknown = value;
    if (kind === 'array') decoded = value === '' ? [] : value.split(',').map((item) => item.trim());
    else if ((kind === 'number' || kind === 'integer') && /^-?\d+(\.\d+)?$/.test(value))
      decoded = Number(value);
    else if (kind === 'boolean' && (value === 'true' || value === 'false')) decoded = value === 'true';
    // Defined, not assigned, so a key named `__proto__` is a plain key the schema then refuses.
    Object.defineProperty(out, key, { value: decoded, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
