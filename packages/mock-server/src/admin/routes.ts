import { nestedDeeperThan } from '../engine/json.js';
import type { InspectorData } from '../inspector/data.js';
import type { EnrichInput, RexSnapshot, SeedInput } from '../options.js';
import { readJsonBody } from '../stages/body.js';
import type { Context } from '../stages/compose.js';
import { apiError, HttpError } from '../stages/errors.js';
import type { ActiveFault, FaultRule } from '../stages/fault-rules.js';
import type { JournalFilter, JournalPage } from './journal.js';

/**
 * The instance operations the admin routes expose, and the read-only views the inspector page
 * shows ({@link InspectorData}).
 */
export interface AdminTarget extends InspectorData {
  reset(): void;
  seed(input: SeedInput): unknown;
  snapshot(): RexSnapshot;
  restore(snapshot: RexSnapshot): void;
  requests(filter?: JournalFilter): JournalPage;
  faults(): ActiveFault[];
  addFault(rule: FaultRule): string;
  removeFault(id: string): boolean;
  clearFaults(): number;
  /** Applies enrichment to a contact or company and emits `*.enriched` (see `RexMock.enrich`). */
  enrich(input: EnrichInput): Record<string, unknown>;
  /** Waits until no webhook delivery is pending, or `timeout` ms have passed. */
  drainWebhooks(timeout?: number): Promise<{ drained: boolean; pending: number }>;
  /**
   * Webhook deliveries of one org, newest first, each with its attempts — set once the mock
   * delivers webhooks. Until then `GET /__rex/deliveries` is a 404 and the inspector shows no
   * Deliveries section.
   */
  deliveries?(query: { org: string; limit: number }): unknown[];
}

/** Largest admin request body (seed, restore): 64 MiB, so big snapshots restore over HTTP. */
export const MAX_ADMIN_BODY_BYTES = 64 * 1024 * 1024;

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

/** The host name of a `Host` header (without the port). */
function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

/**
 * Whether an admin request may be answered: its `Host` must be the server's own (loopback or the
 * configured base URL's host) so a DNS-rebinding page cannot reach it, and a POST, PUT or PATCH
 * must say `content-type: application/json`, which a cross-origin page cannot send without a
 * preflight the admin routes never grant. In-process requests (MSW) carry no `Host`. The
 * inspector page's stage runs it too.
 */
export function checkAdminRequest(ctx: Context, ownHost: string): void {
  const host = ctx.req.header('host');
  if (host !== null) {
    const name = hostName(host.trim()).toLowerCase();
    if (!LOOPBACK.test(name) && name !== ownHost) {
      throw apiError('forbidden', `Admin routes answer only requests to this server's own host, not ${name}`);
    }
  }
  if (ctx.method === 'POST' || ctx.method === 'PUT' || ctx.method === 'PATCH') {
    const type = ctx.req.header('content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      throw new HttpError(415, {
        code: 'unsupported_media_type',
        message: `Admin ${ctx.method}s need \`content-type: application/json\``,
      });
    }
  }
}

/**
 * Deepest admin body accepted (ours): a snapshot nests records' 32-level metadata about 10 levels
 * down; far deeper input overflowed the stack when seed and restore copied it (a 500).
 */
export const MAX_ADMIN_DEPTH = 64;

async function readJson(ctx: Context): Promise<unknown> {
  const declared = ctx.req.header('content-length');
  if (declared === '0') return {};
  const body = await readJsonBody(ctx, MAX_ADMIN_BODY_BYTES, '64 MiB').catch((error: unknown) => {
    if (ctx.text?.trim() === '') return {};
    throw error;
  });
  if (nestedDeeperThan(body, MAX_ADMIN_DEPTH)) {
    throw apiError('validation_error', `The request body is nested deeper than ${MAX_ADMIN_DEPTH} levels`);
  }
  return body;
}

/** The query of an admin GET, read strictly: a malformed value is a 400 naming it. */
class AdminQuery {
  private readonly params: URLSearchParams;

  constructor(search: string) {
    this.params = new URLSearchParams(search);
  }

  text(name: string): string | undefined {
    const value = this.params.get(name);
    return value === null || value === '' ? undefined : value;
  }

  int(name: string, min: number, max: number): number | undefined {
    const value = this.params.get(name);
    if (value === null) return undefined;
    if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) {
      throw apiError('validation_error', `\`${name}\` must be an integer from ${min} to ${max}`, {
        param: name,
      });
    }
    return Number(value);
  }
}

function journalFilter(query: AdminQuery): JournalFilter {
  const filter: JournalFilter = {};
  const method = query.text('method');
  const path = query.text('path');
  const status = query.int('status', 0, 999);
  const limit = query.int('limit', 1, 100_000);
  const after = query.text('after');
  if (method) filter.method = method;
  if (path) filter.path = path;
  if (status !== undefined) filter.status = status;
  if (limit !== undefined) filter.limit = limit;
  if (after !== undefined) filter.after = after;
  return filter;
}

/** Most records or events one inspector read returns. */
const MAX_PAGE = 200;

/** An admin answer: a status and a JSON body. */
interface AdminAnswer {
  status: number;
  body: unknown;
}

type AdminRoute = (
  target: AdminTarget,
  ctx: Context,
  query: AdminQuery,
) => AdminAnswer | Promise<AdminAnswer>;

const ok = (data: unknown, meta?: Record<string, unknown>): AdminAnswer => ({
  status: 200,
  body: meta === undefined ? { data } : { data, meta },
});

