/**
 * A request workload over every operation of the OpenAPI document, built from the document
 * itself (so an endpoint added to `ENDPOINTS` is covered the day it lands): valid calls with
 * every optional field, sparse fieldsets, embeds and pagination, then the error cases — bad or
 * missing keys, wrong scopes, unknown and malformed ids, each property broken one way, unknown
 * fields, missing required fields, duplicates, records still in use, oversized bodies, injected
 * faults and a real rate limit. Each step says which status it expects and whether the document
 * should accept the request, so both directions are checked: the document refuses what the
 * server refuses, and accepts what it accepts.
 *
 * Records are made by the document's creates, in the order their links need (a deal names a
 * pipeline and one of its stages, so pipelines come first), and every later request takes real
 * ids from what the answers held: the {@link Pool} knows each id's kind by its TypeID prefix,
 * which sub-records belong to which record (a pipeline's stages), and which records link to
 * which (a deal to its pipeline and stage).
 */
import type { OpenApiDocument } from '@rex/types/openapi';
import {
  deref,
  type IdSource,
  invalidValues,
  linkPrefix,
  type Operation,
  operationsOf,
  type Parameter,
  type Schema,
  sample,
  successes,
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
  /** The operation the request is for. */
  operationId: string;
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

// ---------------------------------------------------------------------------------------------
// Known mock issues

/**
 * What the mock answers that SPEC does not allow, found by this check and reported rather than
 * fixed here (the mock is not this check's to change; docs/openapi.md lists them). Each is
 * excused only where it shows — one step's status (`answer`), or the list items it explains
 * (`item`) so that everything else in the same answer still counts — and each run says how
 * often it was seen. Remove an entry when the mock is fixed.
 */
export const KNOWN_MOCK_ISSUES: readonly KnownIssue[] = [];

/** A mock behaviour SPEC does not allow, and where it shows. */
export interface KnownIssue {
  id: string;
  issue: string;
  /** Whether the list item `item` of an answer to `operationId` shows the issue. */
  item?: (operationId: string, item: unknown) => boolean;
  /** Whether a step answered with another status than expected because of the issue. */
  answer?: (step: Step, status: number) => boolean;
}

/**
 * The known issues that explain the item at `index` of a list answer's `data`, if any (an empty
 * list for every other location).
 */
export function knownIssuesAt(operationId: string, body: unknown, index: number): string[] {
  const item = (body as { data?: unknown[] } | undefined)?.data?.[index];
  return item === undefined
    ? []
    : KNOWN_MOCK_ISSUES.filter((known) => known.item?.(operationId, item)).map((known) => known.id);
}

/** The known issue that explains why `step` was answered `status`, if one does. */
export function knownAnswer(step: Step, status: number): string | undefined {
  return KNOWN_MOCK_ISSUES.find((known) => known.answer?.(step, status))?.id;
}

/** How often each known issue was excused: answers, and list items in them. */
export type KnownTally = Map<string, { answers: number; items: number }>;

/** Adds one answer's excused items (`id index` each) to `known`. */
export function tally(known: KnownTally, excused: ReadonlySet<string>): void {
  for (const id of new Set([...excused].map((e) => e.split(' ')[0] as string))) {
    const count = known.get(id) ?? { answers: 0, items: 0 };
    count.answers++;
    count.items += [...excused].filter((e) => e.startsWith(`${id} `)).length;
    known.set(id, count);
  }
}

/** The known issues excused in a run, for its summary line; empty when none was. */
export function knownText(known: KnownTally): string {
  if (known.size === 0) return '';
  const parts = [...known].map(
    ([id, n]) => `${id}: ${n.items > 0 ? `${n.items} items in ` : ''}${n.answers} answers`,
  );
  return ` (known mock issues excused: ${parts.join(', ')})`;
}

// ---------------------------------------------------------------------------------------------
// The pool of ids

const prefixOfId = (id: string): string => id.slice(0, id.indexOf('_'));
const isId = (value: unknown): value is string => typeof value === 'string' && /^[a-z]+_\w+$/i.test(value);

/**
 * What the workload learns from answers: ids per TypeID prefix, which sub-records each record
 * holds (a pipeline's stages), which records each record links to (a deal's pipeline and stage),
 * and cursors per path.
 */
export class Pool {
  readonly ids = new Map<string, string[]>();
  readonly cursors = new Map<string, string>();
  /** Whether the last page read of each path said `has_more`. */
  readonly more = new Map<string, boolean>();
  /** Sub-records by parent id, by prefix: `pipe_…` → `stg` → its stages in order. */
  private readonly children = new Map<string, Map<string, string[]>>();
  /** Links of each record: `deal_…` → `{pipeline_id: pipe_…, stage_id: stg_…}`. */
  private readonly links = new Map<string, Record<string, string>>();

  learn(step: Pick<Step, 'method' | 'path' | 'key' | 'query'>, status: number, body: unknown): void {
    // A call without a key (capture) lands in another org: its ids are of no use here.
    if (status >= 300 || !step.key || !body || typeof body !== 'object') return;
    const { data, meta } = body as { data?: unknown; meta?: { cursor?: string | null; has_more?: boolean } };
    if (meta?.cursor) this.cursors.set(step.path, meta.cursor);
    if (meta) this.more.set(step.path, meta.has_more === true);
    if (step.method === 'DELETE') {
      // The path's last id is gone (a record, or a stage of a pipeline).
      const last = decodeURIComponent(step.path.split('/').pop() as string);
      this.forget(last);
      if ((data as { deleted?: unknown } | undefined)?.deleted === true) return;
    }
    // Embedded records (`include=`) are learned by their own kind, not as sub-records.
    const nested = !step.query?.include;
    for (const item of Array.isArray(data) ? data : [data]) this.record(item, nested);
  }

  private add(id: string): void {
    const prefix = prefixOfId(id);
    const list = this.ids.get(prefix) ?? [];
    if (!list.includes(id)) list.push(id);
    this.ids.set(prefix, list);
  }

  private forget(id: string): void {
    const list = this.ids.get(prefixOfId(id));
    if (list?.includes(id)) list.splice(list.indexOf(id), 1);
    this.links.delete(id);
    for (const kinds of this.children.values()) {
      for (const sub of kinds.values()) if (sub.includes(id)) sub.splice(sub.indexOf(id), 1);
    }
  }

  private record(item: unknown, nested: boolean): void {
    const record = item as Record<string, unknown> | undefined;
    if (!record || typeof record !== 'object' || !isId(record.id)) return;
    const id = record.id;
    this.add(id);
    const links: Record<string, string> = {};
    for (const [field, value] of Object.entries(record)) {
      if (field.endsWith('_id') && isId(value)) links[field] = value;
      if (!nested || !Array.isArray(value) || !value.every((v) => isId((v as { id?: unknown })?.id)))
        continue;
      // Sub-records listed in the record (a pipeline's stages): replace what was known.
      const ids = value.map((v) => (v as { id: string }).id);
      const kinds = this.children.get(id) ?? new Map<string, string[]>();
      for (const prefix of new Set(ids.map(prefixOfId))) {
        for (const old of [...(kinds.get(prefix) ?? [])]) if (!ids.includes(old)) this.forget(old);
        kinds.set(
          prefix,
          ids.filter((sub) => prefixOfId(sub) === prefix),
        );
      }
      this.children.set(id, kinds);
      for (const sub of ids) this.add(sub);
    }
    if (Object.keys(links).length > 0) this.links.set(id, links);
  }

  /** Whether a known record links to `id` (a deal to its pipeline): deleting it may be refused. */
  referenced(id: string): boolean {
    for (const links of this.links.values()) if (Object.values(links).includes(id)) return true;
    return false;
  }

  /**
   * The ids of `prefix` that belong with `context` (ids already chosen for the request, most
   * recent first): the sub-records of the first context record that has some, or of a record it
   * links to (a stage of the deal's pipeline) — `owned` then — else every id of `prefix`.
   */
  related(prefix: string, context: readonly string[]): { ids: string[]; owned: boolean } {
    const all = this.ids.get(prefix) ?? [];
    for (const c of context) {
      for (const owner of [c, ...Object.values(this.links.get(c) ?? {})]) {
        const sub = this.children.get(owner)?.get(prefix);
        if (sub) return { ids: sub.filter((id) => all.includes(id)), owned: true };
      }
    }
    return { ids: all, owned: false };
  }

  /**
   * An existing id of `prefix` that belongs with `context`, preferring one the context neither
   * holds nor links to (so a move moves, and a merge does not name its primary twice). `take`
   * removes it from the pool (it is about to be deleted or merged away), preferring one no
   * record links to.
   */
  id(prefix: string, context: readonly string[] = [], take = false): string | undefined {
    const { ids } = this.related(prefix, context);
    if (take) {
      const free = ids.filter((id) => !this.referenced(id));
      const id = (free.length > 0 ? free : ids).at(-1);
      if (id) this.forget(id);
      return id;
    }
    const current = new Set([...context, ...context.flatMap((c) => Object.values(this.links.get(c) ?? {}))]);
    return ids.find((id) => !current.has(id)) ?? ids[0];
  }

  /** An existing id of `prefix` that a record links to, if any (a pipeline holding deals). */
  inUse(prefix: string, context: readonly string[] = []): string | undefined {
    return this.related(prefix, context).ids.find((id) => this.referenced(id));
  }
}

/**
 * Ids for the link fields of one request body: each field's prefix comes from its description,
 * each id related to the ids chosen before it (`context`, which it extends). A list field gets
 * every sub-record of the path's record, last first (`stage_ids`: a reorder), or else one id,
 * taken from the pool when `consume` (a merge deletes the duplicates it names).
 */
export function linkIds(pool: Pool, context: string[], consume = false): IdSource {
  return (field, schema) => {
    const prefix = linkPrefix(schema);
    if (!prefix) return undefined;
    if (field.endsWith('_ids')) {
      const related = pool.related(prefix, context);
      if (related.owned && related.ids.length > 0) return [...related.ids].reverse();
      return pool.id(prefix, context, consume);
    }
    const id = pool.id(prefix, context);
    if (id) context.unshift(id);
    return id;
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the document

const pathParams = (op: Operation) => op.parameters.filter((p) => p.in === 'path');
const queryParams = (op: Operation) => op.parameters.filter((p) => p.in === 'query');
const declares = (op: Operation, status: number) => String(status) in op.responses;

/** A plain create: `POST /things` answering 201 alone. It makes the records later steps use. */
const isCreate = (op: Operation) =>
  op.method === 'POST' &&
  pathParams(op).length === 0 &&
  successes(op).length === 1 &&
  successes(op)[0] === '201';

/** The order operations run in: creates first (they make the ids), deletes last. */
function rank(op: Operation): number {
  if (isCreate(op)) return 0;
  if (op.method === 'POST' && successes(op).includes('201')) return 1;
  if (op.method === 'GET') return 2;
  if (op.method === 'PATCH' || op.method === 'PUT') return 3;
  if (op.method === 'POST') return 4;
  return 5;
}

/**
 * The creates in an order where each runs after the creates of what its body links to (deals
 * after pipelines, contacts and companies), by the TypeID prefixes the document states: the
 * prefix a create makes is that of the `{id}` of its path's item operations.
 */
function byDependencies(doc: OpenApiDocument, ops: Operation[]): Operation[] {
  const makes = (op: Operation) =>
    linkPrefix(operationsOf(doc).find((o) => o.path === `${op.path}/{id}`)?.parameters[0]);
  const needs = (op: Operation) =>
    Object.values(((op.body && deref(doc, op.body).properties) ?? {}) as Record<string, Schema>)
      .map((p) => linkPrefix(p))
      .filter((p): p is string => p !== undefined && p !== makes(op));
  const made = new Map(ops.map((op) => [makes(op), op]));
  const ordered: Operation[] = [];
  const visit = (op: Operation, path: Operation[]) => {
    if (ordered.includes(op) || path.includes(op)) return;
    for (const prefix of needs(op)) {
      const before = made.get(prefix);
      if (before) visit(before, [...path, op]);
    }
    ordered.push(op);
  };
  for (const op of ops) visit(op, []);
  return ordered;
}

const encode = (value: unknown): string => (Array.isArray(value) ? value.join(',') : String(value));

// ---------------------------------------------------------------------------------------------
// The workload

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
  const all = operationsOf(doc);
  const creates = byDependencies(doc, all.filter(isCreate));
  const ops = [...creates, ...all.filter((op) => !isCreate(op)).sort((a, b) => rank(a) - rank(b))];

  /**
   * The path with real ids, each related to the ones before it (a stage of that pipeline);
   * `take` takes the last one from the pool (it is about to be deleted); `override` puts a value
   * of its own in one parameter. `context` receives the ids used, most recent first.
   */
  const fill = (
    op: Operation,
    options: { take?: boolean; override?: [string, string]; context?: string[] } = {},
  ): string | undefined => {
    const context = options.context ?? [];
    let path = op.path;
    const params = pathParams(op);
    for (const [i, p] of params.entries()) {
      const last = i === params.length - 1;
      const id =
        options.override?.[0] === p.name
          ? options.override[1]
          : pool.id(linkPrefix(p) ?? '', context, options.take === true && last);
      if (!id) return undefined;
      context.unshift(id);
      path = path.replace(`{${p.name}}`, encodeURIComponent(id));
    }
    return path;
  };
  /** A body of every field (or the required ones), its links related to the path's ids. */
  const bodyFor = (op: Operation, context: string[], options: { full?: boolean; consume?: boolean } = {}) => {
    const body = op.body && deref(doc, op.body);
    if (!body) return undefined;
    return sample(doc, body, {
      idFor: linkIds(pool, context, options.consume),
      full: options.full ?? true,
      // An update's enums keep their first value: a later step may need the record as it was.
      first: op.method === 'PATCH',
    });
  };
  /** A request with real ids in the path and a body of every field; `undefined` without ids. */
  const valid = (op: Operation, options: { take?: boolean; consume?: boolean } = {}) => {
    const context: string[] = [];
    const path = fill(op, { take: options.take ?? false, context });
    if (!path) return undefined;
    return { path, body: bodyFor(op, context, options) };
  };
  const base = (op: Operation) => ({
    operationId: op.operationId,
    method: op.method,
    key: KEYS.readWrite as string | undefined,
    status: 'success' as const,
    valid: true,
  });

  for (const op of ops) {
    const name = (what: string) => `${op.operationId}: ${what}`;
    const body = op.body && deref(doc, op.body);
    const anyPath = () => fill(op) ?? op.path;
    /** A valid request for the error cases: a path with real ids (when there are) and a body. */
    const some = () => {
      const context: string[] = [];
      const path = fill(op, { context }) ?? op.path;
      return { path, body: bodyFor(op, context) };
    };

    // Valid calls.
    if (body) {
      const copies = rank(op) === 0 ? 3 : 1;
      for (let i = 0; i < copies; i++) {
        let sent: { path: string; body: unknown } | undefined;
        yield () => {
          // The records a list names may be used up (a merge deletes its duplicates): they are
          // taken from the pool.
          sent = valid(op, { consume: true });
          return sent && { ...base(op), name: name('every field'), ...sent };
        };
        if (rank(op) <= 1 && i === 0) {
          // The same body again: a create conflicts on its dedup key (when it has one: the
          // operation declares a 409), an upsert updates, anything else makes another record.
          const again = successes(op).length > 1 ? 200 : declares(op, 409) && isCreate(op) ? 409 : 'success';
          yield () => sent && { ...base(op), name: name('the same body again'), ...sent, status: again };
        }
      }
      if (rank(op) === 0) {
        // Required fields only: what comes back shows the defaults the document states.
        yield () => ({
          ...base(op),
          name: name('required fields only, defaults'),
          path: op.path,
          body: bodyFor(op, [], { full: false }),
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
          body: { ...(bodyFor(op, []) as object), ...bigText(body) },
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
        const context: string[] = [];
        const path = fill(op, { context });
        if (!path) return undefined;
        const q: Record<string, string> = {};
        for (const p of query) {
          if (p.name === 'cursor' || p.name === 'after') continue;
          const prefix = linkPrefix(p);
          const value = prefix ? pool.id(prefix, context) : sample(doc, p.schema as Schema, { name: p.name });
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
      const include = query.find((p) => p.name === 'include');
      if (include) {
        // Each relation on its own, then all of them at once (Rex's `include=company,activities`).
        const names = deref(doc, (include.schema as Schema).items as Schema).enum as string[];
        for (const picked of [...names.map((n) => [n]), ...(names.length > 1 ? [names] : [])]) {
          yield () => {
            const path = fill(op);
            return path
              ? {
                  ...base(op),
                  name: name(`include=${picked.join(',')}`),
                  path,
                  query: { include: picked.join(',') },
                }
              : undefined;
          };
        }
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
          // A query string has no types: `7` and "7" are the same text.
          if (/for a (string|list|number)/.test(what)) continue;
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
      yield () => ({ ...base(op), name: name('no key'), ...some(), key: undefined });
    }
    yield () => ({
      ...base(op),
      name: name('an unknown key'),
      ...some(),
      key: 'rex_test_nobody',
      status: 401,
    });
    if (!op.security) {
      yield () => ({
        ...base(op),
        name: name('no key'),
        ...some(),
        key: undefined,
        status: 401,
        valid: false,
      });
      // A read key for what needs read-write, a capture-only key for a read.
      const wrong = op.access === 'write' ? KEYS.read : KEYS.capture;
      yield () => ({
        ...base(op),
        name: name(`a ${wrong === KEYS.read ? 'read' : 'capture-only'} key`),
        ...some(),
        key: wrong,
        status: 403,
      });
    }

    // Ids: a record that does not exist, and a string that is no id at all (both 404), each in
    // one path parameter while the others hold real ids.
    for (const p of pathParams(op)) {
      for (const [what, id] of [
        ['an unknown id', `${linkPrefix(p)}_01h455vb4pex5vsknk084sn02q`],
        ['a malformed id', 'not-an-id'],
      ] as const) {
        yield () => {
          const context: string[] = [];
          const path = fill(op, { override: [p.name, id], context }) ?? op.path.replace(`{${p.name}}`, id);
          return {
            ...base(op),
            name: name(`${p.name}: ${what}`),
            path,
            body: bodyFor(op, context),
            status: 404,
          };
        };
      }
    }

    // Bodies broken one property at a time, an unknown field, a missing required field, fields
    // that exclude each other sent together.
    if (body) {
      const properties = (body.properties ?? {}) as Record<string, Schema>;
      const broken = (what: string, change: (sent: Record<string, unknown>) => void) => () => {
        const context: string[] = [];
        const path = fill(op, { context });
        if (!path) return undefined;
        const sent = { ...(bodyFor(op, context) as Record<string, unknown>) };
        change(sent);
        return { ...base(op), name: name(what), path, body: sent, status: 400, valid: false };
      };
      for (const [field, schema] of Object.entries(properties)) {
        for (const [what, value] of invalidValues(doc, schema)) {
          yield broken(`${field}: ${what}`, (sent) => {
            sent[field] = value;
          });
        }
      }
      yield broken('an unknown field', (sent) => {
        sent.not_a_field = 1;
      });
      for (const field of (body.required ?? []) as string[]) {
        yield broken(`without ${field}`, (sent) => {
          delete sent[field];
        });
      }
      const exclusive = ((body.not as Schema | undefined)?.required ?? []) as string[];
      if (exclusive.length > 1) {
        yield broken(`${exclusive.join(' and ')} together`, (sent) => {
          for (const field of exclusive)
            sent[field] = sample(doc, properties[field] as Schema, { first: true });
        });
      }
    }

    // Deletes last for their operation: a record others still hold is refused (when the
    // operation says it can be), a free one goes, and a second delete is a 404.
    if (op.method === 'DELETE') {
      const params = pathParams(op);
      const target = params.at(-1) as Parameter;
      if (declares(op, 409)) {
        yield () => {
          const context: string[] = [];
          const owners = params.slice(0, -1).map((p) => pool.id(linkPrefix(p) ?? '', context));
          context.unshift(...(owners.filter(Boolean) as string[]).reverse());
          const held = pool.inUse(linkPrefix(target) ?? '', context);
          if (!held) return undefined;
          const path = fill(op, { override: [target.name, held] });
          return path ? { ...base(op), name: name('a record still in use'), path, status: 409 } : undefined;
        };
      }
      let deleted: string | undefined;
      yield () => {
        deleted = fill(op, { take: true });
        return deleted ? { ...base(op), name: name('an existing record'), path: deleted } : undefined;
      };
      yield () =>
        deleted
          ? { ...base(op), name: name('the same record again'), path: deleted, status: 404 }
          : undefined;
    }
  }

  // Last, every page of each top-level list, so that what the steps above made — updated, moved,
  // deleted — is read back through the document: the events above all, one of each type.
  const lists = ops.filter(
    (op) =>
      op.method === 'GET' && pathParams(op).length === 0 && queryParams(op).some((p) => p.name === 'cursor'),
  );
  for (const op of lists) {
    const step = (query: Record<string, string>) => ({
      ...base(op),
      name: `${op.operationId}: every page to the end`,
      path: op.path,
      query: { limit: '200', ...query },
    });
    yield () => step({});
    for (let page = 1; page < 50; page++) {
      yield () => {
        const cursor = pool.cursors.get(op.path);
        return pool.more.get(op.path) && cursor ? step({ cursor }) : undefined;
      };
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

// A field filled to just over the 1 MiB body limit: a free-text field the document accepts
// `xxx…` in, else `metadata`.
function bigText(body: Schema): Record<string, unknown> {
  const properties = (body.properties ?? {}) as Record<string, Schema>;
  const text = 'x'.repeat(1024 * 1024 + unique());
  const field = Object.entries(properties).find(
    ([k, p]) =>
      [p.type].flat().includes('string') &&
      !p.format &&
      !p.enum &&
      p.maxLength === undefined &&
      !linkPrefix(p) &&
      !k.endsWith('_id') &&
      (typeof p.pattern !== 'string' || new RegExp(p.pattern, 'u').test('xxxx')),
  )?.[0];
  if (field) return { [field]: text };
  if (properties.metadata) return { metadata: { padding: text } };
  throw new Error('No field to make a body over 1 MiB with');
}
