import type { ApiError, QueryValue, Route } from '@rex/types';
import { encodeQuery, routePath, validate } from '@rex/types';
import ky, { type Hooks, isHTTPError, isTimeoutError, type Options as KyOptions } from 'ky';
import { AuthenticationError, errorClassFor, RexError, RexTimeoutError, ValidationError } from '../errors.js';
import type { RequestOptions, RexPromise, WithResponse } from '../types.js';
import type { Log } from './log.js';
import { textOf, transport } from './transport.js';

/** What a client hands its resources: resolved options, shared by every call. */
export interface Config {
  baseUrl: string;
  /**
   * Headers of every call, names lowercased: `accept`, the client's `headers` and `x-api-key`
   * when a key is set.
   */
  headers: Record<string, string>;
  timeout: number;
  maxRetries: number;
  maxResponseBytes: number;
  fetch: typeof fetch | undefined;
  hooks: Hooks | undefined;
  log: Log | undefined;
}

/** A request schema from `@rex/types`, as `validate` takes it. */
export type Schema = Parameters<typeof validate>[0];

/** What turns a parsed success body into what the call resolves to; `where` names the endpoint. */
export type Mapper<T> = (body: unknown, response: Response, where: string) => T;

/** One API call, as a resource describes it. */
export interface Call<T> {
  /** The endpoint's facts from `ROUTES`: method, path, whether it needs a key, whether it is safe to repeat. */
  route: Route;
  /** Values of the route's `{name}` path parameters. */
  pathParams?: Readonly<Record<string, string>> | undefined;
  /** The query string, as an object (`encodeQuery` writes it). */
  query?: object | undefined;
  /** The JSON body. */
  body?: unknown;
  /** Checks `query` or `body` before anything is sent. */
  schema?: Schema | undefined;
  /** Builds the result from the body; by default the `data` of Rex's envelope. */
  map?: Mapper<T> | undefined;
  options?: RequestOptions | undefined;
}

// Timers cannot wait longer than 2^31 - 1 ms (ky refuses more); longer means "none".
const MAX_TIMEOUT = 2_147_483_647;

/** Whether `value` is a JSON object (not `null`, not an array). */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A `RexError` for a success body that is not what the endpoint answers. */
export const unexpected = (where: string, what: string): RexError =>
  new RexError(`Rex answered with ${what}: ${where}`);

/** The `map` of single-entity calls: the `data` of `{ data }`. */
export const unwrap = <T>(body: unknown, _response: Response, where: string): T => {
  if (!isObject(body) || !('data' in body)) throw unexpected(where, 'a body without `data`');
  return body.data as T;
};

function toApiError(response: Response, text: string, where: string): RexError {
  const { status, headers } = response;
  let error: Partial<Record<keyof ApiError, unknown>> | undefined;
  try {
    error = JSON.parse(text).error;
  } catch {
    // Not JSON: a proxy's HTML page, say. The status still picks the class.
  }
  const { code, message, param, details } = error ?? {};
  const body: ApiError = {
    code: typeof code === 'string' ? code : status >= 500 ? 'internal_error' : 'unknown_error',
    message: typeof message === 'string' ? message : `Rex answered ${status}`,
    ...(typeof param === 'string' && { param }),
    ...(isObject(details) && { details }),
  };
  return new (errorClassFor(status))(`${body.message}: ${where}`, body, status, headers);
}

// Whether a schema accepts a call made without params (`rex.contacts.get(id)`), worked out
// once per schema: most calls pass none, and this spares them a validation that cannot fail.
const empty = new WeakMap<Schema, boolean>();
const acceptsNothing = (schema: Schema): boolean => {
  let accepts = empty.get(schema);
  if (accepts === undefined) {
    accepts = validate(schema, {}).success;
    empty.set(schema, accepts);
  }
  return accepts;
};

const concat = <K extends keyof Hooks>(kind: K, a: Hooks, b: Hooks): NonNullable<Hooks[K]> =>
  [...(a[kind] ?? []), ...(b[kind] ?? [])] as NonNullable<Hooks[K]>;

/** The client's hooks, then the call's. */
function mergeHooks(client: Hooks | undefined, call: Hooks | undefined): Hooks | undefined {
  if (!call) return client;
  if (!client) return call;
  return {
    beforeRequest: concat('beforeRequest', client, call),
    beforeRetry: concat('beforeRetry', client, call),
    afterResponse: concat('afterResponse', client, call),
    beforeError: concat('beforeError', client, call),
  };
}

