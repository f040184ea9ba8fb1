import * as z from 'zod/mini';

// ---------------------------------------------------------------------------------------------
// IDs

/** TypeID prefixes of Rex resources [Rex]. */
export const ID_PREFIX = {
  contact: 'cont',
  company: 'comp',
  event: 'evt',
  webhook: 'whk',
  webhookDelivery: 'whd',
} as const;

/** One of the TypeID prefixes in {@link ID_PREFIX}. */
export type IdPrefix = (typeof ID_PREFIX)[keyof typeof ID_PREFIX];

// A TypeID suffix is a 128-bit UUID in Crockford base32: 26 characters, the first at most `7` so
// the value fits in 128 bits (TypeID spec v0.3). Generated ids are lowercase; Rex's docs print
// ULIDs in upper case, so either case is accepted.
const TYPEID_SUFFIX = /^[0-7][0-9a-hjkmnp-tv-z]{25}$/i;

/**
 * Tells whether `value` is a well-formed TypeID with the given prefix.
 *
 * Clients should treat ids as opaque; this exists so a server can answer a malformed id with a
 * 404 before looking it up.
 * @example
 * isTypeId('cont_01h455vb4pex5vsknk084sn02q', 'cont'); // true
 */
export function isTypeId(value: unknown, prefix: IdPrefix | (string & {})): value is string {
  if (typeof value !== 'string' || !value.startsWith(`${prefix}_`)) return false;
  return TYPEID_SUFFIX.test(value.slice(prefix.length + 1));
}

// ---------------------------------------------------------------------------------------------
// Open enums: strict when we send, lenient when we read

/**
 * The type of an enum field read from Rex: one of today's values, or a string Rex may add
 * tomorrow. Keeps editor completion for the known values without breaking on new ones.
 */
export type Open<T extends string> = T | (string & {});

/**
 * A response-side enum schema: accepts the known values and any other string, so a value Rex
 * adds later does not break a client that validates responses.
 */
// @__NO_SIDE_EFFECTS__
export function openEnum<const T extends readonly [string, ...string[]]>(
  values: T,
): z.ZodMiniType<Open<T[number]>> {
  return z.union([z.enum(values), z.string()]) as unknown as z.ZodMiniType<Open<T[number]>>;
}

// ---------------------------------------------------------------------------------------------
// Shared field schemas

/** A JSON value, as stored in `metadata`. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Any JSON value. */
export const JsonValue = /* @__PURE__ */ (() => z.json())();

/** Free-form metadata as Rex returns it: string keys, JSON values. */
export const Metadata = /* @__PURE__ */ (() => z.record(z.string(), JsonValue))();
/** Free-form metadata as Rex returns it: string keys, JSON values. */
export type Metadata = Record<string, JsonValue>;

/** An ISO 8601 UTC timestamp string such as `2026-03-16T12:00:00.000Z`. */
export type Timestamp = string;

/**
 * The JSON type (`{ type }`, with `enum` for enums) of request schemas that zod cannot describe (custom checks), keyed
 * by schema: `decodeQuery` reads it to decode a query string, the OpenAPI generator to describe
 * the field. The rest of their JSON Schema (patterns, bounds, descriptions) lives in the OpenAPI
 * module (`openapi/schemas.ts`), so that browser bundles do not carry it.
 */
export const JSON_SCHEMA_HINTS: WeakMap<object, Record<string, unknown>> = /* @__PURE__ */ new WeakMap();

/**
 * Attaches the JSON type a custom check stands for (see {@link JSON_SCHEMA_HINTS}). Returns the
 * schema itself.
 */
// @__NO_SIDE_EFFECTS__
export function withJsonSchema<T extends z.ZodMiniType>(schema: T, json: Record<string, unknown>): T {
  JSON_SCHEMA_HINTS.set(schema, json);
  return schema;
}

/**
 * Metadata in a request. On create and upsert, keys sent are stored; on update, keys sent
 * overwrite, a key sent as `null` is removed and other keys stay (top-level merge).
 *
 * Values are not checked one by one: a body that arrives as JSON holds only JSON values, and
 * the SDK sends what `JSON.stringify` makes of them.
 */
