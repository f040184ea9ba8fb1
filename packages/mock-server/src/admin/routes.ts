import type { EnrichInput, RexMock, RexSnapshot, SeedInput } from '../options.js';
import { readJsonBody } from '../stages/body.js';
import type { Context } from '../stages/compose.js';
import { apiError, HttpError } from '../stages/errors.js';
import type { FaultRule } from '../stages/fault-rules.js';
import type { JournalFilter } from './journal.js';

/** The instance operations the admin routes expose: the mock's own methods. */
export type AdminTarget = Pick<
  RexMock,
  'reset' | 'seed' | 'snapshot' | 'restore' | 'requests' | 'faults' | 'addFault' | 'removeFault' | 'enrich'
> & {
  /** Removes every fault rule, returning how many there were. */
  clearFaults(): number;
  /** Waits until no webhook delivery is pending, or `timeout` ms have passed. */
  drainWebhooks(timeout?: number): Promise<{ drained: boolean; pending: number }>;
};

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
 * configured base URL's host) so a DNS-rebinding page cannot reach it, and a POST must say
 * `content-type: application/json`, which a cross-origin page cannot send without a preflight
 * the admin routes never grant. In-process requests (MSW) carry no `Host`.
 */
export function checkAdminRequest(ctx: Context, ownHost: string): void {
  const host = ctx.req.header('host');
  if (host !== null) {
    const name = hostName(host.trim()).toLowerCase();
    if (!LOOPBACK.test(name) && name !== ownHost) {
      throw apiError('forbidden', `Admin routes answer only requests to this server's own host, not ${name}`);
    }
  }
  if (ctx.method === 'POST') {
    const type = ctx.req.header('content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      throw new HttpError(415, {
        code: 'unsupported_media_type',
        message: 'Admin POSTs need `content-type: application/json`',
      });
    }
  }
}

async function readJson(ctx: Context): Promise<unknown> {
  const declared = ctx.req.header('content-length');
  if (declared === '0') return {};
  const body = await readJsonBody(ctx, MAX_ADMIN_BODY_BYTES, '64 MiB').catch((error: unknown) => {
    if (ctx.text?.trim() === '') return {};
    throw error;
  });
  return body;
}

function journalFilter(search: string): JournalFilter {
  const query = new URLSearchParams(search);
  const filter: JournalFilter = {};
  const method = query.get('method');
  const path = query.get('path');
  const status = query.get('status');
  const limit = query.get('limit');
  if (method) filter.method = method;
  if (path) filter.path = path;
  if (status !== null) {
    if (!/^\d{1,3}$/.test(status))
      throw apiError('validation_error', '`status` must be a status code', { param: 'status' });
    filter.status = Number(status);
  }
  if (limit !== null) {
    if (!/^\d{1,6}$/.test(limit) || Number(limit) < 1) {
      throw apiError('validation_error', '`limit` must be a positive integer', { param: 'limit' });
    }
    filter.limit = Number(limit);
  }
  return filter;
}

/**
 * Answers `/__rex/*`: the instance methods over HTTP, so tests in other processes or languages
 * can drive the mock. Sets `ctx.res`; throws for a 4xx.
 */
export async function handleAdmin(
  target: AdminTarget,
  ctx: Context,
): Promise<{ status: number; body: unknown }> {
  const route = `${ctx.method} ${ctx.path}`;
  switch (route) {
    case 'POST /__rex/reset':
      target.reset();
      return { status: 200, body: { data: { reset: true } } };
    case 'POST /__rex/seed':
      return { status: 200, body: { data: target.seed((await readJson(ctx)) as SeedInput) } };
    case 'POST /__rex/enrich':
      return { status: 200, body: { data: target.enrich((await readJson(ctx)) as EnrichInput) } };
    case 'GET /__rex/snapshot':
      return { status: 200, body: { data: target.snapshot() } };
    case 'POST /__rex/restore':
      target.restore((await readJson(ctx)) as RexSnapshot);
      return { status: 200, body: { data: { restored: true } } };
    case 'GET /__rex/requests':
      return { status: 200, body: { data: target.requests(journalFilter(ctx.req.search)) } };
    case 'GET /__rex/faults':
      return { status: 200, body: { data: target.faults() } };
    case 'POST /__rex/faults':
      return { status: 201, body: { data: { id: target.addFault((await readJson(ctx)) as FaultRule) } } };
    case 'DELETE /__rex/faults':
      return { status: 200, body: { data: { cleared: target.clearFaults() } } };
    case 'POST /__rex/webhooks/drain': {
      const input = await readJson(ctx);
      const timeout =
        typeof input === 'object' && input !== null ? (input as { timeout?: unknown }).timeout : input;
      if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0)) {
        throw apiError('validation_error', 'The body must be {} or { "timeout": <milliseconds> }', {
          param: 'timeout',
        });
      }
      return { status: 200, body: { data: await target.drainWebhooks(timeout) } };
    }
  }
  const fault = /^DELETE \/__rex\/faults\/([^/]+)$/.exec(route);
  if (fault) {
    if (!target.removeFault(decodeURIComponent(fault[1] as string))) {
      throw apiError('not_found', `Fault rule not found: ${fault[1]}`);
    }
    return { status: 200, body: { data: { id: fault[1], deleted: true } } };
  }
  throw apiError('not_found', `Route not found: ${route}`);
}
