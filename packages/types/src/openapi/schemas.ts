import * as z from 'zod/mini';
import { ERROR_CODES, ID_PREFIX, ISO_TIMESTAMP, JSON_SCHEMA_HINTS } from '../common.js';
import type { Endpoint } from '../endpoints.js';
import { EVENT_TYPES } from '../event.js';
import { PAGE_SIZE } from '../fields.js';
import type { ResourceDeclaration } from '../resource.js';
import { ROUTES } from '../routes.js';
import * as exported from './exported.js';

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
const NAMED_OUTPUTS = [
  exported.Company,
  exported.Address,
  exported.ListMeta,
  exported.ErrorEnvelope,
  exported.PipelineStage,
];

/** Every resource declaration `@rex/types` exports (`CONTACTS`, `DEALS`, …). */
export const DECLARATIONS: readonly ResourceDeclaration[] = (Object.values(exported) as unknown[]).filter(
  (value): value is ResourceDeclaration =>
    typeof value === 'object' &&
    value !== null &&
    'plural' in value &&
    'prefix' in value &&
    'schemas' in value,
);

// The schema inside `optional`/`nullable` wrappers, as a field of an object holds it.
function field(object: z.ZodMiniType, name: string): z.ZodMiniType {
  let schema = (object._zod.def as unknown as { shape: Record<string, z.ZodMiniType> }).shape[name];
  while (schema && 'innerType' in schema._zod.def) {
    schema = (schema._zod.def as unknown as { innerType: z.ZodMiniType }).innerType;
  }
  if (!schema) throw new Error(`No field ${name}`);
  return schema;
}

// What the request schemas of `normalize.ts` accept, which zod cannot see through their custom
// checks. The email pattern is the one `normalizeEmail` applies (after trimming and
// lowercasing); the domain pattern accepts the hosts and URLs `normalizeDomain` can reduce to a
// host of two or more labels, Unicode labels included (stored as punycode).
const LABEL = '[A-Za-z0-9\\u00a1-\\uffff](?:[A-Za-z0-9\\u00a1-\\uffff-]{0,61}[A-Za-z0-9\\u00a1-\\uffff])?';
// A host with percent-escapes is decoded before its labels are read (`acme%2Ecom` → `acme.com`),
// so its dots cannot be seen here: any such host passes the pattern, and the server decides.
const ENCODED_HOST = '[A-Za-z0-9\\u00a1-\\uffff.-]*%[0-9A-Fa-f]{2}[A-Za-z0-9%\\u00a1-\\uffff.-]*';
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
      pattern: `^\\s*(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?:[^\\s/?#]*@)?(?:(?:${LABEL}\\.)+${LABEL}\\.?|${ENCODED_HOST})(?::[0-9]*)?(?:[/?#]\\S*)?\\s*$`,
      description:
        'A host name or a URL. Rex keeps only the host, lowercased, without a leading `www.` or a trailing dot, internationalised names as punycode (`https://www.Acme.com/about` → `acme.com`); it is the dedup key of companies. IP addresses and single-label hosts are refused.',
      examples: ['acme.com', 'https://www.acme.com/about'],
    },
  ],
]);

