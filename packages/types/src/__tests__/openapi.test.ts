import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import * as z from 'zod/mini';
import {
  COMPANY_SIZES,
  ENDPOINTS,
  ERROR_CODES,
  ID_PREFIX,
  isTimestamp,
  normalizeDomain,
  normalizeEmail,
  ROUTES,
} from '../index.js';
import {
  createOpenApiDocument,
  createOpenApiYaml,
  type JsonSchema,
  type OpenApiDocument,
} from '../openapi.js';

const v31 = createOpenApiDocument({ serverUrl: 'https://acme.rexgtm.com' });
const v30 = createOpenApiDocument({ version: '3.0', serverUrl: 'https://acme.rexgtm.com' });
const BOTH = [
  ['3.0', v30],
  ['3.1', v31],
] as const;

/** Every operation of SPEC §4 (the seed endpoints and the Rex endpoints beyond them) and §8. */
const SPEC_OPERATIONS = [
  'POST /contacts',
  'GET /contacts',
  'GET /contacts/{id}',
  'PATCH /contacts/{id}',
  'DELETE /contacts/{id}',
  'POST /contacts/upsert',
  'POST /companies',
  'GET /companies',
  'GET /companies/{id}',
  'POST /companies/upsert',
  'PATCH /companies/{id}',
  'DELETE /companies/{id}',
  'GET /companies/{id}/contacts',
  'POST /contacts/merge',
  'POST /capture',
  'GET /events',
  // SPEC §7, written from its table rather than from ENDPOINTS.
  'POST /deals',
  'GET /deals',
  'GET /deals/{id}',
  'PATCH /deals/{id}',
  'DELETE /deals/{id}',
  'POST /deals/{id}/stage',
  'GET /deals/{id}/history',
  'GET /deals/{id}/activities',
  'GET /deals/{id}/tasks',
  'POST /pipelines',
  'GET /pipelines',
  'GET /pipelines/{id}',
  'PATCH /pipelines/{id}',
  'DELETE /pipelines/{id}',
  'GET /pipelines/{id}/deals',
  'POST /pipelines/{id}/stages',
  'PUT /pipelines/{id}/stages',
  'DELETE /pipelines/{id}/stages/{stage_id}',
  'POST /activities',
  'GET /activities',
  'GET /activities/{id}',
  'PATCH /activities/{id}',
  'DELETE /activities/{id}',
  'POST /tasks',
  'GET /tasks',
  'GET /tasks/{id}',
  'PATCH /tasks/{id}',
  'DELETE /tasks/{id}',
  'POST /products',
  'GET /products',
  'GET /products/{id}',
  'PATCH /products/{id}',
  'DELETE /products/{id}',
  'POST /apikeys',
  'GET /apikeys',
  'DELETE /apikeys/{id}',
  'GET /contacts/{id}/deals',
  'GET /contacts/{id}/activities',
  'GET /contacts/{id}/tasks',
  'GET /companies/{id}/deals',
  // SPEC §8
  'POST /webhooks',
  'GET /webhooks',
  'GET /webhooks/{id}',
  'PATCH /webhooks/{id}',
  'DELETE /webhooks/{id}',
  'GET /webhooks/{id}/deliveries',
  'POST /webhooks/{id}/ping',
  'POST /webhooks/{id}/replay',
];

type Operation = {
  operationId: string;
  description: string;
  tags: string[];
  parameters?: JsonSchema[];
  requestBody?: { $ref: string };
  responses: Record<string, JsonSchema>;
};
const operations = (doc: OpenApiDocument): [string, Operation][] =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]): [string, Operation] => [
      `${method.toUpperCase()} ${path}`,
      op as unknown as Operation,
    ]),
  );
function operation(doc: OpenApiDocument, name: string): Operation {
  const found = operations(doc).find(([n]) => n === name);
  if (!found) throw new Error(`No operation ${name}`);
  return found[1];
}
const parameter = (op: Operation, name: string) =>
  op.parameters?.find((p) => p.name === name)?.schema as JsonSchema;

function ajvWithComponents(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  // Components are addressed the way the document refers to them.
  ajv.addSchema({ $id: 'rex', components: doc.components }, 'rex');
  return ajv;
}
const resolve = (schema: unknown) =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"rex#/components/'));

