import {
  type ApiError,
  decodeQuery,
  type Endpoint,
  ERROR_STATUS,
  type ErrorCode,
  isTypeId,
  NormalizationError,
  validate,
} from '@rex/types';
import { createOpenApiDocument } from '@rex/types/openapi';
import type { ApiKeyConfig, ApiKeyScope, JournalEntry } from '../options.js';
import { apiError, HttpError } from '../store/errors.js';
import type { Org, Store } from '../store/store.js';
import { type AdminTarget, handleAdmin } from './admin.js';
import type { Faults } from './faults.js';
import { errorBody, MAX_BODY_BYTES, respond } from './http.js';
import { OPERATIONS } from './operations.js';
import type { RateLimiter, RateLimitState } from './rate-limit.js';
import type { Router } from './router.js';

/** Everything the pipeline reads: the store and the per-instance policies. */
export interface PipelineDeps {
  store: Store;
  router: Router;
  faults: Faults;
  limiter: RateLimiter;
  journal: JournalEntry[];
  admin: AdminTarget;
  apiKeys: readonly ApiKeyConfig[] | undefined;
  baseUrl: string;
  now: () => Date;
  requestId: () => string;
}

interface Caller {
  org: string;
  scope: ApiKeyScope;
}

const RESOURCE: Record<string, string> = { cont: 'Contact', comp: 'Company' };

// The error code a fault answers with: the one ERROR_STATUS maps to the status, else ours.
const CODE_BY_STATUS = new Map<number, ErrorCode>(
  Object.entries(ERROR_STATUS).map(([code, status]) => [status, code as ErrorCode]),
);
function faultCode(status: number): ErrorCode {
  const known = CODE_BY_STATUS.get(status);
  if (known) return known;
  if (status === 408) return 'request_timeout';
  return status >= 500 ? 'internal_error' : 'fault_injected';
}

/** The journal keeps (at least) the latest this many requests, so a long-running server stays small. */
export const JOURNAL_LIMIT = 10_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The request pipeline on the Fetch API, in the order Rex applies its checks: route, admin,
 * faults, auth (401), scope (403), rate limit (429), id format (404), body size (413), JSON
 * (400), schema (400), then the store.
 */
export class Pipeline {
  private readonly basePath: string;
  private openapi: object | undefined;

  constructor(private readonly deps: PipelineDeps) {
    this.basePath = new URL(deps.baseUrl).pathname.replace(/\/+$/, '');
  }

  /** Answers one request. An injected network error is `Response.error()`. */
  async handle(request: Request): Promise<Response> {
    const { deps } = this;
    const requestId = deps.requestId();
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    let path = url.pathname;
    const base = this.basePath;
    if (base !== '' && (path === base || path.startsWith(`${base}/`))) path = path.slice(base.length);
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    if (path === '') path = '/';
    const key = request.headers.get('x-api-key');

    if (method === 'OPTIONS') return respond(204, null, requestId, deps.limiter.peek(null));
    if (path === '/__rex' || path.startsWith('/__rex/')) {
      const rate = deps.limiter.peek(null);
      try {
        const { status, body } = await handleAdmin(deps.admin, method, path, request);
        return respond(status, body, requestId, rate);
      } catch (error) {
        return this.failure(error, requestId, rate);
      }
    }

    const ctx: { bucket: string | null; rate: RateLimitState | undefined } = {
      bucket: null,
      rate: undefined,
    };
    let response: Response;
    try {
      response = await this.api(request, url, method, path, key, requestId, ctx);
    } catch (error) {
      response = this.failure(error, requestId, ctx.rate ?? deps.limiter.peek(ctx.bucket));
    }
    if (deps.journal.length >= JOURNAL_LIMIT * 2) deps.journal.splice(0, deps.journal.length - JOURNAL_LIMIT);
    deps.journal.push({
      method,
      path,
      status: response.type === 'error' ? 0 : response.status,
      key,
      time: deps.now().toISOString(),
      requestId,
    });
    return response;
  }

  private failure(error: unknown, requestId: string, rate: RateLimitState): Response {
    if (error instanceof HttpError) return respond(error.status, errorBody(error.error), requestId, rate);
    if (error instanceof NormalizationError) {
      return respond(
        400,
        errorBody({ code: 'validation_error', message: error.message, param: error.field }),
        requestId,
        rate,
      );
    }
    const message = error instanceof Error ? error.message : String(error);
    return respond(
      500,
      errorBody({ code: 'internal_error', message: `The mock server failed: ${message}` }),
      requestId,
      rate,
    );
  }