// Request fields whose custom checks say more than zod can, beside those with a hint of their own.
// `webhookSecret`: 1 to 256 characters. `stage_ids` names each stage once; it and `stages` are
// `listOf` checks, whose items zod cannot see. `event_types` (and its
// alias `events`) is `["*"]` or a list of event types: `*` stands alone. A webhook body sends one
// of `event_types` and `events`, not both.
const EVENT_TYPE_LIST: Schema = {
  type: 'array',
  minItems: 1,
  items: { type: 'string', enum: ['*', ...EVENT_TYPES] },
  anyOf: [{ maxItems: 1 }, { items: { not: { const: '*' } } }],
  description: 'Event types to deliver, or `["*"]` for every type (`*` stands alone).',
};
// (`properties` inside `not` names what `required` means, for linters that look for it there.)
const ONE_EVENT_LIST: Schema = {
  not: { required: ['event_types', 'events'], properties: { event_types: {}, events: {} } },
};
// What the custom checks of `@rex/types` stand for beyond their JSON type (which they carry, for
// `decodeQuery`): kept here, so that browser bundles do not carry what only this document reads.
const METADATA_PATCH: Schema = {
  additionalProperties: true,
  description:
    'String keys, JSON values. An update merges at the top level: keys sent overwrite, a key sent as `null` is removed. At most 32 levels deep and 64 KiB serialised per record after the merge; more is a 400.',
};
for (const [schema, hint] of [
  [exported.MetadataPatch, METADATA_PATCH],
  [exported.TimestampInput, { format: 'date-time', pattern: ISO_TIMESTAMP.source }],
  // `format: uri` alone allows any scheme; the pattern keeps http(s) with a host.
  [exported.HttpUrlInput, { format: 'uri', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^/?#@:\\s]' }],
  [
    field(exported.ProductListParams, 'limit'),
    { minimum: 1, maximum: PAGE_SIZE.max, default: PAGE_SIZE.default },
  ],
  [field(exported.ApiKeyCreateParams, 'name'), { pattern: '\\S' }],
  [exported.CentsInput, { minimum: 0 }],
  [exported.CurrencyInput, { pattern: '^[A-Z]{3}$' }],
  [field(exported.ActivityCreateParams, 'confidence_score'), { minimum: 0, maximum: 1 }],
  [
    field(exported.ContactMergeParams, 'duplicate_ids'),
    { items: { type: 'string' }, minItems: 1, maxItems: 100 },
  ],
  [field(exported.StageCreateParams, 'color'), { pattern: '^#[0-9a-fA-F]{6}$' }],
  [field(exported.ProductCreateParams, 'slug'), { pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' }],
  [field(exported.WebhookCreateParams, 'secret'), { type: 'string', minLength: 1, maxLength: 256 }],
  [field(exported.StageReorderParams, 'stage_ids'), { items: { type: 'string' }, uniqueItems: true }],
  [field(exported.PipelineCreateParams, 'stages'), { items: { $ref: `${SCHEMA_REF}StageCreateParams` } }],
  [exported.WebhookEventTypesInput, EVENT_TYPE_LIST],
  [exported.WebhookCreateParams, ONE_EVENT_LIST],
  [exported.WebhookUpdateParams, ONE_EVENT_LIST],
] as const) {
  LOCAL_HINTS.set(schema, hint);
}

// A string with a custom check that refuses white space alone but takes a letter is a name that
// must not be blank (`name`, `title`): `pattern: \S` says so. Probing the check finds every such
// field, including those of resources added later.
function nonBlank(schema: z.ZodMiniType): boolean {
  const def = schema._zod.def as { type: string; checks?: unknown[] };
  return (
    def.type === 'string' &&
    (def.checks?.length ?? 0) > 0 &&
    !z.safeParse(schema, '  ').success &&
    z.safeParse(schema, 'x').success
  );
}

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
      // The schema's own hint, then what this file knows beside it.
      for (const hint of [JSON_SCHEMA_HINTS.get(zodSchema), LOCAL_HINTS.get(zodSchema)]) {
        if (hint) Object.assign(jsonSchema, structuredClone(hint));
      }
      if (
        io === 'input' &&
        !JSON_SCHEMA_HINTS.has(zodSchema) &&
        nonBlank(zodSchema as unknown as z.ZodMiniType)
      ) {
        jsonSchema.pattern = '\\S';
      }
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
// Response fields that are whole numbers though no request sends them (SPEC §7, §8): counts of
// days, a stage's 0-based position, attempts and failures, an HTTP status, events queued.
const INTEGER_FIELDS = new Set([
  'days_in_stage',
  'deal_age_days',
  'position',
  'failure_count',
  'attempts',
  'response_status',
  'queued',
]);
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
        const fact = INTEGER_FIELDS.has(name) ? { type: 'integer' } : fields.get(name);
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

/** A `*_id` field that names a record: what kind, and the TypeID prefix of its ids. */
export interface LinkFact {
  title: string;
  prefix: string;
}

const LINKS = /* @__PURE__ */ (() => {
  const links = new Map<string, LinkFact>();
  // Resources: `deal_id` names a deal (`deal_`). Titles lose their capital unless an acronym.
  for (const d of DECLARATIONS) {
    const title = /^[A-Z]{2}/.test(d.title) ? d.title : d.title.toLowerCase();
    links.set(`${d.name}_id`, { title, prefix: d.prefix });
  }
  // Records that are not resources: events, and stages (path ids such as `stage_id`).
  links.set('event_id', { title: 'event', prefix: ID_PREFIX.event });
  for (const route of Object.values(ROUTES)) {
    for (const [param, prefix] of Object.entries(
      ('ids' in route ? route.ids : {}) as Record<string, string>,
    )) {
      if (param !== 'id') links.set(param, { title: param.slice(0, -'_id'.length), prefix });
    }
  }
  // A merge names contacts by their part in it.
  const contact = links.get('contact_id') as LinkFact;
  links.set('primary_id', contact);
  links.set('duplicate_id', contact);
  return links;
})();

/**
 * What the field `name` links to, if it names a record: `pipeline_id` a pipeline, `stage_ids`
 * stages, `from_stage_id` a stage (the last words decide); `owner_id` is opaque.
 */
export function linkOf(name: string): LinkFact | undefined {
  const single = name.endsWith('_ids') ? name.slice(0, -1) : name;
  const words = single.split('_');
  for (let i = 0; i < words.length - 1; i++) {
    const found = LINKS.get(words.slice(i).join('_'));
    if (found) return found;
  }
  return undefined;
}

// Says, on every `*_id` property that names a record, what kind and which TypeID prefix: so a
// reader (and the conformance workload) knows `stage_id` takes a `stg_` id.
function describeLinks(schema: Schema, request: boolean): void {
  walk(schema, (s) => {
    for (const [name, property] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
      const link = linkOf(name);
      if (!link || property.description) continue;
      const of = request ? ' of your organisation' : '';
      property.description = name.endsWith('_ids')
        ? `Ids of ${link.title}s${of}, each a TypeID starting \`${link.prefix}_\`.`
        : `The id of a ${link.title}${of}, a TypeID starting \`${link.prefix}_\`.`;
    }
  });
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
  // Bodies and answers say what their links name; a query's parameters say it themselves.
  const queries = new Set(endpoints.flatMap((e) => (e.query ? [nameOf(e.query)] : [])));
  for (const [name, schema] of Object.entries(inputs)) if (!queries.has(name)) describeLinks(schema, true);
  for (const schema of Object.values(outputs)) describeLinks(schema, false);
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
