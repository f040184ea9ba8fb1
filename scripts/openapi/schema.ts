/**
 * Reading the OpenAPI 3.1 document the way a client would: resolving references and making
 * one valid (or deliberately invalid) value for a schema. Shared by the Prism workload and the
 * property check.
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
  if (union) return nonNull(doc, union.find((u) => u.type !== 'null') ?? (union[0] as Schema));
  return s;
}

let counter = 0;
/** A fresh number, so generated emails and domains do not collide with earlier ones. */
export const unique = (): number => ++counter;

/**
 * A valid value for `schema`: every optional property filled in too, so formats and enums are
 * exercised. `idFor(name)` supplies a real id for a property that names another record, or
 * `undefined` to leave it out.
 */
export function sample(
  doc: OpenApiDocument,
  schema: Schema,
  name = '',
  idFor: (name: string) => string | undefined = () => undefined,
  full = true,
): unknown {
  const s = nonNull(doc, schema);
  if (Array.isArray(s.enum)) {
    const values = s.enum.filter((v) => v !== null);
    return values[unique() % values.length];
  }
  const type = types(s).find((t) => t !== 'null');
  switch (type) {
    case 'object': {
      if (!s.properties) return { plan: 'pro', seats: unique() };
      const required = (s.required ?? []) as string[];
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(s.properties as Record<string, Schema>)) {
        if (!full && !required.includes(key)) continue;
        if (key.endsWith('_id') || key.endsWith('_ids')) {
          const id = idFor(key);
          if (id !== undefined) out[key] = key.endsWith('_ids') ? [id] : id;
          else if (required.includes(key)) throw new Error(`No id for required field ${key}`);
          continue;
        }
        out[key] = sample(doc, property, key, idFor, full);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, (s.minItems as number) ?? 1) }, () =>
        sample(doc, s.items as Schema, name, idFor, full),
      );
    case 'integer':
      return Math.max((s.minimum as number) ?? 0, Math.min((s.maximum as number) ?? 1e6, 7));
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    case 'string': {
      const n = unique();
      if (s.format === 'email') return `conformance.${n}@example.com`;
      if (s.format === 'uri') return `https://example.com/people/${n}`;
      if (s.format === 'date-time') return new Date(Date.UTC(2026, 2, 16, 12, 0, n % 60)).toISOString();
      if (typeof s.pattern === 'string' && s.pattern.includes('://')) return `conformance-${n}.example.com`;
      return `${name || 'text'} ${n}`;
    }
    default:
      return 'any';
  }
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
  }
  if (type === 'integer') {
    out.push(['a fraction for an integer', 1.5]);
    if (typeof s.minimum === 'number') out.push(['a value below the minimum', s.minimum - 1]);
    if (typeof s.maximum === 'number') out.push(['a value above the maximum', s.maximum + 1]);
  }
  if (type === 'object') out.push(['a number for an object', 5]);
  if (type === 'array') {
    out.push(['a string for a list', 'x']);
    const items = deref(doc, s.items as Schema);
    if (Array.isArray(items.enum)) out.push(['an unknown name in the list', ['not-a-listed-value']]);
    if (typeof s.minItems === 'number' && s.minItems > 0) out.push(['an empty list', []]);
  }
  if (type === 'boolean') out.push(['a string for a boolean', 'yes']);
  if (!types(deref(doc, schema)).includes('null') && !(deref(doc, schema).anyOf as Schema[] | undefined)) {
    out.push(['null', null]);
  }
  return out;
}
