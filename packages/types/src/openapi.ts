import { buildDocument, pruneSchemas } from './openapi/document.js';
import { downgradeSchema, eachSchema } from './openapi/downgrade.js';
import type { Schema } from './openapi/schemas.js';
import { toYaml } from './openapi/yaml.js';

/** A JSON Schema object, as found in the OpenAPI document. */
export type JsonSchema = { [key: string]: unknown };

/**
 * The OpenAPI version of a document: `3.0` (what Rex serves as `/openapi.yaml` [Rex], and what
 * most code generators read best) or `3.1` (JSON Schema 2020-12).
 */
export type OpenApiVersion = '3.0' | '3.1';

/** The parts of an OpenAPI document that {@link createOpenApiDocument} fills in. */
export interface OpenApiDocument {
  openapi: '3.0.3' | '3.1.0';
  info: {
    title: string;
    version: string;
    description: string;
    contact: { name: string; url: string };
    license: { name: string; url: string };
  };
  servers: {
    url: string;
    description?: string;
    variables?: Record<string, { default: string; description?: string }>;
  }[];
  security: Record<string, []>[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, JsonSchema>>;
  components: {
    schemas: Record<string, JsonSchema>;
    requestBodies: Record<string, JsonSchema>;
    responses: Record<string, JsonSchema>;
    headers: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
  };
}

/** Options of {@link createOpenApiDocument} and {@link createOpenApiYaml}. */
export interface OpenApiOptions {
  /**
   * The OpenAPI version to write.
   * @default '3.1' for {@link createOpenApiDocument}, '3.0' for {@link createOpenApiYaml}
   */
  version?: OpenApiVersion;
  /**
   * The one server to list, such as the URL the document is served from. Without it the
   * document lists Rex's per-tenant URL with its `subdomain` variable.
   * @default 'https://{subdomain}.rexgtm.com'
   */
  serverUrl?: string;
}

/**
 * Builds the OpenAPI document of the Rex API from the `@rex/types` schemas and the `ENDPOINTS`
 * table, so the document can never disagree with the validation the SDK and the mock server
 * run. Both versions come from the same declarations and say the same thing, each in its own
 * JSON Schema dialect.
 *
 * @example
 * import { createOpenApiDocument } from '@rex/types/openapi';
 * const doc = createOpenApiDocument({ version: '3.0', serverUrl: 'https://acme.rexgtm.com' });
 * Object.keys(doc.paths); // ['/contacts', '/contacts/upsert', …]
 */
export function createOpenApiDocument(options: OpenApiOptions = {}): OpenApiDocument {
  const version = options.version ?? '3.1';
  const body = buildDocument(options.serverUrl);
  pruneSchemas(body);
  if (version === '3.0') {
    const schemas = (body.components as { schemas: Record<string, Schema> }).schemas;
    eachSchema(body, (schema) => downgradeSchema(schema, schemas));
    // Nullable references are written out in 3.0, which can leave a schema unused.
    pruneSchemas(body);
    return { openapi: '3.0.3', ...body } as unknown as OpenApiDocument;
  }
  return { openapi: '3.1.0', ...body } as unknown as OpenApiDocument;
}

/**
 * The OpenAPI document as YAML text, OpenAPI 3.0 unless `version` says otherwise: what a server
 * sends for `GET /openapi.yaml` [Rex].
 *
 * @example
 * import { createOpenApiYaml } from '@rex/types/openapi';
 * const yaml = createOpenApiYaml({ serverUrl: 'http://127.0.0.1:4010' }); // 'openapi: 3.0.3\n…'
 */
export function createOpenApiYaml(options: OpenApiOptions = {}): string {
  return toYaml(createOpenApiDocument({ ...options, version: options.version ?? '3.0' }));
}