export const MetadataPatch = /* @__PURE__ */ withJsonSchema(
  z.custom<Record<string, JsonValue>>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    'must be an object of string keys and JSON values',
  ),
  { type: 'object' },
);
/** Metadata in a request. */
export type MetadataPatch = Record<string, JsonValue>;

/** An optional text field that `null` clears. */
export const NullableText = /* @__PURE__ */ z.optional(z.nullable(z.string()));

// Response schemas below are built in `/* @__PURE__ */` IIFEs: esbuild does not see through
// zod's re-exports that its factories are side-effect free, and without this a client bundle
// that never reads a response schema would still carry them all (see docs/decisions.md).

// Plain predicates instead of zod's format schemas: the same rules for a fraction of the bytes
// a browser bundle pays for zod's generated regexes (see docs/decisions.md).
export const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** Tells whether `value` is an ISO 8601 timestamp with a `Z` or an offset, naming a real date. */
export function isTimestamp(value: string): boolean {
  const match = ISO_TIMESTAMP.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // `Date` rolls 30 February over to March; a round trip through UTC catches that.
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Tells whether `value` is an absolute http(s) URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const { protocol, hostname } = new URL(value);
    return (protocol === 'http:' || protocol === 'https:') && hostname !== '';
  } catch {
    return false;
  }
}

/** A timestamp accepted in a request: ISO 8601 with a `Z` or an offset. */
export const TimestampInput = /* @__PURE__ */ withJsonSchema(
  z.string().check(z.refine(isTimestamp, 'must be an ISO 8601 timestamp such as 2026-03-16T12:00:00.000Z')),
  { type: 'string' },
);

/** An http(s) URL accepted in a request. */
export const HttpUrlInput = /* @__PURE__ */ withJsonSchema(
  z.string().check(z.refine(isHttpUrl, 'must be an http(s) URL')),
  { type: 'string' },
);

/**
 * A request enum: one of `values`, refused with the same `invalid_value` issue `z.enum` gives.
 * A custom check rather than `z.enum`: one less zod schema kind in every browser bundle.
 */
// @__NO_SIDE_EFFECTS__
export function oneOf<const T extends readonly [string, ...string[]]>(
  values: T,
): z.ZodMiniType<T[number], T[number]> {
  const schema = z.custom<T[number]>().check(
    z.check((ctx) => {
      if (!values.includes(ctx.value)) {
        ctx.issues.push({ code: 'invalid_value', values: [...values], input: ctx.value });
      }
    }),
  );
  return withJsonSchema(schema, { type: 'string', enum: [...values] });
}

/**
 * A list accepted in a request, each item checked by `item`; an item's issues name its index
 * (`stages.0.name`). A custom check rather than `z.array`: one less zod schema kind in every
 * browser bundle (see docs/decisions.md). Items are checked, not rebuilt: the list passes as sent.
 */
// @__NO_SIDE_EFFECTS__
export function listOf<T extends z.ZodMiniType>(item: T): z.ZodMiniType<z.output<T>[], z.input<T>[]> {
  const schema = z.custom<z.input<T>[]>().check(
    z.check((ctx) => {
      const value: unknown = ctx.value;
      if (!Array.isArray(value)) {
        ctx.issues.push({ code: 'invalid_type', expected: 'array', input: value });
        return;
      }
      value.forEach((entry, index) => {
        const result = z.safeParse(item, entry, { reportInput: true });
        for (const issue of result.error?.issues ?? []) {
          ctx.issues.push({ ...issue, path: [index, ...issue.path] } as (typeof ctx.issues)[number]);
        }
      });
    }),
  );
  return withJsonSchema(schema, { type: 'array' }) as unknown as z.ZodMiniType<z.output<T>[], z.input<T>[]>;
}

/**
 * An integer accepted in a request. A custom check rather than `z.number()`: one less zod
 * schema kind in every browser bundle (see docs/decisions.md).
 */
