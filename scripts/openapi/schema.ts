/**
 * Reading the OpenAPI 3.1 document the way a client would: resolving references, telling which
 * record a `*_id` field names, and making one valid (or deliberately invalid) value for a
 * schema. Shared by the Prism workload and the property check.
 */
import type { JsonSchema, OpenApiDocument } from '@rex/types/openapi';

export type Schema = JsonSchema;

/** A parameter of an operation, as the document writes it. */
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  description: string;
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  path: string;
  operationId: string;
  parameters: Parameter[];
  body: Schema | undefined;
  responses: Record<string, Schema>;
  security: unknown;
  /** `x-rex-access`: `read`, `write` or `none` (capture). */
  access: string;
}

function bodyOf(doc: OpenApiDocument, body: Schema | undefined): Schema | undefined {
  const resolved =
    typeof body?.$ref === 'string'
      ? doc.components.requestBodies[body.$ref.split('/').pop() as string]
      : body;
  return (resolved?.content as Record<string, { schema: Schema }> | undefined)?.['application/json']?.schema;
}

/** Every operation of a document, in document order. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      operationId: op.operationId as string,
      parameters: (op.parameters ?? []) as Parameter[],
      body: bodyOf(doc, op.requestBody as Schema | undefined),
      responses: op.responses as Record<string, Schema>,
      security: op.security,
      access: op['x-rex-access'] as string,
    })),
  );
}

/** Follows a `$ref` to a component schema (one level; call again for chains). */
export function deref(doc: OpenApiDocument, schema: Schema): Schema {
  let s = schema;
  while (typeof s.$ref === 'string') {
    const name = s.$ref.split('/').pop() as string;
    s = doc.components.schemas[name] as Schema;
  }
  return s;
}

const types = (s: Schema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type as string] : []);

/** The schema without its `null` branch: what a non-null value must match. */
export function nonNull(doc: OpenApiDocument, schema: Schema): Schema {
  const s = deref(doc, schema);
  const union = s.anyOf as Schema[] | undefined;
  if (union?.some((u) => u.type === 'null')) {
    return nonNull(doc, union.find((u) => u.type !== 'null') ?? (union[0] as Schema));
  }
  return s;
}

/**
 * The TypeID prefix of the records a field, parameter or path id names, as its description
 * states it (``… a TypeID starting `pipe_` ``); `undefined` for anything else (`owner_id` is
 * opaque).
 */
export function linkPrefix(described: { description?: unknown } | undefined): string | undefined {
  const text = typeof described?.description === 'string' ? described.description : '';
  return /TypeID starting `(\w+?)_`/.exec(text)?.[1];
}

/** The statuses an operation answers on success. */
export const successes = (op: Operation): string[] =>
  Object.keys(op.responses).filter((s) => s.startsWith('2'));

let counter = 0;
/** A fresh number, so generated emails, slugs and domains do not collide with earlier ones. */
export const unique = (): number => ++counter;

/**
 * Where generated URLs point: a port on 127.0.0.1 nothing listens on. A webhook subscription's
 * `url` is the one URL the mock fetches (its deliveries), and they must never leave the machine;
 * a refused connection is an ordinary failed delivery.
 */
export const LOCAL_URLS = { base: 'http://127.0.0.1:9' };

/** Supplies ids for fields that name records: one id, a list, or `undefined` to leave it out. */
export type IdSource = (field: string, schema: Schema) => string | string[] | undefined;

export interface SampleOptions {
  /** The property or parameter name, for readable strings. */
  name?: string;
  idFor?: IdSource;
  /** Every optional property too (default), or only the required ones. */
  full?: boolean;
  /**
   * The first value of each enum rather than a different one each time: for updates, whose
   * values stay (a webhook `paused` by an update refuses a later ping with a 409).
   */
  first?: boolean;
}

// Strings for patterns the formats below do not cover, tried in order: the first the pattern
// accepts is used (a slug, a currency code, a colour).
const PATTERN_CANDIDATES = (name: string, n: number): string[] => [
  `${name || 'text'} ${n}`,
  `${name.replaceAll('_', '-') || 'text'}-${n}`.toLowerCase(),
  ['USD', 'EUR', 'GBP', 'JPY'][n % 4] as string,
  `#${(0x1f6feb + n * 0x010101).toString(16).slice(-6)}`,
];

/**
 * A valid value for `schema`: every optional property filled in too (unless `full` is false), so
 * formats and enums are exercised. `idFor` supplies real ids for properties that name records.
 */
