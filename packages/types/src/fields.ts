import * as z from 'zod/mini';

/** Default and maximum page sizes [Rex]. */
export const PAGE_SIZE = { default: 50, max: 200 } as const;

/**
 * A list of names from a closed set. On the wire it is comma-separated (`fields=id,email`);
 * {@link decodeQuery} splits it before validation.
 */
// @__NO_SIDE_EFFECTS__
export function nameList<const T extends readonly [string, ...string[]]>(values: T) {
  return z.array(z.enum(values));
}

/** A page size: an integer from 1 to 200 [Rex]. */
export const LimitParam = /* @__PURE__ */ z.optional(
  z
    .number()
    .check(
      z.refine(
        (n) => Number.isInteger(n) && n >= 1 && n <= PAGE_SIZE.max,
        `must be an integer from 1 to ${PAGE_SIZE.max}`,
      ),
    ),
);

/** Sort options for a set of sortable fields: each field ascending, or descending with `-`. */
// @__NO_SIDE_EFFECTS__
export function sortEnum<const T extends readonly [string, ...string[]]>(fields: T) {
  const options = fields.flatMap((f) => [f, `-${f}`]) as [
    T[number] | `-${T[number]}`,
    ...(T[number] | `-${T[number]}`)[],
  ];
  return z.enum(options);
}
