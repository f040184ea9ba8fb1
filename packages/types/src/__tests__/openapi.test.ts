import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../index.js';
import { createOpenApiDocument } from '../openapi.js';

const doc = createOpenApiDocument({ serverUrl: 'https://acme.rexgtm.com' });

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

function ajvWithComponents() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  // Components are addressed the way the document refers to them.
  ajv.addSchema({ $id: 'rex', components: doc.components }, 'rex');
  return ajv;
}
const resolve = (schema: unknown) =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"rex#/components/'));

describe('createOpenApiDocument', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every endpoint of SPEC §4, and nothing else', () => {
    const listed = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(listed.sort()).toEqual([...SPEC_OPERATIONS].sort());
    expect(ENDPOINTS).toHaveLength(SPEC_OPERATIONS.length);
  });

  it('compiles every request, parameter and response schema as JSON Schema 2020-12', () => {
    const ajv = ajvWithComponents();
    let compiled = 0;
    for (const ops of Object.values(doc.paths)) {
      for (const op of Object.values(ops) as Record<string, unknown>[]) {
        const schemas: unknown[] = [];
        for (const p of (op.parameters ?? []) as { schema: unknown }[]) schemas.push(p.schema);
        const body = op.requestBody as { content: Record<string, { schema: unknown }> } | undefined;
        if (body) schemas.push(body.content['application/json']?.schema);
        for (const response of Object.values(
          op.responses as Record<string, { content?: Record<string, { schema: unknown }> }>,
        )) {
          if (response.content) schemas.push(response.content['application/json']?.schema);
        }
        for (const schema of schemas) {
          expect(() => ajv.compile(resolve(schema))).not.toThrow();
          compiled++;
        }
      }
    }
    expect(compiled).toBeGreaterThan(60);
  });

  it('describes what the schemas accept: a valid body passes, a typo fails', () => {
    const ajv = ajvWithComponents();
    const create = ajv.compile(resolve(doc.components.schemas.ContactCreateParams));
    expect(create({ email: 'ada@example.com', stage: 'lead', metadata: { a: 1 } })).toBe(true);
    expect(create({ email: 'ada@example.com', stge: 'lead' })).toBe(false);
    expect(create({ email: 'ada@example.com', stage: 'won' })).toBe(false);
    const contact = ajv.compile(resolve(doc.components.schemas.Contact));
    expect(
      contact({
        id: 'cont_01h455vb4pex5vsknk084sn02q',
        email: 'ada@example.com',
        first_name: null,
        last_name: null,
        phone: null,
        title: null,
        linkedin_url: null,
        stage: 'lead',
        source: 'other',
        source_detail: null,
        icp_score: null,
        icp_score_reason: null,
        icp_scored_at: null,
        company_id: null,
        owner_id: null,
        metadata: { nested: { ok: [1, 'two', null] } },
        created_at: '2026-03-16T12:00:00.000Z',
        updated_at: '2026-03-16T12:00:00.000Z',
      }),
    ).toBe(true);
  });

  it('marks capture as needing no key and the rest as needing X-Api-Key', () => {
    expect(doc.components.securitySchemes.apiKey).toEqual({
      type: 'apiKey',
      in: 'header',
      name: 'X-Api-Key',
    });
    expect(doc.paths['/capture']?.post?.security).toEqual([]);
    expect(doc.paths['/contacts']?.get?.security).toBeUndefined();
    expect(doc.servers[0]?.url).toBe('https://acme.rexgtm.com');
  });
});
