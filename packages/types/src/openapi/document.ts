import * as z from 'zod/mini';
import { ERROR_STATUS } from '../common.js';
import { ENDPOINTS, type Endpoint } from '../endpoints.js';
import {
  buildComponents,
  type Components,
  DECLARATIONS,
  linkOf,
  nameOf,
  SCHEMA_REF,
  type Schema,
} from './schemas.js';

/** The default server: Rex's per-tenant URL [Rex]. */
export const REX_SERVER = {
  url: 'https://{subdomain}.rexgtm.com',
  description: 'Your Rex tenant',
  variables: {
    subdomain: { default: 'acme', description: "Your organisation's subdomain on rexgtm.com" },
  },
};

const ref = (name: string): Schema => ({ $ref: `${SCHEMA_REF}${name}` });
const headerRef = (name: string): Schema => ({ $ref: `#/components/headers/${name}` });

// The headers of SPEC §2: every response carries the first four; 429 adds `Retry-After`.
const HEADERS: Record<string, Schema> = {
  'X-Request-Id': {
    description: 'Identifies this request; quote it when reporting a problem.',
    required: true,
    schema: { type: 'string' },
  },
  'X-RateLimit-Limit': {
    description: "Requests per minute the key's token bucket holds.",
    required: true,
    schema: { type: 'integer', minimum: 0 },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in the bucket now.',
    required: true,
    schema: { type: 'integer', minimum: 0 },
  },
  'X-RateLimit-Reset': {
    description: 'When the bucket is full again, in seconds since the Unix epoch.',
    required: true,
    schema: { type: 'integer', minimum: 0 },
  },
  'Retry-After': {
    description: 'Seconds to wait before sending the request again.',
    required: true,
    schema: { type: 'integer', minimum: 0 },
  },
};
const COMMON_HEADERS = ['X-Request-Id', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];
const headers = (...extra: string[]): Schema =>
  Object.fromEntries([...COMMON_HEADERS, ...extra].map((name) => [name, headerRef(name)]));

// One error response per known code, named after it (`rate_limit_exceeded` →
// RateLimitExceeded) and found by status: ERROR_STATUS is the one list of both.
const ERROR_RESPONSE: Record<number, string> = Object.fromEntries(
  Object.entries(ERROR_STATUS).map(([code, status]) => [
    status,
    code.replace(/(?:^|_)([a-z])/g, (_, letter: string) => letter.toUpperCase()),
  ]),
);
const ERROR_WHEN: Record<number, string> = {
  400: 'The body or query failed validation (`validation_error`); `param` names the field.',
  401: 'The API key is missing or unknown (`unauthorized`).',
  403: "The key's scope does not allow this call (`forbidden`).",
  404: 'No such record in your organisation, or a malformed id (`not_found`).',
  409: 'The request conflicts with the state of a record (`conflict`): a create or update would duplicate a dedup key (`param` names it, `details.existing_id` holds the record that has it), a pipeline or stage still holds deals, or a webhook subscription is not active.',
  413: 'The body is larger than 1 MiB (`payload_too_large`).',
  429: 'Over the rate limit (`rate_limit_exceeded`); retry after `Retry-After` seconds.',
  500: 'The server failed (`internal_error`).',
};

function errorResponses(): Record<string, Schema> {
  const responses: Record<string, Schema> = {};
  for (const [status, name] of Object.entries(ERROR_RESPONSE)) {
    responses[name] = {
      description: ERROR_WHEN[Number(status)] ?? `Error ${status}.`,
      headers: status === '429' ? headers('Retry-After') : headers(),
      content: { 'application/json': { schema: ref('ErrorEnvelope') } },
    };
  }
  responses.Error = {
    description:
      'Any other error, such as 408 `request_timeout` or a 502, 503 or 504 from a proxy in front of Rex (the reference mock sends these under fault injection). `Retry-After` may be sent.',
    headers: { ...headers(), 'Retry-After': { ...HEADERS['Retry-After'], required: false } },
    content: { 'application/json': { schema: ref('ErrorEnvelope') } },
  };
  return responses;
}

