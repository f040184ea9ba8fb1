/**
 * A request workload over every operation of the OpenAPI document, built from the document
 * itself (so an endpoint added to `ENDPOINTS` is covered the day it lands): valid calls with
 * every optional field, sparse fieldsets, embeds and pagination, then the error cases — bad or
 * missing keys, wrong scopes, unknown and malformed ids, each property broken one way, unknown
 * fields, missing required fields, duplicates, oversized bodies, injected faults and a real
 * rate limit. Each step says which status it expects and whether the document should accept
 * the request, so both directions are checked: the document refuses what the server refuses,
 * and accepts what it accepts.
 */
import type { OpenApiDocument } from '@rex/types/openapi';
import {
  deref,
  invalidValues,
  type Operation,
  operationsOf,
  type Parameter,
  type Schema,
  sample,
  unique,
} from './schema.js';

/** API keys the mock is started with (`apiKeys`), all in one org. */
export const KEYS = {
  readWrite: 'rex_test_conformance',
  read: 'rex_test_conformance_read',
  capture: 'rex_test_conformance_capture',
  burst: 'rex_test_conformance_burst',
} as const;
export const API_KEYS = [
  { key: KEYS.readWrite, org: 'conformance', scope: 'read-write' },
  { key: KEYS.read, org: 'conformance', scope: 'read' },
  { key: KEYS.capture, org: 'conformance', scope: 'capture-only' },
  { key: KEYS.burst, org: 'conformance', scope: 'read-write' },
] as const;

/** One request and what should come of it. */
export interface Step {
  name: string;
  method: string;
  path: string;
  query?: Record<string, string>;
  key?: string | undefined;
  body?: unknown;
  /** `success`: one of the operation's 2xx statuses; a number: exactly that status. */
  status: 'success' | number;
  /** Whether the request conforms to the document (a deliberately broken one does not). */
  valid: boolean;
  /** Set up the mock before sending (fault rules). */
  before?: () => Promise<void>;
  /** Extra checks on the answer; each string returned is a failure. */
  after?: (status: number, body: unknown) => string[];
}

/** What the workload learns from answers: ids per TypeID prefix, cursors per path. */
export class Pool {
  readonly ids = new Map<string, string[]>();
  readonly cursors = new Map<string, string>();

  learn(step: Step, status: number, body: unknown): void {
    // A call without a key (capture) lands in another org: its ids are of no use here.
    if (status >= 300 || !step.key || !body || typeof body !== 'object') return;
    const { data, meta } = body as { data?: unknown; meta?: { cursor?: string | null } };
    if (meta?.cursor) this.cursors.set(step.path, meta.cursor);
    if (step.method === 'DELETE') {
      // What was deleted is no use to later steps.
      const id = (data as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string') {
        for (const list of this.ids.values()) if (list.includes(id)) list.splice(list.indexOf(id), 1);
      }
      return;
    }
    for (const item of Array.isArray(data) ? data : [data]) {
      const id = (item as { id?: unknown } | undefined)?.id;
      if (typeof id !== 'string' || !id.includes('_')) continue;
      const prefix = id.slice(0, id.indexOf('_'));
      const list = this.ids.get(prefix) ?? [];
      if (!list.includes(id)) list.push(id);
      this.ids.set(prefix, list);
    }
  }

  /** An existing id with `prefix`; `take` removes it (it is about to be deleted or merged). */
  id(prefix: string, take = false): string | undefined {
    const list = this.ids.get(prefix);
    if (!list || list.length === 0) return undefined;
    return take ? list.pop() : list[0];
  }
}

// Fields of request bodies that name another record, by the TypeID prefix of that record.
const LINKS: Record<string, string> = { company_id: 'comp', primary_id: 'cont', duplicate_ids: 'cont' };

const pathParams = (op: Operation) => op.parameters.filter((p) => p.in === 'path');
const queryParams = (op: Operation) => op.parameters.filter((p) => p.in === 'query');
const prefixOf = (p: Parameter): string => /`(\w+)_`/.exec(p.description)?.[1] ?? '';
const successes = (op: Operation) => Object.keys(op.responses).filter((s) => s.startsWith('2'));

/** The order operations run in: creates first (they make the ids), deletes last. */
function rank(op: Operation): number {
  const ok = successes(op);
  if (op.method === 'POST' && pathParams(op).length === 0 && ok.length === 1 && ok[0] === '201') return 0;
  if (op.method === 'POST' && ok.includes('201')) return 1;
  if (op.method === 'GET') return 2;
  if (op.method === 'PATCH' || op.method === 'PUT') return 3;
  if (op.method === 'POST') return 4;
  return 5;
}

const encode = (value: unknown): string => (Array.isArray(value) ? value.join(',') : String(value));

/**
 * The steps for one document, produced lazily: each reads the ids learned from the answers to
 * the steps before it. `mock` adds fault rules and drains a key's rate limit directly, not
 * through the proxy.
 */