export const IntInput = /* @__PURE__ */ withJsonSchema(
  z.custom<number>(Number.isInteger, 'must be an integer'),
  { type: 'integer' },
);

// ---------------------------------------------------------------------------------------------
// Envelopes

/** Wraps one entity: `{"data": {...}}` [Rex]. */
// @__NO_SIDE_EFFECTS__
export function Envelope<T extends z.ZodMiniType>(item: T) {
  return z.object({ data: item });
}
/** The envelope of one entity: `{"data": {...}}` [Rex]. */
export interface Envelope<T> {
  /** The entity. */
  data: T;
}

/** Pagination state of a list: `meta` [Rex]. */
export interface ListMeta {
  /** Opaque cursor of the next page; pass it back as `cursor`. May be `null` on the last page. */
  cursor: string | null;
  /** Whether more items follow: the only signal to stop on [Rex]. */
  has_more: boolean;
}

/** The schema of {@link ListMeta}. */
export const ListMeta = /* @__PURE__ */ (() =>
  z.object({
    cursor: z.nullable(z.string()),
    has_more: z.boolean(),
  }) satisfies z.ZodMiniType<ListMeta>)();

/** Wraps a page of entities: `{"data": [...], "meta": {"cursor", "has_more"}}` [Rex]. */
// @__NO_SIDE_EFFECTS__
export function ListEnvelope<T extends z.ZodMiniType>(item: T) {
  return z.object({ data: z.array(item), meta: ListMeta });
}
/** The envelope of a page of entities [Rex]. */
export interface ListEnvelope<T> {
  /** The items of this page. */
  data: T[];
  /** Where the next page starts and whether there is one. */
  meta: ListMeta;
}

/** The body of `DELETE /contacts/:id` and `DELETE /companies/:id`. */
export interface Deleted {
  /** Id of the record that was deleted. */
  id: string;
  /** Always `true`. */
  deleted: true;
}

/** The schema of {@link Deleted}. */
export const Deleted = /* @__PURE__ */ (() =>
  z.object({ id: z.string(), deleted: z.literal(true) }) satisfies z.ZodMiniType<Deleted>)();

// ---------------------------------------------------------------------------------------------
// Errors

/**
 * Every error code and its HTTP status. `not_found` and `rate_limit_exceeded` are [Rex]; the
 * others are ours until Rex documents them.
 */
export const ERROR_STATUS = {
  validation_error: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limit_exceeded: 429,
  internal_error: 500,
} as const;

/** An error code this version knows. */
export type KnownErrorCode = keyof typeof ERROR_STATUS;

/** The error codes this version knows, in status order. */
export const ERROR_CODES = /* @__PURE__ */ Object.keys(ERROR_STATUS) as [KnownErrorCode, ...KnownErrorCode[]];

/** An error code as read from Rex: a known one or one added later. */
export type ErrorCode = Open<KnownErrorCode>;

/** The object inside an error envelope [Rex]. `param` and `details` are ours and may be absent. */
export interface ApiError {
  /** Machine-readable code such as `not_found`; may be a code newer than this version. */
  code: ErrorCode;
  /** What went wrong, for people. */
  message: string;
  /** The offending field, such as `email` (ours). */
  param?: string | undefined;
  /** Extra detail, such as `existing_id` on a conflict (ours). */
  details?: Record<string, unknown> | undefined;
}

/** The schema of {@link ApiError}. */
export const ApiError = /* @__PURE__ */ (() =>
  z.object({
    code: openEnum(ERROR_CODES),
    message: z.string(),
    param: z.optional(z.string()),
    details: z.optional(z.record(z.string(), z.unknown())),
  }) satisfies z.ZodMiniType<ApiError>)();

/** An error response: `{"error": {"code", "message"}}` [Rex]. */
export interface ErrorEnvelope {
  /** The error. */
  error: ApiError;
}

/** The schema of {@link ErrorEnvelope}. */
export const ErrorEnvelope = /* @__PURE__ */ (() =>
  z.object({ error: ApiError }) satisfies z.ZodMiniType<ErrorEnvelope>)();