/** Every schema object in a value, however deep. */
function* objects(value: unknown): Generator<JsonSchema> {
  if (Array.isArray(value)) for (const item of value) yield* objects(item);
  else if (value && typeof value === 'object') {
    yield value as JsonSchema;
    for (const item of Object.values(value)) yield* objects(item);
  }
}

const schema = (doc: OpenApiDocument, name: string): JsonSchema => {
  const body = doc.components.requestBodies[name]?.content as
    | Record<string, { schema: JsonSchema }>
    | undefined;
  return (doc.components.schemas[name] ?? body?.['application/json']?.schema) as JsonSchema;
};
const props = (s: JsonSchema) => s.properties as Record<string, JsonSchema>;

describe('createOpenApiDocument', () => {
  it.each(BOTH)('writes a valid OpenAPI %s document', async (version, doc) => {
    expect(doc.openapi.startsWith(version)).toBe(true);
    const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every endpoint of SPEC §4 and §7 in both versions, and nothing else', () => {
    for (const [, doc] of BOTH) {
      expect(
        operations(doc)
          .map(([name]) => name)
          .sort(),
      ).toEqual([...SPEC_OPERATIONS].sort());
    }
    expect(ENDPOINTS).toHaveLength(SPEC_OPERATIONS.length);
  });

  it('gives every operation a description and a declared tag', () => {
    for (const [, doc] of BOTH) {
      const tags = doc.tags.map((t) => t.name);
      for (const [, op] of operations(doc)) {
        expect(op.description.length).toBeGreaterThan(20);
        expect(tags).toContain(op.tags[0]);
      }
    }
  });

  it('declares the variables of the default server', () => {
    const doc = createOpenApiDocument({ version: '3.0' });
    expect(doc.servers).toEqual([
      expect.objectContaining({
        url: 'https://{subdomain}.rexgtm.com',
        variables: { subdomain: expect.objectContaining({ default: 'acme' }) },
      }),
    ]);
    expect(v30.servers[0]?.url).toBe('https://acme.rexgtm.com');
  });

  it('compiles every request, parameter and response schema of the 3.1 document as JSON Schema 2020-12', () => {
    const ajv = ajvWithComponents(v31);
    let compiled = 0;
    for (const [, op] of operations(v31)) {
      const schemas: unknown[] = (op.parameters ?? []).map((p) => p.schema);
      if (op.requestBody) schemas.push(schema(v31, op.requestBody.$ref.split('/').pop() as string));
      for (const response of Object.values(op.responses)) {
        const content = response.content as Record<string, { schema: unknown }> | undefined;
        if (content) schemas.push(content['application/json']?.schema);
      }
      for (const s of schemas) {
        expect(() => ajv.compile(resolve(s))).not.toThrow();
        compiled++;
      }
    }
    expect(compiled).toBeGreaterThan(60);
  });

  it('writes the 3.0 document in the 3.0 dialect: no null type, no const, no type lists', () => {
    for (const s of objects(v30.components)) {
      expect(Array.isArray(s.type)).toBe(false);
      expect(s.type).not.toBe('null');
      expect(s).not.toHaveProperty('const');
      expect(s).not.toHaveProperty('examples');
      // Prism adds null to a nullable enum itself; a null already listed beside it is a duplicate.
      if (s.nullable) expect(s).not.toHaveProperty('enum');
    }
    for (const s of objects(v30.paths)) expect(s).not.toHaveProperty('const');
  });

  it('describes what the schemas accept: a valid body passes, a typo fails', () => {
    const ajv = ajvWithComponents(v31);
    const create = ajv.compile(resolve(schema(v31, 'ContactCreateParams')));
    expect(create({ email: 'ada@example.com', stage: 'lead', metadata: { a: 1 } })).toBe(true);
    expect(create({ email: 'ada@example.com', stge: 'lead' })).toBe(false);
    expect(create({ email: 'ada@example.com', stage: 'won' })).toBe(false);
    // What the server refuses, the document refuses too.
    expect(create({ email: 'ada@example.com', metadata: 5 })).toBe(false);
    expect(create({ email: 'ada@example.c' })).toBe(false);
    expect(create({ email: 'ada@example.com', linkedin_url: 'ftp://example.com/ada' })).toBe(false);
    expect(create({ email: 'ada@example.com', icp_score: 1.5 })).toBe(false);
    expect(create({ email: 'ada@example.com', icp_scored_at: '2026-03-16 12:00:00z' })).toBe(false);
    const company = ajv.compile(resolve(schema(v31, 'CompanyCreateParams')));
    expect(company({ name: 'Acme', domain: 'https://www.Acme.com/about', size: '1-10' })).toBe(true);
    expect(company({ name: '   ' })).toBe(false);
    expect(company({ name: 'Acme', domain: 'localhost' })).toBe(false);
  });

  it('states formats, integers and defaults', () => {
    for (const [, doc] of BOTH) {
      const contact = props(schema(doc, 'Contact'));
      expect(contact.email?.format).toBe('email');
      expect(contact.linkedin_url?.format).toBe('uri');
      expect(contact.created_at?.format).toBe('date-time');
      expect(contact.icp_scored_at?.format).toBe('date-time');
      expect([contact.icp_score?.type].flat()).toContain('integer');
      const create = props(schema(doc, 'ContactCreateParams'));
      expect(create.stage?.default).toBe('lead');
      expect(create.source?.default).toBe('other');
      expect(create.metadata?.default).toEqual({});
      const list = operation(doc, 'GET /contacts');
      expect(parameter(list, 'limit')).toMatchObject({
        type: 'integer',
        minimum: 1,
        maximum: 200,
        default: 50,
      });
      expect(parameter(list, 'sort').default).toBe('-created_at');
    }
  });

  it('keeps enums as closed lists, so generated types stay unions', () => {
    for (const [, doc] of BOTH) {
      expect(props(schema(doc, 'Contact')).stage?.enum).toEqual(['lead', 'prospect', 'customer', 'churned']);
      // 3.0 lists a nullable enum inside allOf (see downgrade.ts).
      const size = props(schema(doc, 'Company')).size as JsonSchema;
      expect(size.enum ?? (size.allOf as JsonSchema[])[0]?.enum).toEqual([...COMPANY_SIZES, null]);
      const error = props(props(schema(doc, 'ErrorEnvelope')).error as JsonSchema);
      expect(error.code?.enum).toEqual(expect.arrayContaining([...ERROR_CODES, 'request_timeout']));
    }
  });

  it('describes metadata as an object, without a recursive JSON alias', () => {
    for (const [, doc] of BOTH) {
      expect(doc.components.schemas).not.toHaveProperty('JsonValue');
      expect(JSON.stringify(doc)).not.toContain('JsonValue');
      expect(props(schema(doc, 'Contact')).metadata).toMatchObject({
        type: 'object',
        additionalProperties: {},
      });
      expect([props(schema(doc, 'ContactUpdateParams')).metadata?.type].flat()).toContain('object');
    }
  });

  it('leaves responses open to new fields and keeps request bodies strict', () => {
    for (const [, doc] of BOTH) {
      for (const name of ['Contact', 'Company', 'Event', 'ErrorEnvelope', 'ListMeta', 'Deleted']) {
        for (const s of objects(schema(doc, name))) expect(s.additionalProperties).not.toBe(false);
      }
      expect(schema(doc, 'ContactCreateParams').additionalProperties).toBe(false);
    }
  });

  it('takes fields and include as comma lists, and path ids as plain strings', () => {
    for (const [, doc] of BOTH) {
      for (const [name, op] of operations(doc)) {
        for (const p of op.parameters ?? []) {
          if (p.name === 'fields' || p.name === 'include') {
            expect(p, name).toMatchObject({ in: 'query', style: 'form', explode: false });
            expect((p.schema as JsonSchema).type).toBe('array');
          }
          if (p.in === 'path') expect(p.schema).toEqual({ type: 'string', minLength: 1 });
        }
      }
    }
  });

  it('lets a sparse record validate on reads that take fields=, and only there', () => {
    const ajv = ajvWithComponents(v31);
    const sparse = ajv.compile(resolve(schema(v31, 'SparseContact')));
    expect(sparse({ id: 'cont_01h455vb4pex5vsknk084sn02q', email: 'ada@example.com' })).toBe(true);
    expect(sparse({ email: 'ada@example.com' })).toBe(false);
    const full = ajv.compile(resolve(schema(v31, 'Contact')));
    expect(full({ id: 'cont_01h455vb4pex5vsknk084sn02q', email: 'ada@example.com' })).toBe(false);
    const data = (name: string) => JSON.stringify(operation(v31, name).responses['200']?.content);
    expect(data('GET /contacts')).toContain('SparseContact');
    expect(data('GET /companies/{id}')).toContain('SparseCompany');
    expect(data('PATCH /contacts/{id}')).not.toContain('Sparse');
  });

  it('declares the response headers on every response, Retry-After on 429, and a default error', () => {
    for (const [, doc] of BOTH) {
      const { responses, headers } = doc.components;
      expect(Object.keys(headers).sort()).toEqual(
        [
          'Retry-After',
          'X-RateLimit-Limit',
          'X-RateLimit-Remaining',
          'X-RateLimit-Reset',
          'X-Request-Id',
        ].sort(),
      );
      expect(Object.keys((responses.RateLimitExceeded as JsonSchema).headers as object)).toContain(
        'Retry-After',
      );
      for (const [name, op] of operations(doc)) {
        expect(op.responses.default, name).toEqual({ $ref: '#/components/responses/Error' });
        for (const [status, response] of Object.entries(op.responses)) {
          const resolved = (
            response.$ref ? responses[(response.$ref as string).split('/').pop() as string] : response
          ) as JsonSchema;
          expect(Object.keys(resolved.headers as object), `${name} ${status}`).toEqual(
            expect.arrayContaining([
              'X-Request-Id',
              'X-RateLimit-Limit',
              'X-RateLimit-Remaining',
              'X-RateLimit-Reset',
            ]),
          );
        }
      }
    }
  });

  it('marks capture as needing no key and the rest as needing X-Api-Key', () => {
    expect(v31.components.securitySchemes.apiKey).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-Api-Key',
    });
    expect(v31.paths['/capture']?.post?.security).toEqual([{}, { apiKey: [] }]);
    expect(v31.paths['/contacts']?.get?.security).toBeUndefined();
  });
});