const TAGS: Record<string, string> = {
  contacts: 'People tracked through the go-to-market process [Rex].',
  companies: 'Organisations contacts belong to [Rex].',
  capture: 'Public form submissions, without an API key [Rex].',
  events: 'The change log of every record, oldest first [Rex].',
  deals: 'Potential sales moving through the stages of a pipeline [Rex].',
  pipelines: 'Ordered stages that deals move through [Rex].',
  activities: 'Calls, emails, meetings and notes with contacts, companies and deals [Rex].',
  tasks: 'To-dos for contacts, companies and deals [Rex].',
  products: 'What an organisation sells [Rex].',
  apikeys: 'The keys of your organisation [Rex].',
  webhooks: 'Subscriptions that receive events as signed HTTP POSTs [Rex].',
};
const tagOf = (e: Endpoint): string => e.path.split('/')[1] ?? '';

const PARAMETERS: Record<string, string> = {
  limit: 'Page size.',
  cursor: "Where the page starts: the previous page's `meta.cursor`, opaque.",
  sort: 'Sort order: a field, descending with a leading `-`; ties are broken by id.',
  fields: 'Sparse fieldset: the fields to return, comma-separated (`id` is always returned).',
  include: 'Related records to embed, comma-separated.',
  search: 'Case-insensitive substring of the name (and email or domain).',
  after: 'Only events after the event with this id.',
  updated_after: 'Only records updated strictly after this instant.',
  occurred_after: 'Only activities that occurred strictly after this instant.',
  occurred_before: 'Only activities that occurred strictly before this instant.',
  due_after: 'Only tasks due strictly after this instant.',
  due_before: 'Only tasks due strictly before this instant.',
};

// A query parameter filtering by a value: what it matches, and for a link whose ids.
function filterDescription(name: string, schema: Schema): string {
  if (schema.type === 'array') return `Only records whose \`${name}\` is one of these, comma-separated.`;
  const link = linkOf(name);
  return link
    ? `Only records whose \`${name}\` is this ${link.title}'s id, a TypeID starting \`${link.prefix}_\`.`
    : `Only records whose \`${name}\` is this value.`;
}
const DEFAULT_SORT = '-created_at';

const ACCESS: Record<Endpoint['access'], string> = {
  read: 'Needs an API key with scope `read` or `read-write`.',
  write: 'Needs an API key with scope `read-write`.',
  none: 'Needs no API key. A key that is sent must be valid and not a `read` key; it then selects its organisation.',
};

// Defaults the server applies to a field a create leaves out (SPEC §3, §7): the resource
// declarations' `defaults`, and `{}` for `metadata`. Updates have none: a field left out of a
// PATCH stays as it is. Defaults that depend on other records are not constants and are left
// out: an org's first pipeline is its default one, and a deal created in a `won` or `lost`
// stage takes that status.
const NOT_CONSTANT: Record<string, readonly string[]> = {
  pipelines: ['is_default'],
  deals: ['status'],
};
// A create body that is not the `POST /{plural}` of a resource: capture creates a contact.
const EXTRA_DEFAULTS: Record<string, Record<string, unknown>> = {
  CaptureParams: { source: 'other', metadata: {} },
};

function createDefaults(components: Components): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = { ...EXTRA_DEFAULTS };
  for (const e of ENDPOINTS) {
    const declaration = DECLARATIONS.find((d) => e.method === 'POST' && e.path === `/${d.plural}`);
    if (!declaration || !e.body) continue;
    const name = nameOf(e.body);
    const fields = Object.keys((components.schemas[name]?.properties ?? {}) as Record<string, Schema>);
    const defaults: Record<string, unknown> = { ...declaration.defaults, metadata: {} };
    for (const field of NOT_CONSTANT[declaration.plural] ?? []) delete defaults[field];
    out[name] = Object.fromEntries(Object.entries(defaults).filter(([field]) => fields.includes(field)));
  }
  return out;
}

function description(e: Endpoint, sparse: boolean): string {
  const parts = [`${e.summary}.`, ACCESS[e.access]];
  parts.push(
    e.idempotent
      ? 'Safe to retry: sending it twice leaves the same state as sending it once.'
      : 'Not safe to retry blindly: retry only what Rex cannot have processed (429, connection refused).',
  );
  if (sparse) parts.push('With `fields=`, each record holds only the fields named and `id`.');
  if (e.origin === 'ours') parts.push('This endpoint is ours; Rex does not document it.');
  return parts.join(' ');
}