/**
 * Sends one API call as ONE ky request: validation and auth first, then ky with this
 * endpoint's retry rules, the per-attempt timeout and the hooks; the body is parsed and mapped
 * with `map`.
 */
async function send<T>(config: Config, spec: Call<T>): Promise<WithResponse<T>> {
  const { route, options = {} } = spec;
  const { method } = route;
  const path = spec.pathParams ? routePath(route, spec.pathParams) : route.path;
  const where = `${method} ${path}`;
  if (method === 'GET' && spec.body !== undefined) {
    throw new RexError(`A GET request has no body; pass \`query\` instead: ${where}`);
  }
  const input = spec.query ?? spec.body;
  const { schema } = spec;
  if (schema && (input !== undefined || !acceptsNothing(schema))) {
    const result = validate(schema, input ?? {});
    if (!result.success) throw new ValidationError(`${result.error.message}: ${where}`, result.error);
  }

  let headers = config.headers;
  if (options.headers) {
    headers = { ...headers };
    for (const [name, value] of Object.entries(options.headers)) headers[name.toLowerCase()] = value;
  }
  // `POST /capture` is public: it never carries a key, even one set in headers.
  if (route.access === 'none') {
    if ('x-api-key' in headers) {
      headers = { ...headers };
      delete headers['x-api-key'];
    }
  } else if (!headers['x-api-key']) {
    const message = 'No API key: pass `apiKey` to new Rex() or set REX_API_KEY';
    throw new AuthenticationError(`${message}: ${where}`, { code: 'unauthorized', message });
  }

  const query = spec.query ? encodeQuery(spec.query as Record<string, QueryValue>) : '';
  const url = config.baseUrl + path + (query && (path.includes('?') ? '&' : '?') + query);
  const timeout = Math.min(options.timeout ?? config.timeout, MAX_TIMEOUT);
  const { signal } = options;
  const hooks = mergeHooks(config.hooks, options.hooks);
  const { fetch, retry, attempts } = transport({
    method,
    url,
    limit: options.maxRetries ?? config.maxRetries,
    idempotent: route.idempotent,
    fetch: config.fetch,
    maxResponseBytes: config.maxResponseBytes,
    hooksReadResponses: (hooks?.afterResponse?.length ?? 0) > 0,
    signal,
    log: config.log,
  });
  signal?.throwIfAborted();

  let response: Response;
  try {
    const init: KyOptions = { headers, timeout, retry, fetch };
    if (method !== 'GET') init.method = method;
    if (spec.body !== undefined) init.json = spec.body;
    if (signal) init.signal = signal;
    if (hooks) init.hooks = hooks;
    response = await ky(url, init);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    let failure = error;
    if (isHTTPError(error)) failure = toApiError(error.response, await textOf(error.response), where);
    else if (isTimeoutError(error)) {
      failure = new RexTimeoutError(`Timed out after ${timeout} ms: ${method} ${url}`, { cause: error });
    }
    if (attempts() > 1 && failure instanceof Error) {
      config.log?.warn?.(`${method} ${url}: failed after ${attempts()} attempts: ${failure.message}`);
    }
    throw failure;
  }

  const text = await textOf(response);
  let body: unknown;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch (cause) {
      throw new RexError(`Rex answered ${response.status} with a body that is not JSON: ${where}`, { cause });
    }
  }
  const map = spec.map ?? (unwrap as Mapper<T>);
  return {
    data: map(body, response, where),
    response,
    requestId: response.headers.get('x-request-id') ?? undefined,
  };
}

const noop = (): void => {};

/**
 * Starts a call and returns its {@link RexPromise}.
 * @internal
 */
export function call<T>(config: Config, spec: Call<T>): RexPromise<T> {
  const raw = send(config, spec);
  const promise = raw.then((result) => result.data) as RexPromise<T>;
  // Callers that only use `.withResponse()` never await `promise`; keep its rejection from
  // being reported as unhandled. Awaiting it still throws.
  promise.catch(noop);
  promise.withResponse = () => raw;
  return promise;
}

/** The function resources call: {@link call} bound to one client's config. */
export type Caller = <T>(spec: Call<T>) => RexPromise<T>;