  private caller(key: string | null): Caller | undefined {
    if (key === null) return undefined;
    const { apiKeys } = this.deps;
    if (apiKeys) {
      const found = apiKeys.find((k) => k.key === key);
      return found ? { org: found.org, scope: found.scope } : undefined;
    }
    return key.startsWith('rex_test_') && key.length > 'rex_test_'.length
      ? { org: key, scope: 'read-write' }
      : undefined;
  }

  private async api(
    request: Request,
    url: URL,
    method: string,
    path: string,
    key: string | null,
    requestId: string,
    ctx: { bucket: string | null; rate: RateLimitState | undefined },
  ): Promise<Response> {
    const { deps } = this;
    const caller = this.caller(key);
    // Errors before the rate limit still report the caller's bucket, untouched.
    if (caller) ctx.bucket = key;
    if (method === 'GET' && path === '/openapi.json') {
      this.openapi ??= createOpenApiDocument({ serverUrl: deps.baseUrl });
      return respond(200, this.openapi, requestId, deps.limiter.peek(null));
    }

    const match = deps.router.match(method, path);
    if (!match) throw apiError('not_found', `Route not found: ${method} ${path}`);
    const { endpoint } = match;

    const fault = deps.faults.take(method, path);
    if (fault) {
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.networkError) return Response.error();
      if (fault.status !== undefined) {
        const error: ApiError = { code: faultCode(fault.status), message: `Injected fault: ${fault.status}` };
        const extra =
          fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : undefined;
        return respond(fault.status, errorBody(error), requestId, deps.limiter.peek(ctx.bucket), extra);
      }
    }

    // Auth: a key that is sent is always checked, even on POST /capture.
    if (key !== null && !caller) throw apiError('unauthorized', 'Unknown API key');
    if (!caller && endpoint.access !== 'none') {
      throw apiError('unauthorized', 'Missing API key: send it in the X-Api-Key header');
    }
    if (caller) {
      const allowed =
        caller.scope === 'read-write' ||
        endpoint.access === 'none' ||
        (caller.scope === 'read' && endpoint.access === 'read');
      if (!allowed) {
        throw apiError(
          'forbidden',
          `This key's scope (${caller.scope}) does not allow ${endpoint.method} ${endpoint.path}`,
        );
      }
    }

    ctx.bucket = key ?? 'anonymous';
    const decision = deps.limiter.take(ctx.bucket);
    ctx.rate = decision.state;
    if (!decision.allowed) {
      const response = respond(
        429,
        errorBody({
          code: 'rate_limit_exceeded',
          message: `Rate limit of ${decision.state.limit} requests per minute exceeded; retry in ${decision.retryAfter}s`,
        }),
        requestId,
        decision.state,
        { 'retry-after': String(decision.retryAfter) },
      );
      return response;
    }

    if (endpoint.ids?.id && !isTypeId(match.id, endpoint.ids.id as 'cont')) {
      throw apiError('not_found', `${RESOURCE[endpoint.ids?.id ?? '']} not found: ${method} ${path}`);
    }

    const query = endpoint.query ? this.parseQuery(url, endpoint) : {};
    const body = endpoint.body ? await this.parseBody(request, endpoint) : undefined;
    const org: Org = deps.store.org(caller ? caller.org : 'default');
    const operation = OPERATIONS[endpoint.operationId];
    if (!operation) throw new Error(`No handler for ${endpoint.operationId}`);
    let result: { status: number; body: unknown };
    try {
      result = operation({ store: deps.store, org, id: match.id, query, body });
    } catch (error) {
      if (error instanceof HttpError && error.status === 404 && endpoint.ids?.id && match.id !== undefined) {
        throw apiError('not_found', `${RESOURCE[endpoint.ids?.id ?? '']} not found: ${method} ${path}`);
      }
      throw error;
    }
    return respond(result.status, result.body, requestId, decision.state);
  }

  private parseQuery(url: URL, endpoint: Endpoint): Record<string, unknown> {
    const schema = endpoint.query as Parameters<typeof decodeQuery>[1];
    const result = validate(schema, decodeQuery(url.searchParams, schema));
    if (!result.success) throw new HttpError(400, result.error);
    return result.data as Record<string, unknown>;
  }

  private async parseBody(request: Request, endpoint: Endpoint): Promise<unknown> {
    const tooLarge = () =>
      apiError('payload_too_large', `The request body is larger than ${MAX_BODY_BYTES} bytes (1 MiB)`);
    const declared = Number(request.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw tooLarge();
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > MAX_BODY_BYTES) throw tooLarge();
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw apiError(
        'validation_error',
        bytes.byteLength === 0
          ? 'The request body is empty; send a JSON object'
          : 'The request body is not valid JSON',
      );
    }
    const result = validate(endpoint.body as NonNullable<Endpoint['body']>, parsed);
    if (!result.success) throw new HttpError(400, result.error);
    return result.data;
  }
}
