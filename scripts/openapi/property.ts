/**
 * A property check of the mock against the documents: json-schema-faker makes requests from
 * the 3.1 document (path ids, query parameters and bodies, real ids mixed in so that success
 * paths are reached), the mock answers, and Ajv checks every answer against both documents —
 * status declared, required headers present and well-typed, body valid. The properties: no
 * answer is a 5xx, and every answer validates.
 */
import type { OpenApiDocument } from '@rex/types/openapi';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { generateSync } from 'json-schema-faker';
import { deref, LOCAL_URLS, linkPrefix, type Operation, operationsOf, type Schema } from './schema.js';
import { KEYS, type KnownTally, knownIssuesAt, knownText, linkIds, Pool, tally } from './workload.js';

export type Version = '3.0' | '3.1';

/** Validates answers against one document: response schemas and header schemas. */
export class Answers {
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(
    private readonly doc: OpenApiDocument,
    version: Version,
  ) {
    this.ajv =
      version === '3.1'
        ? new Ajv2020({ strict: false, allErrors: true })
        : new Ajv({ strict: false, allErrors: true });
    addFormats.default(this.ajv);
    this.ajv.addSchema({ $id: 'rex', components: doc.components }, 'rex');
  }

  private compile(key: string, schema: unknown): ValidateFunction {
    let fn = this.cache.get(key);
    if (!fn) {
      fn = this.ajv.compile(
        JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"rex#/components/')),
      );
      this.cache.set(key, fn);
    }
    return fn;
  }

  /**
   * What is wrong with an answer to `operationId`; empty when it validates. List items a known
   * mock issue explains are left out of the body's check and named in `excused`.
   */
  check(op: Operation, status: number, headers: Headers, body: unknown, excused: Set<string>): string[] {
    const declared = (this.doc.paths[op.path]?.[op.method.toLowerCase()]?.responses ?? {}) as Record<
      string,
      Schema
    >;
    const key = String(status) in declared ? String(status) : 'default';
    let response = declared[key];
    if (!response) return [`status ${status} is not declared`];
    if (typeof response.$ref === 'string') {
      response = this.doc.components.responses[response.$ref.split('/').pop() as string] as Schema;
    }
    const problems: string[] = [];
    for (const [name, header] of Object.entries((response.headers ?? {}) as Record<string, Schema>)) {
      const resolved = (
        typeof header.$ref === 'string'
          ? this.doc.components.headers[header.$ref.split('/').pop() as string]
          : header
      ) as Schema;
      const value = headers.get(name);
      if (value === null) {
        if (resolved.required) problems.push(`header ${name} is missing`);
        continue;
      }
      const schema = resolved.schema as Schema;
      const typed = schema.type === 'integer' && /^-?\d+$/.test(value) ? Number(value) : value;
      const validate = this.compile(`header ${name}`, schema);
      if (!validate(typed)) problems.push(`header ${name}: ${value} ${this.ajv.errorsText(validate.errors)}`);
    }
    const content = (response.content as Record<string, { schema: Schema }> | undefined)?.[
      'application/json'
    ];
    if (content) {
      if (!headers.get('content-type')?.startsWith('application/json')) problems.push('not JSON');
      const validate = this.compile(`${op.operationId} ${key}`, content.schema);
      if (!validate(body)) {
        const errors = (validate.errors ?? []).filter((error) => {
          const index = /^\/data\/(\d+)(?:\/|$)/.exec(error.instancePath)?.[1];
          const known = index === undefined ? [] : knownIssuesAt(op.operationId, body, Number(index));
          for (const id of known) excused.add(`${id} ${index}`);
          return known.length === 0;
        });
        if (errors.length > 0) problems.push(`body: ${this.ajv.errorsText(errors, { separator: '; ' })}`);
      }
    }
    return problems;
  }
}

// `#/components/schemas/X` → `#/$defs/X`: json-schema-faker resolves references within the
// schema it is given.
function forFaker(doc: OpenApiDocument, schema: Schema): Schema {
  const rewrite = (value: unknown) =>
    JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', '"#/$defs/')) as Schema;
  return { ...rewrite(schema), $defs: rewrite(doc.components.schemas) };
}

/** A small seeded generator (mulberry32), so a failing run can be repeated with its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** What a property-check run found. */
export interface PropertyReport {
  problems: string[];
  summary: string;
}

/**
 * Sends `runs` generated requests to the server at `baseUrl` and checks every answer against
 * both documents.
 */
