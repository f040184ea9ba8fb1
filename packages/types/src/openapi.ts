import * as z from 'zod/mini';
import { Deleted, ERROR_STATUS, ErrorEnvelope, JSON_SCHEMA_HINTS, JsonValue, ListMeta } from './common.js';
import {
  Address,
  AddressInput,
  Company,
  CompanyCreateParams,
  CompanyGetParams,
  CompanyListParams,
  CompanyUpdateParams,
  CompanyUpsertParams,
} from './company.js';
import {
  CapturedContact,
  CaptureParams,
  Contact,
  ContactCreateParams,
  ContactGetParams,
  ContactListParams,
  ContactMergeParams,
  ContactUpdateParams,
  ContactUpsertParams,
} from './contact.js';
import { ENDPOINTS, type Endpoint } from './endpoints.js';
import { Event, EventListParams } from './event.js';
import { DomainInput, EmailInput } from './normalize.js';
import {
  Webhook,
  WebhookCreateParams,
  WebhookDelivery,
  WebhookDeliveryListParams,
  WebhookEventTypesInput,
  WebhookListParams,
  WebhookReplayParams,
  WebhookReplayResult,
  WebhookUpdateParams,
} from './webhook.js';

/** A JSON Schema object, as found in the OpenAPI document. */
export type JsonSchema = { [key: string]: unknown };

/** The parts of an OpenAPI 3.1 document that {@link createOpenApiDocument} fills in. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string; description?: string }[];
  security: { apiKey: [] }[];
  paths: Record<string, Record<string, JsonSchema>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
    responses: Record<string, JsonSchema>;
  };
}

/** Options of {@link createOpenApiDocument}. */
export interface OpenApiOptions {
  /**
   * The server to list.
   * @default 'https://{subdomain}.rexgtm.com'
   */
  serverUrl?: string;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

// Every schema the document names. Request and response schemas are converted separately
// (zod describes a schema's input or its output, and they differ where a value is normalised).
const OUTPUT: Record<string, z.ZodMiniType> = {
  Contact,
  CapturedContact,
  Company,
  Address,
  Event,
  Deleted,
  ListMeta,
  ErrorEnvelope,
  JsonValue,
  Webhook,
  WebhookDelivery,
  WebhookReplayResult,
};
const INPUT: Record<string, z.ZodMiniType> = {
  ContactCreateParams,
  ContactUpdateParams,
  ContactUpsertParams,
  ContactListParams,
  ContactGetParams,
  ContactMergeParams,
  CaptureParams,
  CompanyCreateParams,
  CompanyUpdateParams,
  CompanyUpsertParams,
  CompanyListParams,
  CompanyGetParams,
  EventListParams,
  AddressInput,
  JsonValue,
  WebhookCreateParams,
  WebhookUpdateParams,
  WebhookListParams,
  WebhookDeliveryListParams,
  WebhookReplayParams,
  WebhookEventTypes: WebhookEventTypesInput,
};
const FORMATS: [z.ZodMiniType, string, JsonSchema][] = [
  [EmailInput, 'Email', { format: 'email', description: 'Normalised by Rex: trimmed and lowercased.' }],
  [
    DomainInput,
    'Domain',
    {
      description:
        'A host or URL; Rex keeps the host, lowercased, without www. or a trailing dot, IDN as punycode.',
    },
  ],
];

function convert(named: Record<string, z.ZodMiniType>, io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string } & JsonSchema>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  if (io === 'input') for (const [schema, id, meta] of FORMATS) registry.add(schema, { id, ...meta });
  const { schemas } = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id: string) => `#/components/schemas/${id}`,
    // Custom checks are opaque to zod; their JSON Schema travels beside them.
    override: ({ zodSchema, jsonSchema }) => {
      const hint = JSON_SCHEMA_HINTS.get(zodSchema);
      if (hint) Object.assign(jsonSchema, hint);
    },
  });
  const out: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _schema, $id: _id, ...rest } = schema as JsonSchema;
    out[id] = rest;
  }
  return out;
}

