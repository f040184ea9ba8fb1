import * as z from 'zod/mini';
import { oneOf, withJsonSchema } from './common.js';

/** Default and maximum page sizes [Rex]. */
export const PAGE_SIZE = { default: 50, max: 200 } as const;

/**
 * A list of names from a closed set. On the wire it is comma-separated (`fields=id,email`);
 * {@link decodeQuery} splits it before validation.
 */
// @__NO_SIDE_EFFECTS__
export function nameList<const T extends readonly [string, ...string[]]>(values: T) {
  const schema = z.custom<T[number][]>().check(
    z.check((ctx) => {
      if (!Array.isArray(ctx.value)) {
        ctx.issues.push({ code: 'custom', input: ctx.value, message: 'must be a list of names' });
        return;
      }
      ctx.value.forEach((name, index) => {
        if (!values.includes(name)) {
          ctx.issues.push({ code: 'invalid_value', values: [...values], input: name, path: [index] });
        }
      });
    }),
  );
  return withJsonSchema(schema, { type: 'array', items: { type: 'string', enum: [...values] } });
}

/** A page size: an integer from 1 to 200 [Rex]. */
export const LimitParam = /* @__PURE__ */ z.optional(
  withJsonSchema(
    z.custom<number>(
      (n) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= PAGE_SIZE.max,
      `must be an integer from 1 to ${PAGE_SIZE.max}`,
    ),
    { type: 'integer', minimum: 1, maximum: PAGE_SIZE.max, default: PAGE_SIZE.default },
  ),
);

/** Sort options for a set of sortable fields: each field ascending, or descending with `-`. */
// @__NO_SIDE_EFFECTS__
export function sortEnum<const T extends readonly [string, ...string[]]>(fields: T) {
  const options = fields.flatMap((f) => [f, `-${f}`]) as [
    T[number] | `-${T[number]}`,
    ...(T[number] | `-${T[number]}`)[],
  ];
  return oneOf(options);
}