export function* workload(
  doc: OpenApiDocument,
  pool: Pool,
  mock: { fault(rule: object): Promise<void>; drain(key: string): Promise<void> },
): Generator<() => Step | undefined> {
  const ops = operationsOf(doc).sort((a, b) => rank(a) - rank(b));
  const idFor = (name: string, take = false) => {
    const prefix = LINKS[name];
    return prefix ? pool.id(prefix, take) : undefined;
  };
  const fill = (op: Operation, take = false): string | undefined => {
    let path = op.path;
    for (const p of pathParams(op)) {
      const id = pool.id(prefixOf(p), take);
      if (!id) return undefined;
      path = path.replace(`{${p.name}}`, encodeURIComponent(id));
    }
    return path;
  };
  const base = (op: Operation) => ({
    method: op.method,
    key: KEYS.readWrite as string | undefined,
    status: 'success' as const,
    valid: true,
  });

  for (const op of ops) {
    const name = (what: string) => `${op.operationId}: ${what}`;
    const body = op.body && deref(doc, op.body);
    const anyPath = () => fill(op) ?? op.path;

    // Valid calls.
    if (body) {
      const copies = rank(op) === 0 ? 3 : 1;
      for (let i = 0; i < copies; i++) {
        let sent: unknown;
        yield () => {
          const path = fill(op, op.method === 'POST' && rank(op) === 4);
          if (!path) return undefined;
          const consume = op.operationId.endsWith('merge');
          sent = sample(doc, body, '', (field) => idFor(field, consume && field.endsWith('_ids')));
          return { ...base(op), name: name('every field'), path, body: sent };
        };
        if (rank(op) <= 1 && i === 0) {
          // The same body again: a create conflicts on its dedup key, an upsert updates.
          yield () => ({
            ...base(op),
            name: name('the same body again'),
            path: op.path,
            body: sent,
            status: rank(op) === 0 ? 409 : 200,
          });
        }
      }
      if (rank(op) === 0) {
        // Required fields only: what comes back shows the defaults the document states.
        yield () => ({
          ...base(op),
          name: name('required fields only, defaults'),
          path: op.path,
          body: sample(doc, body, '', () => undefined, false),
          after: (_, answer) => {
            const data = (answer as { data: Record<string, unknown> }).data;
            return Object.entries((body.properties ?? {}) as Record<string, Schema>)
              .filter(([, p]) => 'default' in p)
              .filter(([k, p]) => JSON.stringify(data[k]) !== JSON.stringify(p.default))
              .map(
                ([k, p]) =>
                  `default of ${k}: document says ${JSON.stringify(p.default)}, got ${JSON.stringify(data[k])}`,
              );
          },
        });
        yield () => ({
          ...base(op),
          name: name('a body over 1 MiB'),
          path: op.path,
          body: { ...(sample(doc, body) as object), ...bigText(body) },
          status: 413,
        });
      }
    } else if (op.method !== 'DELETE') {
      yield () => {
        const path = fill(op);
        return path ? { ...base(op), name: name('no parameters'), path } : undefined;
      };
    }
    const query = queryParams(op);
    if (query.length > 0) {
      yield () => {
        const path = fill(op);
        if (!path) return undefined;
        const q: Record<string, string> = {};
        for (const p of query) {
          if (p.name === 'cursor' || p.name === 'after') continue;
          const value =
            p.name.endsWith('_id') && LINKS[p.name]
              ? pool.id(LINKS[p.name] as string)
              : sample(doc, p.schema as Schema, p.name);
          if (value !== undefined) q[p.name] = encode(value);
        }
        return { ...base(op), name: name('every query parameter'), path, query: q };
      };
      const fields = query.find((p) => p.name === 'fields');
      if (fields) {
        const names = (deref(doc, (fields.schema as Schema).items as Schema).enum as string[]).filter(
          (f) => f !== 'id',
        );
        for (const picked of [names.slice(0, 1), names.slice(1, 4), names.slice(-2)]) {
          yield () => {
            const path = fill(op);
            return path
              ? {
                  ...base(op),
                  name: name(`fields=${picked.join(',')}`),
                  path,
                  query: { fields: picked.join(',') },
                }
              : undefined;
          };
        }
      }
      if (query.some((p) => p.name === 'include')) {
        yield () => {
          const path = fill(op);
          return path
            ? { ...base(op), name: name('include=company'), path, query: { include: 'company' } }
            : undefined;
        };
      }
      for (const paging of ['cursor', 'after']) {
        if (!query.some((p) => p.name === paging)) continue;
        yield () => {
          const path = fill(op);
          return path
            ? { ...base(op), name: name('first page of 1'), path, query: { limit: '1' } }
            : undefined;
        };
        yield () => {
          const path = fill(op);
          const cursor = path && pool.cursors.get(path);
          return path && cursor
            ? {
                ...base(op),
                name: name(`next page by ${paging}`),
                path,
                query: { limit: '1', [paging]: cursor },
              }
            : undefined;
        };
      }
      if (query.some((p) => p.name === 'cursor')) {
        yield () => ({
          ...base(op),
          name: name('a cursor Rex did not issue'),
          path: anyPath(),
          query: { cursor: 'not-a-cursor' },
          status: 400,
        });
      }
      for (const p of query) {
        for (const [what, value] of invalidValues(doc, p.schema as Schema)) {
          if (typeof value !== 'string' && typeof value !== 'number' && !Array.isArray(value)) continue;
          if (what.includes('for a string') || what.includes('for a list')) continue;
          yield () => ({
            ...base(op),
            name: name(`${p.name}: ${what}`),
            path: anyPath(),
            query: { [p.name]: encode(value) },
            status: 400,
            valid: false,
          });
        }
      }
    }

    // Keys and scopes.
    if (op.security) {
      yield () => ({
        ...base(op),
        name: name('no key'),
        path: anyPath(),
        key: undefined,
        body: body && sample(doc, body, '', idFor),
      });
    }
    yield () => ({
      ...base(op),
      name: name('an unknown key'),
      path: anyPath(),
      key: 'rex_test_nobody',
      body: body && sample(doc, body, '', idFor),
      status: 401,
    });
    if (!op.security) {
      yield () => ({
        ...base(op),
        name: name('no key'),
        path: anyPath(),
        key: undefined,
        body: body && sample(doc, body, '', idFor),
        status: 401,
        valid: false,
      });
      const wrong = op.method === 'GET' ? KEYS.capture : KEYS.read;
      yield () => ({
        ...base(op),
        name: name(`a ${wrong === KEYS.read ? 'read' : 'capture-only'} key`),
        path: anyPath(),
        key: wrong,
        body: body && sample(doc, body, '', idFor),
        status: 403,
      });
    }

    // Ids: a record that does not exist, and a string that is no id at all (both 404).
    for (const p of pathParams(op)) {
      for (const [what, id] of [
        ['an unknown id', `${prefixOf(p)}_01h455vb4pex5vsknk084sn02q`],
        ['a malformed id', 'not-an-id'],
      ] as const) {
        yield () => ({
          ...base(op),
          name: name(what),
          path: op.path.replace(`{${p.name}}`, id),
          body: body && sample(doc, body, '', idFor),
          status: 404,
        });
      }
    }

    // Bodies broken one property at a time, an unknown field, a missing required field.
    if (body) {
      const properties = (body.properties ?? {}) as Record<string, Schema>;
      for (const [field, schema] of Object.entries(properties)) {
        for (const [what, value] of invalidValues(doc, schema)) {
          yield () => {
            const path = fill(op);
            if (!path) return undefined;
            const sent = { ...(sample(doc, body, '', idFor) as object), [field]: value };
            return {
              ...base(op),
              name: name(`${field}: ${what}`),
              path,
              body: sent,
              status: 400,
              valid: false,
            };
          };
        }
      }
      yield () => {
        const path = fill(op);
        if (!path) return undefined;
        const sent = { ...(sample(doc, body, '', idFor) as object), not_a_field: 1 };
        return { ...base(op), name: name('an unknown field'), path, body: sent, status: 400, valid: false };
      };
      for (const field of (body.required ?? []) as string[]) {
        yield () => {
          const path = fill(op);
          if (!path) return undefined;
          const sent = { ...(sample(doc, body, '', idFor) as Record<string, unknown>) };
          delete sent[field];
          return { ...base(op), name: name(`without ${field}`), path, body: sent, status: 400, valid: false };
        };
      }
    }

    // Deletes last for their operation: the record goes, and a second delete is a 404.
    if (op.method === 'DELETE') {
      let deleted: string | undefined;
      yield () => {
        deleted = fill(op, true);
        return deleted ? { ...base(op), name: name('an existing record'), path: deleted } : undefined;
      };
      yield () =>
        deleted
          ? { ...base(op), name: name('the same record again'), path: deleted, status: 404 }
          : undefined;
    }
  }

  // Faults the mock injects on request (SPEC §5), each through the document's responses.
  const list = ops.find((op) => op.method === 'GET' && pathParams(op).length === 0) as Operation;
  for (const [status, retryAfter] of [[408], [418], [429, 2], [500], [502], [503, 1], [504]] as const) {
    yield () => ({
      ...base(list),
      name: `fault: ${status} on ${list.operationId}`,
      path: list.path,
      status,
      before: () =>
        mock.fault({
          method: list.method,
          path: list.path,
          status,
          times: 1,
          ...(retryAfter ? { retryAfter } : {}),
        }),
    });
  }
  // The real rate limit: drain a key's bucket directly, then one more call through the proxy.
  yield () => ({
    ...base(list),
    name: `rate limit: ${list.operationId} over 1,000 requests a minute`,
    path: list.path,
    key: KEYS.burst,
    status: 429,
    before: () => mock.drain(KEYS.burst),
    after: (_, answer) =>
      (answer as { error?: { code?: string } }).error?.code === 'rate_limit_exceeded'
        ? []
        : ['no rate_limit_exceeded error'],
  });
}

// A string field filled to just over the 1 MiB body limit.
function bigText(body: Schema): Record<string, string> {
  const field = Object.entries((body.properties ?? {}) as Record<string, Schema>).find(
    ([k, p]) => [p.type].flat().includes('string') && !p.format && !p.pattern && !k.endsWith('_id'),
  )?.[0];
  return field ? { [field]: 'x'.repeat(1024 * 1024 + unique()) } : {};
}