export async function runPropertyCheck(
  baseUrl: string,
  apiKey: string,
  docs: Record<Version, OpenApiDocument>,
  options: { runs: number; seed: number },
): Promise<PropertyReport> {
  const doc = docs['3.1'];
  const checkers = (['3.0', '3.1'] as const).map((v) => [v, new Answers(docs[v], v)] as const);
  const ops = operationsOf(doc);
  const next = random(options.seed);
  const pool = new Pool();
  const problems: string[] = [];
  const statuses = new Map<number, number>();
  // Known mock issues seen: answers and list items each explained (workload.ts).
  const known: KnownTally = new Map();
  const succeeded = new Set<string>();
  const fake = (schema: Schema, optionals = 0.5) =>
    generateSync(forFaker(doc, schema), {
      seed: Math.floor(next() * 2 ** 31),
      optionalsProbability: optionals,
    });

  for (let i = 0; i < options.runs; i++) {
    const op = ops[i % ops.length] as Operation;
    // Real ids most of the time, each related to those before it (a stage of that pipeline).
    const context: string[] = [];
    let path = op.path;
    for (const p of op.parameters.filter((q) => q.in === 'path')) {
      const id = next() < 0.7 ? pool.id(linkPrefix(p) ?? '', context) : undefined;
      if (id) context.unshift(id);
      path = path.replace(`{${p.name}}`, encodeURIComponent(id ?? String(fake(p.schema as Schema))));
    }
    const query = new URLSearchParams();
    for (const p of op.parameters.filter((q) => q.in === 'query')) {
      if (next() < 0.6) continue;
      const prefix = linkPrefix(p);
      const value =
        p.name === 'cursor'
          ? pool.cursors.get(path)
          : prefix && next() < 0.7
            ? pool.id(prefix, context)
            : fake(p.schema as Schema);
      if (value !== undefined) query.set(p.name, Array.isArray(value) ? value.join(',') : String(value));
    }
    let body: unknown;
    if (op.body) {
      body = fake(op.body, next());
      if (body && typeof body === 'object' && !Array.isArray(body)) {
        const b = body as Record<string, unknown>;
        const ids = linkIds(pool, context, true);
        for (const [name, property] of Object.entries(
          (deref(doc, op.body).properties ?? {}) as Record<string, Schema>,
        )) {
          if (!(name in b)) continue;
          // Links to records that exist, most of the time, so that writes can succeed.
          if (linkPrefix(property) && next() < 0.7) {
            const id = ids(name, property);
            b[name] = name.endsWith('_ids') ? [id ?? 'cont_unknown'].flat() : (id ?? null);
          }
          // The one URL the mock fetches (a webhook's) must not leave the machine.
          if ([property.format, (property.anyOf as Schema[] | undefined)?.[0]?.format].includes('uri')) {
            if (typeof b[name] === 'string') b[name] = `${LOCAL_URLS.base}/property/${i}`;
          }
        }
      }
    }
    const roll = next();
    const key =
      roll < 0.85
        ? apiKey
        : roll < 0.9
          ? KEYS.read
          : roll < 0.93
            ? KEYS.capture
            : roll < 0.96
              ? 'rex_test_nobody'
              : undefined;
    const url = `${baseUrl}${path}${query.size > 0 ? `?${query}` : ''}`;
    const response = await fetch(url, {
      method: op.method,
      headers: {
        ...(key ? { 'x-api-key': key } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let answer: unknown = text;
    try {
      answer = JSON.parse(text);
    } catch {
      // Checked below as a body that does not validate.
    }
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    if (response.ok) succeeded.add(op.operationId);
    const where = `${op.method} ${url.slice(baseUrl.length)} → ${response.status}`;
    if (response.status >= 500) problems.push(`${where}: a 5xx (${text.slice(0, 200)})`);
    // Items a known issue explains, as `id index` (both documents see the same ones).
    const excused = new Set<string>();
    for (const [version, checker] of checkers) {
      for (const p of checker.check(op, response.status, response.headers, answer, excused))
        problems.push(`${where} (${version}): ${p}`);
    }
    tally(known, excused);
    pool.learn({ method: op.method, path, key, query: Object.fromEntries(query) }, response.status, answer);
  }
  const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
  return {
    problems,
    summary: `${options.runs} requests (seed ${options.seed}), no 5xx, every answer valid against 3.0 and 3.1${knownText(known)}; ${succeeded.size} of ${ops.length} operations answered 2xx; statuses ${byStatus.join(' ')}`,
  };
}
