import * as z from 'zod/mini';
import { MetadataPatch, oneOf, withJsonSchema } from './common.js';

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
    { type: 'integer' },
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

/**
 * The query of a list endpoint: paging, `sort` over `sortFields`, the resource's `filters`, a
 * sparse fieldset over `fields` and, when given, `include` over `includes`. One shape for every
 * resource, so they cannot drift apart.
 */
// @__NO_SIDE_EFFECTS__
export function listQuery<
  const F extends readonly [string, ...string[]],
  const S extends readonly [string, ...string[]],
  const I extends readonly [string, ...string[]],
  const Filters extends z.core.$ZodLooseShape,
>(fields: F, sortFields: S, includes: I, filters: Filters) {
  return z.strictObject({
    limit: LimitParam,
    /** Opaque cursor from the previous page's `meta.cursor`. */
    cursor: z.optional(z.string()),
    sort: z.optional(sortEnum(sortFields)),
    ...filters,
    /** Sparse fieldset: only these fields (and `id`) are returned. */
    fields: z.optional(nameList(fields)),
    /** Related records to embed. */
    include: z.optional(nameList(includes)),
  });
}

/** The query of a get endpoint: a sparse fieldset over `fields` and `include` over `includes`. */
// @__NO_SIDE_EFFECTS__
export function getQuery<
  const F extends readonly [string, ...string[]],
  const I extends readonly [string, ...string[]],
>(fields: F, includes: I) {
  return z.strictObject({
    fields: z.optional(nameList(fields)),
    include: z.optional(nameList(includes)),
  });
}

/** Fields of a request schema, by name. */
type Shape = z.core.$ZodLooseShape;

/** The query of a list that only pages: `limit`, `cursor`, then `filters`. */
// @__NO_SIDE_EFFECTS__
export function pageQuery<const Filters extends Shape = Record<never, never>>(filters?: Filters) {
  return z.strictObject({
    limit: LimitParam,
    /** Opaque cursor from the previous page's `meta.cursor`. */
    cursor: z.optional(z.string()),
    ...(filters as Filters),
  });
}

/** `shape` with every field optional: what an update makes of the fields a create requires. */
// @__NO_SIDE_EFFECTS__
function optionalShape<const S extends Shape>(shape: S): { [K in keyof S]: z.ZodMiniOptional<S[K]> } {
  const optional: Shape = {};
  for (const key in shape) optional[key] = z.optional(shape[key]!);
  return optional as { [K in keyof S]: z.ZodMiniOptional<S[K]> };
}

/**
 * The body of a create: the `required` fields, the `writable` ones (optional already) and
 * `metadata`. {@link updateBody} makes the update from the same two shapes, so they cannot drift
 * apart.
 */
// @__NO_SIDE_EFFECTS__
export function createBody<const R extends Shape, const W extends Shape>(required: R, writable: W) {
  return z.strictObject({
    ...required,
    ...writable,
    /** Free-form key-value pairs (string keys, JSON values); `{}` when left out. */
    metadata: z.optional(MetadataPatch),
  });
}

/**
 * The body of an update: what {@link createBody} takes, every field optional; omitted fields
 * stay, `null` clears a nullable field, `metadata` merges at the top level (`null` clears it).
 */
// @__NO_SIDE_EFFECTS__
export function updateBody<const R extends Shape, const W extends Shape>(required: R, writable: W) {
  return z.strictObject({
    ...optionalShape(required),
    ...writable,
    /** Merged into the stored metadata at the top level: a key sent as `null` is removed; `null` clears it all. */
    metadata: z.optional(z.nullable(MetadataPatch)),
  });
}

/** A name or title: some text that is not only white space. */
export const NonBlank = /* @__PURE__ */ withJsonSchema(
  z.string().check(z.refine((text) => /\S/.test(text), 'must not be empty')),
  { type: 'string' },
);

/** An amount of money in cents: a whole number, zero or more. */
export const CentsInput = /* @__PURE__ */ withJsonSchema(
  z.custom<number>(
    (n) => Number.isInteger(n) && (n as number) >= 0,
    'must be a whole number of cents, 0 or more',
  ),
  { type: 'integer' },
);

/** An ISO 4217 currency code, such as `USD`. */
export const CurrencyInput = /* @__PURE__ */ withJsonSchema(
  z.string().check(z.refine((code) => /^[A-Z]{3}$/.test(code), 'must be an ISO 4217 code such as USD')),
  { type: 'string' },
);

/** A boolean; in a query, `true` or `false`. */
export const BooleanInput = /* @__PURE__ */ withJsonSchema(
  z.custom<boolean>((value) => typeof value === 'boolean', 'must be true or false'),
  { type: 'boolean' },
);