// An endpoint with the component names of its schemas.
interface NamedEndpoint extends Endpoint {
  bodyName: string | undefined;
  queryName: string | undefined;
  dataName: string;
}

// The fields an answer carries beside `data` (the key of a new API key, the secret of a new
// webhook subscription), each a small schema of its own.
function besideSchemas(e: Endpoint): Record<string, Schema> {
  if (e.envelope === 'list' && e.beside) throw new Error(`${e.operationId}: a list has nothing beside data`);
  return Object.fromEntries(
    Object.entries(e.beside ?? {}).map(([field, schema]) => {
      const { $schema: _schema, ...json } = z.toJSONSchema(schema, { io: 'output' }) as Schema;
      if (typeof json.description !== 'string') throw new Error(`${e.operationId}: describe \`${field}\``);
      return [field, json];
    }),
  );
}

function operation(e: NamedEndpoint, components: Components): Schema {
  const parameters: Schema[] = [];
  for (const [name, prefix] of Object.entries(e.ids ?? {})) {
    // A plain string: an id of the wrong shape is a 404 from the server, not a schema error.
    // Only an empty one is out: `/contacts/` is the list, not this operation.
    parameters.push({
      name,
      in: 'path',
      required: true,
      description: `The record's id, a TypeID starting \`${prefix}_\`. Treat it as opaque.`,
      schema: { type: 'string', minLength: 1 },
    });
  }
  let sparse = false;
  if (e.queryName) {
    const query = components.schemas[e.queryName] as Schema;
    const required = (query.required ?? []) as string[];
    for (const [name, schema] of Object.entries((query.properties ?? {}) as Record<string, Schema>)) {
      const list = schema.type === 'array';
      if (name === 'fields') sparse = true;
      parameters.push({
        name,
        in: 'query',
        required: required.includes(name),
        description:
          name === 'type' && e.operationId === 'events.list'
            ? 'Only events of these types, comma-separated.'
            : (PARAMETERS[name] ?? filterDescription(name, schema)),
        schema: name === 'sort' ? { ...schema, default: DEFAULT_SORT } : schema,
        ...(list ? { style: 'form', explode: false } : {}),
      });
    }
  }
  const item = sparse ? components.sparse(e.dataName) : e.dataName;
  const beside = besideSchemas(e);
  const success: Schema = {
    type: 'object',
    required: e.envelope === 'list' ? ['data', 'meta'] : ['data', ...Object.keys(beside)],
    properties:
      e.envelope === 'list'
        ? { data: { type: 'array', items: ref(item) }, meta: ref('ListMeta') }
        : { data: ref(item), ...beside },
  };
  const responses: Record<string, Schema> = {};
  for (const status of e.success) {
    responses[String(status)] = {
      description: status === 201 ? 'Created.' : e.success.length > 1 ? 'Updated an existing record.' : 'OK.',
      headers: headers(),
      content: { 'application/json': { schema: success } },
    };
  }
  // Every call can meet a bad key (a key sent to capture is checked too), the rate limit and
  // a server failure.
  const errors = new Set<number>([...e.errors, 401, 403, 429, 500]);
  for (const status of [...errors].sort()) {
    const name = ERROR_RESPONSE[status];
    if (!name) throw new Error(`${e.operationId}: no error response for status ${status}`);
    responses[String(status)] = { $ref: `#/components/responses/${name}` };
  }
  responses.default = { $ref: '#/components/responses/Error' };
  return {
    operationId: e.operationId,
    summary: e.summary,
    description: description(e, sparse),
    tags: [tagOf(e)],
    ...(e.access === 'none' ? { security: [{}, { apiKey: [] }] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(e.bodyName ? { requestBody: { $ref: `#/components/requestBodies/${e.bodyName}` } } : {}),
    responses,
    'x-rex-origin': e.origin,
    'x-rex-access': e.access,
  };
}

/**
 * Drops the component schemas nothing points at (following references from the paths and the
 * shared responses), and sorts the rest by name.
 */
export function pruneSchemas(document: Schema): void {
  const components = document.components as { schemas: Record<string, Schema> };
  const seen = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) visit(item);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === '$ref' && typeof v === 'string' && v.startsWith(SCHEMA_REF)) {
          const name = v.slice(SCHEMA_REF.length);
          if (!seen.has(name)) {
            seen.add(name);
            visit(components.schemas[name]);
          }
        } else visit(v);
      }
    }
  };
  visit({
    paths: document.paths,
    responses: (components as Schema).responses,
    requestBodies: (components as Schema).requestBodies,
  });
  components.schemas = Object.fromEntries(
    Object.entries(components.schemas)
      .filter(([name]) => seen.has(name))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** The parts of the 3.1 document before any version-specific rewriting. */
export function buildDocument(serverUrl: string | undefined): Schema {
  const components = buildComponents(ENDPOINTS);
  for (const [name, defaults] of Object.entries(createDefaults(components))) {
    const properties = (components.schemas[name]?.properties ?? {}) as Record<string, Schema>;
    for (const [field, value] of Object.entries(defaults)) {
      if (!properties[field]) throw new Error(`DEFAULTS: ${name} has no field ${field}`);
      properties[field].default = value;
    }
  }
  const paths: Record<string, Record<string, Schema>> = {};
  for (const e of ENDPOINTS) {
    const named: NamedEndpoint = {
      ...e,
      bodyName: e.body && nameOf(e.body),
      queryName: e.query && nameOf(e.query),
      dataName: nameOf(e.data),
    };
    paths[e.path] ??= {};
    (paths[e.path] as Record<string, Schema>)[e.method.toLowerCase()] = operation(named, components);
  }
  const responses = errorResponses();
  // Bodies are shared request bodies rather than schemas: a field's `default` there is what the
  // server assumes when it is left out, and type generators keep such a field optional (they
  // read a `default` in a shared schema as "always present", which is true only of responses).
  const requestBodies: Record<string, Schema> = {};
  const referenced = new Set(
    [...JSON.stringify(components.schemas).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1]),
  );
  for (const e of ENDPOINTS) {
    if (!e.body) continue;
    const name = nameOf(e.body);
    const found = components.schemas[name];
    if (!found) continue;
    // A body another schema also uses (a stage inside a new pipeline) stays a schema of its own.
    const ref = `${SCHEMA_REF}${name}`;
    const shared = referenced.has(ref);
    const schema = shared ? { $ref: ref } : found;
    if (!shared) delete components.schemas[name];
    requestBodies[name] = {
      description:
        e.method === 'PATCH'
          ? 'The fields to change: omitted fields stay, `null` clears a nullable field. Unknown fields are refused.'
          : `What to send to ${e.summary.charAt(0).toLowerCase()}${e.summary.slice(1)}. Unknown fields are refused.`,
      required: true,
      content: { 'application/json': { schema } },
    };
  }
  const tags = [...new Set(ENDPOINTS.map(tagOf))].map((name) => ({
    name,
    description: TAGS[name] ?? `Endpoints under \`/${name}\`.`,
  }));
  return {
    info: {
      title: 'Rex API',
      version: '0.1.0',
      description: [
        'The Rex GTM CRM API as the Rex TypeScript toolkit implements it, generated from the `@rex/types` schemas: the SDK validates with them before sending and the reference mock server validates with them on receipt.',
        '',
        "Facts marked [Rex] come from Rex's documentation; the rest (error codes other than `not_found` and `rate_limit_exceeded`, the `param` and `details` of errors, the limits on `metadata`) are ours. Every response carries `X-Request-Id` and the `X-RateLimit-*` headers. Enums list the values known today: a newer Rex may add values, and clients should let unknown ones through.",
      ].join('\n'),
      contact: { name: 'Rex TypeScript toolkit', url: 'https://rexgtm.com/docs' },
      license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
    },
    servers: serverUrl
      ? [{ url: serverUrl, description: 'The server this document was fetched from' }]
      : [REX_SERVER],
    security: [{ apiKey: [] }],
    tags,
    paths,
    components: {
      schemas: components.schemas,
      requestBodies,
      responses,
      headers: HEADERS,
      securitySchemes: {
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Api-Key',
          description:
            'A key starting `rex_live_` (production) or `rex_test_` (sandbox), with scope `read`, `read-write` or `capture-only` [Rex].',
        },
      },
    },
  };
}