export function sample(doc: OpenApiDocument, schema: Schema, options: SampleOptions = {}): unknown {
  const { name = '', idFor = () => undefined, full = true, first = false } = options;
  const s = nonNull(doc, schema);
  if (Array.isArray(s.enum)) {
    const values = s.enum.filter((v) => v !== null);
    return first ? values[0] : values[unique() % values.length];
  }
  if ('const' in s) return s.const;
  const type = types(s).find((t) => t !== 'null');
  switch (type) {
    case 'object': {
      if (!s.properties) return { plan: 'pro', seats: unique() };
      const required = (s.required ?? []) as string[];
      // `not: {required: [a, b]}`: a body may send one of them, not both.
      const exclusive = ((s.not as Schema | undefined)?.required ?? []) as string[];
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(s.properties as Record<string, Schema>)) {
        if (!full && !required.includes(key)) continue;
        if (exclusive.includes(key) && exclusive.some((other) => other in out)) continue;
        if (linkPrefix(property)) {
          const id = idFor(key, property);
          if (id !== undefined) out[key] = key.endsWith('_ids') ? [id].flat() : id;
          else if (required.includes(key)) throw new Error(`No id for required field ${key}`);
          continue;
        }
        out[key] = sample(doc, property, { ...options, name: key });
      }
      return out;
    }
    case 'array': {
      const items = deref(doc, s.items as Schema);
      // Two sub-records (a pipeline's stages), so there is something to move between.
      const length = Math.max(types(items).includes('object') ? 2 : 1, (s.minItems as number) ?? 1);
      return Array.from({ length }, () => sample(doc, s.items as Schema, { ...options, name }));
    }
    case 'integer':
      return Math.max((s.minimum as number) ?? 0, Math.min((s.maximum as number) ?? 1e6, 7));
    case 'number':
      return Math.max((s.minimum as number) ?? 0, Math.min((s.maximum as number) ?? 1e6, 0.5));
    case 'boolean':
      return true;
    case 'string': {
      const n = unique();
      if (s.format === 'email') return `conformance.${n}@example.com`;
      if (s.format === 'uri') return `${LOCAL_URLS.base}/conformance/${n}`;
      if (s.format === 'date-time') return new Date(Date.UTC(2026, 2, 16, 12, 0, n % 60)).toISOString();
      if (typeof s.pattern === 'string' && s.pattern.includes('://')) return `conformance-${n}.example.com`;
      const text = PATTERN_CANDIDATES(name, n).find((c) => fits(s, c));
      if (text === undefined) throw new Error(`No sample for ${name}: ${JSON.stringify(s)}`);
      return text;
    }
    default:
      return 'any';
  }
}

// Whether a string meets a schema's pattern and lengths.
function fits(s: Schema, value: string): boolean {
  if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) return false;
  if (typeof s.minLength === 'number' && value.length < s.minLength) return false;
  return !(typeof s.maxLength === 'number' && value.length > s.maxLength);
}

/**
 * Values that break `schema` one way each, with what is wrong: the kind of thing a client gets
 * wrong, and that the document must refuse as the server does.
 */
export function invalidValues(doc: OpenApiDocument, schema: Schema): [string, unknown][] {
  const s = nonNull(doc, schema);
  const out: [string, unknown][] = [];
  const type = types(s).find((t) => t !== 'null');
  if (Array.isArray(s.enum)) out.push(['a value outside the enum', 'not-a-listed-value']);
  if (type === 'string') {
    out.push(['a number for a string', 12345]);
    if (s.format === 'email') out.push(['a malformed email', 'ada@example']);
    if (s.format === 'uri') out.push(['an ftp:// URL', 'ftp://example.com/ada']);
    if (s.format === 'date-time') out.push(['a date without a time', '2026-03-16']);
    if (s.pattern === '\\S') out.push(['only white space', '   ']);
    else if (typeof s.pattern === 'string' && !s.format && !s.pattern.includes('://')) {
      // A slug with capitals, a currency in lower case, a colour by name.
      const refused = ['Not Valid!', 'usd', 'red'].find((v) => !new RegExp(s.pattern as string, 'u').test(v));
      if (refused) out.push([`a string the pattern refuses (${refused})`, refused]);
    }
    if (typeof s.maxLength === 'number')
      out.push(['a string over the maximum length', 'x'.repeat(s.maxLength + 1)]);
    if (typeof s.minLength === 'number' && s.minLength > 0) out.push(['an empty string', '']);
  }
  if (type === 'integer' || type === 'number') {
    out.push(['a string for a number', '7']);
    if (type === 'integer') out.push(['a fraction for an integer', 1.5]);
    if (typeof s.minimum === 'number') out.push(['a value below the minimum', s.minimum - 1]);
    if (typeof s.maximum === 'number') out.push(['a value above the maximum', s.maximum + 1]);
  }
  if (type === 'object') out.push(['a number for an object', 5]);
  if (type === 'array') {
    out.push(['a string for a list', 'x']);
    const items = deref(doc, s.items as Schema);
    if (Array.isArray(items.enum)) {
      out.push(['an unknown name in the list', ['not-a-listed-value']]);
      // `anyOf: [{maxItems: 1}, …]` beside the enum: a name that must stand alone (`*`) with another.
      if (Array.isArray(s.anyOf)) out.push(['a name that stands alone with another', items.enum.slice(0, 2)]);
    }
    if (typeof s.minItems === 'number' && s.minItems > 0) out.push(['an empty list', []]);
    if (s.uniqueItems === true) out.push(['a list naming one twice', ['x', 'x']]);
    if (types(items).includes('object') && ((items.required ?? []) as string[]).length > 0) {
      out.push(['an item without its required fields', [{}]]);
    }
  }
  if (type === 'boolean') out.push(['a string for a boolean', 'yes']);
  if (!types(deref(doc, schema)).includes('null') && !(deref(doc, schema).anyOf as Schema[] | undefined)) {
    out.push(['null', null]);
  }
  return out;
}