const nameOf = (named: Record<string, z.ZodMiniType>, schema: z.ZodMiniType | undefined): string => {
  const entry = Object.entries(named).find(([, s]) => s === schema);
  if (!entry) throw new Error('A schema used by ENDPOINTS has no name in the OpenAPI generator');
  return entry[0];
};

// One error response per known code, named after it (`rate_limit_exceeded` → RateLimitExceeded)
// and found by status: ERROR_STATUS is the one list of both.
const ERROR_RESPONSE: Record<number, string> = Object.fromEntries(
  Object.entries(ERROR_STATUS).map(([code, status]) => [
    status,
    code.replace(/(?:^|_)([a-z])/g, (_, letter: string) => letter.toUpperCase()),
  ]),
);

function operation(e: Endpoint, schemas: Record<string, JsonSchema>): JsonSchema {
  const parameters: JsonSchema[] = [];
  for (const [name, prefix] of Object.entries(e.ids ?? {})) {
    // A plain string: an id of the wrong shape is a 404 from the server, not a schema error.
    parameters.push({
      name,
      in: 'path',
      required: true,
      description: `A TypeID starting \`${prefix}_\``,
      schema: { type: 'string' },
    });
  }
  if (e.query) {
    const query = schemas[nameOf(INPUT, e.query)] as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema });
    }
  }
  const success: JsonSchema = {
    type: 'object',
    required: e.envelope === 'list' ? ['data', 'meta'] : ['data'],
    properties:
      e.envelope === 'list'
        ? { data: { type: 'array', items: ref(nameOf(OUTPUT, e.data)) }, meta: ref('ListMeta') }
        : { data: ref(nameOf(OUTPUT, e.data)) },
  };
  const responses: Record<string, JsonSchema> = {};
  for (const status of e.success) {
    responses[String(status)] = {
      description: status === 201 ? 'Created' : e.success.length > 1 ? 'Updated' : 'OK',
      content: { 'application/json': { schema: success } },
    };
  }
  const errors = new Set<number>([...e.errors, ...(e.access === 'none' ? [] : [401, 403]), 429, 500]);
  for (const status of [...errors].sort()) {
    responses[String(status)] = { $ref: `#/components/responses/${ERROR_RESPONSE[status]}` };
  }
  return {
    operationId: e.operationId,
    summary: e.summary,
    tags: [e.path.split('/')[1] ?? ''],
    ...(e.access === 'none' ? { security: [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(e.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref(nameOf(INPUT, e.body)) } },
          },
        }
      : {}),
    responses,
    'x-rex-origin': e.origin,
    'x-rex-access': e.access,
  };
}

/**
 * Builds the OpenAPI 3.1 document of the Rex API from the `@rex/types` schemas, so the document
 * can never disagree with the validation the SDK and the mock server run.
 *
 * @example
 * import { createOpenApiDocument } from '@rex/types/openapi';
 * const doc = createOpenApiDocument({ serverUrl: 'https://acme.rexgtm.com' });
 * Object.keys(doc.paths); // ['/contacts', '/contacts/upsert', …]
 */
export function createOpenApiDocument(options: OpenApiOptions = {}): OpenApiDocument {
  const schemas = { ...convert(INPUT, 'input'), ...convert(OUTPUT, 'output') };
  const paths: OpenApiDocument['paths'] = {};
  for (const e of ENDPOINTS) {
    paths[e.path] ??= {};
    (paths[e.path] as Record<string, JsonSchema>)[e.method.toLowerCase()] = operation(e, schemas);
  }
  const responses: Record<string, JsonSchema> = {};
  for (const [status, name] of Object.entries(ERROR_RESPONSE)) {
    responses[name] = {
      description: `Error ${status}`,
      ...(status === '429'
        ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } }
        : {}),
      content: { 'application/json': { schema: ref('ErrorEnvelope') } },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Rex Contacts & Companies API',
      version: '0.1.0',
      description:
        'Generated from the @rex/types schemas. Operations marked x-rex-origin: rex are documented by Rex; error codes other than not_found and rate_limit_exceeded are ours.',
    },
    servers: [{ url: options.serverUrl ?? 'https://{subdomain}.rexgtm.com' }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } },
      responses,
    },
  };
}
