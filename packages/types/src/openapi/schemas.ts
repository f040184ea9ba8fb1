import * as z from 'zod/mini';
import { ERROR_CODES, JSON_SCHEMA_HINTS } from '../common.js';
import type { Endpoint } from '../endpoints.js';
import * as exported from '../index.js';

/** A JSON Schema object (draft 2020-12, the dialect of OpenAPI 3.1). */
export type Schema = { [key: string]: unknown };

/** Where a `$ref` to a component schema points. */
export const SCHEMA_REF = '#/components/schemas/';

/**
 * Error codes that only the reference mock's fault injection sends (SPEC §5): a fault rule at
 * 408 answers `request_timeout`, one at a 4xx status with no code of its own `fault_injected`.
 * Listed so that what the mock answers validates; Rex itself sends {@link ERROR_CODES}.
 */
export const FAULT_CODES = ['request_timeout', 'fault_injected'] as const;

// Schemas that get a component of their own when another schema uses them, besides the
// endpoints' bodies, queries and data. Everything else is inlined where it is used.
const NAMED_INPUTS = [exported.AddressInput, exported.EmailInput, exported.DomainInput];
const NAMED_OUTPUTS = [exported.Company, exported.Address, exported.ListMeta, exported.ErrorEnvelope];

// What the request schemas of `normalize.ts` accept, which zod cannot see through their custom
// checks. The email pattern is the one `normalizeEmail` applies (after trimming and
// lowercasing); the domain pattern accepts the hosts and URLs `normalizeDomain` can reduce to a
// host of two or more labels, Unicode labels included (stored as punycode).
const LABEL = '[A-Za-z0-9\\u00a1-\\uffff](?:[A-Za-z0-9\\u00a1-\\uffff-]{0,61}[A-Za-z0-9\\u00a1-\\uffff])?';
const LOCAL_HINTS = new Map<object, Schema>([
  [
    exported.EmailInput,
    {
      type: 'string',
      format: 'email',
      maxLength: 254,
      pattern:
        "^\\s*(?:[A-Za-z0-9_'+-]+\\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\\.)+[A-Za-z]{2,}\\s*$",
      description: 'An email address. Rex stores it trimmed and lowercased; it is the dedup key of contacts.',
      examples: ['ada@example.com'],
    },
  ],
  [
    exported.DomainInput,
    {
      type: 'string',
      // Leading and trailing white space is trimmed by the server, so the pattern allows it.
      pattern: `^\\s*(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?:[^\\s/?#@]*@)?(?:${LABEL}\\.)+${LABEL}\\.?(?::[0-9]*)?(?:[/?#]\\S*)?\\s*$`,
      description:
        'A host name or a URL. Rex keeps only the host, lowercased, without a leading `www.` or a trailing dot, internationalised names as punycode (`https://www.Acme.com/about` → `acme.com`); it is the dedup key of companies. IP addresses and single-label hosts are refused.',
      examples: ['acme.com', 'https://www.acme.com/about'],
    },
  ],
]);

const exportNames = new Map<unknown, string>(
  Object.entries(exported)
    .filter(([, value]) => typeof value === 'object' && value !== null && '_zod' in value)
    .map(([name, value]) => [value, name]),
);

/** The name a schema is exported under from `@rex/types`: its component name. */
export function nameOf(schema: z.ZodMiniType | undefined): string {
  const name = schema && exportNames.get(schema);
  if (!name) throw new Error('Every schema in ENDPOINTS must be exported from @rex/types under a name');
  return name;
}

function convert(named: z.ZodMiniType[], io: 'input' | 'output'): Record<string, Schema> {
  const registry = z.registry<{ id: string }>();
  for (const schema of new Set(named)) registry.add(schema, { id: nameOf(schema) });
  const { schemas } = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id: string) => `${SCHEMA_REF}${id}`,
    // Custom checks are opaque to zod; their JSON Schema travels beside them.
    override: ({ zodSchema, jsonSchema }) => {
      const hint = JSON_SCHEMA_HINTS.get(zodSchema) ?? LOCAL_HINTS.get(zodSchema);
      if (hint) Object.assign(jsonSchema, structuredClone(hint));
    },
  });
  const out: Record<string, Schema> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _schema, $id: _id, ...rest } = schema as Schema;
    out[id] = rest;
  }
  return out;
}

/** Calls `visit` on `schema` and every schema inside it, parents first. */
export function walk(schema: unknown, visit: (schema: Schema) => void): void {
  if (typeof schema !== 'object' || schema === null) return;
  const s = schema as Schema;
  visit(s);
  for (const k of ['items', 'additionalProperties', 'not', 'propertyNames']) walk(s[k], visit);
  for (const k of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
    if (Array.isArray(s[k])) for (const item of s[k] as unknown[]) walk(item, visit);
  }
  for (const k of ['properties', '$defs']) {
    if (s[k]) for (const item of Object.values(s[k] as Schema)) walk(item, visit);
  }
}

const isNull = (s: unknown): boolean => (s as Schema | undefined)?.type === 'null';