describe('the rest of the API (SPEC §7, §8)', () => {
  const success = (doc: OpenApiDocument, name: string, status: string) => {
    const content = operation(doc, name).responses[status]?.content as
      | Record<string, { schema: JsonSchema }>
      | undefined;
    return content?.['application/json']?.schema as JsonSchema;
  };

  it('describes what a create answers beside data: the API key, the webhook secret', () => {
    for (const [, doc] of BOTH) {
      const key = success(doc, 'POST /apikeys', '201');
      expect(key.required).toEqual(['data', 'key']);
      expect(props(key).key).toMatchObject({
        type: 'string',
        description: expect.stringContaining('this answer only'),
      });
      const hook = success(doc, 'POST /webhooks', '201');
      expect(hook.required).toEqual(['data', 'secret']);
      expect(props(hook).secret?.type).toBe('string');
      expect(success(doc, 'GET /apikeys', '200').required).toEqual(['data', 'meta']);
    }
    const ajv = ajvWithComponents(v31);
    const created = ajv.compile(resolve(success(v31, 'POST /apikeys', '201')));
    const data = { id: 'key_01h455vb4pex5vsknk084sn02q', name: 'CI', scope: 'read', last4: 'abcd' };
    expect(created({ data: { ...data, created_at: '2026-03-16T12:00:00.000Z' }, key: 'rex_test_abcd' })).toBe(
      true,
    );
    expect(created({ data: { ...data, created_at: '2026-03-16T12:00:00.000Z' } })).toBe(false);
  });

  it('declares a 409 only where a dedup key or a record in use can conflict', () => {
    const conflicts = operations(v31)
      .filter(([, op]) => '409' in op.responses)
      .map(([name]) => name)
      .sort();
    expect(conflicts).toEqual(
      [
        'POST /contacts',
        'POST /contacts/upsert',
        'PATCH /contacts/{id}',
        'POST /companies',
        'POST /companies/upsert',
        'PATCH /companies/{id}',
        'POST /activities',
        'PATCH /activities/{id}',
        'POST /products',
        'PATCH /products/{id}',
        'DELETE /pipelines/{id}',
        'DELETE /pipelines/{id}/stages/{stage_id}',
        'POST /webhooks/{id}/ping',
        'POST /webhooks/{id}/replay',
      ].sort(),
    );
  });

  it('says on every field that names a record which TypeID prefix it takes', () => {
    const prefixes = new Set<string>([
      ...Object.values(ID_PREFIX),
      ...Object.values(ROUTES).flatMap((r) => Object.values(('ids' in r ? r.ids : {}) as object)),
    ]);
    const stated = (s: JsonSchema | undefined) =>
      /TypeID starting `(\w+?)_`/.exec(String(s?.description ?? ''))?.[1];
    for (const [, doc] of BOTH) {
      const deal = schema(doc, 'DealCreateParams');
      expect(stated(props(deal).pipeline_id)).toBe('pipe');
      expect(stated(props(deal).stage_id)).toBe('stg');
      expect(stated(props(schema(doc, 'ContactMergeParams')).duplicate_ids)).toBe('cont');
      expect(stated(props(schema(doc, 'StageReorderParams')).stage_ids)).toBe('stg');
      expect(stated(props(schema(doc, 'DealStageChange')).from_stage_id)).toBe('stg');
      expect(stated(props(schema(doc, 'Contact')).owner_id)).toBeUndefined();
      const filter = operation(doc, 'GET /tasks').parameters?.find((p) => p.name === 'deal_id');
      expect(stated(filter)).toBe('deal');
      // Every prefix the document states is one Rex ids carry.
      for (const s of objects(doc)) {
        const prefix = stated(s);
        if (prefix) expect(prefixes, JSON.stringify(s)).toContain(prefix);
      }
    }
  });

  it('refuses a blank name or title wherever the server does', () => {
    const ajv = ajvWithComponents(v31);
    let checked = 0;
    for (const e of ENDPOINTS) {
      if (!e.body) continue;
      const shape = (e.body._zod.def as { shape?: Record<string, z.ZodMiniType> }).shape ?? {};
      const body = schema(
        v31,
        (operation(v31, `${e.method} ${e.path}`).requestBody?.$ref ?? '').split('/').pop() ?? '',
      );
      const resolved = body.$ref ? schema(v31, (body.$ref as string).split('/').pop() as string) : body;
      for (const [name, field] of Object.entries(shape)) {
        let inner = field;
        while ('innerType' in inner._zod.def)
          inner = (inner._zod.def as { innerType: z.ZodMiniType }).innerType;
        if (z.safeParse(inner, '  ').success || !z.safeParse(inner, 'x').success) continue;
        const validate = ajv.compile(resolve(props(resolved)[name]));
        expect(validate('  '), `${e.operationId} ${name}`).toBe(false);
        expect(validate('x'), `${e.operationId} ${name}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  it('states the webhook rules: * alone, event_types or events, a secret of 1 to 256 characters', () => {
    const ajv = ajvWithComponents(v31);
    const create = ajv.compile(resolve(schema(v31, 'WebhookCreateParams')));
    const url = 'https://example.com/hooks';
    expect(create({ url, event_types: ['*'] })).toBe(true);
    expect(create({ url, events: ['deal.won', 'deal.lost'] })).toBe(true);
    expect(create({ url, event_types: ['*', 'deal.won'] })).toBe(false);
    expect(create({ url, event_types: ['deal.won'], events: ['deal.won'] })).toBe(false);
    expect(create({ url, event_types: [] })).toBe(false);
    expect(create({ url, secret: '' })).toBe(false);
    expect(create({ url, secret: 'x'.repeat(257) })).toBe(false);
    const update = ajv.compile(resolve(schema(v31, 'WebhookUpdateParams')));
    expect(update({ status: 'paused' })).toBe(true);
    expect(update({ status: 'disabled' })).toBe(false);
    expect(update({ event_types: ['*'], events: ['*'] })).toBe(false);
    const reorder = ajv.compile(resolve(schema(v31, 'StageReorderParams')));
    expect(reorder({ stage_ids: ['stg_a', 'stg_b'] })).toBe(true);
    expect(reorder({ stage_ids: ['stg_a', 'stg_a'] })).toBe(false);
  });

  it('states whole numbers as integers and the defaults of every create', () => {
    for (const [, doc] of BOTH) {
      const type = (name: string, field: string) => [props(schema(doc, name))[field]?.type].flat();
      expect(type('Deal', 'days_in_stage')).toEqual(['integer']);
      expect(type('Deal', 'value')).toEqual(['integer']);
      expect(type('PipelineStage', 'position')).toEqual(['integer']);
      expect(type('WebhookDelivery', 'attempts')).toEqual(['integer']);
      expect(type('WebhookDelivery', 'response_status')).toContain('integer');
      expect(type('Webhook', 'failure_count')).toEqual(['integer']);
      const defaults = (name: string) =>
        Object.fromEntries(
          Object.entries(props(schema(doc, name)))
            .filter(([, p]) => 'default' in p)
            .map(([k, p]) => [k, p.default]),
        );
      // A deal's status follows a won/lost stage and an org's first pipeline is its default:
      // neither is a constant default.
      expect(defaults('DealCreateParams')).toEqual({ value: 0, currency: 'USD', metadata: {} });
      expect(defaults('PipelineCreateParams')).toEqual({ metadata: {} });
      expect(defaults('TaskCreateParams')).toEqual({ priority: 'normal', status: 'pending', metadata: {} });
      expect(defaults('ProductCreateParams')).toEqual({ currency: 'USD', is_active: true, metadata: {} });
      expect(defaults('WebhookCreateParams')).toEqual({ event_types: ['*'], metadata: {} });
      expect(defaults('ApiKeyCreateParams')).toEqual({});
    }
  });
});

describe('the patterns in the document', () => {
  const pattern = (doc: OpenApiDocument, name: string) =>
    new RegExp(schema(doc, name).pattern as string, 'u');

  it('accept exactly the email addresses normalizeEmail accepts (before trimming)', () => {
    const email = pattern(v31, 'EmailInput');
    const accepts = (value: string) => {
      try {
        return normalizeEmail(value) === value.toLowerCase();
      } catch {
        return false;
      }
    };
    const char = fc.constantFrom(..."aZ09._+-'@!#%".split(''));
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), fc.string({ unit: char, maxLength: 20 })), (value) => {
        if (value.length > 254) return;
        expect(email.test(value), value).toBe(accepts(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('never refuse a domain or URL that normalizeDomain accepts', () => {
    const domain = pattern(v31, 'DomainInput');
    const accepts = (value: string) => {
      try {
        normalizeDomain(value);
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(
      fc.property(fc.oneof(fc.domain(), fc.webUrl(), fc.string({ maxLength: 12 })), (value) => {
        if (accepts(value)) expect(domain.test(value), value).toBe(true);
      }),
      { numRuns: 2000 },
    );
    for (const value of [
      'acme.com',
      'https://www.Acme.com/about',
      'münchen.de',
      'acme.com.',
      'u:p@acme.com:8080',
      // Percent-escapes are decoded before the labels are read (fast-check found `0%2EA`).
      '0%2EA',
      'ac%6De.com',
      // The host starts after the last `@` (found: `@@0.A`).
      '@@acme.com',
    ])
      expect(domain.test(value), value).toBe(true);
    for (const value of ['localhost', 'acme_corp.com', '-acme.com', 'acme .com', '', '0.A\\']) {
      expect(domain.test(value), value).toBe(false);
    }
  });

  it('accept only timestamps the server accepts', () => {
    const ajv = ajvWithComponents(v31);
    const timestamp = ajv.compile(
      resolve(
        (props(schema(v31, 'ContactCreateParams')).icp_scored_at?.anyOf as JsonSchema[] | undefined)?.[0] ??
          props(schema(v31, 'ContactCreateParams')).icp_scored_at,
      ),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.string({ unit: fc.constantFrom(...'0123456789-:TZtz+. '.split('')), maxLength: 30 }),
        ),
        (value) => {
          if (timestamp(value)) expect(isTimestamp(value), value).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('createOpenApiYaml', () => {
  it.each(BOTH)('writes YAML that parses back to the OpenAPI %s document', (version, doc) => {
    const text = createOpenApiYaml({ version, serverUrl: 'https://acme.rexgtm.com' });
    expect(parse(text)).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('writes OpenAPI 3.0 unless asked otherwise, as Rex serves /openapi.yaml', () => {
    expect(createOpenApiYaml().startsWith('openapi: "3.0.3"\n')).toBe(true);
  });
});