/**
 * The path of the inspector page. Its GET is answered by the inspector's own stage (it is not
 * JSON); it is listed here so that other methods get a 405 naming `GET`.
 */
export const INSPECTOR_PATH = '/__rex';

/** The admin routes by path, then method. */
const ROUTES: Readonly<Record<string, Readonly<Record<string, AdminRoute>>>> = {
  [INSPECTOR_PATH]: {},
  '/__rex/reset': {
    POST: (target) => {
      target.reset();
      return ok({ reset: true });
    },
  },
  '/__rex/seed': {
    POST: async (target, ctx) => ok(target.seed((await readJson(ctx)) as SeedInput)),
  },
  '/__rex/snapshot': { GET: (target) => ok(target.snapshot()) },
  '/__rex/restore': {
    POST: async (target, ctx) => {
      target.restore((await readJson(ctx)) as RexSnapshot);
      return ok({ restored: true });
    },
  },
  '/__rex/requests': {
    GET: (target, _ctx, query) => {
      const filter = journalFilter(query);
      const { entries, restarted } = target.requests(filter);
      const cursor = entries[entries.length - 1]?.requestId ?? (restarted ? null : (filter.after ?? null));
      return ok(entries, { cursor, restarted });
    },
  },
  '/__rex/faults': {
    GET: (target) => ok(target.faults()),
    POST: async (target, ctx) => ({
      status: 201,
      body: { data: { id: target.addFault((await readJson(ctx)) as FaultRule) } },
    }),
    DELETE: (target) => ok({ cleared: target.clearFaults() }),
  },
  '/__rex/enrich': {
    POST: async (target, ctx) => ok(target.enrich((await readJson(ctx)) as EnrichInput)),
  },
  '/__rex/webhooks/drain': {
    POST: async (target, ctx) => {
      const input = await readJson(ctx);
      const timeout =
        typeof input === 'object' && input !== null ? (input as { timeout?: unknown }).timeout : input;
      if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0)) {
        throw apiError('validation_error', 'The body must be {} or { "timeout": <milliseconds> }', {
          param: 'timeout',
        });
      }
      return ok(await target.drainWebhooks(timeout));
    },
  },
  '/__rex/orgs': { GET: (target) => ok(target.orgs()) },
  '/__rex/records': {
    GET: (target, _ctx, query) => {
      const resource = query.text('resource');
      if (resource === undefined) {
        throw apiError('validation_error', '`resource` is required (a plural name such as `contacts`)', {
          param: 'resource',
        });
      }
      const page = target.records({
        org: query.text('org') ?? 'default',
        resource,
        search: query.text('search'),
        cursor: query.text('cursor'),
        limit: query.int('limit', 1, MAX_PAGE) ?? 25,
      });
      return ok(page.records, { cursor: page.cursor, has_more: page.hasMore, total: page.total });
    },
  },
  '/__rex/events': {
    GET: (target, _ctx, query) => {
      const page = target.events({
        org: query.text('org') ?? 'default',
        after: query.text('after'),
        limit: query.int('limit', 1, MAX_PAGE) ?? 50,
      });
      return ok(page.events, { cursor: page.cursor, restarted: page.restarted, total: page.total });
    },
  },
  '/__rex/deliveries': {
    GET: (target, _ctx, query) => {
      if (!target.deliveries) throw apiError('not_found', 'This mock delivers no webhooks yet');
      return ok(
        target.deliveries({
          org: query.text('org') ?? 'default',
          limit: query.int('limit', 1, MAX_PAGE) ?? 50,
        }),
      );
    },
  },
};

const FAULT = /^\/__rex\/faults\/([^/]+)$/;

function methodNotAllowed(ctx: Context, methods: readonly string[]): HttpError {
  const allow = (methods.includes('GET') ? [...methods, 'HEAD'] : [...methods]).sort();
  return new HttpError(
    405,
    {
      code: 'method_not_allowed',
      message: `Method not allowed: ${ctx.req.method} ${ctx.path} (allowed: ${allow.join(', ')})`,
    },
    { allow: allow.join(', ') },
  );
}

/**
 * Answers `/__rex/*`: the instance methods over HTTP, so tests in other processes or languages
 * can drive the mock, and the read-only views of the inspector page. Throws for a 4xx: an
 * unknown path is a 404, another method on a known path a 405 with `Allow`.
 */
export async function handleAdmin(target: AdminTarget, ctx: Context): Promise<AdminAnswer> {
  const query = new AdminQuery(ctx.req.search);
  const methods = ROUTES[ctx.path];
  if (methods && Object.hasOwn(ROUTES, ctx.path)) {
    const route = Object.hasOwn(methods, ctx.method) ? methods[ctx.method] : undefined;
    if (route) return route(target, ctx, query);
    throw methodNotAllowed(ctx, ctx.path === INSPECTOR_PATH ? ['GET'] : Object.keys(methods));
  }
  const fault = FAULT.exec(ctx.path);
  if (fault) {
    if (ctx.method !== 'DELETE') throw methodNotAllowed(ctx, ['DELETE']);
    let id = fault[1] as string;
    try {
      id = decodeURIComponent(id);
    } catch {
      // A malformed escape names no rule: the 404 below says so.
    }
    if (!target.removeFault(id)) throw apiError('not_found', `Fault rule not found: ${id}`);
    return ok({ id, deleted: true });
  }
  throw apiError('not_found', `Route not found: ${ctx.req.method} ${ctx.path}`);
}