// Both versions: `propertyNames: {type: string}` says nothing in JSON (keys are strings) and
// OpenAPI 3.0 has no such keyword; `T | null` of an inline schema becomes one schema.
function tidy(schema: Schema): void {
  walk(schema, (s) => {
    delete s.propertyNames;
    const union = s.anyOf as Schema[] | undefined;
    if (union?.length === 2 && union.some(isNull)) {
      const other = union.find((u) => !isNull(u)) as Schema;
      if (typeof other.type === 'string' && !other.$ref) {
        delete s.anyOf;
        Object.assign(s, other, { type: [other.type, 'null'] });
        if (Array.isArray(other.enum)) s.enum = [...other.enum, null];
      }
    }
  });
}

const TIMESTAMP_FIELD = /(?:^|_)at$|^timestamp$/;
const baseType = (s: Schema): unknown => (Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type);

// What a response field can be read as, learned from the request field of the same name: its
// value went through that schema (a `linkedin_url` is an http(s) URL, an `icp_score` an integer).
function learnFields(inputs: Record<string, Schema>): Map<string, Schema> {
  const fields = new Map<string, Schema>();
  for (const component of Object.values(inputs)) {
    for (const [name, property] of Object.entries((component.properties ?? {}) as Record<string, Schema>)) {
      const target = property.$ref
        ? inputs[(property.$ref as string).slice(SCHEMA_REF.length)]
        : ((property.anyOf as Schema[] | undefined)?.find((s) => s.$ref) ?? property);
      const resolved = target?.$ref ? inputs[(target.$ref as string).slice(SCHEMA_REF.length)] : target;
      if (!resolved) continue;
      const fact: Schema = {};
      if (typeof resolved.format === 'string') fact.format = resolved.format;
      if (baseType(resolved) === 'integer') fact.type = 'integer';
      if (Object.keys(fact).length > 0) fields.set(name, fact);
    }
  }
  return fields;
}

// Responses: open to new fields, enums listed as today's values (a type generator turns
// `one of these | any string` into plain `string`), formats and integers stated.
function shapeOutputs(outputs: Record<string, Schema>, fields: Map<string, Schema>): void {
  for (const schema of Object.values(outputs)) {
    walk(schema, (s) => {
      if (s.additionalProperties === false) delete s.additionalProperties;
      const union = s.anyOf as Schema[] | undefined;
      if (
        union?.length === 2 &&
        Array.isArray(union[0]?.enum) &&
        union[0]?.type === 'string' &&
        union[1]?.type === 'string' &&
        Object.keys(union[1]).length === 1
      ) {
        delete s.anyOf;
        Object.assign(s, union[0]);
      }
      // `metadata` values are any JSON value: `{}` says so without a recursive alias.
      if (s.additionalProperties && (s.additionalProperties as Schema).$ref === `${SCHEMA_REF}JsonValue`) {
        s.additionalProperties = {};
      }
      for (const [name, property] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
        const type = baseType(property);
        if (type === 'string' && TIMESTAMP_FIELD.test(name)) property.format = 'date-time';
        const fact = fields.get(name);
        if (!fact) continue;
        if (type === 'string' && fact.format) property.format = fact.format;
        if (type === 'number' && fact.type === 'integer') {
          property.type = Array.isArray(property.type)
            ? property.type.map((t) => (t === 'number' ? 'integer' : t))
            : 'integer';
        }
      }
    });
  }
  delete outputs.JsonValue;
  const code = (
    (outputs.ErrorEnvelope?.properties as Record<string, Schema> | undefined)?.error?.properties as
      | Record<string, Schema>
      | undefined
  )?.code;
  if (!code || !Array.isArray(code.enum)) throw new Error('ErrorEnvelope has no error.code enum');
  code.enum = [...ERROR_CODES, ...FAULT_CODES];
}

/** The component schemas of the document, before any are dropped as unused. */
export interface Components {
  schemas: Record<string, Schema>;
  /** The component name of a `fields=` variant of `name`, created on first use. */
  sparse(name: string): string;
}

/**
 * Converts every schema the endpoints use into JSON Schema components: requests as zod reads
 * them (`io: input`), responses as the server writes them (`io: output`).
 */
export function buildComponents(endpoints: readonly Endpoint[]): Components {
  const inputs = convert(
    [...endpoints.flatMap((e) => [e.body, e.query]).filter((s) => s !== undefined), ...NAMED_INPUTS],
    'input',
  );
  const outputs = convert([...endpoints.map((e) => e.data), ...NAMED_OUTPUTS, exported.JsonValue], 'output');
  for (const schema of Object.values(inputs)) tidy(schema);
  shapeOutputs(outputs, learnFields(inputs));
  for (const schema of Object.values(outputs)) tidy(schema);
  for (const name of Object.keys(outputs)) {
    if (name in inputs) throw new Error(`${name} is both a request and a response schema`);
  }
  const schemas = { ...inputs, ...outputs };
  return {
    schemas,
    sparse(name) {
      const sparse = `Sparse${name}`;
      if (!schemas[sparse]) {
        const full = schemas[name] as Schema;
        schemas[sparse] = {
          ...structuredClone(full),
          description: `${name} as a read with \`fields=\` returns it: only the fields named and \`id\`. Without \`fields=\` every field of ${name} is present.`,
          required: ['id'],
        };
      }
      return sparse;
    },
  };
}
